import type { Migration } from '../store/migration.js';

/** Companies' migrations (docs/companies.md), by name (ADR 0021). Never edit one that has shipped: add another. */
export const COMPANIES_MIGRATIONS: readonly Migration[] = [
  // A site's companies: the site's own id of each (`external_id`, what `identify()` names; unique per site when
  // set), its name (and its lower-case form, which the search reads), its domains and attributes as JSON, and who
  // last set them (`staff`, `signed`, `visitor`: a claim, which never replaces the others' word).
  {
    name: 'companies.companies',
    ddl: ({ TEXT, BIGINT, STRICT }) => `
  CREATE TABLE companies (
    id          ${TEXT} PRIMARY KEY,
    site_id     ${TEXT} NOT NULL,
    external_id ${TEXT},
    name        ${TEXT} NOT NULL,
    name_lower  ${TEXT} NOT NULL,
    domains     ${TEXT} NOT NULL,
    attributes  ${TEXT} NOT NULL,
    source      ${TEXT} NOT NULL CHECK (source IN ('staff', 'signed', 'visitor')),
    created_at  ${BIGINT} NOT NULL,
    updated_at  ${BIGINT} NOT NULL,
    UNIQUE (site_id, external_id)
  ) ${STRICT};
  CREATE INDEX companies_by_update ON companies (site_id, updated_at, id);
  `,
  },
  // One company per contact (Chatwoot's and Intercom's primary company): erased with the contact; a company's
  // deletion takes its rows, never its contacts.
  {
    name: 'companies.members',
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE company_members (
    site_id    ${TEXT} NOT NULL,
    contact_id ${TEXT} NOT NULL,
    company_id ${TEXT} NOT NULL,
    source     ${TEXT} NOT NULL CHECK (source IN ('staff', 'signed', 'visitor')),
    updated_by ${TEXT},
    updated_at ${BIGINT} NOT NULL,
    PRIMARY KEY (site_id, contact_id)
  ) ${WITHOUT_ROWID};
  CREATE INDEX company_members_by_company ON company_members (company_id, contact_id);
  `,
  },
];
