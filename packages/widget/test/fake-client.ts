import { type EmailSavedFrame, type Message, type TranscriptQueuedFrame, type WelcomeFrame } from '@parley/protocol';
import type { AttachHost, Prepare } from '@parley/sdk/attachments';
import { mayEdit } from '@parley/sdk/staff';
import type { ConnectionState, LocalMessage, ParleyEvents } from '@parley/sdk';
import type { AdminClient } from '../src/chat-admin/chat-admin.js';
import type { ChatClient } from '../src/index.js';

type Listener = (payload: never) => void;

/** The events half of a fake client: `on` as the SDK's clients have it, and `emit` for the test. */
export class FakeEvents {
  #listeners = new Map<string, Set<Listener>>();

  on<K extends keyof ParleyEvents>(type: K, listener: (payload: ParleyEvents[K]) => void): () => void {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  }
  emit<K extends keyof ParleyEvents>(type: K, payload: ParleyEvents[K]): void {
    for (const listener of this.#listeners.get(type) ?? []) (listener as (p: ParleyEvents[K]) => void)(payload);
  }
  listenerCount(): number {
    let n = 0;
    for (const set of this.#listeners.values()) n += set.size;
    return n;
  }
}

/** A stand-in for ParleyClient: records what the widget asks for and lets a test emit events. */
export class FakeClient extends FakeEvents implements ChatClient {
  state: ConnectionState = 'open';
  storageKind: 'indexeddb' | 'memory' = 'indexeddb';
  conversationId: string | undefined = 'c1';
  staffOnline = 1;
  unreadCount = 0;
  leader = true;
  timeline: LocalMessage[] = [];
  sent: string[] = [];
  /** The options of each `send`, in order (a rating, for one). */
  sentOptions: Array<Parameters<ChatClient['send']>[1]> = [];
  typingCalls = 0;
  readCalls = 0;
  openCalls: boolean[] = [];
  earlier: LocalMessage[] = [];
  connected = 0;
  /** What the relay said: set `protocol: 'parley.v3'` and `attachments` to let the visitor attach. */
  welcome: ChatClient['welcome'] = undefined;
  get canAttach(): boolean {
    return this.welcome?.protocol === 'parley.v3' && !!this.welcome.attachments;
  }
  /** The hook `Attachments` plugged in, for a test to run as the outbox would. */
  prepare: Parameters<ChatClient['attach']>[0] | undefined;
  attach(prepare: Parameters<ChatClient['attach']>[0]): ReturnType<ChatClient['attach']> {
    this.prepare = prepare;
    return {
      uploadUrl: 'https://relay.test/v1/attachments',
      token: () => 'vt_test',
      status: (message, previous) => this.emit('messageStatus', { message, previous }),
    };
  }
  connect(): void {
    this.connected++;
  }
  async send(text: string, options?: Parameters<ChatClient['send']>[1]): Promise<LocalMessage> {
    this.sent.push(text);
    this.sentOptions.push(options);
    const message = this.#mine(text, options?.rating);
    if (options?.files) message.files = options.files;
    return message;
  }
  /** Our message as the real client shows it at once: in the timeline, `sending` or `queued`. */
  #mine(text: string, rating: LocalMessage['rating']): LocalMessage {
    const message = mine(text, this.state === 'open' ? 'sending' : 'queued', this.timeline.length + 1);
    if (rating) message.rating = rating;
    this.timeline.push(message);
    this.emit('message', message);
    return message;
  }
  /** Each `rate` call, in order. */
  rated: Array<{ seq: number; score: number; comment: string | undefined }> = [];
  async rate(seq: number, score: number, comment?: string): Promise<LocalMessage> {
    this.rated.push({ seq, score, comment });
    return this.#mine(`${score}/5`, { seq, score });
  }
  /** Each `choose` call, in order: the button chosen, by the message's seq and the button's id. */
  chosen: Array<{ seq: number; id: string; label: string }> = [];
  async choose(seq: number, id: string, label: string): Promise<LocalMessage> {
    this.chosen.push({ seq, id, label });
    const message = this.#mine(label, undefined);
    message.reply = { seq, id };
    return message;
  }
  messages(): readonly LocalMessage[] {
    return this.timeline;
  }
  loadEarlierCalls = 0;
  async loadEarlier(): Promise<{ messages: LocalMessage[]; hasMore: boolean }> {
    this.loadEarlierCalls++;
    this.timeline.unshift(...this.earlier);
    return { messages: this.earlier, hasMore: false };
  }
  typing(): void {
    this.typingCalls++;
  }
  stopTyping(): void {}
  markRead(): void {
    this.readCalls++;
  }
  updateContext(): void {}
  setOpen(open: boolean): void {
    this.openCalls.push(open);
  }
  close(): void {
    this.state = 'closed';
  }
  /** What `requestTranscript` answers: the masked address, or an error code to reject with. */
  transcript: { emailMasked: string } | { code: string } = { emailMasked: 'a***@ex***.com' };
  transcriptCalls = 0;
  async requestTranscript(): Promise<TranscriptQueuedFrame> {
    this.transcriptCalls++;
    const answer = this.transcript;
    if ('code' in answer) throw Object.assign(new Error(answer.code), { code: answer.code });
    return { type: 'transcript', ref: `t${this.transcriptCalls}`, ...answer };
  }
  /** What `saveEmail` answers: an error code to reject with, or (undefined) the address masked. */
  emailRefusal: string | undefined = undefined;
  /** The emails given, in order. */
  saved: string[] = [];
  async saveEmail(email: string): Promise<EmailSavedFrame> {
    this.saved.push(email);
    const code = this.emailRefusal;
    if (code) throw Object.assign(new Error(code), { code });
    return { type: 'email', ref: `e${this.saved.length}`, emailMasked: `${email[0]}***@ex***.com` };
  }
}

export function mine(text: string, status: LocalMessage['status'], seq?: number): LocalMessage {
  return {
    clientId: `m${Math.random().toString(36).slice(2)}`,
    conversationId: 'c1',
    seq,
    ts: Date.now(),
    author: { role: 'visitor', id: 'v1' },
    text,
    kind: 'text',
    status,
    mine: true,
  };
}

export function theirs(text: string, seq: number, name = 'Anna'): LocalMessage {
  return {
    clientId: `s${seq}`,
    conversationId: 'c1',
    seq,
    id: `id${seq}`,
    ts: Date.now(),
    author: { role: 'staff', id: 'st1', name },
    text,
    kind: 'text',
    status: 'sent',
    mine: false,
  };
}

/**
 * A stand-in for StaffClient: records what `<chat-admin>` asks for, lets a test emit events, and keeps a
 * timeline per conversation as the real client does (stored by seq, then ours on their way), which `message`
 * events and `addHistory` feed.
 */
export class FakeStaffClient extends FakeEvents implements AdminClient {
  state: ConnectionState = 'open';
  leader = true;
  sent: {
    text: string;
    conversationId?: string;
    note?: boolean;
    buttons?: Array<{ label: string }>;
    files?: LocalMessage['files'];
  }[] = [];
  typingCalls: string[] = [];
  reads: [number | undefined, string | undefined][] = [];
  closed = false;
  /** Times `connect` was called. */
  connected = 0;
  #n = 0;
  #timeline = new Map<string, LocalMessage[]>();
  #earlier = new Map<string, boolean>();

  /** The last welcome emitted (`Attachments` reads the site's file limits from it). */
  welcome: WelcomeFrame | undefined;
  conversationId: string | undefined;
  /** The relay's upload route and the staff token `Attachments` is given. */
  host: AttachHost = {
    uploadUrl: 'https://relay.test/v1/attachments',
    token: () => 'st_test_token_0123456789',
    status: (message, previous) => this.emit('messageStatus', { message, previous }),
  };
  /** What `Attachments` plugged in (it uploads a message's files before it is sent). */
  prepare: Prepare | undefined;
  attach(prepare: Prepare): AttachHost {
    this.prepare = prepare;
    return this.host;
  }

  connect(): void {
    this.connected++;
  }
  async send(
    text: string,
    options: {
      conversationId?: string;
      note?: boolean;
      buttons?: Array<{ label: string }>;
      files?: LocalMessage['files'];
      clientId?: string;
    } = {},
  ): Promise<LocalMessage> {
    this.sent.push({ text, ...options });
    const message: LocalMessage = {
      clientId: options.clientId ?? `mine_${++this.#n}`,
      ts: Date.now(),
      author: { role: 'staff', id: 'staff_1', name: 'Ada' },
      text,
      kind: options.note ? 'note' : 'text',
      status: 'queued',
      mine: true,
      ...(options.conversationId && { conversationId: options.conversationId }),
      ...(options.files && { files: options.files }),
    };
    this.emit('message', message);
    return message;
  }
  typing(conversationId?: string): void {
    this.typingCalls.push(conversationId ?? '');
  }
  stopTyping(): void {}
  markRead(seq?: number, conversationId?: string): void {
    this.reads.push([seq, conversationId]);
  }
  close(): void {
    this.closed = true;
    this.state = 'closed';
  }
  messages(conversationId?: string): readonly LocalMessage[] {
    const list = this.#timeline.get(conversationId ?? '') ?? [];
    const stored = list.filter((m) => m.seq !== undefined).sort((a, b) => a.seq! - b.seq!);
    return [...stored, ...list.filter((m) => m.seq === undefined)];
  }
  async addHistory(
    conversationId: string,
    page: { messages: readonly Message[]; hasMore: boolean },
  ): Promise<LocalMessage[]> {
    const oldest = this.messages(conversationId).find((m) => m.seq !== undefined)?.seq;
    const held = page.messages.map((m) => this.#hold({ ...m, status: 'sent', mine: false }, false));
    const first = page.messages[0]?.seq;
    if (oldest === undefined || (first !== undefined && first <= oldest) || !this.#earlier.has(conversationId))
      this.#earlier.set(conversationId, page.hasMore);
    return held;
  }
  hasEarlier(conversationId: string): boolean | undefined {
    return this.#earlier.get(conversationId);
  }
  /** Each edit (`text`) and delete (`null`) asked, in order. */
  edits: Array<{ id: string | undefined; text: string | null }> = [];
  /** An error code to refuse the next edit or delete with (as the relay would), or none. */
  refuseEdit: string | undefined;
  canEdit(message: LocalMessage, now = Date.now()): boolean {
    return mayEdit(message, now);
  }
  async editMessage(message: Pick<LocalMessage, 'id' | 'conversationId'>, text: string): Promise<LocalMessage> {
    return this.#change(message, text);
  }
  async deleteMessage(message: Pick<LocalMessage, 'id' | 'conversationId'>): Promise<LocalMessage> {
    return this.#change(message, null);
  }
  /** As the relay and the real client: refused with the code set, or the message held changed and told. */
  async #change(message: Pick<LocalMessage, 'id' | 'conversationId'>, text: string | null): Promise<LocalMessage> {
    this.edits.push({ id: message.id, text });
    const refusal = this.refuseEdit;
    this.refuseEdit = undefined;
    if (refusal) throw Object.assign(new Error(`Refused: ${refusal}`), { code: refusal });
    const held = this.messages(message.conversationId).find((each) => each.id === message.id)!;
    Object.assign(held, { text: text ?? '', editedAt: Date.now(), ...(text === null && { deleted: true }) });
    this.emit('messageUpdate', held);
    return held;
  }
  /** As the real client: a message is in the timeline before listeners hear of it. */
  override emit<K extends keyof ParleyEvents>(type: K, payload: ParleyEvents[K]): void {
    if (type === 'message') this.#hold(payload as LocalMessage);
    if (type === 'welcome') this.welcome = payload as WelcomeFrame;
    super.emit(type, payload);
  }

  /** Adds a message, or updates the one held with its clientId (history leaves it as it is). */
  #hold(message: LocalMessage, update = true): LocalMessage {
    const id = message.conversationId ?? '';
    let list = this.#timeline.get(id);
    if (!list) this.#timeline.set(id, (list = []));
    const held = list.find((m) => m.clientId === message.clientId);
    if (held) return update ? Object.assign(held, message) : held;
    list.push(message);
    return message;
  }
}
