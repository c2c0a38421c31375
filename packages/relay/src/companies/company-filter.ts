import type { SqlCondition } from '../admin/public.js';
import { ApiError } from '../http/admin-http.js';
import type { CompaniesRepository } from './companies-repository.js';

/**
 * The conversation list's `company` parameter as a condition on `c`: conversations of the company's contacts, or
 * (`none`) of contacts in no company. `bad_request` naming the parameter for a company the site does not have.
 */
export async function companyCondition(
  repository: CompaniesRepository,
  siteId: string,
  value: string,
): Promise<SqlCondition> {
  if (value === 'none')
    return { sql: 'c.visitor_id NOT IN (SELECT contact_id FROM company_members WHERE site_id = ?)', params: [siteId] };
  if (!(await repository.get(siteId, value)))
    throw new ApiError('bad_request', 'Invalid query.company: no such company on this site.');
  return {
    sql: 'c.visitor_id IN (SELECT contact_id FROM company_members WHERE site_id = ? AND company_id = ?)',
    params: [siteId, value],
  };
}
