import { BulkChange, BulkResult } from '@parley/protocol/admin';
import { type Json, body, ok, operation } from '../http/openapi/openapi-parts.js';

/** How the API document describes bulk changes (`bulk-routes.ts` serves them). */
export const bulkPaths = (): Record<string, Json> => ({
  '/v1/admin/conversations/bulk': {
    post: operation(
      'Change many conversations at once',
      'One change — `status` (`resolved` resolves; to snooze, `snoozeUntil`), `priority`, `assigneeId`, `teamId`, `addLabels` / `removeLabels`, or `snoozeUntil` alone — made to each conversation of `ids` (at most 100) as `PATCH /v1/admin/conversations/{id}` makes it: its webhooks, its timeline entry, the push to other inboxes. A conversation already so is left as it is (`ok`). The answer gives an outcome per id, in order: `ok`, `not_found` (not on this site), `forbidden`, or `conflict` (with why: a resolved conversation cannot be snoozed, too many labels); a partial failure is an answer of 200 with its failures named. The action is one audit entry (`conversation.bulk`) naming the ids and the count. An assignee or team that is not the site’s refuses the whole request (400) and changes nothing.',
      {
        tag: 'conversations',
        requestBody: body(BulkChange),
        responses: ok('The outcome per conversation.', BulkResult),
      },
    ),
  },
});
