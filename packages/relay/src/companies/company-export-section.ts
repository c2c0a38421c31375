import type { ExportSection } from '../export/public.js';

/**
 * Companies' section of a contact's export (`features.companies`), contributed to the export's point
 * `export.sections`: the company the contact belongs to (its name, the site's id of it, its domains and attributes)
 * and who put them in it, or `null`.
 */
export const companyExportSection: ExportSection = {
  name: 'companies',
  contact: async ({ use }, siteId, contactId) => {
    const companies = use('companies');
    if (!companies) throw new Error('companies are not running');
    const found = await companies.contactCompany(siteId, contactId);
    if (!found) return { company: null };
    const { company, membership } = found;
    return {
      company: {
        id: company.id,
        externalId: company.externalId,
        name: company.name,
        domains: company.domains,
        attributes: company.attributes,
      },
      source: membership.source,
      since: membership.updatedAt,
    };
  },
};
