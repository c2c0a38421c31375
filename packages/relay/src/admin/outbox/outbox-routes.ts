import * as z from 'zod/mini';
import { OUTBOX_STATUSES, type OutboxJob } from '@parley/protocol/admin';
import type { OutboxRecord } from '../../store/admin-store.js';
import { ApiError, check } from '../../http/admin-http.js';
import { audit, pageLimit, QuerySeq, queryObject, type AdminRoute } from '../../http/admin-routes/admin-route.js';

const OutboxQuery = z.object({
  status: z.optional(z.enum(OUTBOX_STATUSES, { error: `one of ${OUTBOX_STATUSES.join(', ')}` })),
  kind: z.optional(
    z.string().check(
      z.regex(/^[a-z.-]{1,64}$/, {
        error: 'a kind such as webhook or email.reply (lower-case letters, dots and dashes)',
      }),
    ),
  ),
  cursor: z.optional(QuerySeq),
  limit: z.optional(z.string()),
});

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
  {
    method: 'GET',
    path: '/v1/admin/outbox',
    permission: 'webhooks.manage',
    run: async (call) => {
      const { status, kind, cursor, limit } = check(OutboxQuery, queryObject(call.request), 'query');
      const page = await call.admin.repos.outbox.listOutbox(
        call.site.id,
        { status, kind, before: cursor === undefined ? undefined : Number(cursor) },
        pageLimit(limit, 50, 200),
      );
      return {
        status: 200,
        body: {
          items: page.items.map(outboxJson),
          ...(page.next !== undefined ? { nextCursor: String(page.next) } : {}),
        },
      };
    },
  },
  {
    method: 'POST',
    path: '/v1/admin/outbox/{id}/replay',
    permission: 'webhooks.manage',
    run: async (call) => {
      const job = await call.admin.repos.outbox.replayOutbox(call.site.id, call.params.id!, call.now);
      if (!job) throw new ApiError('not_found', 'No dead outbox job with that id on this site.');
      await audit(call, 'outbox.replay', 'outbox', job.id, { kind: job.kind });
      call.admin.outbox.nudge();
      return { status: 200, body: outboxJson(job) };
    },
  },
];
