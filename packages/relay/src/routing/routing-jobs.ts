import type { DeliveryOutcome, OutboxHandler, OutboxInsert, OutboxJob } from '../outbox/outbox.js';
import type { ConversationRecord } from '../store/admin-store.js';
import type { AdminFor } from '../admin/public.js';
import type { RoutingSettings } from './routing-settings.js';
import { ONLINE_WINDOW_MS, ROUTING_KINDS, type AssignJob, type AssignReason, type ClaimJob } from './routing-kinds.js';

/** What the handlers need of the routing feature (`Routing` is one). */
export interface RoutingHost {
  readonly admin: AdminFor<'conversations' | 'outbox' | 'routing'>;
  now(): number;
  seenSince(): number;
  settings(siteId: string): RoutingSettings;
  assignmentEffects(
    siteId: string,
    conversationId: string,
    reason?: AssignReason,
    from?: string | null,
  ): readonly OutboxInsert[] | undefined;
}

/**
 * The handlers of routing's outbox jobs. Each decides from the database at delivery time and changes the
 * conversation by compare-and-set (see `store/sql/routing-queries.ts`), so a job delivered again, after a relay
 * died mid-way or its lease expired, changes nothing twice.
 */
export function routingHandlers(routing: RoutingHost): OutboxHandler[] {
  const { admin } = routing;
  const repos = admin.repos;

  /** The `conversation.updated` webhooks of a change from `before`. */
  const updated = (
    before: ConversationRecord,
    change: Partial<Pick<ConversationRecord, 'assigneeId'>>,
  ): readonly OutboxInsert[] | undefined =>
    admin.conversations.effects(before, change, { kind: 'feature', feature: 'routing' }, routing.now());

  const assign: OutboxHandler<AssignJob> = {
    kind: ROUTING_KINDS.assign,
    maxAttempts: 8,
    timeoutMs: 10_000,
    async deliver(job) {
      const { conversationId, reason } = job.payload;
      const settings = routing.settings(job.siteId);
      const before = await repos.conversations.getConversation(job.siteId, conversationId);
      if (!before) return { status: 'skipped', detail: 'no such conversation' };
      if (settings.mode === 'off') return { status: 'skipped', detail: 'the site does not route' };
      const outcome = await repos.routing.assignConversation({
        siteId: job.siteId,
        conversationId,
        mode: settings.mode,
        defaultCapacity: settings.defaultCapacity,
        seenSince: routing.seenSince(),
        from: job.payload.from,
        now: routing.now(),
        nobody: reason === 'reassign' ? 'unassign' : 'keep',
        effects: (assigneeId) => updated(before, { assigneeId }),
      });
      if (outcome.status === 'assigned' || outcome.status === 'unassigned') {
        admin.outbox.nudge();
        await admin.publishConversation(job.siteId, conversationId);
      }
      switch (outcome.status) {
        case 'assigned':
          return { status: 'delivered', detail: `assigned to ${outcome.assigneeId} (${reason})` };
        case 'unassigned':
          return { status: 'delivered', detail: `nobody online: unassigned (${reason})` };
        case 'nobody':
          return { status: 'skipped', detail: 'nobody online, available and under capacity' };
        default:
          return { status: 'skipped', detail: outcome.detail };
      }
    },
  };

  const reassign: OutboxHandler<{ staffId: string }> = {
    kind: ROUTING_KINDS.reassign,
    maxAttempts: 8,
    timeoutMs: 10_000,
    async deliver(job): Promise<DeliveryOutcome> {
      const minutes = routing.settings(job.siteId).reassignAfterMinutes;
      if (minutes === null) return { status: 'skipped', detail: 'the site does not reassign' };
      const staff = await repos.routing.getRoutingStaff(job.siteId, job.payload.staffId);
      if (!staff) return { status: 'skipped', detail: 'no such active staff member' };
      const now = routing.now();
      const offlineSince =
        staff.availability === 'offline'
          ? staff.availabilityAt
          : staff.lastSeenAt < now - ONLINE_WINDOW_MS
            ? staff.lastSeenAt
            : undefined;
      if (offlineSince === undefined) return { status: 'skipped', detail: 'online again' };
      const dueAt = offlineSince + minutes * 60_000;
      if (dueAt > now) {
        // Offline, but not for long enough yet (they came back and left again): look again when it would be.
        await repos.outbox.enqueueOutbox([{ ...jobInsert(job), dueAt }], now);
        return { status: 'skipped', detail: 'offline for less than the site’s minutes: looked at again later' };
      }
      const ids = await repos.routing.openAssignedTo(job.siteId, staff.id);
      const effects = ids.flatMap((id) => routing.assignmentEffects(job.siteId, id, 'reassign', staff.id) ?? []);
      if (effects.length > 0) {
        await repos.outbox.enqueueOutbox(effects, now);
        admin.outbox.nudge();
      }
      return { status: 'delivered', detail: `${effects.length} conversation(s) to reassign` };
    },
  };

  // Written with the reply, decided at delivery: still unassigned, the member still active, the setting still on.
  const claim: OutboxHandler<ClaimJob> = {
    kind: ROUTING_KINDS.claim,
    maxAttempts: 8,
    timeoutMs: 10_000,
    async deliver(job): Promise<DeliveryOutcome> {
      const { conversationId, staffId } = job.payload;
      if (!routing.settings(job.siteId).assignOnReply)
        return { status: 'skipped', detail: 'the site does not assign on reply' };
      const before = await repos.conversations.getConversation(job.siteId, conversationId);
      if (!before) return { status: 'skipped', detail: 'no such conversation' };
      if (before.assigneeId !== null) return { status: 'skipped', detail: 'assigned meanwhile' };
      const staff = await repos.routing.getRoutingStaff(job.siteId, staffId);
      if (!staff) return { status: 'skipped', detail: 'no such active staff member' };
      await admin.conversations.update({
        siteId: job.siteId,
        before,
        patch: { assigneeId: staffId },
        cause: { kind: 'staff', staffId, staffName: staff.name },
        at: routing.now(),
        audit: { action: 'conversation.update', details: { assigneeId: staffId } },
      });
      return { status: 'delivered', detail: `assigned to ${staffId}, who replied` };
    },
  };

  return [assign, reassign, claim] as OutboxHandler[];
}

/** A job written again as it was (a timer looked at too early). */
function jobInsert(job: OutboxJob<{ staffId: string }>): OutboxInsert {
  return { kind: job.kind, siteId: job.siteId, dedupeKey: job.payload.staffId, payload: job.payload };
}
