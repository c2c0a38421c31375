import { CannedCreate, CannedPatch, CannedResponse, CannedResponseList } from '@parley/protocol/admin';
import { type Json, body, idParam, ok, operation } from '../../http/openapi/openapi-parts.js';

/** Canned responses. (`canned-response-routes.ts` serves them.) */
export const cannedResponsePaths = (): Record<string, Json> => ({
  '/v1/admin/canned-responses': {
    get: operation('Canned responses', 'Sorted by shortcut.', {
      tag: 'canned responses',
      responses: ok('Canned responses.', CannedResponseList),
    }),
    post: operation('Create a canned response', 'Shortcuts are unique per site.', {
      tag: 'canned responses',
      requestBody: body(CannedCreate),
      conflict: true,
      responses: ok('Created.', CannedResponse, '201'),
    }),
  },
  '/v1/admin/canned-responses/{id}': {
    patch: operation('Change a canned response', 'Shortcut and/or text.', {
      tag: 'canned responses',
      parameters: [idParam('canned response')],
      requestBody: body(CannedPatch),
      notFound: true,
      conflict: true,
      responses: ok('Changed.', CannedResponse),
    }),
    delete: operation('Delete a canned response', 'Gone for every staff member.', {
      tag: 'canned responses',
      parameters: [idParam('canned response')],
      notFound: true,
      responses: { '204': { description: 'Deleted.' } },
    }),
  },
});
