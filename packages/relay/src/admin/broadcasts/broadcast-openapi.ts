import { Broadcast, BroadcastCreate, BroadcastList } from '@parley/protocol/admin';
import { type Json, body, idParam, ok, operation } from '../../http/openapi/openapi-parts.js';

/** Broadcasts. (`broadcast-routes.ts` serves them.) */
export const broadcastPaths = (): Record<string, Json> => ({
  '/v1/admin/broadcasts': {
    get: operation('Recent broadcasts', 'The 50 newest, with their figures.', {
      tag: 'broadcasts',
      responses: ok('Broadcasts.', BroadcastList),
    }),
    post: operation(
      'Send a broadcast',
      'Each target gets the text as a `broadcast` message in their conversation (one is created if they have none): online targets at once, others when they return. Processed in batches in the background; poll `GET /v1/admin/broadcasts/{id}` for progress. Emails given in an `emails` segment are not stored.',
      {
        tag: 'broadcasts',
        adminOnly: true,
        requestBody: body(BroadcastCreate),
        responses: ok('Accepted; running.', Broadcast, '202'),
      },
    ),
  },
  '/v1/admin/broadcasts/{id}': {
    get: operation('One broadcast', 'Progress and delivery figures.', {
      tag: 'broadcasts',
      parameters: [idParam('broadcast')],
      notFound: true,
      responses: ok('The broadcast.', Broadcast),
    }),
  },
});
