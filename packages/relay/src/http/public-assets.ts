import { fileURLToPath } from 'node:url';

/**
 * The built widget, inbox and front-page assets the relay package carries (`dist/public/`, written by
 * `scripts/bundle.mjs` with their brotli and gzip forms). Two folders up from this module in `src/http/` and in
 * `dist/http/` alike, so tests that run the sources serve the same build as the bin.
 */
export const PUBLIC_DIR = fileURLToPath(new URL('../../dist/public/', import.meta.url));

/**
 * The OpenAPI document's brotli and gzip forms as the build compressed them (`dist/openapi/<hash>.br|.gz`, beside
 * `dist/public/`): used when their hash is the served document's, so a start compresses nothing.
 */
export const OPENAPI_PRECOMPRESSED_DIR = fileURLToPath(new URL('../../dist/openapi/', import.meta.url));
