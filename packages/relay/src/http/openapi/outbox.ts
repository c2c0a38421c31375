import { type Json, idParam, ok, operation, page, query, ref } from './openapi-parts.js';

/** The outbox. (`admin-routes/outbox.ts` serves it.) */
export const outboxPaths: Record<string, Json> = {
  '/v1/admin/outbox': {
    get: operation(
      'What the relay owes',
      "The site's side effects, newest first: emails and webhook deliveries, written in the same transaction as the event that caused them and delivered at least once. `pending` ones are waiting or being retried (exponential backoff with jitter); `dead` ones were given up on after their kind's attempts (a webhook: about a day) and can be replayed. Finished jobs are kept 7 days (dead ones 30). Payloads are never shown.",
      {
        tag: 'outbox',
        adminOnly: true,
        parameters: [
          query('status', 'Only jobs in this state.', {
            type: 'string',
            enum: ['pending', 'delivered', 'skipped', 'dead'],
          }),
          query('kind', 'Only jobs of this kind (`webhook`, `email.reply`, …).', { type: 'string' }),
          query('cursor', 'The `nextCursor` of the previous page.', { type: 'string' }),
          query('limit', 'Page size (default 50).', { type: 'integer', minimum: 1, maximum: 200 }),
        ],
        responses: ok('A page of jobs.', page('OutboxJob')),
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
        responses: ok('The job, pending again.', ref('OutboxJob')),
      },
    ),
  },
};

/** The `OutboxJob` schema. */
export const outboxJobSchema: Json = {
  type: 'object',
  required: [
    'id',
    'kind',
    'status',
    'attempts',
    'conversationId',
    'createdAt',
    'dueAt',
    'doneAt',
    'lastError',
    'detail',
    'held',
  ],
  properties: {
    id: { type: 'string', description: 'Stable across attempts and replays.' },
    kind: {
      type: 'string',
      description: '`webhook`, `email.reply`, `email.transcript`, `email.notify`, `email.admin`, …',
    },
    status: { type: 'string', enum: ['pending', 'delivered', 'skipped', 'dead'] },
    attempts: {
      type: 'integer',
      minimum: 0,
      description: 'Attempts made (a relay that died mid-delivery counts one).',
    },
    conversationId: { type: ['string', 'null'] },
    createdAt: { type: 'integer', description: 'When the cause was stored (ms since the epoch).' },
    dueAt: { type: 'integer', description: 'When the next attempt is due, or the last one was.' },
    doneAt: { type: ['integer', 'null'] },
    lastError: { type: ['string', 'null'], description: 'Why the last attempt failed.' },
    detail: { type: ['string', 'null'], description: 'What the delivery came to (a status code, why it was skipped).' },
    held: {
      type: 'boolean',
      description:
        'Pending, and waiting for an earlier job of the same order (a webhook for the same endpoint and conversation) to be delivered or given up on.',
    },
  },
};
