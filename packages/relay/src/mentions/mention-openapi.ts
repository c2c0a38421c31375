import { MentionPage, MentionsRead, MentionsReadResult } from '@parley/protocol/admin';
import { type Json, body, limit, ok, operation, query } from '../http/openapi/openapi-parts.js';

/** Mentions in staff notes. (`mention-routes.ts` serves them.) */
export const mentionPaths = (): Record<string, Json> => ({
  '/v1/admin/me/mentions': {
    get: operation(
      'My mentions',
      'Notes in which a colleague named me with `@` and my name, newest first, and how many I have not read. A mention is recorded once per note, right after the note is stored; a colleague away from the inbox (no connection within 45 s, or not available) is emailed a minute later if they have email notifications on and have not opened the conversation by then.',
      {
        tag: 'mentions',
        parameters: [
          query('unread', 'Only those not read yet.', { type: 'string', enum: ['true', 'false'] }),
          query('before', 'Only those written before this time (ms): the next page.', { type: 'integer' }),
          limit(50, 200),
        ],
        responses: ok('A page of mentions.', MentionPage),
      },
    ),
  },
  '/v1/admin/me/mentions/read': {
    post: operation(
      'Mark my mentions in a conversation read',
      'The inbox calls it when I open the conversation. A conversation of another site, or none, is 404, as on every route that names one.',
      {
        tag: 'mentions',
        notFound: true,
        requestBody: body(MentionsRead),
        responses: ok('How many were unread.', MentionsReadResult),
      },
    ),
  },
});
