/**
 * `@parley/sdk/history`: {@link VisitorHistory}, a visitor's past conversations (issue #86), for interfaces that show
 * them (`<chat-widget>`'s part). An entry of its own, like `@parley/sdk/visitor` (ADR 0005).
 */
export {
  VisitorHistory,
  type Continuation,
  type HistoryClient,
  type PastMessages,
  type PastPage,
} from './history/visitor-history.js';
export type { PastConversation } from '@parley/protocol';
