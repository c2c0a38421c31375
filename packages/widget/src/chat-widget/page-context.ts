import type { VisitorContext } from '@parley/protocol';

/** What staff see about the visitor's page: read fresh at each hello and after each SPA navigation. */
export function pageContext(locale?: string): VisitorContext {
  return {
    url: location.href.slice(0, 2048),
    title: document.title.slice(0, 256),
    referrer: document.referrer.slice(0, 2048),
    locale: (locale ?? navigator.language).slice(0, 35),
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone.slice(0, 64),
  };
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
