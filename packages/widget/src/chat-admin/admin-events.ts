import type { StaffMe } from './admin-types.js';
import type { NotifyChannel, NotifyKind } from './notifier.js';

/** The `detail` of every event `<chat-admin>` dispatches (besides `chat-unread-change`). */
export interface ChatAdminEventDetails {
  /** Signed in (from the form or a token kept in this tab). */
  'chat-admin-sign-in': { me: StaffMe };
  /** Signed out, by the user or because the token was refused or revoked. */
  'chat-admin-sign-out': { reason: 'user' | 'refused' };
  /** Staff were told about something; `channels` says how (none when every switch for it is off). */
  'chat-admin-notify': { kind: NotifyKind; conversationId: string; text: string; channels: NotifyChannel[] };
}

/** A typed `chat-admin-*` event. */
export type ChatAdminEvent<K extends keyof ChatAdminEventDetails> = CustomEvent<ChatAdminEventDetails[K]>;

/** Creates a `chat-admin-*` event that bubbles and crosses shadow roots. */
export function chatAdminEvent<K extends keyof ChatAdminEventDetails>(
  name: K,
  detail: ChatAdminEventDetails[K],
): ChatAdminEvent<K> {
  return new CustomEvent(name, { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-admin-sign-in': ChatAdminEvent<'chat-admin-sign-in'>;
    'chat-admin-sign-out': ChatAdminEvent<'chat-admin-sign-out'>;
    'chat-admin-notify': ChatAdminEvent<'chat-admin-notify'>;
  }
}
