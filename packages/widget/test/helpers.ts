import type { LitElement } from 'lit';

/**
 * DOM helpers for the widget's tests. Both elements render their UI into their own shadow root (`<chat-admin>`'s
 * regions render into `<chat-admin>`'s), so queries start there.
 */

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

/**
 * Shows a page of `<chat-admin>` by its tab, as a user would, and resolves with the page's element once its chunk
 * has loaded and it has rendered (pages other than the inbox are fetched the first time they are shown).
 */
export async function showPage(el: LitElement, tab: string, tag: string): Promise<LitElement> {
  const button = $$(el, '.topbar nav button').find((b) => text(b) === tab);
  if (!button) throw new Error(`no "${tab}" tab`);
  button.click();
  await customElements.whenDefined(tag);
  for (let turn = 0; turn < 50 && !$(el, tag); turn++) await settle(el);
  const page = $(el, tag) as LitElement | null;
  if (!page) throw new Error(`${tag} was not shown`);
  await page.updateComplete;
  await settle(el);
  return page;
}
