/**
 * "Open this conversation" from outside the inbox's page: a click on a push notification (issue #19), or the
 * conversation's address. The inbox's service worker either posts it to an open inbox window, or opens `/admin`
 * with it in the address's fragment (`#conversation=<id>&site=<id>`). That fragment is also the open
 * conversation's own address (issue #36): the inbox writes it when a conversation opens, so a reload keeps it and a
 * colleague on the same site can open the link. Shared by the worker and the inbox, so both write and read one
 * shape; the inbox fetches this module only when a conversation opens or such a request arrives.
 */
import type { AuthApi, AuthSession } from './auth-api.js';
import { INBOX_WORKER_SCOPE } from './inbox-worker.js';
import type { InboxState } from './inbox-state.js';

/** What opening a conversation needs of the inbox (`InboxController`). */
export interface OpeningInbox {
  /** A request kept until signed in. */
  pendingOpen: unknown;
  readonly state: Readonly<Pick<InboxState, 'me' | 'session'>>;
  readonly api: unknown;
  readonly conversation: { open(id: string): Promise<void> };
  auth(): Promise<Pick<AuthApi, 'switchSite'>>;
  signInSession(session: AuthSession): Promise<unknown>;
  set(patch: Pick<InboxState, 'dialog'>): void;
  focus(selector: string): void;
  fail(error: unknown): void;
}

/** The `type` of the message the service worker posts to an open inbox window. */
export const OPEN_CONVERSATION = 'parley.open-conversation';

/** What to open: a conversation, on a site when the notification said which. */
export interface OpenConversation {
  readonly type: typeof OPEN_CONVERSATION;
  readonly conversationId: string;
  readonly siteId?: string;
}

/** Ids as the relay makes them: at most 64 of `[A-Za-z0-9_-]`. Anything else is not ours and is ignored. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The fragment of the inbox's address that opens `target`. */
export function openConversationHash(target: OpenConversation): string {
  const params = new URLSearchParams({ conversation: target.conversationId });
  if (target.siteId !== undefined) params.set('site', target.siteId);
  return `#${params}`;
}

/**
 * Puts the open conversation in the address (with `hash`): its fragment replaces the page's in this history entry,
 * so Back leaves the inbox as it did, not one conversation at a time; and closes its notifications (see
 * {@link clearNotifications}).
 */
export function showConversation(conversationId: string, siteId: string | undefined): void {
  const hash = openConversationHash({
    type: OPEN_CONVERSATION,
    conversationId,
    ...(siteId !== undefined && { siteId }),
  });
  if (location.hash !== hash) history.replaceState(history.state, '', hash);
  // Opened is read: its notifications go.
  clearNotifications(conversationId).catch(() => undefined);
}

/** The tag of the quiet notification the worker shows in place of the last ones a read elsewhere closed. */
export const READ_ELSEWHERE_TAG = 'parley-read-elsewhere';

/**
 * The `type` of the message the inbox posts to its service worker when a conversation was read: the worker closes
 * its notifications about it. The worker alone shows, lists and closes notifications, one at a time (admin-sw.ts).
 */
export const CLEAR_NOTIFICATIONS = 'parley.clear-notifications';

/** A conversation read, up to message `readBy` when a colleague or another device read it (see {@link closedByRead}). */
export interface ClearNotifications {
  readonly type: typeof CLEAR_NOTIFICATIONS;
  readonly conversationId: string;
  readonly readBy?: number;
}

/**
 * Has the inbox's service worker close the notifications it shows about a conversation (its messages and its
 * mentions), once it is read, and the quiet one that said conversations were read elsewhere. They are the
 * origin's, not a tab's: whichever tab or installed window reads it clears them all. `readBy`: a colleague (or this
 * member on another device) read it up to that message, as the live connection heard: only its messages'
 * notifications up to there go (a mention is its member's to read).
 */
export async function clearNotifications(conversationId: string, readBy?: number): Promise<void> {
  const registration = await navigator.serviceWorker?.getRegistration(INBOX_WORKER_SCOPE);
  const request: ClearNotifications = {
    type: CLEAR_NOTIFICATIONS,
    conversationId,
    ...(readBy !== undefined && { readBy }),
  };
  registration?.active?.postMessage(request);
}

/** `data` if it is a {@link ClearNotifications} with a well-formed id (a posted message is checked, never trusted). */
export function clearRequestFrom(data: unknown): ClearNotifications | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { type, conversationId, readBy } = data as Record<string, unknown>;
  if (type !== CLEAR_NOTIFICATIONS || typeof conversationId !== 'string' || !ID.test(conversationId)) return undefined;
  if (readBy !== undefined && !Number.isSafeInteger(readBy)) return undefined;
  return { type: CLEAR_NOTIFICATIONS, conversationId, ...(readBy !== undefined && { readBy: readBy as number }) };
}

/** Whether `request` closes `notification`: its conversation's, read far enough; and the quiet stand-in always. */
export function closedByRead(
  notification: Pick<Notification, 'tag' | 'data'>,
  { conversationId, readBy }: ClearNotifications,
): boolean {
  if (notification.tag === READ_ELSEWHERE_TAG) return true;
  const data = notification.data as { conversationId?: unknown; seq?: unknown } | null;
  if (data?.conversationId !== conversationId) return false;
  return (
    readBy === undefined ||
    (notification.tag.startsWith('conversation:') && !(typeof data.seq === 'number' && data.seq > readBy))
  );
}

/** The conversation a fragment (`location.hash`) asks to open, or undefined when it asks for none or is malformed. */
export function conversationFromHash(hash: string): OpenConversation | undefined {
  if (!hash.startsWith('#conversation=')) return undefined;
  const params = new URLSearchParams(hash.slice(1));
  return conversationFrom({
    type: OPEN_CONVERSATION,
    conversationId: params.get('conversation'),
    siteId: params.get('site') ?? undefined,
  });
}

/** `data` if it is an {@link OpenConversation} with well-formed ids (a posted message is checked, never trusted). */
export function conversationFrom(data: unknown): OpenConversation | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { type, conversationId, siteId } = data as Record<string, unknown>;
  if (type !== OPEN_CONVERSATION || typeof conversationId !== 'string' || !ID.test(conversationId)) return undefined;
  if (siteId !== undefined && (typeof siteId !== 'string' || !ID.test(siteId))) return undefined;
  return { type: OPEN_CONVERSATION, conversationId, ...(siteId !== undefined && { siteId }) };
}

/**
 * Opens the conversation `request` asks for (a fragment, or what the worker posted): once signed in, on its site
 * (switching to it when the account belongs there), whatever page or dialog is shown, with the composer focused.
 * A malformed request, or a site the account is not on, changes nothing.
 */
export async function openConversation(inbox: OpeningInbox, request: unknown): Promise<void> {
  const target = typeof request === 'string' ? conversationFromHash(request) : conversationFrom(request);
  if (!target) return;
  if (!inbox.state.me || !inbox.api) {
    inbox.pendingOpen = target;
    return;
  }
  const session = inbox.state.session;
  try {
    if (target.siteId !== undefined && session && target.siteId !== session.site.id) {
      if (!session.sites.some((site) => site.id === target.siteId)) return;
      // Opened once the inbox has started again on that site (without its site: one switch, never a loop).
      inbox.pendingOpen = { type: target.type, conversationId: target.conversationId };
      await inbox.signInSession(await (await inbox.auth()).switchSite(target.siteId));
      return;
    }
    inbox.set({ dialog: undefined });
    // Opening it puts its own address in place of the page's (`#settings/team`).
    await inbox.conversation.open(target.conversationId);
    inbox.focus('#composer-input');
  } catch (error) {
    inbox.fail(error);
  }
}
