import { RULE_CONDITIONS, type CompanySource } from '@parley/protocol/admin';
import { ApiError } from '../http/admin-http.js';
import type { RuleConditionKindOf } from '../rules/public.js';

/** What the read gives for a conversation whose contact is in a company. */
type Membership = { readonly companyId: string; readonly source: CompanySource };

/**
 * The companies' condition of rules (`{ field: 'company', op, value }`, docs/companies.md), contributed to the rules'
 * point `rules.conditions` with a read of its own: the company of each conversation's contact, which the rules read
 * once per batch, only for rules that ask. `is`, `is_not` a company of the site (a contact in none is in no company),
 * or `is_set`, `not_set`; with `verified`, an unsigned claim is no company; a company the site does not have is refused when a rule is written.
 */
export const companyRuleCondition: RuleConditionKindOf<'company'> = {
  field: 'company',
  schema: RULE_CONDITIONS.company,
  reads: 'conversation',
  read: async (use, siteId, conversationIds) =>
    (await use('companies')?.repository.companiesOfConversations(siteId, conversationIds)) ?? new Map(),
  compile: ({ op, value, verified }) => {
    const is = op === 'is' || op === 'is_set';
    return (facts) => {
      if (!facts.own?.has('company')) return undefined;
      const found = facts.own.get('company') as Membership | null | undefined;
      // A visitor may claim any company without the site's signature: where the rule asks, a claim is none.
      const actual = found && !(verified && found.source === 'visitor') ? found.companyId : null;
      if (op === 'is_set' || op === 'not_set') return (actual !== null) === is;
      return (actual === value) === is;
    };
  },
  check: async (call, { op, value }, path) => {
    const bare = op === 'is_set' || op === 'not_set';
    if (bare && value !== undefined) throw new ApiError('bad_request', `Invalid ${path}.value: ${op} takes none.`);
    if (bare) return;
    if (!value) throw new ApiError('bad_request', `Invalid ${path}.value: ${op} needs a company.`);
    if (!(await call.use('companies')?.repository.get(call.site.id, value)))
      throw new ApiError('bad_request', `Invalid ${path}.value: no such company on this site.`);
  },
};
