import { EmailOriginal } from '@parley/protocol/admin';
import { type Json, idParam, ok, operation } from '../http/openapi/openapi-parts.js';

const seqParam: Json = {
  name: 'seq',
  in: 'path',
  required: true,
  description: 'The message’s sequence number in its conversation.',
  schema: { type: 'integer', minimum: 1 },
};

/** How the API document describes the route of emails' originals (`email-original-routes.ts` serves it). */
export const emailOriginalPaths = (): Record<string, Json> => ({
  '/v1/admin/conversations/{id}/messages/{seq}/original': {
    get: operation(
      'The original email of a message',
      'For a visitor’s message that came in by email: the header block as received and the whole text of the body before its quoted history was stripped (the plain-text part, or the HTML part turned into text), each bounded and marked when cut. 404 `not_found` for a message that did not come in by email (or came in before originals were kept).',
      {
        tag: 'conversations',
        parameters: [idParam('conversation'), seqParam],
        notFound: true,
        responses: ok('The original.', EmailOriginal),
      },
    ),
  },
});
