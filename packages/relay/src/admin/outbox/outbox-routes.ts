import * as z from 'zod/mini';
import { OUTBOX_STATUSES, OutboxJob, OutboxPage } from '@parley/protocol/admin';
import type { OutboxRecord } from '../../store/admin-store.js';
import { ApiError } from '../../http/admin-http.js';
import { adminRoute, audit, type AdminRoute } from '../../features/admin-routes/admin-route.js';
import { pageSize, seq, text } from '../../features/admin-routes/route-query.js';
import { ok } from '../../http/openapi/openapi-parts.js';

/** A job as the API shows it: where it stands and why, never its payload (which may hold message text). */
export function outboxJson(job: OutboxRecord): OutboxJob {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    attempts: job.attempts,
    conversationId: job.conversationId,
    createdAt: job.createdAt,
    dueAt: job.dueAt,
    doneAt: job.doneAt,
    lastError: job.lastError,
    detail: job.detail,
    held: job.held,
  };
}

/** Routes of the outbox: what the relay owes (emails, webhook deliveries), what it gave up on, and replaying that. */
export const outboxRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/outbox',
    permission: 'webhooks.manage',
    doc: {
      summary: 'What the relay owes',
      description:
        "The site's side effects, newest first: emails and webhook deliveries, written in the same transaction as the event that caused them and delivered at least once. `pending` ones are waiting or being retried (exponential backoff with jitter); `dead` ones were given up on after their kind's attempts (a webhook: about a day) and can be replayed. Finished jobs are kept 7 days (dead ones 30). Payloads are never shown.",
      tag: 'outbox',
      responses: ok('A page of jobs.', OutboxPage),
    },
    query: {
      status: text(
        z.enum(OUTBOX_STATUSES, { error: `one of ${OUTBOX_STATUSES.join(', ')}` }),
        'Only jobs in this state.',
        { type: 'string', enum: [...OUTBOX_STATUSES] },
      ),
      kind: text(
        z.string().check(
          z.regex(/^[a-z.-]{1,64}$/, {
            error: 'a kind such as webhook or email.reply (lower-case letters, dots and dashes)',
          }),
        ),
        'Only jobs of this kind (`webhook`, `email.reply`, …).',
        { type: 'string' },
      ),
      cursor: seq('The `nextCursor` of the previous page.'),
      limit: pageSize(50, 200, {
        description: 'Page size (default 50).',
        schema: { type: 'integer', minimum: 1, maximum: 200 },
      }),
    },
    run: async (call) => {
      const { status, kind, cursor, limit } = call.query;
      const page = await call.admin.repos.outbox.listOutbox(call.site.id, { status, kind, before: cursor }, limit);
      return {
        status: 200,
        body: {
          items: page.items.map(outboxJson),
          ...(page.next !== undefined ? { nextCursor: String(page.next) } : {}),
        },
      };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/outbox/{id}/replay',
    permission: 'webhooks.manage',
    resource: 'outbox job',
    doc: {
      summary: 'Replay a dead job',
      description:
        'Puts a dead job back in line, due now, with its attempts counted from zero. It keeps its id (and a webhook its event id), so receivers that saw an earlier attempt can deduplicate it.',
      tag: 'outbox',
      responses: ok('The job, pending again.', OutboxJob),
    },
    run: async (call) => {
      const job = await call.admin.repos.outbox.replayOutbox(call.site.id, call.params.id!, call.now);
      if (!job) throw new ApiError('not_found', 'No dead outbox job with that id on this site.');
      await audit(call, 'outbox.replay', 'outbox', job.id, { kind: job.kind });
      call.admin.outbox.nudge();
      return { status: 200, body: outboxJson(job) };
    },
  }),
];
