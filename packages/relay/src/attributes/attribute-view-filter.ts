import { attributeFilterParams } from '@parley/protocol/admin';
import type { SqlCondition } from '../admin/public.js';
import { ApiError } from '../http/admin-http.js';
import type { ViewCriterion } from '../views/public.js';

/**
 * A saved view's custom attributes (`filter.attributes`, docs/views-and-bulk.md), contributed to the views' point
 * `views.filters`: each criterion made by the filter this feature declares for the conversation list's `attribute`
 * parameter (one per criterion, all of them to hold), as the list's parameters say it (`attributeFilterParams`) on
 * top of the list request's (its `attributeValues` holds for the view's criteria too).
 */
export const attributeViewFilter: ViewCriterion = {
  key: 'attributes',
  conditions: async ({ siteId, filters, params, where }, filter) => {
    const conditions: SqlCondition[] = [];
    for (const [index, attribute] of (filter.attributes ?? []).entries()) {
      try {
        const condition = await filters.condition(siteId, 'attribute', {
          ...params,
          ...attributeFilterParams(attribute),
        });
        if (condition) conditions.push(condition);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        const why = error.message.replace(/^Invalid query\.attribute: /, '');
        throw new ApiError('bad_request', `Invalid ${where}.attributes.${index}: ${why}`);
      }
    }
    return conditions;
  },
};
