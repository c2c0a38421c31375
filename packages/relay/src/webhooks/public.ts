/**
 * The webhooks feature's facade (docs/architecture.md, "Boundaries"): the address guard, which other features that
 * make requests to addresses an admin chose use too (the AI provider's base URL).
 */
export { REFUSED_ADDRESS, refusedAddress, refusedError, safeLookup } from './webhook-address.js';
