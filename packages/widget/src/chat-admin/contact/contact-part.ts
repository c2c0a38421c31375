/**
 * The visitor panel's contact card (`<chat-admin-contact-card>`: notes and the edit form), a part of the inbox fetched
 * the first time it is shown: listed in `ADMIN_PARTS` and made by the visitor panel, which takes it from here (the
 * panel is itself a part of `pages.ts`).
 */
export const CONTACT_PART = {
  tag: 'chat-admin-contact-card',
  load: async () => (await import('./chat-admin-contact-card.component.js')).ChatAdminContactCard,
};
