import type { SqlCondition } from '../store/sql/sql-condition.js';

// What a feature's `conversationFilters` and `conversationSearch` parts (feature.ts) are: the frame names their shape,
// the desk (admin/conversation-filters.ts) asks them for the conversation list. The shape is here, beside the frame,
// so that the frame imports nothing of the desk.

/** The list request's query parameters, as a filter or a search may read them (a companion of its own). */
export type ListParams = Readonly<Record<string, string>>;

/**
 * A filter a feature adds to the conversation list (`GET /v1/admin/conversations`): the query parameter it reads
 * (declared too, with its words, as a contribution to the desk's point `desk.conversationParams`) and the condition
 * it makes of its value. Declared in a feature's parts (`conversationFilters`); the list route asks every declared
 * filter whose parameter the request carries, and the conditions narrow the page and its counts (like `label`). A parameter that only qualifies another filter or the feature's search (`attributeValues`) is
 * declared too, so that a bad value is refused: its condition is `undefined`.
 */
export interface ConversationListFilter {
  /** The query parameter (`attribute`); not one of the list's own. */
  readonly param: string;
  /**
   * The condition for the parameter's value on a site (`params`: the request's parameters, for a companion the
   * feature declares), or `undefined` when the parameter narrows nothing by itself. Throws
   * `ApiError('bad_request', 'Invalid query.<param>: …')` for a value it cannot use. At most a few small reads: it is
   * on the inbox's list.
   */
  condition(siteId: string, value: string, params: ListParams): Promise<SqlCondition | undefined>;
}

/**
 * What a feature adds to the conversation list's search (`q`): besides conversations whose messages hold every
 * word, those its condition finds (custom attributes: a value holding every word). Declared in a feature's parts
 * (`conversationSearch`); the list ORs the conditions with the message search.
 */
export interface ConversationListSearch {
  /**
   * The condition on `c` for the search's words (lower-cased, at most eight; see `searchTerms`), or undefined when
   * the feature finds nothing by words on this site (`params`: the request's parameters, for a companion the feature
   * declares as a filter). It runs inside the list's read, off the event loop.
   */
  condition(siteId: string, terms: readonly string[], params: ListParams): Promise<SqlCondition | undefined>;
}
