import type { ConversationPriority } from '@parley/protocol';
import type { DeliveryOutcome, OutboxHandler, OutboxInsert, OutboxJob } from '../outbox/outbox.js';
import type { ConversationRecord } from '../store/admin-store.js';
import type { AdminFor } from '../admin/public.js';
import { holdersOf, type MemberPermissions } from '../roles/public.js';
import type { RoutingSettings } from './routing-settings.js';
import { ONLINE_WINDOW_MS, ROUTING_KINDS, type AssignJob, type AssignReason, type ClaimJob } from './routing-kinds.js';

/** What the handlers need of the routing feature (`Routing` is one). */
export interface RoutingHost {
  readonly admin: AdminFor<'conversations' | 'outbox' | 'routing'>;
  now(): number;
  seenSince(): number;
  settings(siteId: string): RoutingSettings;
  emailEnabled(): boolean;
  /** What a member of the site may do (their custom role's permissions, or their built-in role's). */
  permissionsOf: MemberPermissions;
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
    change: Partial<Pick<ConversationRecord, 'assigneeId' | 'priority' | 'overdue'>>,
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
      let started = false;
      if (settings.sla !== null && (reason === 'new' || reason === 'handover')) {
        // The deadline counts from when the conversation opened (the job is written with its first message).
        const dueAt = Math.min(job.createdAt, before.createdAt) + settings.sla.firstResponseMinutes * 60_000;
        const timer: OutboxInsert = {
          kind: ROUTING_KINDS.sla,
          siteId: job.siteId,
          dedupeKey: conversationId,
          conversationId,
          payload: { conversationId },
          dueAt,
        };
        started = await repos.routing.startSla(job.siteId, conversationId, dueAt, [timer]);
      }
      if (settings.mode === 'off') {
        if (started) await admin.publishConversation(job.siteId, conversationId);
        return {
          status: 'skipped',
          detail: started ? 'SLA started; the site does not route' : 'the site does not route',
        };
      }
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
      if (outcome.status === 'assigned' || outcome.status === 'unassigned' || started) {
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

  const firstResponse: OutboxHandler<{ conversationId: string; at: number }> = {
    kind: ROUTING_KINDS.firstResponse,
    maxAttempts: 8,
    timeoutMs: 10_000,
    async deliver(job) {
      await repos.routing.recordFirstResponse(job.siteId, job.payload.conversationId, job.payload.at);
      await admin.publishConversation(job.siteId, job.payload.conversationId);
      return { status: 'delivered' };
    },
  };

  const sla: OutboxHandler<{ conversationId: string }> = {
    kind: ROUTING_KINDS.sla,
    maxAttempts: 8,
    timeoutMs: 10_000,
    async deliver(job) {
      const rule = routing.settings(job.siteId).sla;
      if (rule === null) return { status: 'skipped', detail: 'the site keeps no SLA' };
      const before = await repos.conversations.getConversation(job.siteId, job.payload.conversationId);
      if (!before) return { status: 'skipped', detail: 'no such conversation' };
      const recipients = rule.notifyEmail && routing.emailEnabled() ? await notified(routing, before) : [];
      const outcome = await repos.routing.escalate(
        job.siteId,
        before.id,
        rule.raisePriorityTo,
        routing.now(),
        (_previous: ConversationPriority, priority: ConversationPriority) => [
          ...(updated(before, { priority, overdue: true }) ?? []),
          // The email feature's notification, listing what visitors wrote; one per staff member at a time.
          ...recipients.map((staffId) => ({
            kind: 'email.notify',
            siteId: job.siteId,
            dedupeKey: staffId,
            payload: { staffId },
          })),
        ],
      );
      if (outcome.status === 'escalated') {
        admin.outbox.nudge();
        await admin.publishConversation(job.siteId, before.id);
        return { status: 'delivered', detail: `overdue; priority ${outcome.previous} → ${outcome.priority}` };
      }
      if (outcome.status === 'answered') {
        await admin.publishConversation(job.siteId, before.id);
        return { status: 'skipped', detail: 'answered in time' };
      }
      return { status: 'skipped', detail: outcome.detail };
    },
  };

  return [assign, reassign, claim, firstResponse, sla] as OutboxHandler[];
}

/**
 * Who an escalation emails: the conversation's team, or without one the members who hold `team.manage`, whatever
 * their role is called (owners, admins, and custom roles that grant it). `team.manage` because an overdue
 * conversation of no team is a routing problem, and that permission is the one that fixes it: it manages members,
 * teams and each member's routing (availability, capacity), and it is the permission an admin's role stood for here
 * before roles (issue #41). Seeing the conversation is not it: the notification lists only what each recipient may
 * see (ADR 0033).
 */
async function notified(routing: RoutingHost, conversation: ConversationRecord): Promise<string[]> {
  const { repos } = routing.admin;
  if (conversation.teamId !== null) {
    const team = (await repos.routing.listTeams(conversation.siteId)).find((found) => found.id === conversation.teamId);
    if (team) return [...team.memberIds];
  }
  const staff = await repos.routing.listRoutingStaff(conversation.siteId);
  const holders = await holdersOf(routing.permissionsOf, conversation.siteId, staff, ESCALATION_PERMISSION);
  return holders.map((member) => member.id);
}

/** The permission whose holders an escalation of a conversation of no team emails (see {@link notified}). */
const ESCALATION_PERMISSION = 'team.manage';

/** A job written again as it was (a timer looked at too early). */
function jobInsert(job: OutboxJob<{ staffId: string }>): OutboxInsert {
  return { kind: job.kind, siteId: job.siteId, dedupeKey: job.payload.staffId, payload: job.payload };
}
