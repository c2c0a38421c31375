import type { AttributeFilter, AttributeScope, AttributeType } from '@parley/protocol/admin';

/**
 * The strings of custom attributes (the settings page, the visitor panel's card, the Reports page's breakdown and
 * filter), kept out of the shell: each chunk brings the English ones; a host replaces any with `strings.attributes`.
 */
export interface AttributesStrings {
  title: string;
  intro: string;
  contactAttributes: string;
  conversationAttributes: string;
  none: string;
  add: string;
  editing: (label: string) => string;
  label: string;
  key: string;
  keyHelp: string;
  type: string;
  types: Record<AttributeType, string>;
  scope: string;
  scopes: Record<AttributeScope, string>;
  description: string;
  options: string;
  optionsHelp: string;
  save: string;
  cancel: string;
  edit: string;
  archive: string;
  unarchive: string;
  archived: string;
  delete: string;
  confirmDelete: (label: string) => string;
  moveUp: (label: string) => string;
  moveDown: (label: string) => string;
  saved: string;
  deleted: string;
  /** The visitor panel's card. */
  panelTitle: string;
  panelContact: string;
  panelConversation: string;
  unverified: string;
  unverifiedHelp: string;
  notSet: string;
  yes: string;
  no: string;
  clear: (label: string) => string;
  open: string;
  /** The reports' breakdown. */
  breakdownTitle: string;
  breakdownIntro: string;
  breakdownOf: string;
  breakdownNone: string;
  unset: string;
  conversations: (count: number) => string;
  /** The Reports page's filter (report-filter.ts). */
  filterAttribute: string;
  filterAny: string;
  filterComparison: string;
  /** The comparisons, as the saved views' dialog words them. */
  filterOps: Record<AttributeFilter['op'], string>;
  filterValue: string;
  filterChoose: string;
  filterVerified: string;
  filterVerifiedHint: string;
  /** The filter in words: `Plan: Pro`, `Seats is more than 10`, `Plan is set` (`value` absent for is/not set). */
  filterSummary: (label: string, op: AttributeFilter['op'], value: string | undefined) => string;
  /** A verified-only filter's words: `Plan: Pro (verified)`. */
  filterVerifiedSummary: (summary: string) => string;
}

/** The comparisons of an attribute in English, as the Reports page's filter and the saved views' dialog word them. */
export const attributeOpWords: Readonly<Record<AttributeFilter['op'], string>> = {
  is: 'is',
  is_not: 'is not',
  contains: 'contains',
  gt: 'is more than',
  lt: 'is less than',
  is_set: 'is set',
  not_set: 'is not set',
};

/** English strings of custom attributes. */
export const attributesEn: AttributesStrings = {
  title: 'Custom attributes',
  intro:
    'Fields your team keeps about contacts and conversations: a plan, a seat count, a renewal date. Set them in the visitor panel, through the API, or from your site with identify(); filter and write rules on them.',
  contactAttributes: 'Contact attributes',
  conversationAttributes: 'Conversation attributes',
  none: 'None yet.',
  add: 'Add an attribute',
  editing: (label) => `Editing ${label}`,
  label: 'Label',
  key: 'Key',
  keyHelp: 'What the API, identify() and filters call it: lower-case letters, digits and _. It cannot change later.',
  type: 'Type',
  types: { text: 'Text', number: 'Number', date: 'Date', list: 'List', checkbox: 'Checkbox', link: 'Link' },
  scope: 'Describes',
  scopes: { contact: 'The contact', conversation: 'The conversation' },
  description: 'Description (optional)',
  options: 'Options',
  optionsHelp: 'One per line, in the order offered.',
  save: 'Save',
  cancel: 'Cancel',
  edit: 'Edit',
  archive: 'Archive',
  unarchive: 'Restore',
  archived: 'Archived',
  delete: 'Delete',
  confirmDelete: (label) => `Delete ${label} and every value of it? This cannot be undone.`,
  moveUp: (label) => `Move ${label} up`,
  moveDown: (label) => `Move ${label} down`,
  saved: 'Saved.',
  deleted: 'Deleted.',
  panelTitle: 'Attributes',
  panelContact: 'Contact',
  panelConversation: 'This conversation',
  unverified: 'Unverified',
  unverifiedHelp: 'Given by the visitor’s page without your site’s signature.',
  notSet: 'Not set',
  yes: 'Yes',
  no: 'No',
  clear: (label) => `Clear ${label}`,
  open: 'Open',
  breakdownTitle: 'Conversations by attribute',
  breakdownIntro: 'Conversations of the range per value of a list or checkbox attribute.',
  breakdownOf: 'Attribute',
  breakdownNone: 'Define a list or checkbox attribute to break conversations down by it.',
  unset: 'Not set',
  conversations: (count) => `${count} conversation${count === 1 ? '' : 's'}`,
  filterAttribute: 'Attribute',
  filterAny: 'Any attribute',
  filterComparison: 'Comparison',
  filterOps: attributeOpWords,
  filterValue: 'Value',
  filterChoose: 'Choose…',
  filterVerified: 'Verified values only',
  filterVerifiedHint:
    'Verified: set by your team or signed by your site. What a visitor’s page claims unsigned then counts as not set.',
  filterSummary(label, op, value) {
    if (op === 'is') return `${label}: ${value}`;
    return value === undefined ? `${label} ${this.filterOps[op]}` : `${label} ${this.filterOps[op]} ${value}`;
  },
  filterVerifiedSummary: (summary) => `${summary} (verified)`,
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /** Custom attributes' strings (the settings page and the visitor panel's card). */
    attributes?: Partial<AttributesStrings>;
  }
}
