import { ConversationFlags, FlagsDismissed, SpamState } from '@parley/protocol/admin';
import { type Json, idParam, ok, operation } from '../http/openapi/openapi-parts.js';

/** How the API document describes spam and review's routes (`moderation-routes.ts` serves them). */
export const moderationPaths = (): Record<string, Json> => ({
  '/v1/admin/conversations/{id}/flags': {
    get: operation(
      'Why a conversation is up for review',
      'Its flags not dismissed, oldest first: raised by the content filter and link rules (`word`, `pattern`, `link`) and by the spam limits (`repeat`: the same text or links in too many conversations within an hour; `network`: too many new conversations from one network). While it is marked as spam, a last `spam` flag names who marked it. Any staff member.',
      {
        tag: 'conversations',
        parameters: [idParam('conversation')],
        notFound: true,
        responses: ok('Its flags.', ConversationFlags),
      },
    ),
  },
  '/v1/admin/conversations/{id}/flags/dismiss': {
    post: operation(
      'Dismiss a conversation’s flags',
      'Every flag not dismissed yet; the conversation leaves the `review` view. A dismissed flag stays dismissed: the same reason and detail do not flag it again. Audited (`conversation.flags-dismiss`). Any staff member.',
      {
        tag: 'conversations',
        parameters: [idParam('conversation')],
        notFound: true,
        responses: ok('How many were dismissed.', FlagsDismissed),
      },
    ),
  },
  '/v1/admin/conversations/{id}/spam': {
    post: operation(
      'Mark a conversation as spam',
      'It is hidden from every view of the list but `spam` and kept out of reports; its visitor and the network it was opened from (IPv4 /24, IPv6 /48) are blocked for the site’s `spam.blockHours`: their messages are refused with `blocked`. Marking again starts the block again. Audited (`conversation.spam`). Any staff member.',
      {
        tag: 'conversations',
        parameters: [idParam('conversation')],
        notFound: true,
        responses: ok('Marked.', SpamState),
      },
    ),
    delete: operation(
      'Not spam',
      'Takes the mark off: the conversation shows again, counts in reports, and its blocks are lifted. 409 `conflict` when it is not marked. Audited (`conversation.not-spam`). Any staff member.',
      {
        tag: 'conversations',
        parameters: [idParam('conversation')],
        notFound: true,
        conflict: true,
        responses: ok('Not spam.', SpamState),
      },
    ),
  },
});
