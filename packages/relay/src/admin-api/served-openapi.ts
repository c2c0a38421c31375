import type { AnyFeature } from '../features/feature.js';
import { openApiDocument } from './admin-openapi.js';
import type { Json } from '../http/openapi/openapi-parts.js';

const made = new WeakMap<readonly AnyFeature[], Json>();

/**
 * The OpenAPI document the relay serves at `/v1/openapi.json`: the one `admin-openapi.ts` makes of `features`, the
 * whole feature list (the server's; the document describes every feature's routes, whichever a relay leaves out),
 * made once per list. Making it takes 95–140 ms of a start's CPU (`toJSONSchema` over every schema), so builds carry
 * it made: `npm run build` (scripts/bundle.mjs) replaces tsc's `dist/admin-api/served-openapi.js` with the document it made
 * from the same build's `dist/admin-api/admin-openapi.js` and feature list, as JSON, and this function answering it; the
 * bundle carries the same (bundle-server.mjs). The sources, as the tests run them, make it at start.
 *
 * `tsc -b` alone after a change leaves the replaced file as it was (its source did not change), so a relay started
 * from `dist/` would serve the document of the last `npm run build`; `npm start` and `npm test` rebuild first when
 * a source is newer than that build (scripts/ensure-build.mjs).
 */
export function servedOpenApi(features: readonly AnyFeature[]): Json {
  let document = made.get(features);
  if (!document) made.set(features, (document = openApiDocument(features)));
  return document;
}
