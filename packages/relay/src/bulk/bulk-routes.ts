import { BulkChange, type BulkOutcome, BulkResult } from '@parley/protocol/admin';
import { sees } from '../core/staff-scope.js';
import { ApiError } from '../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';
import { checkTargets, writeChange } from '../admin/public.js';
import { MAX_SNOOZE_MS } from '../snooze/public.js';
import type { ConversationPatch, ConversationRecord } from '../store/admin-store.js';
import { TimeSlice } from '../time-slice.js';

/** The most labels a conversation carries (as `PATCH /v1/admin/conversations/{id}` allows). */
const MAX_LABELS = 20;

type Change = Omit<BulkChange, 'ids'>;

/** What is left to change on `before`: the change without what already holds (nothing written for that). */
function patchFor(before: ConversationRecord, change: Change): ConversationPatch | string {
  const patch: { -readonly [K in keyof ConversationPatch]: ConversationPatch[K] } = {};
  if (change.status !== undefined && change.status !== before.status) patch.status = change.status;
  if (change.priority !== undefined && change.priority !== before.priority) patch.priority = change.priority;
  if (change.assigneeId !== undefined && change.assigneeId !== before.assigneeId) patch.assigneeId = change.assigneeId;
  if (change.teamId !== undefined && change.teamId !== before.teamId) patch.teamId = change.teamId;
  if (change.addLabels || change.removeLabels) {
    const labels = new Set(before.labels);
    for (const label of change.addLabels ?? []) labels.add(label);
    for (const label of change.removeLabels ?? []) labels.delete(label);
    if (labels.size > MAX_LABELS) return `It would have more than ${MAX_LABELS} labels.`;
    const same = labels.size === before.labels.length && before.labels.every((label) => labels.has(label));
    if (!same) patch.labels = [...labels];
  }
  return patch;
}

/** Changes one conversation of the request; its outcome. */
async function changeOne(
  call: Call,
  id: string,
  change: Change,
  team: Awaited<ReturnType<typeof checkTargets>>,
): Promise<BulkOutcome> {
  const found = await call.admin.repos.conversations.getConversation(call.site.id, id);
  // One the caller may not see (issue #41) is not found, as in every route.
  const before = found && sees(call.scope, found) ? found : undefined;
  if (!before) return { id, outcome: 'not_found', message: 'No such conversation on this site.' };
  if (change.snoozeUntil !== undefined) {
    if (before.status === 'resolved')
      return { id, outcome: 'conflict', message: 'A resolved conversation cannot be snoozed; reopen it first.' };
    const snoozed = await call.use('snooze')!.snooze(before, change.snoozeUntil, call.staff);
    return snoozed
      ? { id, outcome: 'ok' }
      : { id, outcome: 'not_found', message: 'No such conversation on this site.' };
  }
  const patch = patchFor(before, change);
  if (typeof patch === 'string') return { id, outcome: 'conflict', message: patch };
  if (Object.keys(patch).length === 0) return { id, outcome: 'ok' };
  const updated = await writeChange(call, before, patch, patch.teamId ? team : undefined, { ...patch, bulk: true });
  return updated ? { id, outcome: 'ok' } : { id, outcome: 'not_found', message: 'No such conversation on this site.' };
}

/** Bulk changes to conversations (docs/views-and-bulk.md): any staff member, as for one conversation. */
export const bulkRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'POST',
    path: '/v1/admin/conversations/bulk',
    requestBody: BulkChange,
    doc: {
      summary: 'Change many conversations at once',
      description:
        'One change — `status` (`resolved` resolves; to snooze, `snoozeUntil`), `priority`, `assigneeId`, `teamId`, `addLabels` / `removeLabels`, or `snoozeUntil` alone — made to each conversation of `ids` (at most 100) as `PATCH /v1/admin/conversations/{id}` makes it: its webhooks, its timeline entry, the push to other inboxes. A conversation already so is left as it is (`ok`). The answer gives an outcome per id, in order: `ok`, `not_found` (not on this site), `forbidden`, or `conflict` (with why: a resolved conversation cannot be snoozed, too many labels); a partial failure is an answer of 200 with its failures named. The action is one audit entry (`conversation.bulk`) naming the ids and the count. An assignee or team that is not the site’s refuses the whole request (400) and changes nothing.',
      tag: 'conversations',
      responses: ok('The outcome per conversation.', BulkResult),
    },
    run: async (call) => {
      const { ids, ...change } = call.body;
      const given = Object.keys(change);
      if (given.length === 0)
        throw new ApiError(
          'bad_request',
          'Invalid body: give a change (status, priority, assigneeId, teamId, addLabels, removeLabels or snoozeUntil).',
        );
      // A snooze without its time would never wake: it goes through `snoozeUntil`.
      if (change.status === 'snoozed')
        throw new ApiError('bad_request', 'Invalid body.status: to snooze, give snoozeUntil.');
      if (change.snoozeUntil !== undefined) {
        if (given.length > 1) throw new ApiError('bad_request', 'Invalid body.snoozeUntil: a snooze goes alone.');
        if (!call.use('snooze')) throw new ApiError('bad_request', 'Invalid body.snoozeUntil: snooze is not on.');
        const now = call.use('snooze')!.now();
        if (change.snoozeUntil <= now)
          throw new ApiError('bad_request', 'Invalid body.snoozeUntil: the time has passed.');
        if (change.snoozeUntil > now + MAX_SNOOZE_MS)
          throw new ApiError('bad_request', 'Invalid body.snoozeUntil: at most a year ahead.');
      }
      const both = change.addLabels?.find((label) => change.removeLabels?.includes(label));
      if (both !== undefined)
        throw new ApiError('bad_request', `Invalid body.removeLabels: "${both}" is also in addLabels.`);
      const team = await checkTargets(call, change);
      // One conversation at a time, each its own transaction through the one writer; the loop turns between them.
      const slice = new TimeSlice();
      const results: BulkOutcome[] = [];
      for (const id of new Set(ids)) {
        try {
          results.push(await changeOne(call, id, change, team));
        } catch (error) {
          call.core.log.warn('bulk change failed', { conversationId: id, error: String(error) });
          results.push({ id, outcome: 'conflict', message: 'It could not be changed now; try again.' });
        }
        await slice.pass();
      }
      const changed = results.filter((result) => result.outcome === 'ok').length;
      // One entry for the action (each conversation's own timeline entry is written by the writer).
      await audit(call, 'conversation.bulk', 'conversation', `bulk:${results.length}`, {
        change,
        count: results.length,
        changed,
        ids: results.map((result) => result.id),
        failed: results.filter((result) => result.outcome !== 'ok').map(({ id, outcome }) => ({ id, outcome })),
      });
      return {
        status: 200,
        body: { results, changed, failed: results.length - changed } satisfies BulkResult,
      };
    },
  }),
];
