/**
 * The staff inbox page the relay serves at `/admin`: registers `<chat-admin>` and keeps the unread count in the tab's
 * title and, for the installed app (docs/agent-app.md), on its icon. The element finds the API and the WebSocket on this page's origin.
 */
import './chat-admin/chat-admin.js';
import { registerInboxWorker } from './chat-admin/inbox-worker.js';

// The page's own few rules, adopted from here rather than fetched as a stylesheet: one request fewer on the first
// load (the page's CSP allows no inline style, but a constructed sheet). Until the script runs, the page shows only
// its canvas, which `<meta name="color-scheme">` keeps dark in dark mode.
const page = new CSSStyleSheet();
page.replaceSync(
  'html,body{margin:0;height:100%}body{background:#fff}chat-admin{height:100vh;height:100dvh}' +
    '@media (prefers-color-scheme:dark){body{background:#14161b}}',
);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, page];

const element = document.querySelector('chat-admin') ?? document.body.appendChild(document.createElement('chat-admin'));
const title = document.title;
element.addEventListener('chat-unread-change', (event) => {
  const { count } = event.detail;
  document.title = count > 0 ? `(${count}) ${title}` : title;
  // The Badging API, where the browser has it (an installed app's icon; refused elsewhere, which is no matter).
  (count > 0 ? navigator.setAppBadge?.(count) : navigator.clearAppBadge?.())?.catch(() => undefined);
});

// Signed in, the installed app keeps this build's page and scripts (admin-sw.ts) and opens from them: without a
// round trip, and offline. The sign-in page, a first load, fetches none of it.
element.addEventListener(
  'chat-admin-sign-in',
  () => void ('serviceWorker' in navigator && registerInboxWorker().catch(() => undefined)),
  { once: true },
);

// A member who keeps their last conversations for offline (docs/agent-app.md) has a cache of their own: made at their
// sign-in, deleted at sign-out; a member who does not, none. The code comes in a chunk of its own, after sign-in.
const recent = (use: (module: typeof import('./chat-admin/offline/recent-offline.js')) => Promise<void>): void =>
  void import('./chat-admin/offline/recent-offline.js').then(use).catch(() => undefined);
element.addEventListener('chat-admin-sign-in', (event) => recent((module) => module.signedIn(event.detail.me)));
element.addEventListener('chat-admin-sign-out', () => recent((module) => module.forgetRecent()));
