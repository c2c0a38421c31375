import { ApiError } from '../http/admin-http.js';
import type { SqlValue } from '../store/sql/sql-db.js';

/** A condition on the conversation list's rows (alias `c`, the `conversations` table) and its `?` parameters. */
export interface SqlCondition {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

/**
 * A filter a feature adds to the conversation list (`GET /v1/admin/conversations`): the query parameter it reads
 * and the condition it makes of its value. Declared in a feature's parts (`conversationFilters`); the list route
 * asks every declared filter whose parameter the request carries, and the conditions narrow the page and its counts
 * (like `label`).
 */
export interface ConversationListFilter {
  /** The query parameter (`attribute`); not one of the list's own. */
  readonly param: string;
  /**
   * The condition for the parameter's value on a site. Throws `ApiError('bad_request', 'Invalid query.<param>: …')`
   * for a value it cannot use. At most a few small reads: it is on the inbox's list.
   */
  condition(siteId: string, value: string): Promise<SqlCondition>;
}

/** The features' {@link ConversationListFilter}s, as the list route asks them. */
export class ConversationFilters {
  readonly #filters = new Map<string, ConversationListFilter>();

  add(filter: ConversationListFilter): void {
    if (this.#filters.has(filter.param)) throw new Error(`two conversation filters read query.${filter.param}`);
    this.#filters.set(filter.param, filter);
  }

  /**
   * The condition of one value of `param`'s filter (a saved view's criterion, as the parameter writes it). Throws
   * `ApiError('bad_request', …)` when no feature of this relay reads `param`, or for a value its filter cannot use.
   */
  async condition(siteId: string, param: string, value: string): Promise<SqlCondition> {
    const filter = this.#filters.get(param);
    if (!filter) throw new ApiError('bad_request', `Invalid query.${param}: not a filter of this relay.`);
    return filter.condition(siteId, value);
  }

  /** The conditions of the filters whose parameter `query` carries, in the order they were added. */
  async conditions(siteId: string, query: Readonly<Record<string, string>>): Promise<SqlCondition[]> {
    const conditions: SqlCondition[] = [];
    for (const [param, filter] of this.#filters) {
      const value = query[param];
      if (value !== undefined) conditions.push(await filter.condition(siteId, value));
    }
    return conditions;
  }
}
