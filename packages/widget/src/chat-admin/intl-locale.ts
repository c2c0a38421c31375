// The locale of the inbox's `Intl` formats, apart from the loading of its strings (inbox-locale.ts) so that any
// module may format with it and import nothing else.

let current = 'en';

/**
 * The locale the inbox formats dates, times, numbers and plurals in (`Intl`): the agent's language, `en` until it
 * is known. One per page: the inbox is one element per page (a second `<chat-admin>` would share it).
 */
export function inboxLocale(): string {
  return current;
}

/** Sets {@link inboxLocale} (the inbox's `InboxLocaleController` does, as the agent's language changes). */
export function setInboxLocale(tag: string): void {
  current = tag;
}
