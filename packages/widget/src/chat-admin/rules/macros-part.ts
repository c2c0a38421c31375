/**
 * The composer's Macros (`<chat-admin-macros>`), a part of the inbox fetched the first time it is opened: listed in
 * `ADMIN_PARTS` and opened by the composer, which takes it from here (the composer is itself a part of `pages.ts`).
 */
export const MACROS_PART = {
  tag: 'chat-admin-macros',
  load: async () => (await import('./chat-admin-macros.component.js')).ChatAdminMacros,
};
