import { conversationListParams } from '../admin/public.js';
import { exportSections } from '../export/public.js';
import { mergeContactData } from '../merge/public.js';
import { ruleConditions } from '../rules/public.js';
import { viewFilters } from '../views/public.js';
import { defineFeature } from '../features/feature.js';
import { companyCondition } from './company-filter.js';
import { companyExportSection } from './company-export-section.js';
import { companyMergeData } from './company-merge-data.js';
import { companyRuleCondition } from './company-rule-condition.js';
import { companyListParams } from './company-list-params.js';
import { companyViewFilter } from './company-view-filter.js';
import { COMPANIES_MIGRATIONS } from './companies-migrations.js';
import { CompaniesRepository } from './companies-repository.js';
import { companiesRoutes } from './companies-routes.js';
import { Companies } from './companies.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    companies: Companies;
  }
}

/**
 * Companies (docs/companies.md): the organisations a site's contacts belong to, one per contact, with their own
 * attributes; set by `identify()`'s `company` (signed like other identity claims) or by staff; a page of their own in
 * the inbox; the conversation list filters by company.
 */
export const companiesFeature = defineFeature({
  name: 'companies',
  migrations: COMPANIES_MIGRATIONS,
  adminRoutes: companiesRoutes,
  apiTag: {
    name: 'companies',
    description:
      'Companies: the organisations contacts belong to (one per contact), with their domains and attributes, set by `identify()` or by staff. docs/companies.md.',
  },
  // The conversation list takes `company`, saved views may filter on it and rules test it (with a read of their own);
  // a contact's export holds their company; a merge of contacts carries it (the stronger word's) and its undo puts it
  // back.
  contributes: [
    conversationListParams.with(companyListParams),
    viewFilters.with(companyViewFilter),
    exportSections.with(companyExportSection),
    ruleConditions.with(companyRuleCondition),
    mergeContactData.with(companyMergeData),
  ],
  // A contact erased leaves their company (the company stays: it is no one's personal data by itself).
  erasure: { contacts: [{ table: 'company_members' }] },
  create: ({ db, log, options }) => {
    const companies = new Companies({
      repository: new CompaniesRepository(db),
      log,
      ...(options.clock ? { now: options.clock } : {}),
    });
    return {
      instance: companies,
      hooks: {
        visitorSeen: (visitor) => companies.visitorSeen(visitor),
        conversationCreated: (siteId, conversationId) => companies.conversationCreated(siteId, conversationId),
      },
      conversationFilters: [
        { param: 'company', condition: (siteId, value) => companyCondition(companies.repository, siteId, value) },
      ],
      stop: () => companies.settled(),
    };
  },
});
