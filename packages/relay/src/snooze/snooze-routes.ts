import { SnoozeBody, SnoozeResult, SnoozeState } from '@parley/protocol/admin';
import { ApiError } from '../http/admin-http.js';
import { adminRoute, conversationOr404, type AdminRoute, type Call } from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';
import { MAX_SNOOZE_MS, dateTime, presetTime } from './snooze-time.js';
import type { Snooze } from './snooze.js';

function snoozeOf(call: Call): Snooze {
  const snooze = call.use('snooze');
  if (!snooze) throw new ApiError('not_found', 'Snooze is not part of this relay.');
  return snooze;
}

/** The site's time zone: its business hours', else UTC. */
function siteZone(call: Call): string {
  return call.use('automations')?.settings(call.site.id).hours?.timezone ?? 'UTC';
}

/** Snooze until a time (docs/automations.md, "Snooze"): any staff member of the site. */
export const snoozeRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/conversations/{id}/snooze',
    resource: 'conversation',
    doc: {
      summary: 'Until when a conversation is snoozed',
      description: 'And the site’s time zone, which presets and dates are read in.',
      tag: 'conversations',
      responses: ok('Until when (`null`: not snoozed).', SnoozeState),
    },
    run: async (call) => {
      const snooze = await snoozeOf(call).of(await conversationOr404(call));
      return { status: 200, body: { until: snooze?.until ?? null, timeZone: siteZone(call) } satisfies SnoozeState };
    },
  }),
  adminRoute({
    method: 'PUT',
    path: '/v1/admin/conversations/{id}/snooze',
    resource: 'conversation',
    requestBody: SnoozeBody,
    doc: {
      summary: 'Snooze a conversation',
      description:
        'Its status is `snoozed` until then; at its time it goes back to `open` by itself (a timeline event and a `conversation.updated` webhook). A visitor who writes opens it at once. Give exactly one of `until`, `preset` or `date`; snoozing again replaces the time. A resolved conversation is refused (409 `conflict`).',
      tag: 'conversations',
      conflict: true,
      responses: ok('Snoozed.', SnoozeResult),
    },
    run: async (call) => {
      const body = call.body;
      const given = [body.until, body.preset, body.date].filter((value) => value !== undefined).length;
      if (given !== 1) throw new ApiError('bad_request', 'Invalid body: give one of until, preset or date.');
      const feature = snoozeOf(call);
      const now = feature.now();
      const zone = siteZone(call);
      const until =
        body.until ?? (body.preset !== undefined ? presetTime(body.preset, now, zone) : dateTime(body.date!, zone));
      if (until === undefined) throw new ApiError('bad_request', 'Invalid body.date: no such date.');
      if (until <= now) throw new ApiError('bad_request', 'Invalid body: the time has passed.');
      if (until > now + MAX_SNOOZE_MS) throw new ApiError('bad_request', 'Invalid body: at most a year ahead.');
      const before = await conversationOr404(call);
      if (before.status === 'resolved')
        throw new ApiError('conflict', 'A resolved conversation cannot be snoozed; reopen it first.');
      const updated = await feature.snooze(before, until, call.staff);
      if (!updated) throw new ApiError('not_found', 'No such conversation on this site.');
      return { status: 200, body: { conversation: call.admin.summary(updated), until } satisfies SnoozeResult };
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/conversations/{id}/snooze',
    resource: 'conversation',
    doc: {
      summary: 'Open a snoozed conversation now',
      description: '409 `conflict` when it is not snoozed.',
      tag: 'conversations',
      conflict: true,
      responses: ok('Opened.', SnoozeResult),
    },
    run: async (call) => {
      const before = await conversationOr404(call);
      if (before.status !== 'snoozed') throw new ApiError('conflict', 'This conversation is not snoozed.');
      const updated = await snoozeOf(call).unsnooze(before, call.staff);
      if (!updated) throw new ApiError('not_found', 'No such conversation on this site.');
      return { status: 200, body: { conversation: call.admin.summary(updated) } satisfies SnoozeResult };
    },
  }),
];
