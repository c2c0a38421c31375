import type { EmailOriginal } from '@parley/protocol/admin';
import { ApiError } from '../http/admin-http.js';
import { conversationOr404, type AdminRoute } from '../http/admin-routes/admin-route.js';
import { headerList } from '../inbound-email/email-original-text.js';

/** A message's sequence in the path: a positive whole number. */
function seqOf(raw: string | undefined): number {
  const seq = Number(raw);
  if (raw === undefined || !/^[1-9][0-9]{0,14}$/.test(raw) || !Number.isSafeInteger(seq))
    throw new ApiError('bad_request', 'Invalid path: seq is a message’s sequence number (1, 2, …).');
  return seq;
}

/** The original of a message that came in by email (docs/email.md, "The original of a reply"): any staff member. */
export const emailOriginalRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/conversations/{id}/messages/{seq}/original',
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
  },
];
