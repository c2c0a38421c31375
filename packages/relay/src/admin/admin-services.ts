import type { ConversationSummary, ServerFrame } from '@parley/protocol';
import type { ChatCore } from '../core/chat-core.js';
import type { ChatHooks, StaffSession, VisitorSeen } from '../core/hooks.js';
import type { AdminStore, ContactTouch, ConversationRecord } from '../store/admin-store.js';
import { BroadcastRunner } from './broadcasts.js';
import { EmailCipher } from './email-cipher.js';
import { RetentionJob } from './retention.js';

/** How often queued contact touches are written, at most (ms). Reads flush first, so they never see stale data. */
const contactFlushMs = 200;

/** Options for {@link AdminServices}. */
export interface AdminServicesOptions {
  readonly store: AdminStore;
  /** The chat core the admin feature attaches to (its message store, fan-out, presence, log and metrics). */
  readonly core: ChatCore;
  /** 32 bytes, base64: encrypts contact emails and keys their lookup hash. */
  readonly dataKey: string;
  /** Broadcast targets stored per background step. Default 500. */
  readonly broadcastBatch?: number;
  /** Days kept for sites without a retention period of their own (`PARLEY_RETENTION_DAYS`). Default 0: for ever. */
  readonly retentionDays?: number;
}

/**
 * The admin feature, beside the message path: the admin store, the email cipher, the contact writer (hellos and
 * page changes, written in batches), who is online per site, staff sessions (for revocation) and the broadcast
 * runner. It attaches to the chat core through {@link ChatHooks} (`core.use(admin)`), and the admin API
 * (`http/admin-api.ts`) serves it. Built by `startRelay`.
 */
export class AdminServices implements ChatHooks {
  readonly store: AdminStore;
  readonly cipher: EmailCipher;
  readonly core: ChatCore;
  readonly broadcasts: BroadcastRunner;
  /** Erases what sites keep no longer, by itself (see {@link RetentionJob}). */
  readonly retention: RetentionJob;
  /** The relay's default retention period in days (0: for ever), for sites that set none. */
  readonly defaultRetentionDays: number;
  #touches = new Map<string, ContactTouch>();
  #flushTimer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  readonly #online = new Map<string, Map<string, string>>();
  readonly #staffSessions = new Map<string, Set<StaffSession>>();

  constructor(options: AdminServicesOptions) {
    this.store = options.store;
    this.core = options.core;
    this.cipher = new EmailCipher(options.dataKey);
    this.broadcasts = new BroadcastRunner(this, options.broadcastBatch ?? 500);
    this.defaultRetentionDays = options.retentionDays ?? 0;
    this.retention = new RetentionJob({ store: this.store, core: this.core, defaultDays: this.defaultRetentionDays });
  }

  /** Starts background work: resumes broadcasts a previous run left unfinished, and schedules retention. */
  start(): void {
    this.broadcasts.resume();
    this.retention.start();
  }

  /** True while a visitor connection of this conversation is open on this relay. */
  conversationOnline(conversationId: string): boolean {
    return this.core.conversationOnline(conversationId);
  }

  /** Contacts of the site with an open visitor connection (contact id → conversation id). */
  onlineContacts(siteId: string): Map<string, string> {
    const site = this.#online.get(siteId) ?? new Map<string, string>();
    for (const [contactId, conversationId] of site)
      if (!this.conversationOnline(conversationId)) site.delete(contactId);
    return new Map(site);
  }

  /** {@link ChatHooks.sealEmail}: AES-256-GCM under the data key; a plaintext email never reaches the store. */
  sealEmail(email: string): string | undefined {
    return this.cipher.encrypt(email);
  }

  /** {@link ChatHooks.visitorSeen}: queues the contact's update (written in batches; never delays the visitor). */
  visitorSeen(visitor: VisitorSeen): void {
    const siteId = visitor.site.id;
    let site = this.#online.get(siteId);
    if (!site) this.#online.set(siteId, (site = new Map()));
    site.set(visitor.visitorId, visitor.conversationId);
    const key = `${siteId}\0${visitor.visitorId}`;
    const previous = this.#touches.get(key);
    const { profile, email, userAgent } = visitor;
    const context = { ...visitor.context, ...(userAgent ? { userAgent: userAgent.slice(0, 512) } : {}) };
    this.#touches.set(key, {
      siteId,
      contactId: visitor.visitorId,
      name: profile.name ?? previous?.name,
      emailEnc: profile.email ?? previous?.emailEnc,
      emailHash: email === undefined || email.trim() === '' ? previous?.emailHash : this.cipher.hash(email),
      verified: profile.verified,
      conversationHint: visitor.conversationId,
      context: Object.keys(context).length > 0 ? context : undefined,
      consentVersion: visitor.consent?.version ?? previous?.consentVersion,
      at: Date.now(),
    });
    this.#flushTimer ??= setTimeout(() => void this.flushContacts(), contactFlushMs);
  }

  /** {@link ChatHooks.conversationCreated}: tells the site's staff (`conversation` frame). */
  conversationCreated(siteId: string, conversationId: string): void {
    void this.publishConversation(siteId, conversationId);
  }

  /** {@link ChatHooks.staffReady}: remembers the session, so that revoking its token closes it (4014). */
  staffReady(session: StaffSession): void {
    let set = this.#staffSessions.get(session.staff.id);
    if (!set) this.#staffSessions.set(session.staff.id, (set = new Set()));
    set.add(session);
  }

  /** {@link ChatHooks.staffClosed} */
  staffClosed(session: StaffSession): void {
    const set = this.#staffSessions.get(session.staff.id);
    set?.delete(session);
    if (set?.size === 0) this.#staffSessions.delete(session.staff.id);
  }

  /** Closes every open connection of a staff member with 4014 (credential revoked). Returns how many. */
  closeStaffSockets(staffId: string): number {
    const set = this.#staffSessions.get(staffId);
    this.#staffSessions.delete(staffId);
    let closed = 0;
    for (const session of set ?? []) {
      if (!session.isOpen()) continue;
      session.revoke();
      closed++;
    }
    return closed;
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
        this.core.log.warn('contact update failed', { error: String(error), contacts: batch.length }),
      );
    return this.#flushing;
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
        ...(visitor.consent ? { consent: { ...visitor.consent } } : {}),
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
      this.core.toStaff(siteId, JSON.stringify(frame));
    } catch (error) {
      this.core.log.warn('conversation frame failed', { error: String(error), conversationId });
    }
  }

  /** Stops background work (broadcasts pause between batches) and writes queued contacts. */
  async stop(): Promise<void> {
    await this.broadcasts.stop();
    await this.retention.stop();
    await this.flushContacts();
  }

  /** {@link stop}, then closes the admin store. */
  async close(): Promise<void> {
    await this.stop();
    await this.store.close();
  }
}
