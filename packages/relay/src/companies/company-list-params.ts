import * as z from 'zod/mini';
import { text } from '../features/admin-routes/route-query.js';

/**
 * The conversation list's parameter the companies' filter reads (`conversationFilters` in the feature's parts),
 * contributed to the desk's `desk.conversationParams`: the list takes it and the document lists it. Its value is
 * checked by the filter (`Invalid query.company: …`), which knows the site's companies.
 */
export const companyListParams = {
  company: text(
    z.string().check(z.maxLength(64)),
    'Only conversations of contacts of this company (its id, `co_…`), or `none`: of contacts in no company. docs/companies.md.',
    { type: 'string', maxLength: 64 },
  ),
};
