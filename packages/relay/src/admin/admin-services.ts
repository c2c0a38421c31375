import type { ConversationSummary, Message, ServerFrame } from '@parley/protocol';
import type { TemplatedApp, WebSocket } from 'uWebSockets.js';
import type { RelayContext } from '../context.js';
import type { AdminStore, ContactTouch, ConversationRecord } from '../store/admin-store.js';
import { topics } from '../topics.js';
import type { Connection } from '../ws/connection.js';
import { closeSocket } from '../ws/handlers.js';
import { BroadcastRunner } from './broadcasts.js';
import { EmailCipher } from './email-cipher.js';

/** How often queued contact touches are written, at most (ms). Reads flush first, so they never see stale data. */
const contactFlushMs = 200;

const attached = new WeakMap<RelayContext, AdminServices>();

/** The admin services attached to a relay context, if the relay runs the admin API. */
export function adminFor(ctx: RelayContext): AdminServices | undefined {
  return attached.get(ctx);
}

/**
 * The email as it may reach the message store: AES-256-GCM ciphertext under the relay's data key, or nothing
 * when no key is configured. A plaintext email never reaches the store.
 */
export function sealEmail(ctx: RelayContext, email: string | undefined): string | undefined {
  if (email === undefined || email.trim() === '') return undefined;
  return adminFor(ctx)?.cipher.encrypt(email);
}

/** Records a visitor's hello or page change for the admin panel (batched; never delays the connection). */
export function contactSeen(ctx: RelayContext, conn: Connection, email?: string): void {
  adminFor(ctx)?.contactSeen(conn, email);
}

/** Remembers a staff socket, so that revoking its token closes it (4014). */
export function staffSocketReady(ctx: RelayContext, ws: WebSocket<Connection>): void {
  adminFor(ctx)?.staffSocketReady(ws);
}

/** A stored message opened a new conversation: tell the site's staff (`conversation` frame). */
export function conversationCreated(ctx: RelayContext, message: Message, siteId: string): void {
  if (message.seq === 1) adminFor(ctx)?.publishConversation(siteId, message.conversationId);
}

/** Options for {@link AdminServices}. */
export interface AdminServicesOptions {
  readonly store: AdminStore;
  /** 32 bytes, base64: encrypts contact emails and keys their lookup hash. */
  readonly dataKey: string;
  /** Broadcast targets stored per background step. Default 500. */
  readonly broadcastBatch?: number;
}

/**
 * What the admin API keeps beside the message path: the admin store, the email cipher, the contact writer
 * (hellos and page changes, written in batches), who is online per site, staff sockets (for revocation) and
 * the broadcast runner. Built by `startRelay`, attached to the relay by `registerAdminApi`.
 */
export class AdminServices {
  readonly store: AdminStore;
  readonly cipher: EmailCipher;
  #ctx: RelayContext | undefined;
  #app: TemplatedApp | undefined;
  #touches = new Map<string, ContactTouch>();
  #flushTimer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  readonly #online = new Map<string, Map<string, string>>();
  readonly #staffSockets = new Map<string, Set<{ ws: WebSocket<Connection>; conn: Connection }>>();
  #broadcasts: BroadcastRunner | undefined;

  constructor(private readonly options: AdminServicesOptions) {
    this.store = options.store;
    this.cipher = new EmailCipher(options.dataKey);
  }

  /** Binds to the running relay (called once by `registerAdminApi`); resumes broadcasts left running. */
  attach(app: TemplatedApp, ctx: RelayContext): void {
    this.#app = app;
    this.#ctx = ctx;
    attached.set(ctx, this);
    this.#broadcasts = new BroadcastRunner(this, ctx, this.options.broadcastBatch ?? 500);
    this.#broadcasts.resume();
  }

  get ctx(): RelayContext {
    if (!this.#ctx) throw new Error('AdminServices: not attached');
    return this.#ctx;
  }

  get broadcasts(): BroadcastRunner {
    if (!this.#broadcasts) throw new Error('AdminServices: not attached');
    return this.#broadcasts;
  }

  /** True while a visitor connection of this conversation is open on this relay. */
  conversationOnline(conversationId: string): boolean {
    return (this.#app?.numSubscribers(topics.conversation(conversationId)) ?? 0) > 0;
  }

  /** Contacts of the site with an open visitor connection (contact id → conversation id). */
  onlineContacts(siteId: string): Map<string, string> {
    const site = this.#online.get(siteId) ?? new Map<string, string>();
    for (const [contactId, conversationId] of site)
      if (!this.conversationOnline(conversationId)) site.delete(contactId);
    return new Map(site);
  }

  contactSeen(conn: Connection, email?: string): void {
    if (conn.role !== 'visitor' || !conn.site || !conn.visitorId) return;
    const siteId = conn.site.id;
    let site = this.#online.get(siteId);
    if (!site) this.#online.set(siteId, (site = new Map()));
    if (conn.conversationId) site.set(conn.visitorId, conn.conversationId);
    const key = `${siteId}\0${conn.visitorId}`;
    const previous = this.#touches.get(key);
    const context = { ...conn.context, ...(conn.userAgent ? { userAgent: conn.userAgent.slice(0, 512) } : {}) };
    this.#touches.set(key, {
      siteId,
      contactId: conn.visitorId,
      name: conn.profile?.name ?? previous?.name,
      emailEnc: conn.profile?.email ?? previous?.emailEnc,
      emailHash: email === undefined || email.trim() === '' ? previous?.emailHash : this.cipher.hash(email),
      verified: conn.profile?.verified ?? false,
      conversationHint: conn.conversationId,
      context: Object.keys(context).length > 0 ? context : undefined,
      at: Date.now(),
    });
    this.#flushTimer ??= setTimeout(() => void this.flushContacts(), contactFlushMs);
  }

  /** Writes queued contact touches now; resolves once they (and any flush in progress) are stored. */
  flushContacts(): Promise<void> {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    const batch = [...this.#touches.values()];
    this.#touches = new Map();
    const previous = this.#flushing;
    this.#flushing = previous
      .then(() => this.store.touchContacts(batch))
      .catch((error: unknown) =>
        this.#ctx?.log.warn('contact update failed', { error: String(error), contacts: batch.length }),
      );
    return this.#flushing;
  }

  staffSocketReady(ws: WebSocket<Connection>): void {
    const conn = ws.getUserData();
    if (!conn.staff) return;
    let set = this.#staffSockets.get(conn.staff.id);
    if (!set) this.#staffSockets.set(conn.staff.id, (set = new Set()));
    for (const entry of set) if (entry.conn.phase === 'closed') set.delete(entry);
    set.add({ ws, conn });
  }

  /** Closes every open socket of a staff member with 4014 (credential revoked). Returns how many. */
  closeStaffSockets(staffId: string): number {
    const set = this.#staffSockets.get(staffId);
    this.#staffSockets.delete(staffId);
    let closed = 0;
    for (const { ws, conn } of set ?? []) {
      if (conn.phase === 'closed') continue;
      closeSocket(this.ctx, ws, 'revoked');
      closed++;
    }
    return closed;
  }

  /** The inbox summary of a stored conversation: email masked, online state from this relay. */
  summary(record: ConversationRecord): ConversationSummary {
    const { visitor } = record;
    const emailMasked = this.cipher.mask(visitor.emailEnc);
    const context = visitor.context && Object.keys(visitor.context).length > 0 ? { ...visitor.context } : undefined;
    return {
      id: record.id,
      status: record.status,
      priority: record.priority,
      assigneeId: record.assigneeId,
      labels: [...record.labels],
      lastSeq: record.lastSeq,
      staffReadSeq: record.staffReadSeq,
      visitorReadSeq: record.visitorReadSeq,
      unread: record.unread,
      ...(record.lastMessage ? { lastMessage: { ...record.lastMessage } } : {}),
      visitor: {
        id: visitor.id,
        ...(visitor.name !== undefined ? { name: visitor.name } : {}),
        ...(emailMasked !== undefined ? { emailMasked } : {}),
        verified: visitor.verified,
        online: this.conversationOnline(record.id),
        ...(context ? { context } : {}),
      },
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    };
  }

  /** Pushes a conversation's summary to the site's staff sockets. */
  async publishConversation(siteId: string, conversationId: string, record?: ConversationRecord): Promise<void> {
    try {
      const found = record ?? (await this.store.getConversation(siteId, conversationId));
      if (!found) return;
      const frame: ServerFrame = { type: 'conversation', conversation: this.summary(found) };
      this.ctx.bus.publish(topics.staff(siteId), JSON.stringify(frame));
    } catch (error) {
      this.#ctx?.log.warn('conversation frame failed', { error: String(error), conversationId });
    }
  }

  /** Stops background work (broadcasts pause between batches) and writes queued contacts. */
  async stop(): Promise<void> {
    await this.#broadcasts?.stop();
    await this.flushContacts();
  }

  /** {@link stop}, then closes the admin store. */
  async close(): Promise<void> {
    await this.stop();
    await this.store.close();
  }
}
