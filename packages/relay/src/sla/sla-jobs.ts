import type { ConversationPriority } from '@parley/protocol';
import type { DeliveryOutcome, OutboxHandler, OutboxInsert } from '../outbox/outbox.js';
import type { ConversationRecord } from '../store/admin-store.js';
import type { ClockRecord, NewClock, SlaRepository } from './sla-repository.js';

/** A clock moved to another policy's target (`SlaRepository.review`). */
type MovedClock = Parameters<SlaRepository['review']>[3][number];
import { PAUSED_STATUSES, SLA_KINDS, targetMinutes, type Sla, type StatusJob, type TimerJob } from './sla.js';

/** How the audit log and the timeline name the SLA acting by itself. */
const cause = { kind: 'feature', feature: 'sla', actorName: 'SLA' } as const;

/**
 * The handlers of the SLA's outbox jobs. Each decides from the database at delivery time and changes a clock by
 * compare-and-set on what it read (a timer on the due time it was written for), so a job delivered again after a
 * relay died, or by another relay, changes nothing twice.
 */
export function slaHandlers(sla: Sla): OutboxHandler[] {
  const { admin, repository } = sla;

  async function clockOf(siteId: string, job: TimerJob): Promise<ClockRecord | undefined> {
    const clocks = await repository.clocks(siteId, job.conversationId);
    return clocks.find((clock) => clock.target === job.target && clock.cycle === job.cycle);
  }

  /** A response clock met by a reply stored before its deadline, which the log had not handled yet. */
  async function answered(clock: ClockRecord): Promise<boolean> {
    if (clock.target === 'resolution') return false;
    const at = await repository.staffReplySince(clock.conversationId, clock.startedAt);
    if (at === undefined || at > clock.dueAt) return false;
    await repository.meet(clock, at);
    return true;
  }

  /** The timer's clock while it still runs to the job's deadline, or why the job has nothing to do (`met`: its words). */
  async function stillDue(
    job: { siteId: string; payload: TimerJob },
    met: string,
  ): Promise<ClockRecord | DeliveryOutcome> {
    const clock = await clockOf(job.siteId, job.payload);
    if (!clock) return { status: 'skipped', detail: 'no such clock' };
    if (clock.dueAt !== job.payload.dueAt || clock.pausedSince !== null)
      return { status: 'skipped', detail: 'paused or moved meanwhile' };
    if (clock.metAt !== null || (await answered(clock))) return { status: 'skipped', detail: met };
    return clock;
  }

  const warn: OutboxHandler<TimerJob> = {
    kind: SLA_KINDS.warn,
    maxAttempts: 8,
    timeoutMs: 10_000,
    async deliver(job): Promise<DeliveryOutcome> {
      const clock = await stillDue(job, 'met');
      if ('status' in clock) return clock;
      if (!(await repository.warn(clock, sla.now()))) return { status: 'skipped', detail: 'warned, met or moved' };
      // The staff see it from the conversation's frame: the inbox reads the clocks again.
      await admin.publishConversation(job.siteId, clock.conversationId);
      return { status: 'delivered', detail: `${clock.target} due at ${new Date(clock.dueAt).toISOString()}` };
    },
  };

  const breach: OutboxHandler<TimerJob> = {
    kind: SLA_KINDS.breach,
    maxAttempts: 8,
    timeoutMs: 10_000,
    async deliver(job): Promise<DeliveryOutcome> {
      const clock = await stillDue(job, 'met in time');
      if ('status' in clock) return clock;
      const before = await admin.repos.conversations.getConversation(job.siteId, clock.conversationId);
      if (!before) return { status: 'skipped', detail: 'no such conversation' };
      const policy = sla.policy(clock.policyId);
      const raiseTo = policy?.raisePriorityTo ?? null;
      const recipients = policy?.notifyEmail && sla.emailEnabled() ? await sla.notified(before) : [];
      const now = sla.now();
      const outcome = await repository.breach(
        clock,
        raiseTo,
        now,
        (_previous: ConversationPriority, priority: ConversationPriority) => {
          const change: Partial<ConversationRecord> =
            clock.target === 'firstResponse' ? { priority, overdue: true } : { priority };
          return [
            ...(admin.conversations.effects(before, change, cause, now) ?? []),
            // The email feature's notification, listing what visitors wrote; one per staff member at a time.
            ...recipients.map((staffId): OutboxInsert => ({
              kind: 'email.notify',
              siteId: job.siteId,
              dedupeKey: staffId,
              payload: { staffId },
            })),
          ];
        },
      );
      if (outcome.status !== 'breached') return { status: 'skipped', detail: outcome.detail };
      admin.outbox.nudge();
      await admin.repos.audit.appendAudit({
        siteId: job.siteId,
        at: now,
        actorId: 'feature:sla',
        actorName: 'SLA',
        action: 'sla.breach',
        targetType: 'conversation',
        targetId: clock.conversationId,
        details: {
          target: clock.target,
          cycle: clock.cycle,
          policyId: clock.policyId,
          dueAt: clock.dueAt,
          ...(outcome.priority !== outcome.previous
            ? { priority: outcome.priority, previousPriority: outcome.previous }
            : {}),
        },
      });
      await admin.publishConversation(job.siteId, clock.conversationId);
      return {
        status: 'delivered',
        detail: `${clock.target} breached; priority ${outcome.previous} → ${outcome.priority}`,
      };
    },
  };

  const status: OutboxHandler<StatusJob> = {
    kind: SLA_KINDS.status,
    maxAttempts: 8,
    timeoutMs: 10_000,
    async deliver(job): Promise<DeliveryOutcome> {
      const { conversationId, from, to, at } = job.payload;
      const clocks = await repository.clocks(job.siteId, conversationId);
      const open = clocks.filter((clock) => clock.metAt === null && clock.breachedAt === null);
      if (open.length === 0) return { status: 'skipped', detail: 'no running clock' };
      if (PAUSED_STATUSES.has(to) && !PAUSED_STATUSES.has(from)) {
        const resolved = to === 'resolved' ? open.filter((clock) => clock.target === 'resolution') : [];
        const paused = open
          .filter((clock) => clock.pausedSince === null && !resolved.includes(clock))
          .flatMap((clock) => {
            const policy = sla.policy(clock.policyId);
            return policy ? [{ clock, remainingMs: sla.remaining(clock, policy, at) }] : [];
          });
        await repository.pause(paused, at, resolved);
        await admin.publishConversation(job.siteId, conversationId);
        return { status: 'delivered', detail: `${paused.length} paused, ${resolved.length} met (${to})` };
      }
      if (to === 'resolved') {
        // From pending or snoozed: the clocks stand still already; resolution is met.
        await repository.pause(
          [],
          at,
          open.filter((clock) => clock.target === 'resolution'),
        );
        await admin.publishConversation(job.siteId, conversationId);
        return { status: 'delivered', detail: `resolved from ${from}` };
      }
      if (PAUSED_STATUSES.has(from) && !PAUSED_STATUSES.has(to)) {
        const resumed = open
          .filter((clock) => clock.pausedSince !== null)
          .flatMap((clock) => {
            const policy = sla.policy(clock.policyId);
            const minutes = policy ? targetMinutes(policy, clock.target) : null;
            if (!policy || minutes === null) return [];
            const left = clock.remainingMs ?? 0;
            const { dueAt, warnAt } = sla.schedule(policy, clock.siteId, at, left, minutes * 60_000);
            const warned = clock.warnedAt !== null ? null : warnAt;
            return [{ clock, dueAt, warnAt: warned, timers: sla.timers(clock, dueAt, warned) }];
          });
        await repository.resume(resumed, at);
        if (resumed.length > 0) admin.outbox.nudge();
        await admin.publishConversation(job.siteId, conversationId);
        return { status: 'delivered', detail: `${resumed.length} resumed` };
      }
      return { status: 'skipped', detail: `${from} → ${to}: nothing to do` };
    },
  };

  const review: OutboxHandler<{ conversationId: string }> = {
    kind: SLA_KINDS.review,
    maxAttempts: 8,
    timeoutMs: 10_000,
    async deliver(job): Promise<DeliveryOutcome> {
      const { conversationId } = job.payload;
      const record = (await repository.conversations([conversationId])).get(conversationId);
      if (!record) return { status: 'skipped', detail: 'no SLA yet' };
      const conversation = await admin.repos.conversations.getConversation(job.siteId, conversationId);
      if (!conversation) return { status: 'skipped', detail: 'no such conversation' };
      const policy = sla.choose(conversation);
      if (!policy || policy.id === record.policyId) return { status: 'skipped', detail: 'the same policy' };
      const old = sla.policy(record.policyId);
      const now = sla.now();
      const clocks = await repository.clocks(job.siteId, conversationId);
      const moved = clocks
        .filter((clock) => clock.metAt === null && clock.breachedAt === null)
        .flatMap((clock): MovedClock[] => {
          const minutes = targetMinutes(policy, clock.target);
          if (minutes === null) return [];
          const total = minutes * 60_000;
          const oldMinutes = old ? targetMinutes(old, clock.target) : null;
          const left = clock.pausedSince !== null ? (clock.remainingMs ?? 0) : sla.remaining(clock, old ?? policy, now);
          // The time it has run keeps counting against the new target.
          const elapsed = oldMinutes === null ? 0 : Math.max(0, oldMinutes * 60_000 - left);
          const newLeft = Math.max(0, total - elapsed);
          if (clock.pausedSince !== null)
            return [{ clock, dueAt: clock.dueAt, warnAt: clock.warnAt, remainingMs: newLeft, timers: [] }];
          const { dueAt, warnAt } = sla.schedule(policy, job.siteId, now, newLeft, total);
          const warned = clock.warnedAt !== null ? null : warnAt;
          return [{ clock, dueAt, warnAt: warned, remainingMs: null, timers: sla.timers(clock, dueAt, warned) }];
        });
      const has = new Set(clocks.map((clock) => clock.target));
      const started = [
        !has.has('firstResponse') && conversation.firstResponseAt === null
          ? sla.newClock(policy, conversationId, 'firstResponse', 0, record.startedAt)
          : undefined,
        !has.has('resolution') && conversation.status !== 'resolved'
          ? sla.newClock(policy, conversationId, 'resolution', 0, record.startedAt)
          : undefined,
      ].filter((clock): clock is NewClock => clock !== undefined);
      if (!(await repository.review(conversationId, record.policyId, policy.id, moved, started, now)))
        return { status: 'skipped', detail: 'moved meanwhile' };
      admin.outbox.nudge();
      await admin.publishConversation(job.siteId, conversationId);
      return { status: 'delivered', detail: `${old?.name ?? record.policyId} → ${policy.name}` };
    },
  };

  // Jobs of the first-reply SLA written before the upgrade: the policies' clocks replace them.
  const legacy = ['sla.first-response', 'routing.first-response'].map((kind): OutboxHandler => ({
    kind,
    maxAttempts: 1,
    timeoutMs: 1000,
    deliver: () => Promise.resolve({ status: 'skipped', detail: 'replaced by the SLA policies (docs/sla.md)' }),
  }));

  return [warn, breach, status, review, ...legacy] as OutboxHandler[];
}
