import {
  SUBPROTOCOL_V1,
  SUBPROTOCOL_V2,
  SUBPROTOCOL_V3,
  EDIT_WINDOW_MS,
  decodeServerFrame,
  type Author,
  type DecodeResult,
  type HelloFrame,
  type Message,
  type MessageUpdateFrame,
  type ServerFrame,
} from '@parley/protocol';
import { ParleyClient } from './client.js';
import { createId } from './ids.js';
import { AttachPoint, mayAttach, type AttachHost, type Prepare } from './attachments/attach-point.js';
import type {
  ClientOptions,
  ConversationSummary,
  LoadEarlierOptions,
  LocalMessage,
  ParleyClientOptions,
  StaffClientOptions,
  StaffSendOptions,
} from './types.js';

/** A short, stable, non-secret fingerprint, so a staff token can namespace storage without being stored. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

/**
 * The rule behind {@link StaffClient.canEdit}, for a client that holds messages of its own (a test's fake): the
 * staff member's own stored message or note, not deleted, without files, younger than `EDIT_WINDOW_MS` at `now`.
 */
export function mayEdit(message: LocalMessage, now: number): boolean {
  return (
    message.mine &&
    message.id !== undefined &&
    message.kind !== 'broadcast' &&
    !message.deleted &&
    !message.attachments?.length &&
    now - message.ts < EDIT_WINDOW_MS
  );
}

/** A stored message's id and conversation, or a TypeError for one not stored yet. */
function stored({ id, conversationId }: Pick<LocalMessage, 'id' | 'conversationId'>): [string, string] {
  if (id === undefined || conversationId === undefined)
    throw new TypeError('StaffClient: only a stored message (with an id) can be edited or deleted.');
  return [id, conversationId];
}

/**
 * The Parley client for staff (or a bot acting as staff): every conversation of the site, in browsers and in
 * Node. It is a {@link ParleyClient} (the same outbox, timeline, receipts, typing and tabs) that signs in with an
 * API token, or with the relay's session cookie in the inbox (no `token`), and adds what an inbox needs: `conversations()` with unread counts and visitor presence,
 * `conversation` events when a conversation changes, replies and private notes to any conversation, and a
 * token refresh. Staff name the conversation on `send`, `typing`, `markRead`, `messages` and `loadEarlier`. An
 * inbox that fetches history elsewhere (the admin API) hands the pages to `addHistory`, so this client stays the
 * one timeline: ordered by sequence, deduplicated, with its own pending messages.
 *
 * It lives in its own entry, `@parley/sdk/staff`, so that visitors' pages never download it.
 *
 * @example
 * import { StaffClient } from '@parley/sdk/staff';
 *
 * const staff = new StaffClient({ url: 'wss://relay.example.com/v1/ws', token: process.env.PARLEY_STAFF_TOKEN });
 * staff.on('message', (message) => renderInbox(staff.conversations()));
 * staff.connect();
 * await staff.send('On it!', { conversationId: 'c_…' });
 */
export class StaffClient extends ParleyClient {
  #token: string | undefined;
  readonly #refreshToken: (() => Promise<string>) | undefined;
  /** Visitor presence per conversation, as the relay reported it. */
  readonly #visitorOnline = new Map<string, boolean>();
  /** Per conversation: whether stored messages older than the oldest held exist, as the last page said. */
  readonly #earlier = new Map<string, boolean>();

  /** @param options - see {@link StaffClientOptions}. */
  constructor(options: StaffClientOptions) {
    if (options.token === '')
      throw new TypeError('StaffClient: `token` is empty (leave it out to use the session cookie).');
    const storageKey =
      options.storageKey ?? `${options.url}|staff:${options.token ? fingerprint(options.token) : 'session'}`;
    // ParleyClient reads the visitor's options only where this class overrides it (role, credentials, me).
    // Protocol 2 first: staff see the bot's messages as the bot's, with their buttons.
    super({
      ...options,
      storageKey,
      subprotocols: [SUBPROTOCOL_V3, SUBPROTOCOL_V2, SUBPROTOCOL_V1],
    } as ClientOptions as ParleyClientOptions);
    this.#token = options.token;
    this.#refreshToken = options.refreshToken;
    this.#url = options.url;
  }

  readonly #url: string;
  readonly #attach = new AttachPoint({
    url: () => this.#url,
    token: () => this.#token,
    status: (message, previous) => this.emit('messageStatus', { message, previous }),
  });
  protected override prepare = this.#attach.prepare;

  /** Whether staff may attach files: the relay speaks protocol 3 and the site accepts files (`welcome.attachments`). */
  get canAttach(): boolean {
    return mayAttach(this.welcome);
  }

  /** Plugs an `Attachments` in (it calls this itself); records with files wait in the outbox until one is. */
  attach(prepare: Prepare): AttachHost {
    return this.#attach.plug(prepare);
  }

  /** Always `staff`. */
  override get role(): 'staff' {
    return 'staff';
  }

  /**
   * Queues a reply, or a private note with `note: true`, in the conversation named (see
   * {@link ParleyClient.send}).
   *
   * @throws TypeError when the text is empty or too long, or when `conversationId` is missing.
   */
  override async send(text: string, options: StaffSendOptions): Promise<LocalMessage> {
    if (!options?.conversationId) throw new TypeError('StaffClient.send: pass `conversationId`.');
    return super.send(text, options);
  }

  /**
   * Whether this staff member may still edit or delete `message` (protocol 3): their own stored message or note,
   * not deleted, without files, sent less than `EDIT_WINDOW_MS` (15 minutes) before `now`. The relay decides again.
   */
  canEdit(message: LocalMessage, now = Date.now()): boolean {
    return mayEdit(message, now);
  }

  /**
   * Replaces the text of one of this staff member's messages (see {@link canEdit}). Resolves with the message held,
   * changed (a `messageUpdate` event tells listeners), once the relay stored the change; rejects with an `Error`
   * whose `code` says why nothing changed: `forbidden` (not theirs), `edit_window_closed`, `conflict` (deleted, or
   * with files), `not_found`, `bad_frame` (an empty or too long text).
   *
   * @throws TypeError when the message is not stored yet (no `id`).
   * @example
   * await staff.editMessage(message, 'It ships tomorrow.');
   */
  async editMessage(message: Pick<LocalMessage, 'id' | 'conversationId'>, text: string): Promise<LocalMessage> {
    const [messageId, conversationId] = stored(message);
    return this.#updated(
      await this.request<MessageUpdateFrame>({ type: 'edit', ref: createId(), conversationId, messageId, text }),
    );
  }

  /**
   * Deletes one of this staff member's messages (see {@link canEdit}): its text becomes empty and it is marked
   * `deleted`, keeping its place. Resolves and rejects as {@link editMessage}.
   */
  async deleteMessage(message: Pick<LocalMessage, 'id' | 'conversationId'>): Promise<LocalMessage> {
    const [messageId, conversationId] = stored(message);
    return this.#updated(
      await this.request<MessageUpdateFrame>({ type: 'delete', ref: createId(), conversationId, messageId }),
    );
  }

  /**
   * Applies an `update` to the message held with its id, once: tells `messageUpdate` when it changed something (the
   * answer to an edit and its broadcast both come). Returns the message held, or the update's when none is.
   */
  #updated({ message }: Pick<MessageUpdateFrame, 'message'>): LocalMessage {
    const held = this.messages(message.conversationId).find((each) => each.id === message.id);
    if (!held) return { ...message, status: 'sent', mine: message.author.id === this.welcome?.staff?.id };
    if (held.editedAt !== message.editedAt || held.deleted !== message.deleted) {
      Object.assign(held, message);
      this.emit('messageUpdate', held);
    }
    return held;
  }

  /**
   * Takes in a page of a conversation's stored history fetched elsewhere (the admin API's messages, oldest
   * first): adds it to the timeline as `loadEarlier` does (no `message` events; a message held already is kept
   * once) and returns the messages as held. Messages of other conversations are ignored. `hasMore` says whether
   * older messages exist before the page; {@link StaffClient.hasEarlier} takes it when the page reaches back at
   * least to the oldest message held (a newer page, such as the newest one after a reconnect, leaves it).
   *
   * @example
   * const page = await api.messages(conversationId, { before: staff.messages(conversationId)[0]?.seq });
   * await staff.addHistory(conversationId, { messages: page.items, hasMore: page.hasMore });
   */
  async addHistory(
    conversationId: string,
    page: { messages: readonly Message[]; hasMore: boolean },
  ): Promise<LocalMessage[]> {
    const oldest = this.#oldestSeq(conversationId);
    const messages = page.messages.filter((message) => message.conversationId === conversationId);
    const held = await this.adopt(messages);
    this.#setEarlier(conversationId, oldest, messages[0]?.seq, page.hasMore);
    return held;
  }

  /**
   * Whether the conversation has stored messages older than the oldest one held, as the last page of history
   * taken in (by `addHistory` or `loadEarlier`) said; `undefined` until one has been.
   */
  hasEarlier(conversationId: string): boolean | undefined {
    return this.#earlier.get(conversationId);
  }

  /** See {@link ParleyClient.loadEarlier}; staff pass `conversationId`. Also keeps {@link StaffClient.hasEarlier}. */
  override async loadEarlier(
    options: LoadEarlierOptions = {},
  ): Promise<{ messages: LocalMessage[]; hasMore: boolean }> {
    const { conversationId } = options;
    const oldest = conversationId === undefined ? undefined : this.#oldestSeq(conversationId);
    const page = await super.loadEarlier(options);
    if (conversationId !== undefined) this.#setEarlier(conversationId, oldest, page.messages[0]?.seq, page.hasMore);
    return page;
  }

  /**
   * The conversations this client holds messages for, most recently active first: an inbox. Each summary has
   * the newest stored message, the unread count and whether the visitor is online (once presence said so).
   */
  conversations(): ConversationSummary[] {
    const summaries: ConversationSummary[] = [];
    for (const [conversationId, unread] of this.unread()) {
      const summary: ConversationSummary = { conversationId, unread };
      const lastMessage = this.messages(conversationId)
        .filter((message) => message.seq !== undefined)
        .at(-1);
      if (lastMessage) summary.lastMessage = lastMessage;
      const online = this.#visitorOnline.get(conversationId);
      if (online !== undefined) summary.visitorOnline = online;
      summaries.push(summary);
    }
    return summaries.sort((a, b) => (b.lastMessage?.ts ?? 0) - (a.lastMessage?.ts ?? 0));
  }

  #oldestSeq(conversationId: string): number | undefined {
    return this.messages(conversationId).find((message) => message.seq !== undefined)?.seq;
  }

  /** A page starting at `first` says what lies before it when it reaches back to the oldest held, `oldest`. */
  #setEarlier(conversationId: string, oldest: number | undefined, first: number | undefined, hasMore: boolean): void {
    const reachesBack = oldest === undefined || (first !== undefined && first <= oldest);
    if (reachesBack || !this.#earlier.has(conversationId)) this.#earlier.set(conversationId, hasMore);
  }

  protected override credentials(hello: HelloFrame): void {
    if (this.#token !== undefined) hello.staffToken = this.#token;
  }

  protected override me(): Author {
    const staff = this.welcome?.staff;
    return staff ? { role: 'staff', id: staff.id, name: staff.name } : { role: 'staff', id: '' };
  }

  protected override decode(data: string | ArrayBuffer | Uint8Array): DecodeResult<ServerFrame> {
    return decodeServerFrame(data);
  }

  protected override onFrame(frame: ServerFrame): void {
    if (frame.type === 'conversation') return this.emit('conversation', frame.conversation);
    if (frame.type === 'contact') return this.emit('contact', { contactId: frame.contactId });
    if (frame.type === 'update') return void this.#updated(frame);
    // Staff read a conversation on another connection (a colleague, or this member elsewhere): said as `read`.
    if (frame.type === 'read') return this.emit('read', frame);
    if (frame.type === 'canned') {
      const { response, deleted } = frame;
      return this.emit('canned', { ...(response && { response }), ...(deleted !== undefined && { deleted }) });
    }
    if (frame.type !== 'presence' || frame.conversationId === undefined || frame.visitorOnline === undefined) return;
    this.#visitorOnline.set(frame.conversationId, frame.visitorOnline);
    this.emit('presence', { conversationId: frame.conversationId, visitorOnline: frame.visitorOnline });
  }

  protected override refresh(): Promise<void> | undefined {
    return this.#refreshToken?.().then((token) => {
      this.#token = token;
    });
  }
}
