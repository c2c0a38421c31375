import { SUBPROTOCOL_V3, findMentions } from '@parley/protocol';
import type { LocalMessage } from '@parley/sdk';
import type { AdminClient } from './admin-client.js';
import { chatAdminEvent } from './admin-events.js';
import type { AdminConversation, CannedResponse } from './admin-types.js';
import type { ConversationList } from './inbox-list.js';
import type { InboxFiles } from './inbox-files.js';
import { matchesFilters, withReadMark, type InboxSession } from './inbox-state.js';
import type { Notifier, NotifyKind } from './notifier.js';

const NOTICE_MS = 8000;

/** Saved replies in the order the composer and the Saved replies page list them. */
function byShortcut(canned: CannedResponse[]): CannedResponse[] {
  return [...canned].sort((a, b) => a.shortcut.localeCompare(b.shortcut));
}

/** What {@link LiveEvents} needs of the inbox: what a part of it may use, and the list and notifier. */
export interface LiveInbox extends InboxSession {
  readonly host: InboxSession['host'] & EventTarget & { notifier: Notifier };
  readonly list: ConversationList;
  readonly conversation: { open(id: string): Promise<void>; markRead(): void; reloadNewest(id: string): Promise<void> };
  files: InboxFiles | undefined;
  signOut(reason: 'refused'): void;
}

/**
 * The inbox's live connection (a `StaffClient`) and what its events change: new messages and conversations in the
 * list, typing, read marks, presence, escalations, mentions of me, saved replies; each worth it is a notification (sound, desktop)
 * and an in-page notice.
 */
export class LiveEvents {
  readonly #inbox: LiveInbox;
  #client: AdminClient | undefined;
  /** The client being made (its code coming), until it is followed or given up. */
  #making: Promise<AdminClient> | undefined;
  #unsubscribe: (() => void)[] = [];
  #welcomed = false;
  #noticeId = 0;
  /** Conversations whose escalation was announced (a later frame of an overdue conversation says nothing). */
  readonly #overdueTold = new Set<string>();

  constructor(inbox: LiveInbox) {
    this.#inbox = inbox;
  }

  /** The live connection, while signed in. */
  get client(): AdminClient | undefined {
    return this.#client;
  }

  /**
   * Connects the client made for the signed-in member (or, when its code is still coming, once it is made) and
   * follows its events. A client made after a sign-out or another sign-in is closed unused.
   */
  connect(made: AdminClient | Promise<AdminClient>): void {
    this.disconnect();
    if (!(made instanceof Promise)) return this.#follow(made);
    const making = made;
    this.#making = making;
    making.then(
      (client) => (this.#making === making ? this.#follow(client) : client.close()),
      (error: unknown) => this.#making === making && this.#inbox.fail(error),
    );
  }

  #follow(client: AdminClient): void {
    this.#making = undefined;
    const inbox = this.#inbox;
    const list = inbox.list;
    this.#client = client;
    this.#welcomed = false;
    this.#unsubscribe = [
      client.on('stateChange', ({ current }) => inbox.set({ connection: current })),
      client.on('welcome', ({ attachments, protocol }) => {
        inbox.set({ uploads: attachments });
        // Files (protocol 3): their code, the SDK's `Attachments` included, comes in a chunk of its own.
        if (protocol === SUBPROTOCOL_V3 && !inbox.files)
          void import('./inbox-files.js').then(({ InboxFiles }) => {
            if (this.#client !== client) return;
            inbox.files ??= new InboxFiles(inbox, client);
            inbox.changed();
          });
        // After a reconnect, what changed meanwhile: the list, the saved replies, and the open conversation's
        // newest page.
        if (this.#welcomed) {
          list.refreshSoon();
          void inbox.api?.cannedResponses().then(
            (canned) => this.#client === client && inbox.set({ canned: byShortcut(canned) }),
            () => undefined,
          );
          const id = inbox.state.current?.id;
          if (id) void inbox.conversation.reloadNewest(id);
        }
        this.#welcomed = true;
      }),
      client.on('message', (message) => this.#onMessage(message)),
      client.on('messageStatus', () => inbox.changed()),
      client.on('messageUpdate', () => inbox.changed()),
      client.on('typing', ({ conversationId, author, active }) => {
        if (author.role !== 'visitor') return;
        const typing = new Map(inbox.state.typing);
        if (active) typing.set(conversationId, list.visitorName(conversationId));
        else typing.delete(conversationId);
        inbox.set({ typing });
      }),
      client.on('read', ({ conversationId, seq, by }) => {
        // Read by staff, here or on any device: its notifications on this one go (issue #43).
        if (by === 'staff') {
          import('./open-conversation.js')
            .then((open) => open.clearNotifications(conversationId, seq))
            .catch(() => undefined);
          return;
        }
        list.updateItem(conversationId, (item) => ({ ...item, visitorReadSeq: Math.max(item.visitorReadSeq, seq) }));
      }),
      client.on('presence', (change) => {
        if (!('conversationId' in change)) return;
        const { conversationId, visitorOnline } = change;
        const before = list.find(conversationId);
        list.updateItem(conversationId, (item) => ({ ...item, visitor: { ...item.visitor, online: visitorOnline } }));
        if (visitorOnline && before && !before.visitor.online) {
          this.#notify('visitor', conversationId, inbox.strings.visitorConnected(list.nameOf(before)), '');
        }
      }),
      client.on('conversation', (conversation) => this.#onConversation(conversation)),
      // A saved reply created, changed or deleted by anyone: the composer's `/` list follows.
      client.on('canned', ({ response, deleted }) => {
        const id = response?.id ?? deleted;
        const rest = inbox.state.canned.filter((canned) => canned.id !== id);
        inbox.set({ canned: response ? byShortcut([...rest, response]) : rest });
      }),
      // A contact edited anywhere (another inbox, the API): the visitor panel and the Contacts page read it again.
      client.on('contact', ({ contactId }) => {
        const changes = new Map(inbox.state.contactChanges);
        changes.set(contactId, (changes.get(contactId) ?? 0) + 1);
        inbox.set({ contactChanges: changes });
      }),
      client.on('error', ({ code, fatal }) => {
        if (fatal && (code === 'unauthorized' || code === 'revoked' || code === 'token_expired')) {
          inbox.signOut('refused');
          inbox.set({ signInError: inbox.strings.badToken });
        }
      }),
    ];
    inbox.set({ connection: client.state });
    client.connect();
    // A conversation opened before the client came (a link to it, a quick click) gets its history now.
    const open = inbox.state.current?.id;
    if (open && client.hasEarlier(open) === undefined) void inbox.conversation.reloadNewest(open);
  }

  /** Closes the connection, and the inbox's files with it. */
  disconnect(): void {
    this.#making = undefined;
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    this.#client?.close();
    this.#client = undefined;
    this.#inbox.files?.close();
    this.#inbox.files = undefined;
    this.#inbox.list.stop();
    this.#inbox.set({ connection: 'idle', uploads: undefined, pendingFiles: [] });
  }

  #onMessage(message: LocalMessage): void {
    const inbox = this.#inbox;
    const list = inbox.list;
    const id = message.conversationId;
    if (!id) return;
    if (message.seq === undefined) return inbox.changed(); // ours, just queued: the thread shows it
    // A message moved by a merge (`origin`) was read or not where it was written: it is not new, and says nothing
    // (it raised a "New message" toast and sound for each moved message).
    const moved = message.origin !== undefined;
    const fromVisitor = message.author.role === 'visitor' && !moved;
    // A message with only files is announced by its first file's name.
    const file = message.attachments?.[0];
    const text = message.text || (file ? `📎 ${file.name}` : '');
    const { current, page } = inbox.state;
    const viewing = current?.id === id && page === 'inbox' && !document.hidden;
    const known = list.find(id);
    if (known) {
      list.updateItem(id, (item) => ({
        ...item,
        lastSeq: Math.max(item.lastSeq, message.seq!),
        lastMessage: {
          seq: message.seq!,
          text: message.text,
          ts: message.ts,
          authorRole: message.author.role,
          authorId: message.author.id,
          ...(message.author.name ? { authorName: message.author.name } : {}),
        },
        unread: fromVisitor && !viewing ? item.unread + 1 : item.unread,
        updatedAt: message.ts,
      }));
      // Newest activity first.
      list.raise(id);
      if (fromVisitor && message.kind !== 'note') {
        if (viewing) inbox.conversation.markRead();
        else this.#notify('message', id, inbox.strings.newMessage(list.nameOf(known)), text);
      }
      if (!moved && this.#mentionsMe(message)) {
        if (viewing) void this.readMentions(id);
        else this.#notify('message', id, inbox.strings.mentioned(message.author.name ?? ''), text);
      }
    } else if (fromVisitor && inbox.api) {
      void inbox.api.conversation(id).then(
        (conversation) => {
          const isNew = message.seq === 1 || conversation.lastSeq <= 1;
          const who = list.nameOf(conversation);
          if (isNew) this.#notify('conversation', id, inbox.strings.newConversation(who), text);
          else this.#notify('message', id, inbox.strings.newMessage(who), text);
          if (matchesFilters(inbox.state, conversation) && !inbox.state.items.some((item) => item.id === id)) {
            list.prepend(conversation);
          }
        },
        () => undefined,
      );
    }
    inbox.changed();
    list.refreshSoon();
  }

  /** A colleague's note that names me (the relay records it with the same rule, for the mentions view). */
  #mentionsMe(message: LocalMessage): boolean {
    const { me, staff } = this.#inbox.state;
    if (!me || message.kind !== 'note' || message.author.id === me.id) return false;
    // Agents cannot list the team: they match against their own name alone (`@Ana Lima` then also reads as a
    // mention of an `Ana`; the relay, which knows everyone, records only Ana Lima's).
    const members = staff.some((each) => each.id === me.id) ? staff : [...staff, me];
    return findMentions(message.text, members).includes(me.id);
  }

  /** Marks my mentions in a conversation read, when there are some to mark; the counts follow. */
  async readMentions(id: string): Promise<void> {
    const api = this.#inbox.api;
    if (this.#inbox.state.counts.mentions === 0 || !api) return;
    try {
      if ((await api.readMentions(id)).read > 0) this.#inbox.list.refreshSoon();
    } catch {
      // Read again when it is next opened.
    }
  }

  /** A conversation was created or changed elsewhere (another staff member, the relay). */
  #onConversation(conversation: AdminConversation): void {
    const inbox = this.#inbox;
    const list = inbox.list;
    const before = list.find(conversation.id);
    // An escalation (the first-reply deadline passed): said once in the page's live region.
    if (conversation.overdue && !before?.overdue && !this.#overdueTold.has(conversation.id)) {
      this.#overdueTold.add(conversation.id);
      this.#notice(inbox.strings.overdueNotice(list.nameOf(conversation)), conversation.id);
    }
    if (before) list.replace(conversation);
    else if (matchesFilters(inbox.state, conversation)) list.prepend(withReadMark(conversation, inbox.readUpTo));
    list.refreshSoon();
  }

  #notify(kind: NotifyKind, conversationId: string, title: string, body: string): void {
    const inbox = this.#inbox;
    const channels = inbox.host.notifier.notify(kind, title, body, {
      leader: this.#client?.leader ?? true,
      tag: `${kind}:${conversationId}`,
      onClick: () => void inbox.conversation.open(conversationId),
    });
    this.#notice(title, conversationId);
    inbox.host.dispatchEvent(chatAdminEvent('chat-admin-notify', { kind, conversationId, text: title, channels }));
  }

  /** An in-page notice (the shell's `role="status"` region) for a few seconds; a click opens the conversation. */
  #notice(text: string, conversationId: string): void {
    const inbox = this.#inbox;
    const id = ++this.#noticeId;
    inbox.set({ notices: [...inbox.state.notices.slice(-3), { id, text, conversationId }] });
    setTimeout(() => inbox.set({ notices: inbox.state.notices.filter((notice) => notice.id !== id) }), NOTICE_MS);
  }
}
