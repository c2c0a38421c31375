import type { ConversationPriority } from '@parley/protocol';
import type { SlaMatch, SlaPolicy, SlaTarget } from '@parley/protocol/admin';
import type { AdminFor, ConversationChange } from '../admin/public.js';
import type { BusinessHours } from '../automations/public.js';
import type { ChatHooks } from '../core/hooks.js';
import type { LoggedMessage } from '../message-log/message-log-queries.js';
import type { OutboxInsert } from '../outbox/outbox.js';
import type { ConversationRecord } from '../store/admin-store.js';
import { holdersOf, memberPermissions, type MemberPermissions } from '../roles/public.js';
import type { ClockRecord, NewClock, SlaConversation, SlaRepository } from './sla-repository.js';
import { addCounted, countedBetween } from './sla-time.js';

/** The kinds of the SLA's outbox jobs (handlers in sla-jobs.ts). */
export const SLA_KINDS = {
  /** A clock's warning: this share of its target has run. */
  warn: 'sla.warn',
  /** A clock's deadline: breached unless met (or paused, or moved) meanwhile. */
  breach: 'sla.breach',
  /** A conversation's status changed: pause or resume its clocks, meet its resolution clock. */
  status: 'sla.status',
  /** Its priority, team or labels changed: choose its policy again, and move its clocks to the new targets. */
  review: 'sla.review',
} as const;

/** What a timer (`sla.warn`, `sla.breach`) carries: the clock, and the due time it was written for. */
export interface TimerJob {
  readonly conversationId: string;
  readonly target: SlaTarget;
  readonly cycle: number;
  readonly dueAt: number;
}

/** What an `sla.status` job carries. */
export interface StatusJob {
  readonly conversationId: string;
  readonly from: ConversationRecord['status'];
  readonly to: ConversationRecord['status'];
  readonly at: number;
}

/** The statuses in which a conversation's clocks stand still: waiting on the customer, snoozed, resolved. */
export const PAUSED_STATUSES: ReadonlySet<string> = new Set(['pending', 'snoozed', 'resolved']);

/** Options for {@link Sla}. */
export interface SlaOptions {
  readonly admin: AdminFor<'conversations' | 'outbox' | 'audit' | 'routing'>;
  readonly repository: SlaRepository;
  /** The site's business hours (the automations'), or `undefined`. */
  readonly hours: (siteId: string) => BusinessHours | undefined;
  readonly now?: () => number;
  /** How often policies saved through other relays are picked up (ms). Default 10 s. */
  readonly refreshMs?: number;
  readonly emailEnabled?: () => boolean;
  readonly permissionsOf?: MemberPermissions;
}

/** A site's policy with its site, as the cache holds it. */
type CachedPolicy = SlaPolicy & { readonly siteId: string };

/** The minutes of a target of a policy. */
export function targetMinutes(policy: SlaPolicy, target: SlaTarget): number | null {
  return target === 'firstResponse'
    ? policy.firstResponseMinutes
    : target === 'nextResponse'
      ? policy.nextResponseMinutes
      : policy.resolutionMinutes;
}

/** Whether a conversation meets a policy's conditions (every condition given, any of its values). */
export function matches(match: SlaMatch, conversation: ConversationRecord): boolean {
  if (match.priorities?.length && !match.priorities.includes(conversation.priority)) return false;
  if (match.teamIds?.length && (conversation.teamId === null || !match.teamIds.includes(conversation.teamId)))
    return false;
  if (match.labels?.length && !match.labels.some((label) => conversation.labels.includes(label))) return false;
  if (match.channels?.length && !match.channels.includes(conversation.channel)) return false;
  return true;
}

/**
 * SLA policies and their clocks (issue #86, docs/sla.md). A site keeps policies in order, the default last; the first
 * whose conditions a conversation meets applies when its first customer message is stored, and its targets run as
 * clocks: first response (from the conversation's start to the first staff reply), next response (from a customer's
 * message after a staff reply to the next staff reply, a cycle each time) and resolution (from the start to
 * resolved). A clock counts every minute or, for a policy that says so, only the site's business hours; it stands
 * still while the conversation waits on the customer (`pending`), is snoozed or is resolved.
 *
 * The message path pays nothing: clocks start and are met from the message log ({@link handle}, a `LogConsumer`
 * that reads the stored messages after its durable cursor, one relay of a cluster at a time), in one transaction per
 * batch. Pauses and resumptions come from the desk's changes of status (`sla.status` jobs written in the change's
 * transaction). Each clock's warning and deadline are outbox jobs due later; their handlers change the clock by
 * compare-and-set on the due time they were written for, so a job delivered twice, or a deadline moved by a pause,
 * decides once.
 */
export class Sla implements ChatHooks {
  readonly admin: AdminFor<'conversations' | 'outbox' | 'audit' | 'routing'>;
  readonly repository: SlaRepository;
  readonly hoursOf: (siteId: string) => BusinessHours | undefined;
  readonly emailEnabled: () => boolean;
  readonly permissionsOf: MemberPermissions;
  readonly #now: () => number;
  readonly #refreshMs: number;
  /** Each site's policies in order, the default last. */
  #policies = new Map<string, CachedPolicy[]>();
  #byId = new Map<string, CachedPolicy>();
  #timer: NodeJS.Timeout | undefined;
  /** The old routing `sla` field's writes, one after another. */
  #legacy: Promise<void> = Promise.resolve();

  constructor(options: SlaOptions) {
    this.admin = options.admin;
    this.repository = options.repository;
    this.hoursOf = options.hours;
    this.#now = options.now ?? Date.now;
    this.#refreshMs = options.refreshMs ?? 10_000;
    this.emailEnabled = options.emailEnabled ?? (() => false);
    this.permissionsOf = options.permissionsOf ?? memberPermissions(() => undefined);
  }

  now(): number {
    return this.#now();
  }

  async start(): Promise<void> {
    await this.refresh();
    this.#timer = setInterval(() => void this.refresh().catch(() => undefined), this.#refreshMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Reads every site's policies again (after a change here, and every {@link SlaOptions.refreshMs}). */
  async refresh(): Promise<void> {
    const policies = new Map<string, CachedPolicy[]>();
    const byId = new Map<string, CachedPolicy>();
    for (const policy of await this.repository.allPolicies()) {
      const list = policies.get(policy.siteId) ?? [];
      list.push(policy);
      policies.set(policy.siteId, list);
      byId.set(policy.id, policy);
    }
    this.#policies = policies;
    this.#byId = byId;
  }

  /** Whether any site keeps a policy (the message log is read only then). */
  get anyPolicy(): boolean {
    return this.#policies.size > 0;
  }

  /** The site's policies in the order they are tried. */
  policies(siteId: string): readonly CachedPolicy[] {
    return this.#policies.get(siteId) ?? [];
  }

  /** A policy by id (any site's: callers compare its site). */
  policy(id: string): CachedPolicy | undefined {
    return this.#byId.get(id);
  }

  /** The policy that applies to a conversation: the first that matches, else the default; `undefined`: none. */
  choose(conversation: ConversationRecord): CachedPolicy | undefined {
    const list = this.policies(conversation.siteId);
    return (
      list.find((policy) => !policy.isDefault && matches(policy.match, conversation)) ?? list.find((p) => p.isDefault)
    );
  }

  /** The hours a policy counts in: the site's business hours when it says so and the site keeps them. */
  hoursFor(policy: SlaPolicy, siteId: string): BusinessHours | undefined {
    return policy.businessHours ? this.hoursOf(siteId) : undefined;
  }

  /** A clock's due and warning times from `from`, with `ms` of counted time to run (and `total` its whole target). */
  schedule(
    policy: SlaPolicy,
    siteId: string,
    from: number,
    ms: number,
    total: number,
  ): { dueAt: number; warnAt: number | null } {
    const hours = this.hoursFor(policy, siteId);
    const dueAt = addCounted(hours, from, ms);
    if (policy.warnAtPercent === null) return { dueAt, warnAt: null };
    // The warning comes when this share of the whole target has run: what is left of it now, less the tail.
    const tail = Math.round((total * (100 - policy.warnAtPercent)) / 100);
    return { dueAt, warnAt: ms > tail ? addCounted(hours, from, ms - tail) : null };
  }

  /** The warning and deadline jobs of a clock due at `dueAt`. */
  timers(
    clock: Pick<ClockRecord, 'siteId' | 'conversationId' | 'target' | 'cycle'>,
    dueAt: number,
    warnAt: number | null,
  ): OutboxInsert[] {
    const payload: TimerJob = { conversationId: clock.conversationId, target: clock.target, cycle: clock.cycle, dueAt };
    const key = `${clock.conversationId}:${clock.target}:${clock.cycle}:${dueAt}`;
    const jobs: OutboxInsert[] = [
      {
        kind: SLA_KINDS.breach,
        siteId: clock.siteId,
        dedupeKey: key,
        conversationId: clock.conversationId,
        payload,
        dueAt,
      },
    ];
    if (warnAt !== null)
      jobs.push({
        kind: SLA_KINDS.warn,
        siteId: clock.siteId,
        dedupeKey: key,
        conversationId: clock.conversationId,
        payload,
        dueAt: warnAt,
      });
    return jobs;
  }

  /** A new clock of `target` started at `startedAt`, with its timers; `undefined` when the policy has no such target. */
  newClock(
    policy: CachedPolicy,
    conversationId: string,
    target: SlaTarget,
    cycle: number,
    startedAt: number,
  ): NewClock | undefined {
    const minutes = targetMinutes(policy, target);
    if (minutes === null) return undefined;
    const ms = minutes * 60_000;
    const { dueAt, warnAt } = this.schedule(policy, policy.siteId, startedAt, ms, ms);
    const clock = {
      conversationId,
      target,
      cycle,
      siteId: policy.siteId,
      policyId: policy.id,
      startedAt,
      dueAt,
      warnAt,
    };
    return { clock, timers: this.timers(clock, dueAt, warnAt) };
  }

  // ---- the message log ----------------------------------------------------------------------------------------

  /**
   * A batch of stored messages, in commit order: starts a conversation's SLA at its first customer message, meets
   * the first-response and next-response clocks at a staff reply (text, never a note nor the bot's), and starts a
   * next-response cycle at a customer's message after a staff reply. Reads the batch's conversations' SLA once, and
   * writes what changed in one transaction; safe to repeat (every write is a compare-and-set).
   */
  async handle(batch: readonly LoggedMessage[]): Promise<void> {
    const byConversation = new Map<string, LoggedMessage[]>();
    for (const logged of batch) {
      const { message } = logged;
      if (message.kind !== 'text' || message.deleted === true) continue;
      if (message.author.role !== 'visitor' && message.author.role !== 'staff') continue;
      if (this.policies(logged.siteId).length === 0) continue;
      const list = byConversation.get(message.conversationId) ?? [];
      list.push(logged);
      byConversation.set(message.conversationId, list);
    }
    if (byConversation.size === 0) return;
    const ids = [...byConversation.keys()];
    const [known, clocks] = await Promise.all([this.repository.conversations(ids), this.repository.clocksOf(ids)]);
    const started: Array<SlaConversation & { siteId: string; dueAt: number | null }> = [];
    const newClocks: NewClock[] = [];
    const met: Array<Pick<ClockRecord, 'conversationId' | 'target' | 'cycle'> & { at: number }> = [];
    const firstReplies: Array<{ siteId: string; conversationId: string; at: number }> = [];
    for (const [conversationId, messages] of byConversation) {
      const siteId = messages[0]!.siteId;
      let sla = known.get(conversationId);
      let policy = sla ? this.policy(sla.policyId) : undefined;
      const own = clocks.get(conversationId) ?? [];
      // The state as the batch goes: whether staff replied, and the next-response cycle that runs (if any).
      let replied = own.some((clock) =>
        clock.target === 'firstResponse' ? clock.metAt !== null : clock.target === 'nextResponse',
      );
      const cycles = own.filter((clock) => clock.target === 'nextResponse');
      let lastCycle = cycles.at(-1)?.cycle ?? 0;
      let running: { cycle: number } | undefined = cycles.find((clock) => clock.metAt === null);
      let firstOpen = own.some((clock) => clock.target === 'firstResponse' && clock.metAt === null);
      if (sla && !replied && policy?.nextResponseMinutes && messages.some((m) => m.message.author.role === 'visitor')) {
        // A policy without a first-response target keeps no clock that says whether staff replied: the record does.
        const conversation = await this.admin.repos.conversations.getConversation(siteId, conversationId);
        replied = (conversation?.firstResponseAt ?? null) !== null;
      }
      for (const { message } of messages) {
        if (message.author.role === 'visitor') {
          if (!sla) {
            const conversation = await this.admin.repos.conversations.getConversation(siteId, conversationId);
            if (!conversation) break;
            policy = this.choose(conversation);
            if (!policy) break;
            replied = conversation.firstResponseAt !== null && conversation.firstResponseAt <= message.ts;
            const startedAt = Math.min(conversation.createdAt, message.ts);
            sla = { conversationId, policyId: policy.id, startedAt };
            const first = replied ? undefined : this.newClock(policy, conversationId, 'firstResponse', 0, startedAt);
            const resolution = this.newClock(policy, conversationId, 'resolution', 0, startedAt);
            for (const clock of [first, resolution]) if (clock) newClocks.push(clock);
            firstOpen = first !== undefined;
            started.push({ ...sla, siteId, dueAt: first?.clock.dueAt ?? null });
          } else if (replied && running === undefined && policy) {
            lastCycle += 1;
            const clock = this.newClock(policy, conversationId, 'nextResponse', lastCycle, message.ts);
            if (clock) {
              newClocks.push(clock);
              running = { cycle: lastCycle };
            }
          }
          continue;
        }
        // A staff reply.
        if (!replied) firstReplies.push({ siteId, conversationId, at: message.ts });
        replied = true;
        if (firstOpen) {
          met.push({ conversationId, target: 'firstResponse', cycle: 0, at: message.ts });
          firstOpen = false;
        }
        if (running) {
          met.push({ conversationId, target: 'nextResponse', cycle: running.cycle, at: message.ts });
          running = undefined;
        }
      }
    }
    const timers = await this.repository.applyMessages({ started, clocks: newClocks, met, firstReplies }, this.#now());
    if (timers > 0) this.admin.outbox.nudge();
    const touched = new Set(
      [...started, ...newClocks.map((c) => c.clock), ...met, ...firstReplies].map((c) => c.conversationId),
    );
    for (const conversationId of touched) {
      const siteId = byConversation.get(conversationId)![0]!.siteId;
      await this.admin.publishConversation(siteId, conversationId);
    }
  }

  // ---- the desk ---------------------------------------------------------------------------------------------

  /**
   * {@link DeskHooks.conversationChanged}: a change of status between open and a paused one (pending, snoozed,
   * resolved) pauses or resumes the conversation's clocks, by a job written in the change's transaction, keyed by the
   * conversation so that its pauses and resumptions apply in order. Only on sites that keep a policy.
   */
  conversationChanged(change: ConversationChange): readonly OutboxInsert[] | undefined {
    const policies = this.policies(change.siteId);
    if (policies.length === 0) return undefined;
    const { before, after } = change;
    const id = before.id;
    const key = `sla:${id}`;
    const jobs: OutboxInsert[] = [];
    // What a policy's conditions read: only a site with a policy besides the default can move a conversation.
    if (
      policies.some((policy) => !policy.isDefault) &&
      (before.priority !== after.priority ||
        before.teamId !== after.teamId ||
        before.labels.length !== after.labels.length ||
        before.labels.some((label) => !after.labels.includes(label)))
    )
      jobs.push({
        kind: SLA_KINDS.review,
        siteId: change.siteId,
        key,
        dedupeKey: id,
        conversationId: id,
        payload: { conversationId: id },
      });
    const from = before.status;
    const to = after.status;
    if (from !== to && (PAUSED_STATUSES.has(from) !== PAUSED_STATUSES.has(to) || to === 'resolved')) {
      // Read on the clock the deadlines are counted on (the same as the change's, but for tests that move it).
      const payload: StatusJob = { conversationId: id, from, to, at: this.#now() };
      jobs.push({ kind: SLA_KINDS.status, siteId: change.siteId, key, conversationId: id, payload });
    }
    return jobs.length > 0 ? jobs : undefined;
  }

  /**
   * {@link ChatHooks.siteSettingsChanged}: the old `sla` field of `PUT /v1/admin/routing` still sets the default
   * policy's first-response target, breach priority and email (`null` leaves the policies as they are).
   */
  siteSettingsChanged(siteId: string, area: string, settings: unknown): void {
    if (area !== 'routing') return;
    const sla = (settings as { sla?: unknown } | null)?.sla as
      { firstResponseMinutes: number; raisePriorityTo: ConversationPriority; notifyEmail: boolean } | null | undefined;
    if (!sla) return;
    this.#legacyDefault(siteId, sla);
    this.#legacy = this.#legacy
      .then(() => this.repository.putLegacyDefault(siteId, sla, this.#now()))
      .then(() => this.refresh())
      .catch((error: unknown) =>
        this.admin.core.log.warn('sla: the routing sla field not saved', { error: String(error) }),
      );
  }

  /** The old field's change in the cache at once, so the next conversation starts under it (the write follows). */
  #legacyDefault(
    siteId: string,
    sla: { firstResponseMinutes: number; raisePriorityTo: ConversationPriority; notifyEmail: boolean },
  ): void {
    const list = [...this.policies(siteId)];
    const now = this.#now();
    const index = list.findIndex((policy) => policy.isDefault);
    const base: CachedPolicy =
      index >= 0
        ? list[index]!
        : {
            id: `slp_default_${siteId}`,
            siteId,
            name: 'Default',
            position: list.length,
            isDefault: true,
            businessHours: false,
            firstResponseMinutes: null,
            nextResponseMinutes: null,
            resolutionMinutes: null,
            warnAtPercent: 80,
            raisePriorityTo: null,
            notifyEmail: false,
            match: {},
            createdAt: now,
            updatedAt: now,
          };
    const next: CachedPolicy = { ...base, ...sla, updatedAt: now };
    if (index >= 0) list[index] = next;
    else list.push(next);
    this.#policies.set(siteId, list);
    this.#byId.set(next.id, next);
  }

  /** Resolves once the old `sla` field's writes so far are done (tests, and the routing route's answer). */
  settled(): Promise<void> {
    return this.#legacy;
  }

  /** Counted time a clock had left at `at` (ms). */
  remaining(clock: ClockRecord, policy: SlaPolicy, at: number): number {
    return countedBetween(this.hoursFor(policy, clock.siteId), at, clock.dueAt);
  }

  /**
   * Who a breach emails: the conversation's team, or without one the members who hold `team.manage` (as the
   * first-reply SLA did: that permission is the one that fixes routing).
   */
  async notified(conversation: ConversationRecord): Promise<string[]> {
    const { repos } = this.admin;
    if (conversation.teamId !== null) {
      const team = (await repos.routing.listTeams(conversation.siteId)).find(
        (found) => found.id === conversation.teamId,
      );
      if (team) return [...team.memberIds];
    }
    const staff = await repos.routing.listRoutingStaff(conversation.siteId);
    const holders = await holdersOf(this.permissionsOf, conversation.siteId, staff, 'team.manage');
    return holders.map((member) => member.id);
  }
}
