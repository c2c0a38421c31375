/**
 * What other features may import of the webhooks' modules (docs/architecture.md, "Boundaries"): the headers of a
 * signed request, as the API document describes them, and what a receiver's answer means for its delivery. The API
 * channels send staff replies to their webhook the same way. Everything else in this folder is the webhooks' own.
 */
export { eventHeaders } from './webhook-openapi.js';
export { outcomeOf } from './webhook-handler.js';
