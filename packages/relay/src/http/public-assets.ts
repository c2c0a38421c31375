import { fileURLToPath } from 'node:url';

/**
 * The built widget, inbox and front-page assets the relay package carries (`dist/public/`, written by
 * `scripts/bundle.mjs` with their brotli and gzip forms). Two folders up from this module in `src/http/` and in
 * `dist/http/` alike, so tests that run the sources serve the same build as the bin.
 */
export const PUBLIC_DIR = fileURLToPath(new URL('../../dist/public/', import.meta.url));
