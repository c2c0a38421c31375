/**
 * What other features may import of the snooze feature's modules (docs/architecture.md, "Boundaries"):
 * the furthest a conversation may be snoozed.
 */
export { MAX_SNOOZE_MS } from './snooze-time.js';
