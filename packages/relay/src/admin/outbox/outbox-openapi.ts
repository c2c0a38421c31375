import { OUTBOX_STATUSES, OutboxJob, OutboxPage } from '@parley/protocol/admin';
import { type Json, idParam, ok, operation, query } from '../../http/openapi/openapi-parts.js';

/** The outbox. (`outbox-routes.ts` serves it.) */
export const outboxPaths = (): Record<string, Json> => ({
  '/v1/admin/outbox': {
    get: operation(
      'What the relay owes',
      "The site's side effects, newest first: emails and webhook deliveries, written in the same transaction as the event that caused them and delivered at least once. `pending` ones are waiting or being retried (exponential backoff with jitter); `dead` ones were given up on after their kind's attempts (a webhook: about a day) and can be replayed. Finished jobs are kept 7 days (dead ones 30). Payloads are never shown.",
      {
        tag: 'outbox',
        adminOnly: true,
        parameters: [
          query('status', 'Only jobs in this state.', { type: 'string', enum: [...OUTBOX_STATUSES] }),
          query('kind', 'Only jobs of this kind (`webhook`, `email.reply`, …).', { type: 'string' }),
          query('cursor', 'The `nextCursor` of the previous page.', { type: 'string' }),
          query('limit', 'Page size (default 50).', { type: 'integer', minimum: 1, maximum: 200 }),
        ],
        responses: ok('A page of jobs.', OutboxPage),
      },
    ),
  },
  '/v1/admin/outbox/{id}/replay': {
    post: operation(
      'Replay a dead job',
      'Puts a dead job back in line, due now, with its attempts counted from zero. It keeps its id (and a webhook its event id), so receivers that saw an earlier attempt can deduplicate it.',
      {
        tag: 'outbox',
        adminOnly: true,
        parameters: [idParam('outbox job')],
        notFound: true,
        responses: ok('The job, pending again.', OutboxJob),
      },
    ),
  },
});
