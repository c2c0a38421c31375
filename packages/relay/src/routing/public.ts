/**
 * What other features may import of the routing feature's modules (docs/architecture.md, "Boundaries"):
 * how long a member counts as online after their last sign of life.
 */
export { ONLINE_WINDOW_MS } from './routing-kinds.js';
