import type { ViewFilter } from '@parley/protocol/admin';
import type { ConversationFilters, ListParams, SqlCondition } from '../admin/public.js';
import { extensionPoint } from '../features/extension-point.js';

/**
 * The saved views' extension point (docs/views-and-bulk.md, docs/architecture.md "Adding a feature"): a criterion
 * of a view's filter that another feature applies. The views apply their own (status, assignee, team, labels,
 * channel) in their query; a criterion of a feature's own data (custom attributes') is that feature's, contributed
 * from its folder. A view naming a criterion no feature of the relay contributed is refused, named.
 */

/** What applying a view's criterion is given. */
export interface ViewCriterionContext {
  readonly siteId: string;
  /** The conversation list's filters (what features declared for its query parameters). */
  readonly filters: ConversationFilters;
  /** The list request's parameters (what holds for the view's criteria too), or none when a view is written or counted. */
  readonly params: ListParams;
  /** Where the criterion is, for an error: `body.filter` (a view written), `view` (one applied to the list). */
  readonly where: string;
}

/** A criterion of saved views' filters that a feature applies. */
export interface ViewCriterion {
  /** Its key in a view's filter (the contract's `ViewFilter`). */
  readonly key: keyof ViewFilter;
  /**
   * The conditions on the conversation list (`c`) that the filter's criterion makes, all of them to hold; a
   * criterion that cannot hold (an attribute since deleted, a value its type cannot take) is a `bad_request` naming
   * `where` and its place.
   */
  conditions(context: ViewCriterionContext, filter: ViewFilter): Promise<SqlCondition[]>;
}

/** `views.filters`: criteria of saved views' filters applied by other features. */
export const viewFilters = extensionPoint<ViewCriterion>('views.filters');
