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
