import { ScheduledCreate, ScheduledList, ScheduledMessage, ScheduledPatch } from '@parley/protocol/admin';
import { type Json, body, idParam, ok, operation } from '../http/openapi/openapi-parts.js';

/** How the API document describes send later's routes (`scheduled-routes.ts` serves them). */
export const scheduledPaths = (): Record<string, Json> => ({
  '/v1/admin/conversations/{id}/scheduled': {
    get: operation(
      'A conversation’s scheduled messages',
      'The messages still to send (`scheduled`, and `sending` while their time has come) and those that could not be sent (`failed`, with why in `error`, until cancelled), soonest first.',
      {
        tag: 'conversations',
        parameters: [idParam('conversation')],
        notFound: true,
        responses: ok('The messages still to send.', ScheduledList),
      },
    ),
    post: operation(
      'Schedule a message (send later)',
      'Stored now, sent at `sendAt` as the staff member who scheduled it, the way `POST /v1/admin/conversations/{id}/messages` sends one (screened, published, webhooks and emails). `sendAt` must be in the future and at most a year ahead. Survives restarts; sent once.',
      {
        tag: 'conversations',
        parameters: [idParam('conversation')],
        requestBody: body(ScheduledCreate),
        notFound: true,
        responses: ok('Scheduled.', ScheduledMessage, '201'),
      },
    ),
  },
  '/v1/admin/scheduled/{id}': {
    patch: operation(
      'Edit a scheduled message',
      'Its text, its time, or both, while it is `scheduled`; once it is being sent, sent, cancelled or failed: 409 `conflict`. A new `text` makes the caller its author: it is sent as them. One in a conversation the caller may not see: 404.',
      {
        tag: 'conversations',
        parameters: [idParam('scheduled message')],
        requestBody: body(ScheduledPatch),
        notFound: true,
        conflict: true,
        responses: ok('Changed.', ScheduledMessage),
      },
    ),
    delete: operation(
      'Cancel a scheduled message',
      'It is not sent. Only while it is `scheduled`; a `failed` one is dismissed (no longer listed). Otherwise 409 `conflict`. One in a conversation the caller may not see: 404.',
      {
        tag: 'conversations',
        parameters: [idParam('scheduled message')],
        notFound: true,
        conflict: true,
        responses: ok('Cancelled.', ScheduledMessage),
      },
    ),
  },
});
