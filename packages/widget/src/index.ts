/**
 * `@parley/widget`: importing this module registers `<chat-widget>` and re-exports its class, its typed
 * `chat-*` events and the locale helpers.
 *
 * @example
 * import '@parley/widget';
 * // <chat-widget relay="wss://chat.example.com/v1/ws" site-key="pk_…"></chat-widget>
 */
import './i18n/all-locales.js';
export { ChatWidget } from './chat-widget/chat-widget.js';
export type { ChatIdentity } from './chat-widget/chat-widget.component.js';
export type { ChatClient } from './chat-widget/client-registry.js';
export { chatEvent, type ChatEvent, type ChatEventDetails, type ChatEventName } from './events/chat-events.js';
export { locales, registerLocale, resolveLocale, type ResolvedLocale, type Strings } from './i18n/i18n.js';
