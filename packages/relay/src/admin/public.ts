/**
 * What other features may import of the desk's modules (docs/architecture.md, "Boundaries"): the conversation list's
 * filters and the shape of a condition a feature adds to its query.
 */
export type { ConversationFilters, ListParams, SqlCondition } from './conversation-filters.js';
export { conversationListParams } from './conversation-filters.js';
