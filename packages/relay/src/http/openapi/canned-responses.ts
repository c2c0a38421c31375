import { type Json, body, idParam, ok, operation, page, ref, text } from './openapi-parts.js';

/** Canned responses. (`admin-routes/canned-responses.ts` serves them.) */
export const cannedResponsePaths: Record<string, Json> = {
  '/v1/admin/canned-responses': {
    get: operation('Canned responses', 'Sorted by shortcut.', {
      tag: 'canned responses',
      responses: ok('Canned responses.', page('CannedResponse', false)),
    }),
    post: operation('Create a canned response', 'Shortcuts are unique per site.', {
      tag: 'canned responses',
      requestBody: body({
        type: 'object',
        required: ['shortcut', 'text'],
        properties: { shortcut: ref('Shortcut'), text },
      }),
      conflict: true,
      responses: ok('Created.', ref('CannedResponse'), '201'),
    }),
  },
  '/v1/admin/canned-responses/{id}': {
    patch: operation('Change a canned response', 'Shortcut and/or text.', {
      tag: 'canned responses',
      parameters: [idParam('canned response')],
      requestBody: body({ type: 'object', properties: { shortcut: ref('Shortcut'), text } }),
      notFound: true,
      conflict: true,
      responses: ok('Changed.', ref('CannedResponse')),
    }),
    delete: operation('Delete a canned response', 'Gone for every staff member.', {
      tag: 'canned responses',
      parameters: [idParam('canned response')],
      notFound: true,
      responses: { '204': { description: 'Deleted.' } },
    }),
  },
};
