import type { VisitorContext } from '@parley/sdk';
import { pageContext as readPageContext } from '@parley/sdk/visitor';

/**
 * What staff see about the visitor's page, in the language the widget shows: read fresh at each hello and after each
 * SPA navigation. The SDK's own reading, which clips it to the relay's limits as it sends it.
 */
export function pageContext(locale: string): VisitorContext {
  return { ...readPageContext(), locale };
}

const hooked = Symbol.for('parley.widget.history-hooked');

/** The window event fired after `history.pushState`/`replaceState`, `popstate` and `hashchange`. */
export const LOCATION_CHANGE = 'parley:locationchange';

/**
 * Makes SPA navigations observable: wraps `history.pushState` and `replaceState` once per page (every copy of
 * the widget shares the hook) so they fire {@link LOCATION_CHANGE} on `window`, as `popstate` and `hashchange`
 * also do. Called on first connection, never at import.
 */
export function watchLocation(): void {
  const w = window as Window & { [hooked]?: true };
  if (w[hooked]) return;
  w[hooked] = true;
  const fire = (): void => {
    window.dispatchEvent(new Event(LOCATION_CHANGE));
  };
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      fire();
    };
  }
  window.addEventListener('popstate', fire);
  window.addEventListener('hashchange', fire);
}
