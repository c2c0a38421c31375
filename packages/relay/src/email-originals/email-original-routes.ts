import { EmailOriginal } from '@parley/protocol/admin';
import { ApiError } from '../http/admin-http.js';
import { adminRoute, conversationOr404, type AdminRoute } from '../features/admin-routes/admin-route.js';
import { type Json, ok } from '../http/openapi/openapi-parts.js';
import { headerList } from '../inbound-email/public.js';

/** A message's sequence in the path: a positive whole number. */
function seqOf(raw: string | undefined): number {
  const seq = Number(raw);
  if (raw === undefined || !/^[1-9][0-9]{0,14}$/.test(raw) || !Number.isSafeInteger(seq))
    throw new ApiError('bad_request', 'Invalid path: seq is a message’s sequence number (1, 2, …).');
  return seq;
}

/** The document's `{seq}` path parameter: the path's other segment besides the conversation's `{id}`. */
const seqParam: Json = {
  name: 'seq',
  in: 'path',
  required: true,
  description: 'The message’s sequence number in its conversation.',
  schema: { type: 'integer', minimum: 1 },
};

/** The original of a message that came in by email (docs/email.md, "The original of a reply"): any staff member. */
export const emailOriginalRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/conversations/{id}/messages/{seq}/original',
    resource: 'conversation',
    doc: {
      summary: 'The original email of a message',
      description:
        'For a visitor’s message that came in by email: the header block as received and the whole text of the body before its quoted history was stripped (the plain-text part, or the HTML part turned into text), each bounded and marked when cut. 404 `not_found` for a message that did not come in by email (or came in before originals were kept).',
      tag: 'conversations',
      parameters: [seqParam],
      responses: ok('The original.', EmailOriginal),
    },
    run: async (call) => {
      const seq = seqOf(call.params.seq);
      const conversation = await conversationOr404(call);
      const original = await call.use('originals')?.get(call.site.id, conversation.id, seq);
      if (!original)
        throw new ApiError('not_found', 'No original email is kept for this message: it did not come in by email.');
      const body: EmailOriginal = {
        source: original.source,
        headers: headerList(original.headers),
        text: original.text,
        receivedAt: original.receivedAt,
        truncated: { headers: original.headersTruncated, text: original.textTruncated },
      };
      return { status: 200, body };
    },
  }),
];
