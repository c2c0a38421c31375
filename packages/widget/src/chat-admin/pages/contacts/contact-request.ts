/**
 * A contact another part of the inbox asks the Contacts page to show when it opens next (the conversation merge's
 * "Open Ada's contact", issue #81): the page takes it once. A module of its own, so that asking loads nothing of the
 * page.
 */
let requested: string | undefined;

/** Asks the Contacts page to show the contact `id` when it opens next. */
export function requestContact(id: string): void {
  requested = id;
}

/** The contact asked for, once (then none). */
export function takeRequestedContact(): string | undefined {
  const id = requested;
  requested = undefined;
  return id;
}
