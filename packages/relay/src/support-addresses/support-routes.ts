import {
  SupportAddressConfirm,
  SupportAddressList,
  SupportAddressResend,
  SupportAddressesBody,
} from '@parley/protocol/admin';
import { ApiError } from '../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../features/admin-routes/admin-route.js';
import { errorResponse, ok } from '../http/openapi/openapi-parts.js';
import type { Confirmation, SupportAddressRecord } from './support-addresses.js';
import type { SupportMail } from './support-inbox.js';
import { sendSupportConfirmation } from './support-confirmation.js';

function supportOf(call: Call): SupportMail {
  const support = call.use('support');
  if (!support) throw new ApiError('not_found', 'Support addresses are not part of this relay.');
  return support;
}

function list(call: Call, items: readonly SupportAddressRecord[]): SupportAddressList {
  return {
    items: items.map(({ address, name, createdAt, verifiedAt }) => ({ address, name, createdAt, verifiedAt })),
    receiving: call.use('inbound')?.receiving ?? [],
  };
}

/** Emails each confirmation (none without SMTP: the address then waits); how many went. */
async function mailCodes(call: Call, confirmations: readonly Confirmation[]): Promise<number> {
  const mailer = call.use('email')?.mailer;
  if (!mailer) return 0;
  let sent = 0;
  for (const confirmation of confirmations)
    if (await sendSupportConfirmation(mailer, confirmation, call.site.name)) sent += 1;
  return sent;
}

/**
 * A site's support addresses (docs/email.md, "A support address"): any member reads them, admins set them (the
 * feature's `settings.manage`).
 */
export const supportRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/support-addresses',
    permission: null,
    doc: {
      summary: 'The site’s support addresses',
      description:
        'Mail to each opens a conversation in the inbox (docs/email.md, “A support address”). `receiving` says how mail reaches this relay: its SMTP listener, a provider’s webhook, or neither (then nothing arrives, whatever the addresses).',
      tag: 'support addresses',
      responses: ok('The addresses, oldest first.', SupportAddressList),
    },
    run: async (call) => ({ status: 200, body: list(call, await supportOf(call).addresses.list(call.site.id)) }),
  }),
  adminRoute({
    method: 'PUT',
    path: '/v1/admin/support-addresses',
    requestBody: SupportAddressesBody,
    doc: {
      summary: 'Set the site’s support addresses',
      description:
        'The whole list (at most 20), which replaces the one the site had: an address left out takes no more mail (SMTP 550). Mail to each must reach the relay (MX, or forwarding to its SMTP listener or webhook: docs/email.md). An address new to the site waits for confirmation (`verifiedAt` null): a code is emailed to it, and until it is entered (`POST /v1/admin/support-addresses/confirm`) the address takes no mail and no reply is sent from it. An address belongs to one site of the relay: 409 `conflict` when another has confirmed it, and nothing changes; another site’s unconfirmed claim holds nothing (its code stops working).',
      tag: 'support addresses',
      conflict: true,
      responses: ok('The addresses now.', SupportAddressList),
    },
    run: async (call) => {
      const { items } = call.body;
      const done = await supportOf(call).addresses.replace(
        call.site.id,
        items.map((item) => ({ address: item.address, name: item.name ?? null })),
      );
      if (done.status === 'taken')
        throw new ApiError('conflict', `Another site of this relay has ${done.address}: remove it there first.`);
      const sent = await mailCodes(call, done.confirmations);
      await audit(call, 'support-addresses.update', 'site', call.site.id, {
        addresses: done.items.map((item) => item.address),
        confirmationsSent: sent,
      });
      return { status: 200, body: list(call, done.items) };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/support-addresses/confirm',
    requestBody: SupportAddressConfirm,
    doc: {
      summary: 'Confirm a support address',
      description:
        'Enters the code the confirmation email to a waiting address carried: the address takes mail and replies are sent from it from now on. 400 `bad_request` for a wrong code (after 5, or a day, the code stops working: send a new one), 404 for an address that is not the site’s waiting one.',
      tag: 'support addresses',
      notFound: true,
      responses: ok('The addresses now.', SupportAddressList),
    },
    run: async (call) => {
      const { address, code } = call.body;
      const support = supportOf(call);
      const outcome = await support.addresses.confirm(call.site.id, address, code);
      if (outcome === 'not_waiting')
        throw new ApiError('not_found', 'That address is not one of this site’s waiting for confirmation.');
      if (outcome === 'expired')
        throw new ApiError(
          'bad_request',
          'That code no longer works (a day old, or too many wrong tries): send a new one.',
        );
      if (outcome === 'wrong') throw new ApiError('bad_request', 'That is not the code sent to the address.');
      await audit(call, 'support-addresses.confirm', 'site', call.site.id, { address: address.trim().toLowerCase() });
      return { status: 200, body: list(call, await support.addresses.list(call.site.id)) };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/support-addresses/resend',
    requestBody: SupportAddressResend,
    doc: {
      summary: 'Send a new confirmation code',
      description:
        'Emails a new code to a waiting address (the previous one stops working); at most one a minute (429 `rate_limited`). 503 `email_unavailable` when it cannot be emailed (no SMTP).',
      tag: 'support addresses',
      notFound: true,
      responses: { '202': errorResponse('Sent.') },
    },
    run: async (call) => {
      const { address } = call.body;
      const renewed = await supportOf(call).addresses.renew(call.site.id, address);
      if (renewed === undefined)
        throw new ApiError('not_found', 'That address is not one of this site’s waiting for confirmation.');
      if ('retryAfterMs' in renewed)
        throw new ApiError('rate_limited', 'A confirmation was sent less than a minute ago.', {
          'retry-after': String(Math.ceil(renewed.retryAfterMs / 1000)),
        });
      if ((await mailCodes(call, [renewed])) === 0)
        throw new ApiError('email_unavailable', 'The confirmation could not be emailed: is SMTP configured?');
      return { status: 202 };
    },
  }),
];
