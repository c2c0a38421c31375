import { defineFeature } from '../features/feature.js';
import { Reopen } from './reopen.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    reopen: Reopen;
  }
}

/** A customer who writes again reopens a resolved or pending conversation (docs/automations.md). */
export const reopenFeature = defineFeature({
  name: 'reopen',
  create: ({ admin, options }) => {
    const reopen = new Reopen({ admin, ...(options.clock ? { now: options.clock } : {}) });
    return { instance: reopen, hooks: reopen, handlers: [reopen.handler()] };
  },
});
