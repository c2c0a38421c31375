/**
 * A company another part of the inbox asks the Companies page to show when it opens next (the visitor panel's
 * company card): the page takes it once. A module of its own, so that asking loads nothing of the page.
 */
let requested: string | undefined;

/** Asks the Companies page to show the company `id` when it opens next. */
export function requestCompany(id: string): void {
  requested = id;
}

/** The company asked for, once (then none). */
export function takeRequestedCompany(): string | undefined {
  const id = requested;
  requested = undefined;
  return id;
}
