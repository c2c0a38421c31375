/**
 * Sections features add to the visitor panel's contact card, under the notes (`<chat-admin-contact-card>`): each an
 * `AdminRegion` element (it gets `inbox`), fetched in a chunk of its own the first time a contact is shown. A new
 * section is one line here; the card never imports the feature.
 */
export interface ContactSection {
  /** The element's tag, registered on first use (see `definePage`). */
  readonly tag: string;
  readonly load: () => Promise<CustomElementConstructor>;
}

export const CONTACT_SECTIONS: readonly ContactSection[] = [
  // A likely duplicate of the contact, one click from its merge (issue #81; for those who may merge contacts).
  {
    tag: 'chat-admin-duplicates',
    load: async () => (await import('../merge/chat-admin-duplicates.component.js')).ChatAdminDuplicates,
  },
];
