/** The strings of the inbox's Contacts page, kept out of the shell: the page's chunk brings the English ones. */
export interface ContactsStrings {
  title: string;
  intro: string;
  search: string;
  searchButton: string;
  searchHelp: string;
  none: string;
  more: string;
  lastSeen: (when: string) => string;
  lastSeenTerm: string;
  consentTerm: string;
  back: string;
  profile: string;
  email: string;
  noEmail: string;
  reveal: string;
  revealHelp: string;
  verified: string;
  yes: string;
  no: string;
  subscribed: string;
  consent: (version: string, when: string) => string;
  firstSeen: string;
  page: string;
  locale: string;
  timezone: string;
  conversations: string;
  noConversations: string;
  openConversation: string;
  export: string;
  exportHelp: string;
  exported: (file: string) => string;
  erase: string;
  eraseHelp: string;
  eraseConfirm: (word: string) => string;
  eraseWord: string;
  eraseNow: string;
  cancel: string;
  erased: (who: string) => string;
}

/** English strings of the Contacts page. */
export const contactsEn: ContactsStrings = {
  title: 'Contacts',
  intro:
    'Visitors who said hello, most recently seen first. Emails stay masked until revealed; each reveal is in the audit log.',
  search: 'Search contacts',
  searchButton: 'Search',
  searchHelp: 'A name, a contact id, or an exact email address.',
  none: 'No contact matches.',
  more: 'Show more',
  lastSeen: (when) => `Last seen ${when}`,
  lastSeenTerm: 'Last seen',
  consentTerm: 'Consent',
  back: 'All contacts',
  profile: 'Profile',
  email: 'Email',
  noEmail: 'None given',
  reveal: 'Reveal',
  revealHelp: 'Shows the full address; recorded in the audit log.',
  verified: 'Verified by your site',
  yes: 'Yes',
  no: 'No',
  subscribed: 'Receives broadcasts',
  consent: (version, when) => `Agreed to ${version} on ${when}`,
  firstSeen: 'First seen',
  page: 'Last page',
  locale: 'Language',
  timezone: 'Time zone',
  conversations: 'Conversations',
  noConversations: 'No conversation yet.',
  openConversation: 'Open in the inbox',
  export: 'Export (JSON)',
  exportHelp: 'Everything held about this contact, for an access request. Recorded in the audit log.',
  exported: (file) => `Downloaded ${file}.`,
  erase: 'Erase…',
  eraseHelp: 'Deletes the contact, their conversations and every message, for good.',
  eraseConfirm: (word) => `To erase this contact and everything held about them, type ${word} and press Erase.`,
  eraseWord: 'erase',
  eraseNow: 'Erase',
  cancel: 'Cancel',
  erased: (who) => `${who} was erased.`,
};
