import { defineFeature } from '../features/feature.js';
import { SdkPackages } from './sdk-packages.js';

/**
 * The SDK, protocol and widget packages as tarballs at `/packages/`, for developers to install from the relay they
 * talk to until the packages are on the npm registry (packages/sdk/README.md, "Install").
 */
export const sdkPackagesFeature = defineFeature({
  name: 'sdk-packages',
  create: ({ publicOrigin, log }) => {
    const packages = new SdkPackages(publicOrigin, log);
    return { http: (app) => packages.register(app) };
  },
});
