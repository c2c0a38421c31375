import { SnoozeBody, type SnoozeResult, type SnoozeState } from '@parley/protocol/admin';
import { ApiError, parseBody } from '../http/admin-http.js';
import { conversationOr404, type AdminRoute, type Call } from '../http/admin-routes/admin-route.js';
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
  {
    method: 'GET',
    path: '/v1/admin/conversations/{id}/snooze',
    run: async (call) => {
      const snooze = await snoozeOf(call).of(await conversationOr404(call));
      return { status: 200, body: { until: snooze?.until ?? null, timeZone: siteZone(call) } satisfies SnoozeState };
    },
  },
  {
    method: 'PUT',
    path: '/v1/admin/conversations/{id}/snooze',
    requestBody: SnoozeBody,
    run: async (call) => {
      const body = await parseBody(call.request, SnoozeBody);
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
  },
  {
    method: 'DELETE',
    path: '/v1/admin/conversations/{id}/snooze',
    run: async (call) => {
      const before = await conversationOr404(call);
      if (before.status !== 'snoozed') throw new ApiError('conflict', 'This conversation is not snoozed.');
      const updated = await snoozeOf(call).unsnooze(before, call.staff);
      if (!updated) throw new ApiError('not_found', 'No such conversation on this site.');
      return { status: 200, body: { conversation: call.admin.summary(updated) } satisfies SnoozeResult };
    },
  },
];
