/**
 * What other features may import of the push feature's modules (docs/architecture.md, "Boundaries"):
 * the jobs a mention leaves to browser push.
 */
export type { PushMentionJob } from './push-kinds.js';
export { PUSH_KINDS } from './push-kinds.js';
