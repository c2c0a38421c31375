import type { LocalMessage } from '@parley/sdk';

/** The `detail` of every `chat-*` event `<chat-widget>` dispatches. */
export interface ChatEventDetails {
  /** The element has a client and rendered its launcher. `conversationId` is known once the relay welcomed. */
  'chat-ready': { siteKey: string | undefined; conversationId: string | undefined };
  /** The panel opened. */
  'chat-open': { reason: 'user' | 'api' };
  /** The panel closed. */
  'chat-close': { reason: 'user' | 'api' };
  /** A message entered the timeline (from staff, from the visitor, or a broadcast). */
  'chat-message': { message: LocalMessage };
  /** The unread count changed. */
  'chat-unread-change': { count: number };
}

/** A `chat-*` event name. */
export type ChatEventName = keyof ChatEventDetails;

/** A typed `chat-*` event. */
export type ChatEvent<K extends ChatEventName> = CustomEvent<ChatEventDetails[K]>;

/**
 * Creates a `chat-*` event that bubbles and crosses shadow roots, so a listener on `document` hears it.
 *
 * @example el.dispatchEvent(chatEvent('chat-unread-change', { count: 2 }))
 */
export function chatEvent<K extends ChatEventName>(name: K, detail: ChatEventDetails[K]): ChatEvent<K> {
  return new CustomEvent(name, { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-ready': ChatEvent<'chat-ready'>;
    'chat-open': ChatEvent<'chat-open'>;
    'chat-close': ChatEvent<'chat-close'>;
    'chat-message': ChatEvent<'chat-message'>;
    'chat-unread-change': ChatEvent<'chat-unread-change'>;
  }
}
