import {
  EmailConversationCreate,
  EmailConversationResult,
  EmailSenderList,
  type EmailSender,
} from '@parley/protocol/admin';
import { RefusedMessage } from '../core/screening.js';
import { ApiError } from '../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../features/admin-routes/admin-route.js';
import { errorResponse, ok } from '../http/openapi/openapi-parts.js';
import { emailConversationId } from '../inbound-email/public.js';

const tag = 'support addresses';

/**
 * The addresses a site's staff may start an email conversation from: its connected mailboxes (sent through their
 * own SMTP servers), then its confirmed support addresses while the relay has a mailer of its own
 * (`PARLEY_SMTP_URL`); an address that is both is listed once, as the mailbox.
 */
async function sendersOf(call: Call): Promise<EmailSender[]> {
  const email = call.use('email');
  if (!email?.conversationMail) return [];
  const senders: EmailSender[] = [];
  for (const mailbox of (await call.use('mailboxes')?.mailboxes.list(call.site.id)) ?? [])
    senders.push({ address: mailbox.address, name: mailbox.name, kind: 'mailbox' });
  if (email.enabled)
    for (const support of (await call.use('support')?.addresses.list(call.site.id)) ?? [])
      if (support.verifiedAt !== null && !senders.some((sender) => sender.address === support.address))
        senders.push({ address: support.address, name: support.name, kind: 'support' });
  return senders;
}

/**
 * Email conversations staff start (issue #84, docs/email.md "Starting a conversation by email"): every member of the
 * site may, as any member may reply.
 */
export const emailConversationRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/email-conversations/senders',
    permission: null,
    doc: {
      summary: 'Addresses to start an email conversation from',
      description:
        'The site’s connected mailboxes, then its confirmed support addresses when the relay sends email of its own (`PARLEY_SMTP_URL`). Empty when the site has neither: no conversation can be started by email.',
      tag,
      responses: ok('The addresses.', EmailSenderList),
    },
    run: async (call) => ({ status: 200, body: { items: await sendersOf(call) } }),
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/email-conversations',
    permission: null,
    requestBody: EmailConversationCreate,
    doc: {
      summary: 'Start a conversation by email',
      description:
        'Writes to a customer first: the contact is found by the address `to` (the contact rules’ match, merged contacts included) or made, with `name`; a conversation on the email channel is opened under `subject`, from the sending address `from` (`GET /v1/admin/email-conversations/senders`), and `text` is its first message, by the caller. The email goes out as any reply on the email channel does (after `PARLEY_EMAIL_CHANNEL_REPLY_DELAY_S`): from a mailbox through its SMTP server, from a support address through the relay’s mailer, with its own `Message-ID` and the conversation’s thread in `References`, so the customer’s answer continues the conversation. 400 names a bad field (an address that is not one plain address, a `from` that is not one of the site’s sending addresses, an unknown field); 409 `conflict` when the site has no address to send from. Idempotent on `id`: a retry answers 200 with the same conversation and message, and nothing is stored or sent twice. Audited as `conversation.start`.',
      tag,
      conflict: true,
      responses: {
        ...ok('Started; the email is on its way.', EmailConversationResult, '201'),
        ...ok('Started before under the same id; nothing was stored again.', EmailConversationResult),
        '503': errorResponse('The store is unavailable; nothing was stored. Retry with the same id.'),
      },
    },
    run: async (call) => {
      const body = call.body;
      const support = call.use('support');
      if (!support) throw new ApiError('not_found', 'Support addresses are not part of this relay.');
      const senders = await sendersOf(call);
      if (senders.length === 0)
        throw new ApiError(
          'conflict',
          'This site has no address to send from: connect a mailbox, or add and confirm a support address (which needs the relay’s PARLEY_SMTP_URL).',
        );
      const from = body.from.trim().toLowerCase();
      const sender = senders.find((s) => s.address === from);
      if (!sender)
        throw new ApiError(
          'bad_request',
          `Invalid body.from: not one of the site’s sending addresses (${senders.map((s) => s.address).join(', ')}).`,
        );
      const to = body.to.trim();
      if (senders.some((s) => s.address === to.toLowerCase()))
        throw new ApiError('bad_request', 'Invalid body.to: one of the site’s own addresses.');
      const siteId = call.site.id;
      const conversationId = emailConversationId(siteId, `started\0${body.id}`);
      const now = call.now;
      try {
        const known = await call.core.conversations.get(conversationId);
        if (known && known.siteId !== siteId) throw new ApiError('conflict', 'This id is taken.');
        const contactId =
          known?.visitorId ?? (await support.inbox.contactFor(siteId, to, body.name, conversationId, now));
        await call.admin.repos.conversations.recordChannel({
          conversationId,
          siteId,
          channel: 'email',
          subject: call.core.redactAside(siteId, body.subject),
          address: sender.address,
          at: now,
        });
        const { message, duplicate } = await call.core.storeMessage(
          {
            siteId,
            conversationId,
            visitorId: contactId,
            clientId: body.id,
            author: { role: 'staff', id: call.staff.id, name: call.staff.name },
            text: body.text,
            kind: 'text',
          },
          'admin',
        );
        if (!duplicate)
          await audit(call, 'conversation.start', 'conversation', conversationId, {
            channel: 'email',
            from: sender.address,
          });
        return { status: duplicate ? 200 : 201, body: { conversationId, message, duplicate } };
      } catch (error) {
        if (error instanceof ApiError) throw error;
        if (error instanceof RefusedMessage) throw new ApiError(error.refusal.code, error.refusal.message);
        call.core.log.warn('email conversation start failed', { error: String(error) });
        throw new ApiError('store_unavailable', undefined, { 'retry-after': '1' });
      }
    },
  }),
];
