import { ApiError } from '../http/admin-http.js';
import type { SqlCondition } from '../store/sql/sql-condition.js';
import { extensionPoint } from '../features/extension-point.js';
import type { QueryParams } from '../features/admin-routes/route-query.js';
import type {
  ConversationListFilter,
  ConversationListSearch,
  ListParams,
} from '../features/conversation-list-filters.js';

/**
 * `desk.conversationParams`: query parameters of the conversation list (`GET /v1/admin/conversations`) that another
 * feature's filters read (custom attributes' `attribute`, `attributeValues`), by name, each with the document's words
 * and its parse (`route-query.ts`). Declared statically, from the feature's definition: the list route takes them
 * (an undeclared parameter is refused) and the API document lists them, made from the feature list. The feature's
 * running part reads them through its `conversationFilters`.
 */
export const conversationListParams = extensionPoint<QueryParams>('desk.conversationParams');

// The list's SQL conditions and the staff scope's one live in the kits (store, core); the desk's users read them here.
export type { SqlCondition } from '../store/sql/sql-condition.js';
export { scopeCondition } from '../core/staff-scope.js';

/** The features' {@link ConversationListFilter}s and {@link ConversationListSearch}es, as the list route asks them. */
export class ConversationFilters {
  readonly #filters = new Map<string, ConversationListFilter>();
  readonly #searches: ConversationListSearch[] = [];

  add(filter: ConversationListFilter): void {
    if (this.#filters.has(filter.param)) throw new Error(`two conversation filters read query.${filter.param}`);
    this.#filters.set(filter.param, filter);
  }

  /**
   * The condition of `params`' value of `param`'s filter (a saved view's criterion, as the list's parameters write
   * it), `undefined` when it narrows nothing by itself. Throws `ApiError('bad_request', …)` when no feature of this
   * relay reads `param`, or for a value its filter cannot use.
   */
  async condition(siteId: string, param: string, params: ListParams): Promise<SqlCondition | undefined> {
    const filter = this.#filters.get(param);
    const value = params[param];
    if (!filter || value === undefined)
      throw new ApiError('bad_request', `Invalid query.${param}: not a filter of this relay.`);
    return filter.condition(siteId, value, params);
  }

  addSearch(search: ConversationListSearch): void {
    this.#searches.push(search);
  }

  /** What the features' searches find for `terms` (`params`: the request's): conditions to OR with the message search. */
  async searchConditions(siteId: string, terms: readonly string[], params: ListParams): Promise<SqlCondition[]> {
    if (terms.length === 0) return [];
    const found = await Promise.all(this.#searches.map((search) => search.condition(siteId, terms, params)));
    return found.filter((condition) => condition !== undefined);
  }

  /** The conditions of the filters whose parameter `query` carries, in the order they were added. */
  async conditions(siteId: string, query: ListParams): Promise<SqlCondition[]> {
    const conditions: SqlCondition[] = [];
    for (const [param, filter] of this.#filters) {
      const value = query[param];
      const condition = value === undefined ? undefined : await filter.condition(siteId, value, query);
      if (condition) conditions.push(condition);
    }
    return conditions;
  }
}
