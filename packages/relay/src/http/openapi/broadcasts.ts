import { type Json, body, idParam, ok, operation, page, ref, text } from './openapi-parts.js';

/** Broadcasts. (`admin-routes/broadcasts.ts` serves them.) */
export const broadcastPaths: Record<string, Json> = {
  '/v1/admin/broadcasts': {
    get: operation('Recent broadcasts', 'The 50 newest, with their figures.', {
      tag: 'broadcasts',
      responses: ok('Broadcasts.', page('Broadcast', false)),
    }),
    post: operation(
      'Send a broadcast',
      'Each target gets the text as a `broadcast` message in their conversation (one is created if they have none): online targets at once, others when they return. Processed in batches in the background; poll `GET /v1/admin/broadcasts/{id}` for progress. Emails given in an `emails` segment are not stored.',
      {
        tag: 'broadcasts',
        adminOnly: true,
        requestBody: body({
          type: 'object',
          required: ['text', 'segment'],
          properties: { text, segment: ref('Segment') },
        }),
        responses: ok('Accepted; running.', ref('Broadcast'), '202'),
      },
    ),
  },
  '/v1/admin/broadcasts/{id}': {
    get: operation('One broadcast', 'Progress and delivery figures.', {
      tag: 'broadcasts',
      parameters: [idParam('broadcast')],
      notFound: true,
      responses: ok('The broadcast.', ref('Broadcast')),
    }),
  },
};
