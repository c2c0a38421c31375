import { attributeOpWords } from '../pages/attributes/attributes-strings.js';

/** The strings of the list's saved views; the chunk brings the English ones (a translation: `AdminStrings.views`). */
export interface ViewsStrings {
  group: string;
  save: string;
  edit: (name: string) => string;
  newTitle: string;
  editTitle: string;
  name: string;
  status: string;
  assignee: string;
  team: string;
  /** The company criterion (docs/companies.md): a company of the site, or none. */
  company: string;
  noCompany: string;
  labels: string;
  labelsHint: string;
  channel: string;
  any: string;
  anyone: string;
  me: string;
  nobody: string;
  chat: string;
  shared: string;
  sharedHint: string;
  sharedMark: string;
  personalMark: string;
  saveButton: string;
  cancel: string;
  delete: string;
  confirmDelete: string;
  deleteAsk: (name: string) => string;
  count: (n: number) => string;
  attributes: string;
  attributesHint: string;
  addAttribute: string;
  removeAttribute: (label: string) => string;
  verifiedOnly: string;
  verifiedHint: string;
  attribute: string;
  comparison: string;
  value: string;
  ops: Record<'is' | 'is_not' | 'contains' | 'gt' | 'lt' | 'is_set' | 'not_set', string>;
  yes: string;
  no: string;
  scopes: Record<'contact' | 'conversation', string>;
}

/** English strings of saved views. */
export const viewsEn: ViewsStrings = {
  group: 'Saved views',
  save: 'Save view',
  edit: (name) => `Edit view “${name}”`,
  newTitle: 'Save this view',
  editTitle: 'Edit view',
  name: 'Name',
  status: 'Status',
  assignee: 'Assignee',
  team: 'Team',
  company: 'Company',
  noCompany: 'In no company',
  labels: 'Labels',
  labelsHint: 'Comma-separated; a conversation needs all of them.',
  channel: 'Channel',
  any: 'Any',
  anyone: 'Anyone',
  me: 'Me',
  nobody: 'Unassigned',
  chat: 'Chat',
  shared: 'Shared with the team',
  sharedHint: 'Everyone on the site sees it; only admins change it.',
  sharedMark: 'shared',
  personalMark: 'personal',
  saveButton: 'Save',
  cancel: 'Cancel',
  delete: 'Delete',
  confirmDelete: 'Yes, delete',
  deleteAsk: (name) => `Delete the view “${name}”? The conversations stay as they are.`,
  count: (n) => `${n} conversations`,
  attributes: 'Custom attributes',
  attributesHint: 'A conversation needs all of them (its own attributes or its contact’s).',
  addAttribute: 'Add an attribute',
  removeAttribute: (label) => `Remove ${label}`,
  verifiedOnly: 'Verified values only',
  verifiedHint:
    'Verified: set by your team or signed by your site. With “Verified values only”, what a visitor’s page claims unsigned counts as not set.',
  attribute: 'Attribute',
  comparison: 'Comparison',
  value: 'Value',
  ops: attributeOpWords,
  yes: 'Yes',
  no: 'No',
  scopes: { contact: 'Contact', conversation: 'Conversation' },
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../admin-strings.js' {
  interface AdminStrings {
    /** The list's saved views (their chunk brings the English ones). */
    savedViews?: Partial<ViewsStrings>;
  }
}
