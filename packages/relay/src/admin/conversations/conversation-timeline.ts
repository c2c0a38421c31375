import { TimelineAnswer } from '@parley/protocol/admin';
import type { AuditEntry, ConversationRecord } from '../../store/admin-store.js';
import { adminRoute, conversationOr404, type AdminRoute, type Call } from '../../features/admin-routes/admin-route.js';
import { ok } from '../../http/openapi/openapi-parts.js';

/**
 * One change to a conversation, as its thread shows it between the messages: who did it, when, and what. From the
 * audit log's `conversation.update` entries (written for every change made through the admin API, with what the
 * change set), so nothing new is stored; an erased conversation's entries lose their details, and so its timeline.
 */
export type TimelineEvent = { readonly at: number; readonly actor: { readonly id: string; readonly name: string } } & (
  | { readonly type: 'assigned'; readonly assignee: { readonly id: string; readonly name: string } | null }
  | { readonly type: 'team'; readonly team: { readonly id: string; readonly name: string } | null }
  | { readonly type: 'label_added' | 'label_removed'; readonly label: string }
  | { readonly type: 'priority'; readonly priority: string }
  | { readonly type: 'status'; readonly status: string }
  /** Another conversation merged into this one (`from`), or this one into another (`into`): docs/merge.md. */
  | { readonly type: 'merged'; readonly from?: string; readonly into?: string }
);

/** The most changes a timeline shows (the newest). */
const MAX_EVENTS = 500;

/**
 * The events of a conversation's audit entries, oldest first. Labels are told as added and removed against the
 * list before (every conversation starts with none); each other field as its new value, when it changed.
 */
export function timelineEvents(entries: readonly AuditEntry[], names: ReadonlyMap<string, string>): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  let labels: readonly string[] = [];
  let state: Record<string, unknown> = { status: 'open', priority: 'none', assigneeId: null, teamId: null };
  for (const entry of entries) {
    const at = entry.at;
    const actor = { id: entry.actorId, name: entry.actorName };
    const details = entry.details as {
      assigneeId?: unknown;
      teamId?: unknown;
      labels?: unknown;
      priority?: unknown;
      status?: unknown;
      mergedFrom?: unknown;
      mergedInto?: unknown;
    };
    if (typeof details.mergedFrom === 'string') events.push({ at, actor, type: 'merged', from: details.mergedFrom });
    if (typeof details.mergedInto === 'string') events.push({ at, actor, type: 'merged', into: details.mergedInto });
    if (details.assigneeId !== undefined && details.assigneeId !== state.assigneeId) {
      const id = typeof details.assigneeId === 'string' ? details.assigneeId : null;
      events.push({ at, actor, type: 'assigned', assignee: id === null ? null : { id, name: names.get(id) ?? id } });
    }
    if (details.teamId !== undefined && details.teamId !== state.teamId) {
      const id = typeof details.teamId === 'string' ? details.teamId : null;
      events.push({ at, actor, type: 'team', team: id === null ? null : { id, name: names.get(id) ?? id } });
    }
    if (Array.isArray(details.labels)) {
      const next = details.labels.filter((label): label is string => typeof label === 'string');
      for (const label of next) if (!labels.includes(label)) events.push({ at, actor, type: 'label_added', label });
      for (const label of labels) if (!next.includes(label)) events.push({ at, actor, type: 'label_removed', label });
      labels = next;
    }
    if (typeof details.priority === 'string' && details.priority !== state.priority)
      events.push({ at, actor, type: 'priority', priority: details.priority });
    if (typeof details.status === 'string' && details.status !== state.status)
      events.push({ at, actor, type: 'status', status: details.status });
    const { mergedFrom: _from, mergedInto: _into, ...fields } = details;
    state = { ...state, ...fields };
  }
  return events;
}

/** The timeline of a conversation of the caller's site, oldest first (its newest {@link MAX_EVENTS} changes). */
export async function conversationEvents(call: Call, conversation: ConversationRecord): Promise<TimelineEvent[]> {
  const entries = await call.admin.repos.audit.listAudit({
    siteId: call.site.id,
    action: 'conversation.update',
    target: { type: 'conversation', id: conversation.id },
    limit: MAX_EVENTS,
  });
  // Assignees by name: a few distinct ids, members and tokens alike (revoked ones keep their name); teams too.
  const names = new Map<string, string>();
  if (entries.some((entry) => typeof (entry.details as { teamId?: unknown }).teamId === 'string'))
    for (const team of await call.admin.repos.routing.listTeams(call.site.id)) names.set(team.id, team.name);
  for (const id of new Set(entries.map((entry) => (entry.details as { assigneeId?: unknown }).assigneeId))) {
    if (typeof id !== 'string') continue;
    const staff = await call.admin.repos.desk.getStaff(call.site.id, id);
    if (staff) names.set(id, staff.name);
  }
  return timelineEvents(entries.reverse(), names);
}

/** `GET /v1/admin/conversations/{id}/events`: the conversation's timeline, for any staff of the site. */
export const conversationTimelineRoute: AdminRoute = adminRoute({
  method: 'GET',
  path: '/v1/admin/conversations/{id}/events',
  resource: 'conversation',
  doc: {
    summary: 'Timeline of a conversation',
    description:
      'Who changed its assignee, labels, priority and status, and when, oldest first (the newest 500 changes): what the inbox’s thread shows between the messages. Read from the audit log’s `conversation.update` entries (every change made through this API), so an erased conversation has none. Assignments made by routing are not in it.',
    tag: 'conversations',
    responses: ok('Its events.', TimelineAnswer),
  },
  run: async (call) => ({
    status: 200,
    body: { items: await conversationEvents(call, await conversationOr404(call)) },
  }),
});
