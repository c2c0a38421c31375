/**
 * The admin API's contract (`@parley/protocol/admin`): each area's request and response schemas, written once in
 * zod. The relay validates with them and generates its OpenAPI document from them; the inbox takes their types.
 */
export * from './document.js';
export * from './webhooks.js';
export * from './canned-responses.js';
