import type { ChatIdentity, ChatWidget } from '../index.js';
import { siteStorageKey } from '../chat-widget/client-registry.js';
import { drawFacade } from './facade.js';

type Command = (...args: unknown[]) => unknown;

interface ParleyStub {
  (...args: unknown[]): unknown;
  /** Commands queued by the stub before this script ran. */
  q?: ArrayLike<unknown>[];
}

interface LoaderState {
  element: ChatWidget;
  ready: boolean;
  loading: boolean;
  preloaded: boolean;
  /** Re-reads the element's attributes into the stand-in launcher; absent when none was drawn. */
  paint: (() => void) | undefined;
  observer?: MutationObserver;
}

declare global {
  interface Window {
    Parley?: ParleyStub;
  }
}

const stateKey = Symbol.for('parley.widget.loader');
// data-* attributes copied to the element (as attributes, so they work before the element is defined).
const attributes = [
  'site-name',
  'accent',
  'prechat',
  'consent-version',
  'position',
  'offset',
  'z-index',
  'theme',
  'locale',
  'help',
];

/**
 * Installs Parley on the page for one loader `<script>`: adds a `<chat-widget>` configured from the script's
 * `data-*` attributes with a stand-in launcher drawn in it (`drawFacade`), keeps it attached across body swaps,
 * replaces the `window.Parley` queue stub with the command function, and loads the element (`widget/<elementFile>`
 * next to the script) only when it is needed:
 *
 * - a click on the launcher loads it and opens the panel; the pointer over it, keyboard focus or a touch preload it;
 * - a command that needs it (`open`, `toggle`, `reset`, and `close` once it is loading);
 * - at once on a page opened from an email's link (`#parley-link=…`, see `chat-widget/link-token.ts`);
 * - at idle after the page's `load`, when this browser already has a conversation on the site (or had the panel
 *   open on the previous page of the tab), so a returning visitor gets unread counts, sound and live messages
 *   without a click; also where no stand-in could be drawn.
 *
 * Running it again for the same site key (an SPA re-inserting the script) re-uses the element and connection.
 */
export function install(script: HTMLScriptElement, elementFile: string): void {
  const src = new URL(script.src, location.href);
  const data = script.dataset;
  // The embed code names its site by `?site=` (the site's loader) or, as before, by `data-site-key`.
  const siteKey = data['siteKey'] ?? src.searchParams.get('site') ?? '';
  let relay = data['relay'];
  if (!relay) {
    const ws = new URL('v1/ws', src);
    ws.protocol = src.protocol === 'https:' ? 'wss:' : 'ws:';
    relay = ws.href;
  }
  const chunkUrl = new URL(`widget/${elementFile}${src.search}`, src).href;
  const defined = (): boolean => customElements.get('chat-widget') !== undefined;

  const states = ((globalThis as { [stateKey]?: Record<string, LoaderState> })[stateKey] ??= {});
  let state = states[siteKey];
  if (!state) {
    const element = document.createElement('chat-widget');
    element.setAttribute('relay', relay);
    element.setAttribute('site-key', siteKey);
    for (const name of attributes) {
      const value = script.getAttribute(`data-${name}`);
      if (value !== null) element.setAttribute(name, value);
    }
    state = states[siteKey] = { element, ready: false, loading: false, preloaded: false, paint: undefined };
    element.addEventListener('chat-ready', () => (state!.ready = true));
  }
  const current = state;
  const element = current.element;

  // Runs the element's script (`run`), or only preloads it: fetched, not run, so a visitor who merely points at
  // the launcher opens no connection. A script added by script is async by itself; a strict CSP with nonces gets
  // the loader's nonce passed on.
  const fetchElement = (run?: boolean): void => {
    if (current.loading || defined() || (!run && current.preloaded)) return;
    const tag = document.createElement(run ? 'script' : 'link') as HTMLScriptElement & HTMLLinkElement;
    if (run) {
      current.loading = true;
      tag.src = chunkUrl;
      tag.onerror = () => (current.loading = false);
    } else {
      current.preloaded = true;
      tag.rel = 'preload';
      tag.as = 'script';
      tag.href = chunkUrl;
    }
    if (script.nonce) tag.nonce = script.nonce;
    document.head.append(tag);
  };
  const load = (): void => fetchElement(true);

  const whenDefined = (fn: (el: ChatWidget) => void): void => {
    load();
    void customElements.whenDefined('chat-widget').then(() => fn(element));
  };

  if (!defined() && !element.shadowRoot)
    current.paint = drawFacade(
      element,
      () => fetchElement(),
      () => whenDefined((el) => el.open('user')),
    );

  const attach = (): void => {
    if (!element.isConnected && document.body) document.body.append(element);
  };

  // Keep the element in the page across body swaps (Turbo, pjax, frameworks that re-render <body>).
  current.observer?.disconnect();
  const observer = (current.observer = new MutationObserver(() => {
    attach();
    observer.observe(document.body, { childList: true });
  }));
  const start = (): void => {
    attach();
    observer.observe(document.documentElement, { childList: true });
    observer.observe(document.body, { childList: true });
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });

  const openKey = siteStorageKey(siteKey, 'open');
  // Reads (or forgets, then reads) one of the element's marks (see siteStorageKey); `null` when there is none.
  // Storage may be blocked: that reads as no mark, and forgetting fails quietly.
  const mark = (key: string, session?: boolean, forget?: boolean): unknown => {
    try {
      const storage = session ? sessionStorage : localStorage;
      if (forget) storage.removeItem(key);
      return JSON.parse(storage.getItem(key)!);
    } catch {
      return null;
    }
  };
  const commands: Record<string, Command> = {
    open: () => whenDefined((el) => el.open()),
    toggle: () => whenDefined((el) => el.toggle()),
    reset: () => whenDefined((el) => el.reset()),
    // Not loaded yet, the panel is closed; only its memory of being open on the last page needs forgetting.
    close: () => (current.loading || defined() ? whenDefined((el) => el.close()) : mark(openKey, true, true)),
    // The element's own show() and hide() only toggle `hidden`; done here, they need no element.
    show: () => (element.hidden = false),
    hide: () => (element.hidden = true),
    identify: (user) =>
      defined() ? element.identify(user as ChatIdentity) : (element.identity = { ...(user as ChatIdentity) }),
    setLocale: (tag) => {
      element.setAttribute('locale', String(tag));
      current.paint?.();
    },
    /** `Parley('set', { accent: '#e11d48', theme: 'dark' })`: any of the element's attributes. */
    set: (options) => {
      for (const [name, value] of Object.entries(options as Record<string, unknown>)) {
        const attribute = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
        if (attributes.includes(attribute)) element.setAttribute(attribute, String(value));
      }
      current.paint?.();
    },
    /** `Parley('on', 'unreadChange', fn)` → listens to `chat-unread-change`; returns an unsubscribe function. */
    on: (event, fn) => {
      const type = `chat-${String(event).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      const listener = (e: Event): void => (fn as (detail: unknown) => void)((e as CustomEvent).detail);
      element.addEventListener(type, listener);
      if (type === 'chat-ready' && current.ready) (fn as (detail: unknown) => void)({ siteKey });
      return () => element.removeEventListener(type, listener);
    },
  };

  const queued = window.Parley?.q ?? [];
  const parley: ParleyStub = (name, ...args) => commands[String(name)]?.(...args);
  window.Parley = parley;
  for (const entry of Array.from(queued)) {
    const [name, ...args] = Array.from(entry);
    parley(name, ...args);
  }

  // A link from an email (`#parley-link=<token>`): the element, loaded now, takes the token out of the address bar,
  // exchanges it and opens the chat.
  if (location.hash.includes('parley-link')) load();

  // After the page's own load, and only for a visitor the chat already concerns.
  const loadIfReturning = (): void => {
    const conversation = mark(siteStorageKey(siteKey, 'conversation'));
    if (conversation || mark(openKey, true) || !current.paint) load();
    else if (conversation === null)
      void hadSdkStorage().then((had) => {
        if (had) load();
      });
  };
  if (document.readyState === 'complete') idle(loadIfReturning);
  else window.addEventListener('load', () => idle(loadIfReturning), { once: true });
}

/**
 * Whether this origin has the SDK's IndexedDB database. Version 0.1.0 loaded the element for every visitor and
 * wrote no conversation mark, so its visitors have the database and no mark: they get the element once more,
 * and it writes the mark. (The staff inbox on the same origin uses the database too; it costs one load.)
 */
async function hadSdkStorage(): Promise<boolean> {
  try {
    return (await indexedDB.databases()).some((db) => db.name === 'parley');
  } catch {
    return false;
  }
}

function idle(fn: () => void): void {
  if ('requestIdleCallback' in window) requestIdleCallback(fn, { timeout: 2000 });
  else setTimeout(fn, 200);
}
