/**
 * The one-line install: `<script src="https://RELAY/widget.js" data-site-key="pk_…" async></script>`.
 *
 * This file is the whole script-tag loader (built as a small IIFE, no lit). It
 * - derives the relay's WebSocket address from its own `src` (`https://host/widget.js` → `wss://host/v1/ws`);
 * - adds one `<chat-widget>` to the page, configured from the script's `data-*` attributes, with a stand-in
 *   launcher drawn in it, and keeps it attached when an SPA swaps the body;
 * - loads the element itself (`widget/chat-widget.<hash>.js` next to this file) when the visitor reaches for the
 *   launcher, when a command needs it, or at idle for a visitor who already has a conversation;
 * - replaces the `window.Parley` queue stub with the real command function, running what was queued.
 *
 * Running the script twice (Turbo, an SPA re-inserting it) re-uses the same element and connection.
 */
import { ELEMENT_FILE } from './loader/element-file.js';
import { install } from './loader/install.js';

const script =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[data-site-key][src*="widget.js"]');

if (script) install(script, ELEMENT_FILE);
