/**
 * The one-line install: `<script src="https://RELAY/widget.js" data-site-key="pk_…" async></script>`.
 *
 * This file is the whole script-tag loader (built as a small IIFE, no lit). It
 * - derives the relay's WebSocket address from its own `src` (`https://host/widget.js` → `wss://host/v1/ws`);
 * - adds one `<chat-widget>` to the page, configured from the script's `data-*` attributes, and keeps it attached
 *   when an SPA swaps the body;
 * - loads the element itself (`widget/chat-widget.js` next to this file) when the page is idle, or at once when a
 *   command needs it;
 * - replaces the `window.Parley` queue stub with the real command function, running what was queued.
 *
 * Running the script twice (Turbo, an SPA re-inserting it) re-uses the same element and connection.
 */
import type { ChatIdentity, ChatWidget } from './index.js';

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
  observer?: MutationObserver;
}

declare global {
  interface Window {
    Parley?: ParleyStub;
  }
}

const stateKey = Symbol.for('parley.widget.loader');
// data-* attributes copied to the element (as attributes, so they work before the element is defined).
const attributes = ['site-name', 'welcome', 'accent', 'prechat', 'position', 'offset', 'z-index', 'theme', 'locale'];
const methods = ['open', 'close', 'toggle', 'show', 'hide', 'reset'] as const;

const script =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[data-site-key][src*="widget.js"]');

if (script) install(script);

function install(script: HTMLScriptElement): void {
  const src = new URL(script.src, location.href);
  const data = script.dataset;
  const siteKey = data['siteKey'] ?? '';
  let relay = data['relay'];
  if (!relay) {
    const ws = new URL('v1/ws', src);
    ws.protocol = src.protocol === 'https:' ? 'wss:' : 'ws:';
    relay = ws.href;
  }

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
    state = states[siteKey] = { element, ready: false, loading: false };
    element.addEventListener('chat-ready', () => (state!.ready = true));
  }
  const current = state;
  const element = current.element;

  const load = (): void => {
    if (current.loading || customElements.get('chat-widget')) return;
    current.loading = true;
    const chunk = document.createElement('script');
    chunk.src = new URL(`widget/chat-widget.js${src.search}`, src).href;
    chunk.async = true;
    // A strict CSP with nonces: pass the loader's nonce on.
    if (script.nonce) chunk.nonce = script.nonce;
    chunk.onerror = () => (current.loading = false);
    document.head.append(chunk);
  };

  const whenDefined = (fn: (el: ChatWidget) => void): void => {
    load();
    void customElements.whenDefined('chat-widget').then(() => fn(element));
  };

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

  const commands: Record<string, Command> = {
    identify: (user) =>
      customElements.get('chat-widget')
        ? element.identify(user as ChatIdentity)
        : (element.identity = { ...(user as ChatIdentity) }),
    setLocale: (tag) => element.setAttribute('locale', String(tag)),
    /** `Parley('set', { accent: '#e11d48', theme: 'dark' })`: any of the element's attributes. */
    set: (options) => {
      for (const [name, value] of Object.entries(options as Record<string, unknown>)) {
        const attribute = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
        if (attributes.includes(attribute)) element.setAttribute(attribute, String(value));
      }
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
  for (const name of methods) commands[name] = () => whenDefined((el) => el[name]());

  const queued = window.Parley?.q ?? [];
  const parley: ParleyStub = (name, ...args) => commands[String(name)]?.(...args);
  window.Parley = parley;
  for (const entry of Array.from(queued)) {
    const [name, ...args] = Array.from(entry);
    parley(name, ...args);
  }

  // Load the element once the page has settled, so the chat never competes with the site's own content.
  if (document.readyState === 'complete') idle(load);
  else window.addEventListener('load', () => idle(load), { once: true });
}

function idle(fn: () => void): void {
  if ('requestIdleCallback' in window) requestIdleCallback(fn, { timeout: 2000 });
  else setTimeout(fn, 200);
}
