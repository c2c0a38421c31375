/**
 * What other features may import of the mentions feature's modules (docs/architecture.md, "Boundaries"):
 * the jobs a mention leaves to the email feature.
 */
export type { MentionEmailJob } from './mention-kinds.js';
export { MENTION_KINDS } from './mention-kinds.js';
