import { loadLocale } from '../i18n/built-in.js';
import { ChatWidget } from './chat-widget.component.js';

/*
 * The element as the relay serves it (`widget/chat-widget.<hash>.js`, which the loader fetches): English built in,
 * the visitor's language fetched from beside this script first, then the element defined, so that its first render
 * speaks that language (the loader waits for the definition). `@parley/widget` from npm defines it at import
 * (chat-widget.ts), every locale at hand.
 */
const preferred = [
  ...Array.from(document.querySelectorAll('chat-widget'), (element) => element.getAttribute('locale')),
  ...navigator.languages,
];
void loadLocale(preferred).finally(() => {
  // A second copy of the bundle (a script tag run twice) must not throw on a second define.
  if (!customElements.get('chat-widget')) customElements.define('chat-widget', ChatWidget);
});
