/**
 * The OpenAPI document the relay serves at `/v1/openapi.json`: the one `admin-openapi.ts` makes from the admin API's
 * zod schemas. Making it takes 95–140 ms of a start's CPU (`toJSONSchema` over every schema), so builds carry it
 * made: `npm run build` (scripts/bundle.mjs) replaces tsc's `dist/http/served-openapi.js` with the document it made
 * from the same build's `dist/http/admin-openapi.js`, as JSON, and the bundle carries the same (bundle-server.mjs).
 * The sources, as the tests run them, make it at start.
 *
 * `tsc -b` alone after a change leaves the replaced file as it was (its source did not change), so a relay started
 * from `dist/` would serve the document of the last `npm run build`; `npm start` and `npm test` rebuild first when
 * a source is newer than that build (scripts/ensure-build.mjs).
 */
export { OPENAPI_DOCUMENT } from './admin-openapi.js';
