import type { CompanySource } from '@parley/protocol/admin';

/**
 * The strings of companies (the Companies page, the visitor panel's company card and the Reports page's filter),
 * kept out of the shell: each chunk brings the English ones; a host replaces any with `strings.companyPage`.
 */
export interface CompaniesStrings {
  title: string;
  intro: string;
  search: string;
  searchButton: string;
  searchHelp: string;
  none: string;
  more: string;
  contactCount: (count: number) => string;
  add: string;
  addTitle: string;
  name: string;
  externalId: string;
  externalIdHelp: string;
  domains: string;
  domainsHelp: string;
  attributes: string;
  noAttributes: string;
  attributeKey: string;
  attributeValue: string;
  addAttribute: string;
  removeAttribute: (key: string) => string;
  create: string;
  created: (name: string) => string;
  save: string;
  saved: string;
  cancel: string;
  edit: string;
  back: string;
  details: string;
  sources: Record<CompanySource, string>;
  sourceTerm: string;
  createdTerm: string;
  contacts: string;
  noContacts: string;
  moreContacts: string;
  noConversations: string;
  openConversation: string;
  delete: string;
  deleteHelp: string;
  confirmDelete: (name: string) => string;
  deleted: (name: string) => string;
  /** The visitor panel's card. */
  panelTitle: string;
  panelNone: string;
  panelChoose: string;
  panelSearch: string;
  panelSet: string;
  panelRemove: string;
  panelOpen: string;
  unverified: string;
  unverifiedHelp: string;
  yes: string;
  no: string;
  /** The Reports page's filter (report-filter.ts). */
  filterTitle: string;
  filterAll: string;
  filterNone: string;
  filterSearch: string;
}

/** English strings of companies. */
export const companiesEn: CompaniesStrings = {
  title: 'Companies',
  intro:
    'The organisations your contacts belong to, one company per contact: set by your site’s identify() or by the team.',
  search: 'Search companies',
  searchButton: 'Search',
  searchHelp: 'A name, a domain, or your site’s id of a company.',
  none: 'No company matches.',
  more: 'Show more',
  contactCount: (count) => (count === 1 ? '1 contact' : `${count} contacts`),
  add: 'New company',
  addTitle: 'New company',
  name: 'Name',
  externalId: 'Your site’s id',
  externalIdHelp: 'What identify() names as company.id; unique on this site.',
  domains: 'Domains',
  domainsHelp: 'Web domains, separated by commas (acme.com, acme.io).',
  attributes: 'Attributes',
  noAttributes: 'No attribute.',
  attributeKey: 'Key',
  attributeValue: 'Value',
  addAttribute: 'Add an attribute',
  removeAttribute: (key) => `Remove ${key}`,
  create: 'Create',
  created: (name) => `${name} was created.`,
  save: 'Save',
  saved: 'Saved.',
  cancel: 'Cancel',
  edit: 'Edit',
  back: 'All companies',
  details: 'Details',
  sources: { staff: 'The team', signed: 'Your site (signed)', visitor: 'The page (unverified)' },
  sourceTerm: 'Set by',
  createdTerm: 'Created',
  contacts: 'Contacts',
  noContacts: 'No contact belongs to it yet.',
  moreContacts: 'More contacts',
  noConversations: 'No conversation.',
  openConversation: 'Open',
  delete: 'Delete…',
  deleteHelp: 'Its contacts are kept, in no company.',
  confirmDelete: (name) => `Delete ${name}? Its contacts are kept, in no company.`,
  deleted: (name) => `${name} was deleted.`,
  panelTitle: 'Company',
  panelNone: 'No company.',
  panelChoose: 'Set a company',
  panelSearch: 'Find a company',
  panelSet: 'Set',
  panelRemove: 'Remove',
  panelOpen: 'Open the company',
  unverified: 'Unverified',
  unverifiedHelp: 'The page said so without your site’s signature.',
  yes: 'Yes',
  no: 'No',
  filterTitle: 'Company',
  filterAll: 'All companies',
  filterNone: 'In no company',
  filterSearch: 'Find a company',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /** Companies' strings (the Companies page and the visitor panel's card). */
    companyPage?: Partial<CompaniesStrings>;
  }
}
