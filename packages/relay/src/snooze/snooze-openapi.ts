import { SnoozeBody, SnoozeResult, SnoozeState } from '@parley/protocol/admin';
import { type Json, body, idParam, ok, operation } from '../http/openapi/openapi-parts.js';

/** How the API document describes snooze's routes (`snooze-routes.ts` serves them). */
export const snoozePaths = (): Record<string, Json> => ({
  '/v1/admin/conversations/{id}/snooze': {
    get: operation(
      'Until when a conversation is snoozed',
      'And the site’s time zone, which presets and dates are read in.',
      {
        tag: 'conversations',
        parameters: [idParam('conversation')],
        notFound: true,
        responses: ok('Until when (`null`: not snoozed).', SnoozeState),
      },
    ),
    put: operation(
      'Snooze a conversation',
      'Its status is `snoozed` until then; at its time it goes back to `open` by itself (a timeline event and a `conversation.updated` webhook). A visitor who writes opens it at once. Give exactly one of `until`, `preset` or `date`; snoozing again replaces the time. A resolved conversation is refused (409 `conflict`).',
      {
        tag: 'conversations',
        parameters: [idParam('conversation')],
        requestBody: body(SnoozeBody),
        notFound: true,
        conflict: true,
        responses: ok('Snoozed.', SnoozeResult),
      },
    ),
    delete: operation('Open a snoozed conversation now', '409 `conflict` when it is not snoozed.', {
      tag: 'conversations',
      parameters: [idParam('conversation')],
      notFound: true,
      conflict: true,
      responses: ok('Opened.', SnoozeResult),
    }),
  },
});
