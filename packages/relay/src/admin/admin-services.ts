import type { ReportExportColumns } from './reports/report-export.js';
import type { ConversationSummary, ServerFrame } from '@parley/protocol';
import type { CannedResponse, ContactReach } from '@parley/protocol/admin';
import type { ChatCore } from '../core/chat-core.js';
import type { ChatHooks, StaffSession, VisitorSeen } from '../core/hooks.js';
import { SEES_ALL, sees, type ScopedConversation } from '../core/staff-scope.js';
import type { ContactTouch, ConversationRecord } from '../store/admin-store.js';
import type { AdminDb, Repositories } from '../store/repositories.js';
import { SecretSealer } from '../store/secret-sealer.js';
import { OutboxWorker, type OutboxTiming } from '../outbox/outbox-worker.js';
import { BroadcastRunner } from './broadcasts/broadcasts.js';
import { ConversationWriter } from './conversation-writer.js';
import type { ReplyDeliverySource } from './conversations/reply-deliveries.js';
import { ConversationFilters } from './conversation-filters.js';
import { DeskEvents } from './desk-events.js';
import { EmailCipher } from './email-cipher.js';
import { RetentionJob } from './retention.js';

/** How often queued contact touches are written, at most (ms). Reads flush first, so they never see stale data. */
const contactFlushMs = 200;
/** How long, and for how many visitors, what a silent visitor's hello said is held for their first message. */
const waitingMs = 60 * 60 * 1000;
const waitingMax = 50_000;
/** A contact who never wrote is kept this long after they were last seen. */
const silentContactMs = 24 * 60 * 60 * 1000;

/** Which of the default site's fields the configuration sets (see {@link AdminServicesOptions.configuredSite}). */
export interface ConfiguredSite {
  readonly name: boolean;
  readonly allowedOrigins: boolean;
  readonly identitySecret: boolean;
}

/** Options for {@link AdminServices}. */
export interface AdminServicesOptions {
  /** The admin side's database: the features below get its repositories; {@link AdminServices.close} closes it. */
  readonly db: AdminDb;
  /** The chat core the admin feature attaches to (its message store, fan-out, presence, log and metrics). */
  readonly core: ChatCore;
  /** 32 bytes, base64: encrypts contact emails and keys their lookup hash. */
  readonly dataKey: string;
  /** Broadcast targets stored per background step. Default 500. */
  readonly broadcastBatch?: number;
  /**
   * How often the tokens of open staff connections are checked against the store, in ms (default 5000), so a
   * token revoked elsewhere (`parley-relay token revoke`, or another relay's admin API) closes them too.
   */
  readonly revocationCheckMs?: number;
  /** Days kept for sites without a retention period of their own (`PARLEY_RETENTION_DAYS`). Default 0: for ever. */
  readonly retentionDays?: number;
  /**
   * Which of the default site's fields the relay's configuration sets (`PARLEY_SITE_NAME`, `PARLEY_ALLOWED_ORIGINS`,
   * `PARLEY_IDENTITY_SECRET`): those win at every start, so the admin API refuses to change them. Default: none.
   */
  readonly configuredSite?: ConfiguredSite;
  /** The outbox worker's timing (tests shorten it). */
  readonly outboxTiming?: Partial<OutboxTiming>;
  /** The outbox worker's clock: when jobs are due (tests move it to bring timers due). Default `Date.now`. */
  readonly outboxClock?: () => number;
}

declare module '../features/desk.js' {
  interface DeskParts {
    readonly services: AdminServices;
  }
}

/**
 * {@link AdminServices} as a feature is given it: all of it, but of the repositories only those the feature uses.
 */
export type AdminFor<K extends keyof Repositories> = Omit<AdminServices, 'repos'> & {
  readonly repos: Pick<Repositories, K>;
};

/**
 * The admin feature, beside the message path: the repositories, the email cipher, the contact writer (hellos and
 * page changes, written in batches), who is online per site, staff sessions (for revocation) and the broadcast
 * runner. It attaches to the chat core through {@link ChatHooks} (`core.use(admin)`), and the admin API
 * (`admin-api/admin-api.ts`) serves it. Built by `startRelay`.
 */
export class AdminServices implements ChatHooks {
  /** Every repository: the admin API's routes use the record. */
  readonly repos: Repositories;
  readonly #db: AdminDb;
  readonly cipher: EmailCipher;
  /** Seals identity secrets of sites created here (`POST /v1/admin/sites`). */
  readonly sealer: SecretSealer;
  readonly core: ChatCore;
  readonly broadcasts: BroadcastRunner;
  /** Erases what sites keep no longer, by itself (see {@link RetentionJob}). */
  readonly retention: RetentionJob;
  /** The relay's default retention period in days (0: for ever), for sites that set none. */
  readonly defaultRetentionDays: number;
  /** The default site's fields its configuration sets (the admin API refuses to change them). */
  readonly configuredSite: ConfiguredSite;
  /** Delivers the outbox's side effects; features register their handlers with it before {@link start}. */
  readonly outbox: OutboxWorker;
  /** Features' side effects of changes outside the message path (see {@link DeskHooks}), written with the change. */
  readonly events = new DeskEvents();
  /** Filters features add to the conversation list (`conversationFilters` in their parts). */
  readonly conversationFilters = new ConversationFilters();
  /** Features' sections of a contact's export (`contactExport` in their parts), by feature name. */
  readonly contactExports = new Map<
    string,
    (siteId: string, contactId: string, conversationIds: readonly string[]) => Promise<unknown>
  >();
  /** Features' lines of where contacts are reached (`contactReach` in their parts), in the features' order. */
  readonly contactReaches: Array<
    (siteId: string, contactIds: readonly string[]) => Promise<ReadonlyMap<string, readonly ContactReach[]>>
  > = [];
  /**
   * The messaging providers conversations may name (`conversation_channels.provider`), id to label (`WhatsApp`), in
   * their order: the messaging feature fills it from its point `messaging.providers` (ADR
   * 2026-11-30-channel-providers), so a provider added there is shown, filtered and reported with no list to edit.
   */
  readonly channelProviders = new Map<string, string>();
  /** Columns other features add to the reports' per-conversation export (the desk's point `desk.reportColumns`). */
  readonly reportColumns: ReportExportColumns[] = [];
  /** The channels' records of how they delivered staff replies (the desk's point `desk.replyDeliveries`). */
  readonly replyDeliverySources: ReplyDeliverySource[] = [];
  /** The one writer of conversation changes outside the message path (see {@link ConversationWriter}). */
  readonly conversations: ConversationWriter = new ConversationWriter(this);
  #touches = new Map<string, ContactTouch>();
  /**
   * Visitors who said hello but have not written, by conversation id: what their first message will store. A
   * visitor who never says anything leaves nothing in the database (hellos alone cannot grow it).
   */
  readonly #waiting = new Map<string, ContactTouch>();
  #flushTimer: NodeJS.Timeout | undefined;
  #pruneTimer: NodeJS.Timeout | undefined;
  #pruneInterval: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  readonly #online = new Map<string, Map<string, string>>();
  readonly #staffSessions = new Map<string, Set<StaffSession>>();
  readonly #revocationCheckMs: number;
  #revocationTimer: NodeJS.Timeout | undefined;
  #checkingRevocations = false;

  constructor(options: AdminServicesOptions) {
    this.#revocationCheckMs = options.revocationCheckMs ?? 5000;
    this.#db = options.db;
    this.repos = options.db.repos;
    this.core = options.core;
    this.cipher = new EmailCipher(options.dataKey);
    this.sealer = new SecretSealer(options.dataKey);
    this.broadcasts = new BroadcastRunner(this, options.broadcastBatch ?? 500);
    this.defaultRetentionDays = options.retentionDays ?? 0;
    this.configuredSite = options.configuredSite ?? { name: false, allowedOrigins: false, identitySecret: false };
    this.retention = new RetentionJob({ repos: this.repos, core: this.core, defaultDays: this.defaultRetentionDays });
    this.outbox = new OutboxWorker({
      repos: this.repos,
      log: this.core.log,
      ...(options.outboxTiming ? { timing: options.outboxTiming } : {}),
      ...(options.outboxClock ? { now: options.outboxClock } : {}),
    });
    this.core.onEffectsWritten(() => this.outbox.nudge());
  }

  /**
   * Starts background work: resumes broadcasts a previous run left unfinished, and prunes silent contacts
   * ({@link pruneSilentContacts}) a minute after start, then hourly.
   */
  start(): void {
    this.outbox.start();
    this.broadcasts.resume();
    this.retention.start();
    const prune = (): void => void this.pruneSilentContacts(Date.now());
    this.#pruneTimer = setTimeout(prune, 60_000);
    this.#pruneTimer.unref();
    this.#pruneInterval = setInterval(prune, 3600_000);
    this.#pruneInterval.unref();
    this.#revocationTimer ??= setInterval(() => void this.checkRevocations(), this.#revocationCheckMs);
    this.#revocationTimer.unref();
  }

  /**
   * Deletes contacts who never wrote and were last seen more than a day before `now` (left by hellos before
   * contacts were created on a first message), in batches of 500 so the store is never held long. Resolves with
   * how many were deleted.
   */
  async pruneSilentContacts(now: number): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        const deleted = await this.repos.contacts.pruneSilentContacts(now - silentContactMs, 500);
        total += deleted;
        if (deleted < 500) break;
      }
      if (total > 0) this.core.log.info('silent contacts pruned', { contacts: total });
    } catch (error) {
      this.core.log.warn('pruning silent contacts failed', { error: String(error) });
    }
    return total;
  }

  /**
   * Closes the open connections (4014) of staff whose token has been revoked, or deleted, since they connected:
   * the admin API closes them at once on this relay; this catches revocations made anywhere else. One indexed
   * read per connected staff member. Resolves with how many connections it closed.
   */
  async checkRevocations(): Promise<number> {
    if (this.#checkingRevocations) return 0;
    this.#checkingRevocations = true;
    let closed = 0;
    try {
      const now = Date.now();
      for (const [staffId, sessions] of [...this.#staffSessions]) {
        const siteId = sessions.values().next().value?.staff.siteId;
        if (siteId === undefined) continue;
        const staff = await this.repos.desk.getStaff(siteId, staffId);
        if (
          staff === undefined ||
          staff.revokedAt !== null ||
          staff.deactivatedAt !== null ||
          (staff.expiresAt !== null && staff.expiresAt <= now)
        ) {
          closed += this.closeStaffSockets(staffId);
          continue;
        }
        // Browser sessions revoked or expired on another relay (signed out, a password changed…).
        const ended: string[] = [];
        for (const session of sessions) {
          if (session.authSessionId === undefined) continue;
          const row = await this.repos.accounts.getSession(session.authSessionId);
          if (!row || row.revokedAt !== null || row.expiresAt <= now) ended.push(session.authSessionId);
        }
        if (ended.length > 0) closed += this.closeSessionSockets(ended);
      }
    } catch (error) {
      this.core.log.warn('admin: could not check staff tokens for revocation', { error: String(error) });
    } finally {
      this.#checkingRevocations = false;
    }
    return closed;
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
    const previous = this.#touches.get(key) ?? this.#waiting.get(visitor.conversationId);
    const { profile, email, userAgent } = visitor;
    const context = { ...visitor.context, ...(userAgent ? { userAgent: userAgent.slice(0, 512) } : {}) };
    const touch: ContactTouch = {
      siteId,
      contactId: visitor.visitorId,
      name: profile.name ?? previous?.name,
      emailEnc: profile.email ?? previous?.emailEnc,
      emailHash: email === undefined || email.trim() === '' ? previous?.emailHash : this.cipher.hash(email),
      emailVouched: email === undefined || email.trim() === '' ? previous?.emailVouched : visitor.emailSigned === true,
      verified: profile.verified,
      conversationHint: visitor.conversationId,
      context: Object.keys(context).length > 0 ? context : undefined,
      consentVersion: visitor.consent?.version ?? previous?.consentVersion,
      at: Date.now(),
    };
    if (!visitor.started) {
      this.#hold(visitor.conversationId, touch);
      return;
    }
    this.#touches.set(key, touch);
    this.#flushTimer ??= setTimeout(() => void this.flushContacts(), contactFlushMs);
  }

  /** Keeps a silent visitor's touch until their first message, the oldest forgotten first. */
  #hold(conversationId: string, touch: ContactTouch): void {
    this.#waiting.delete(conversationId); // re-inserted last: the map stays ordered by last touch
    this.#waiting.set(conversationId, touch);
    for (const [id, held] of this.#waiting) {
      if (this.#waiting.size <= waitingMax && touch.at - held.at < waitingMs) break;
      this.#waiting.delete(id);
    }
  }

  /**
   * Makes contacts of the site's silent visitors who are online on this relay: a broadcast reaches whoever is
   * on the site, and its message opens their conversation. Written with the next flush.
   */
  adoptOnlineVisitors(siteId: string): void {
    for (const [conversationId, touch] of this.#waiting) {
      if (touch.siteId !== siteId || !this.conversationOnline(conversationId)) continue;
      this.#waiting.delete(conversationId);
      this.#touches.set(`${touch.siteId}\0${touch.contactId}`, touch);
    }
  }

  /** Silent visitors held in memory (for `/metrics` and tests). */
  get waitingVisitors(): number {
    return this.#waiting.size;
  }

  /** {@link ChatHooks.conversationCreated}: tells the site's staff (`conversation` frame). */
  conversationCreated(siteId: string, conversationId: string): void {
    const held = this.#waiting.get(conversationId);
    if (!held) {
      void this.publishConversation(siteId, conversationId);
      return;
    }
    // The visitor's first message: now they are a contact. Written before the inbox is told, so it shows them.
    this.#waiting.delete(conversationId);
    this.#touches.set(`${held.siteId}\0${held.contactId}`, { ...held, at: Date.now() });
    void this.flushContacts().then(() => this.publishConversation(siteId, conversationId));
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

  /** Closes every open connection opened with one of these browser sessions, with 4014. Returns how many. */
  closeSessionSockets(sessionIds: readonly string[]): number {
    const ids = new Set(sessionIds);
    let closed = 0;
    for (const [staffId, set] of [...this.#staffSessions]) {
      for (const session of [...set]) {
        if (session.authSessionId === undefined || !ids.has(session.authSessionId)) continue;
        set.delete(session);
        if (!session.isOpen()) continue;
        session.revoke();
        closed++;
      }
      if (set.size === 0) this.#staffSessions.delete(staffId);
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
    const events = this.events;
    // New contacts are told apart (a read per batch) only while some feature listens for them on their sites.
    const effects = events.wantsContactsCreated(new Set(batch.map((touch) => touch.siteId)))
      ? (created: readonly ContactTouch[]) => events.contactsCreated(created)
      : undefined;
    this.#flushing = previous
      .then(() => this.repos.contacts.touchContacts(batch, effects))
      .then(() => {
        if (effects) this.outbox.nudge();
      })
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
        ...(visitor.emailBouncingAt !== undefined ? { emailBouncingAt: visitor.emailBouncingAt } : {}),
      },
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      ...(record.teamId !== null ? { teamId: record.teamId } : {}),
      ...(record.firstResponseAt !== null ? { firstResponseAt: record.firstResponseAt } : {}),
      ...(record.dueAt !== null ? { dueAt: record.dueAt } : {}),
      ...(record.overdue ? { overdue: true } : {}),
      ...(record.resolvedAt !== null ? { resolvedAt: record.resolvedAt } : {}),
      ...(record.channel !== 'chat' ? { channel: record.channel } : {}),
      ...(record.provider !== null
        ? { provider: { id: record.provider, label: this.channelProviders.get(record.provider) ?? record.provider } }
        : {}),
      ...(record.subject !== null ? { subject: record.subject } : {}),
    };
  }

  /**
   * Which of a site's staff members may see a conversation (issue #41): notifications (push, email, mentions) go to
   * them only. API tokens and members who see all are kept without a read; the rest are asked as a request would be.
   */
  async seeing(siteId: string, staffIds: Iterable<string>, conversationId: string): Promise<Set<string>> {
    const ids = new Set(staffIds);
    const site = ids.size === 0 ? undefined : await this.core.store.getSite(siteId);
    if (!site) return new Set();
    const members = new Map((await this.repos.accounts.listMembers(siteId)).map((member) => [member.id, member]));
    let conversation: ScopedConversation | undefined | null = null;
    const out = new Set<string>();
    for (const id of ids) {
      const member = members.get(id);
      const scope = member
        ? await this.core.staffScope(site, {
            id,
            siteId,
            name: member.name,
            role: member.role,
            tokenHash: null,
            accountId: member.accountId,
            createdAt: member.createdAt,
            revokedAt: null,
            deactivatedAt: member.deactivatedAt,
          })
        : SEES_ALL;
      if (!scope.all) {
        if (conversation === null) conversation = await this.core.conversationScope(siteId, conversationId);
        if (!conversation || !sees(scope, conversation)) continue;
      }
      out.add(id);
    }
    return out;
  }

  /** Pushes a conversation's summary to the site's staff sockets. */
  async publishConversation(siteId: string, conversationId: string, record?: ConversationRecord): Promise<void> {
    try {
      const found = record ?? (await this.repos.conversations.getConversation(siteId, conversationId));
      if (!found) return;
      const frame: ServerFrame = { type: 'conversation', conversation: this.summary(found) };
      this.core.toStaff(siteId, JSON.stringify(frame));
    } catch (error) {
      this.core.log.warn('conversation frame failed', { error: String(error), conversationId });
    }
  }

  /**
   * Tells the site's staff sockets (on every relay) that a saved reply was created or changed (`response`) or
   * deleted (`deleted`), so open inboxes follow without a reload.
   */
  publishCanned(siteId: string, change: { response: CannedResponse } | { deleted: string }): void {
    const frame: ServerFrame = { type: 'canned', ...change };
    this.core.toStaff(siteId, JSON.stringify(frame));
  }

  /** Tells the site's staff sockets (on every relay) that a contact changed, so inboxes showing it read it again. */
  publishContact(siteId: string, contactId: string): void {
    const frame: ServerFrame = { type: 'contact', contactId };
    this.core.toStaff(siteId, JSON.stringify(frame));
  }

  /** Stops background work (broadcasts pause between batches) and writes queued contacts. */
  async stop(): Promise<void> {
    clearTimeout(this.#pruneTimer);
    clearInterval(this.#pruneInterval);
    clearInterval(this.#revocationTimer);
    this.#revocationTimer = undefined;
    await this.broadcasts.stop();
    await this.retention.stop();
    await this.outbox.stop();
    await this.flushContacts();
  }

  /** {@link stop}, then closes the admin side's database. */
  async close(): Promise<void> {
    await this.stop();
    await this.#db.close();
  }
}
