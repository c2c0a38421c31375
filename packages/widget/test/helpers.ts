import { waitUntil as pollUntil } from '@open-wc/testing';
import type { LitElement } from 'lit';
import type { WelcomeFrame } from '@parley/protocol';

/**
 * DOM helpers for the widget's tests. Both elements render their UI into their own shadow root (`<chat-admin>`'s
 * regions render into `<chat-admin>`'s), so queries start there.
 */

/**
 * How long {@link waitUntil} waits by default: a limit that says a wait has failed, not how fast anything is. Many
 * waits cover a lazily loaded chunk, which the test server transforms on its first request: on a loaded 2-core CI
 * machine one took over open-wc's default of 1 s (the message actions' chunk, `admin-message-edits.test.ts`).
 */
export const WAIT_MS = 8_000;

/** open-wc's `waitUntil`, with {@link WAIT_MS} as its default limit instead of 1 s. */
export function waitUntil(
  predicate: () => unknown,
  message?: string,
  options: { interval?: number; timeout?: number } = {},
): Promise<void> {
  return pollUntil(predicate, message, { timeout: WAIT_MS, ...options });
}

/** The first element of `el`'s shadow root matching `selector`. */
export function $(el: Element, selector: string): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>(selector);
}

/** Every element of `el`'s shadow root matching `selector`. */
export function $$(el: Element, selector: string): HTMLElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
}

/** An element's text, whitespace collapsed. */
export function text(node: Element | null): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** "term value" of a dt/dd pair. */
export function pair(node: Element): string {
  return [...node.children].map(text).join(' ');
}

/**
 * Lets what the fakes answer run (they settle in microtasks, never on timers), then waits for the render it
 * causes; three rounds, for an answer that leads to another request.
 */
export async function settle(el: LitElement): Promise<void> {
  for (let round = 0; round < 3; round++) {
    for (let turn = 0; turn < 20; turn++) await Promise.resolve();
    await el.updateComplete;
  }
}

/** The settings area's element once shown, opened by its tab as a user would. */
export async function openSettings(el: LitElement): Promise<LitElement> {
  const tab = $$(el, '.topbar nav button').find((b) => text(b) === 'Settings');
  if (!tab) throw new Error('no "Settings" tab');
  tab.click();
  await customElements.whenDefined('chat-admin-settings');
  for (let turn = 0; turn < 50 && !$(el, 'chat-admin-settings'); turn++) await settle(el);
  const area = $(el, 'chat-admin-settings') as LitElement | null;
  if (!area) throw new Error('the settings area was not shown');
  await area.updateComplete;
  return area;
}

/** The links of the settings area's side navigation (opens the area). */
export async function settingsLinks(el: LitElement): Promise<HTMLAnchorElement[]> {
  const area = await openSettings(el);
  return [...area.shadowRoot!.querySelectorAll<HTMLAnchorElement>('nav a')];
}

/**
 * Shows a page of `<chat-admin>` by its tab in the top bar, or by its link in the settings area's side navigation,
 * as a user would, and resolves with the page's element once its chunk has loaded and it has rendered (pages
 * other than the inbox are fetched the first time they are shown).
 */
export async function showPage(el: LitElement, tab: string, tag: string): Promise<LitElement> {
  const button = $$(el, '.topbar nav button').find((b) => text(b) === tab);
  if (button) button.click();
  else {
    const link = (await settingsLinks(el)).find((a) => text(a) === tab);
    if (!link) throw new Error(`no "${tab}" tab or settings link`);
    link.click();
  }
  await customElements.whenDefined(tag);
  for (let turn = 0; turn < 50 && !$(el, tag); turn++) await settle(el);
  const page = $(el, tag) as LitElement | null;
  if (!page) throw new Error(`${tag} was not shown`);
  await page.updateComplete;
  await settle(el);
  return page;
}

/** The sign-in page's shadow root, once its chunk is in and it has rendered. */
export async function signInPage(el: LitElement): Promise<ShadowRoot> {
  for (
    let turn = 0;
    turn < 50 && !$(el, 'chat-admin-sign-in')?.shadowRoot?.querySelector('form, chat-admin-totp');
    turn++
  ) {
    await customElements.whenDefined('chat-admin-sign-in').then(() => settle(el));
  }
  const page = $(el, 'chat-admin-sign-in') as LitElement | null;
  if (!page?.shadowRoot) throw new Error('the sign-in page was not shown');
  await page.updateComplete;
  return page.shadowRoot;
}

/** The button of `root` whose text is `label`. */
export function linkButton(root: ParentNode, label: string): HTMLButtonElement {
  const button = [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => text(b) === label);
  if (!button) throw new Error(`no "${label}" button`);
  return button;
}

/** The account menu's Sign out button (opens the menu, as a user would). */
export async function signOutButton(el: LitElement): Promise<HTMLButtonElement> {
  if ($(el, '#account-button')?.getAttribute('aria-expanded') !== 'true') $(el, '#account-button')!.click();
  await el.updateComplete;
  const button = [...$$(el, '#account-menu button')].find((b) => text(b) === 'Sign out');
  if (!button) throw new Error('no Sign out in the account menu');
  return button as HTMLButtonElement;
}

/**
 * Shows one of the desk's pages: Contacts from the top bar; Saved replies, Audit log and Site from the settings
 * area's navigation, as a user would; resolves with the page's element once it has rendered.
 */
export async function showDeskPage(el: LitElement, label: string, tag: string): Promise<LitElement> {
  if (!$$(el, '.topbar nav button').some((b) => text(b) === label))
    await showPage(el, 'Settings', 'chat-admin-settings');
  return showPage(el, label, tag);
}

/**
 * Signs `el` in, opens the saved view dialog from *Save view*, and adds `criteria` attribute criteria rows once the
 * site's attributes are read. Resolves with the rows' reader.
 */
export async function viewDialogWithCriteria(
  el: LitElement & { signIn(token: string): Promise<unknown> },
  criteria: number,
): Promise<() => HTMLElement[]> {
  await el.signIn('st_test');
  await waitUntil(() => $$(el, '.view-tool').length > 0, 'the views’ chunk');
  $$(el, '.view-tool')
    .find((button) => text(button).includes('Save view'))!
    .click();
  await waitUntil(() => $(el, 'chat-admin-views dialog[open]'), 'the dialog');
  const add = () => $$(el, 'dialog .criteria > button')[0] as HTMLButtonElement;
  await waitUntil(() => !add().disabled, 'the attributes read');
  for (let row = 0; row < criteria; row++) add().click();
  await settle(el);
  return () => $$(el, 'dialog .criterion');
}

/** Chooses `value` in a select, as a user's choice fires `change`. */
export function choose(select: Element, value: string): void {
  (select as HTMLSelectElement).value = value;
  select.dispatchEvent(new Event('change'));
}

/** A visitor's welcome frame as the relay sends it (site "Acme", conversation c1), with `extra` over it. */
export function visitorWelcome(extra: Partial<WelcomeFrame> = {}): WelcomeFrame {
  return {
    type: 'welcome',
    protocol: 'parley.v3',
    sessionId: 's1',
    role: 'visitor',
    site: { id: 'site_1', name: 'Acme' },
    visitorToken: 'vt_1',
    visitorId: 'v1',
    conversationId: 'c1',
    lastSeq: 0,
    staffOnline: 1,
    heartbeatMs: 25_000,
    limits: { maxFrameBytes: 16384, maxTextLength: 4000 },
    serverTime: Date.now(),
    ...extra,
  };
}

/** A staff member's welcome frame (Ada, an admin of "Acme Outdoor"), with the site's files when given. */
export function staffWelcome(attachments?: WelcomeFrame['attachments']): WelcomeFrame {
  return {
    type: 'welcome',
    protocol: 'parley.v3',
    sessionId: 's1',
    role: 'staff',
    site: { id: 's1', name: 'Acme Outdoor' },
    staff: { id: 'staff_1', name: 'Ada', role: 'admin' },
    staffOnline: 1,
    heartbeatMs: 25_000,
    limits: { maxFrameBytes: 65_536, maxTextLength: 4000 },
    serverTime: Date.now(),
    ...(attachments && { attachments }),
  };
}
