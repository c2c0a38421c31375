import { VisibilitySettings } from '@parley/protocol/admin';
import { type Json, body, ok, operation } from '../http/openapi/openapi-parts.js';

/** How the API document describes who sees what (`visibility-routes.ts` serves it). */
export const visibilityPaths = (): Record<string, Json> => ({
  '/v1/admin/visibility': {
    get: operation(
      'Which conversations agents see',
      'Any member may read it. Owners, admins, API tokens and members whose role grants `conversations.all` see every conversation whatever it says.',
      { tag: 'staff', responses: ok('The site’s visibility.', VisibilitySettings) },
    ),
    put: operation(
      'Set which conversations agents see',
      'Everywhere a conversation can be reached: lists, counts and search, each conversation’s routes (another’s answers 404 `not_found`), contacts’ conversations, files, the staff socket (its frames, live and replayed), mentions, push and email notifications. The site’s staff connections reconnect at once into what they may see now.',
      {
        tag: 'staff',
        adminOnly: true,
        requestBody: body(VisibilitySettings),
        responses: ok('Saved.', VisibilitySettings),
      },
    ),
  },
});
