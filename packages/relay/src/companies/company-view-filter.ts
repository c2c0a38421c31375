import { ApiError } from '../http/admin-http.js';
import type { ViewCriterion } from '../views/public.js';

/**
 * A saved view's company (`filter.company`, docs/companies.md), contributed to the views' point `views.filters`: the
 * condition of the conversation list's `company` parameter, which this feature declares, for the view's value.
 */
export const companyViewFilter: ViewCriterion = {
  key: 'company',
  conditions: async ({ siteId, filters, params, where }, filter) => {
    if (filter.company === undefined) return [];
    try {
      const condition = await filters.condition(siteId, 'company', { ...params, company: filter.company });
      return condition ? [condition] : [];
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      throw new ApiError(
        'bad_request',
        `Invalid ${where}.company: ${error.message.replace(/^Invalid query\.company: /, '')}`,
      );
    }
  },
};
