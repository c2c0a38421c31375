import type { Message } from '@parley/protocol';
import type { AdminFor } from '../admin/public.js';
import type { ChatHooks, StaffSession } from '../core/hooks.js';
import type { OutboxInsert } from '../outbox/outbox.js';
import type { ConversationState } from '../store/store.js';
import { routingHandlers, type RoutingHost } from './routing-jobs.js';
import { ONLINE_WINDOW_MS, ROUTING_KINDS, type AssignJob, type AssignReason, type ClaimJob } from './routing-kinds.js';
import { DEFAULT_ROUTING, readRouting, type RoutingSettings } from './routing-settings.js';

/** Options for {@link Routing}. */
export interface RoutingOptions {
  readonly admin: AdminFor<'conversations' | 'outbox' | 'routing'>;
  /** The clock deadlines and "online" are read on (tests inject one). Default `Date.now`. */
  readonly now?: () => number;
  /** How often settings saved through other relays are picked up (ms). Default 10 s. */
  readonly refreshMs?: number;
  /** How often this relay records the staff connected to it (ms). Default 15 s. */
  readonly heartbeatMs?: number;
}

/**
 * Routing (issue #17, ADR 0012): assigns new conversations to online, available agents under capacity (round-robin
 * or least-open, inside the conversation's team) and reassigns the open conversations of an agent who has been
 * offline for the site's N minutes. Deadlines are the SLA feature's (`sla/`, issue #86).
 *
 * Every decision is an outbox job (ADR 0009), written in the transaction of its cause: a new conversation's
 * `routing.assign` with its first message ({@link messageEffects}), the reassignment timer when an agent goes
 * offline. Jobs survive a restart and are
 * delivered once per cluster at a time; their handlers change the conversation by compare-and-set, so a job
 * delivered twice decides once. Assignments of one site share an outbox key: they run one after another, in order.
 *
 * "Online" is true across relays through a heartbeat in the database: each relay writes, every
 * {@link RoutingOptions.heartbeatMs}, when it last saw the staff connected to it (see ADR 0012).
 */
export class Routing implements ChatHooks, RoutingHost {
  readonly admin: AdminFor<'conversations' | 'outbox' | 'routing'>;
  readonly #now: () => number;
  readonly #refreshMs: number;
  readonly #heartbeatMs: number;
  readonly #settings = new Map<string, RoutingSettings>();
  /** Staff connected to this relay: connections per staff id. */
  readonly #connected = new Map<string, { siteId: string; count: number }>();
  #refreshTimer: NodeJS.Timeout | undefined;
  #heartbeatTimer: NodeJS.Timeout | undefined;
  #refreshedAt = 0;
  /** Where the last sweep for quiet staff ended (ms). */
  #sweptUntil: number | undefined;
  #seen: Promise<void> = Promise.resolve();

  constructor(options: RoutingOptions) {
    this.admin = options.admin;
    this.#now = options.now ?? Date.now;
    this.#refreshMs = options.refreshMs ?? 10_000;
    this.#heartbeatMs = options.heartbeatMs ?? 15_000;
    for (const handler of routingHandlers(this)) options.admin.outbox.register(handler);
  }

  /** Reads every site's settings, then keeps them fresh and starts the heartbeat. */
  async start(): Promise<void> {
    await this.#refresh();
    this.#refreshTimer = setInterval(() => void this.#refresh().catch(() => undefined), this.#refreshMs);
    this.#refreshTimer.unref();
    this.#heartbeatTimer = setInterval(() => void this.heartbeat(), this.#heartbeatMs);
    this.#heartbeatTimer.unref();
  }

  stop(): void {
    clearInterval(this.#refreshTimer);
    clearInterval(this.#heartbeatTimer);
  }

  /** The clock routing reads. */
  now(): number {
    return this.#now();
  }

  /** Agents seen at or after this are connected. */
  seenSince(): number {
    return this.#now() - ONLINE_WINDOW_MS;
  }

  /** The site's settings (routing off when it saved none; its `sla` field is the SLA feature's). */
  settings(siteId: string): RoutingSettings {
    return this.#settings.get(siteId) ?? DEFAULT_ROUTING;
  }

  /**
   * Records every staff member connected here as seen now, then starts the reassignment timer of those who went
   * quiet since the last heartbeat ({@link sweep}); resolves once done (tests await it).
   */
  async heartbeat(): Promise<void> {
    const staff = [...this.#connected].map(([id, { siteId }]) => ({ id, siteId }));
    await this.#record(staff);
    await this.sweep();
  }

  /**
   * Staff whose last sighting left the online window since the last sweep, on sites that reassign: their
   * reassignment timer, due N minutes after they were last seen. It covers a relay that died without closing its
   * sockets (no {@link staffClosed} anywhere); every relay sweeps, and the timers fold into one pending job per
   * staff member (its dedupe key). The first sweep after a start looks an hour back.
   */
  async sweep(): Promise<void> {
    const to = this.#now() - ONLINE_WINDOW_MS;
    const from = this.#sweptUntil ?? to - 60 * 60_000;
    if (to <= from) return;
    try {
      const stale = await this.admin.repos.routing.staleStaff(from, to);
      this.#sweptUntil = to;
      const effects = stale.flatMap((staff): OutboxInsert[] => {
        const minutes = this.settings(staff.siteId).reassignAfterMinutes;
        if (minutes === null || this.#connected.has(staff.id)) return [];
        return [
          {
            kind: ROUTING_KINDS.reassign,
            siteId: staff.siteId,
            dedupeKey: staff.id,
            payload: { staffId: staff.id },
            dueAt: staff.lastSeenAt + minutes * 60_000,
          },
        ];
      });
      if (effects.length === 0) return;
      await this.admin.repos.outbox.enqueueOutbox(effects, this.#now());
      this.admin.outbox.nudge();
    } catch (error) {
      this.admin.core.log.warn('routing: sweeping quiet staff failed', { error: String(error) });
    }
  }

  #record(staff: ReadonlyArray<{ id: string; siteId: string }>): Promise<void> {
    const now = this.#now();
    this.#seen = this.#seen
      .then(() => this.admin.repos.routing.staffSeen(staff, now))
      .catch((error: unknown) => this.admin.core.log.warn('routing: heartbeat failed', { error: String(error) }));
    return this.#seen;
  }

  async #refresh(): Promise<void> {
    // A little overlap: a save committed while the last read ran is read again, not missed.
    const since = this.#refreshedAt === 0 ? 0 : this.#refreshedAt - 60_000;
    const startedAt = Date.now();
    for (const record of await this.admin.repos.routing.listRoutingSettings(since))
      this.#settings.set(record.siteId, readRouting(record.settings));
    this.#refreshedAt = startedAt;
  }

  /**
   * The job that assigns a conversation: the hand-over contract with the FAQ answers (a visitor chose "Talk to a
   * person"), to be written in that message's transaction. The same kind routes new conversations. `undefined`
   * when the site does not route.
   *
   * @example
   * automationsOptions.handover = (siteId, conversationId) =>
   *   routing.assignmentEffects(siteId, conversationId, 'handover');
   */
  assignmentEffects(
    siteId: string,
    conversationId: string,
    reason: AssignReason = 'handover',
    from: string | null = null,
  ): readonly OutboxInsert[] | undefined {
    const settings = this.settings(siteId);
    if (settings.mode === 'off') return undefined;
    const payload: AssignJob = { conversationId, reason, from };
    // One key per site: a site's assignments run one at a time, so each reads the counts the previous one left.
    return [{ kind: ROUTING_KINDS.assign, siteId, key: `routing:${siteId}`, conversationId, payload }];
  }

  /** The reassignment timer of a staff member who went offline now, when the site reassigns. */
  reassignEffects(siteId: string, staffId: string): readonly OutboxInsert[] | undefined {
    const minutes = this.settings(siteId).reassignAfterMinutes;
    if (minutes === null) return undefined;
    return [
      {
        kind: ROUTING_KINDS.reassign,
        siteId,
        dedupeKey: staffId,
        payload: { staffId },
        dueAt: this.#now() + minutes * 60_000,
      },
    ];
  }

  // ---- hooks ------------------------------------------------------------------------------------------------

  /** {@link ChatHooks.siteSettingsChanged}: takes the site's routing settings just saved. */
  siteSettingsChanged(siteId: string, area: string, settings: unknown): void {
    if (area === 'routing') this.#settings.set(siteId, readRouting(settings));
  }

  /** {@link ChatHooks.staffAvailable}: not when set to Offline (an API token, with no routing row, is available). */
  async staffAvailable(siteId: string, staffId: string): Promise<boolean> {
    try {
      return (await this.admin.repos.routing.getRoutingStaff(siteId, staffId))?.availability !== 'offline';
    } catch {
      // The store is down: the connection counts, as it did before availability was read here.
      return true;
    }
  }

  /** {@link ChatHooks.staffReady}: the first connection of a staff member here is recorded at once. */
  staffReady(session: StaffSession): void {
    const entry = this.#connected.get(session.staff.id);
    if (entry) {
      entry.count += 1;
      return;
    }
    this.#connected.set(session.staff.id, { siteId: session.site.id, count: 1 });
    void this.#record([{ id: session.staff.id, siteId: session.site.id }]);
  }

  /**
   * {@link ChatHooks.staffClosed}: when the last connection of a staff member here closes, records when, and
   * starts the reassignment timer (the handler checks that they are still gone, on every relay, when it is due).
   */
  staffClosed(session: StaffSession): void {
    const entry = this.#connected.get(session.staff.id);
    if (!entry) return;
    entry.count -= 1;
    if (entry.count > 0) return;
    this.#connected.delete(session.staff.id);
    const siteId = session.site.id;
    const effects = this.reassignEffects(siteId, session.staff.id);
    void this.#record([{ id: session.staff.id, siteId }])
      .then(async () => {
        if (!effects) return;
        await this.admin.repos.outbox.enqueueOutbox(effects, this.#now());
        this.admin.outbox.nudge();
      })
      // A relay shutting down closes its sockets after the store may be gone: the timer is then not written (the
      // agents reconnect elsewhere, or come back when it restarts).
      .catch((error: unknown) =>
        this.admin.core.log.warn('routing: reassignment timer not written', { error: String(error) }),
      );
  }

  /**
   * {@link ChatHooks.messageEffects}: a new conversation gets its `routing.assign` job on sites that route, and a
   * staff reply to an unassigned conversation its `routing.claim` (the site's `assignOnReply`). The bot's messages
   * and notes are never a staff reply.
   */
  messageEffects(
    message: Message,
    siteId: string,
    conversation: ConversationState,
  ): readonly OutboxInsert[] | undefined {
    const role = message.author.role;
    if (role === 'visitor') {
      if (message.seq !== 1) return undefined;
      return this.assignmentEffects(siteId, message.conversationId, 'new');
    }
    if (role !== 'staff' || message.kind !== 'text') return undefined;
    const settings = this.settings(siteId);
    return settings.assignOnReply && conversation.assigneeId === null ? this.#claim(message, siteId) : undefined;
  }

  /**
   * The job that gives an unassigned conversation to the staff member who replied to it. Keyed like the site's
   * assignments, so that it runs in order with them (a new conversation's assignment, if any, goes first).
   */
  #claim(message: Message, siteId: string): OutboxInsert[] {
    const payload: ClaimJob = { conversationId: message.conversationId, staffId: message.author.id };
    return [
      {
        kind: ROUTING_KINDS.claim,
        siteId,
        key: `routing:${siteId}`,
        dedupeKey: message.conversationId,
        conversationId: message.conversationId,
        payload,
      },
    ];
  }
}
