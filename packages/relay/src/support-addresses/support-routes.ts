import {
  SupportAddressConfirm,
  SupportAddressResend,
  SupportAddressesBody,
  type SupportAddressList,
} from '@parley/protocol/admin';
import { ApiError, parseBody } from '../http/admin-http.js';
import { audit, type AdminRoute, type Call } from '../http/admin-routes/admin-route.js';
import type { SupportMail } from '../inbound-email/inbound-replies.js';
import type { Confirmation, SupportAddressRecord } from './support-addresses.js';
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

/** A site's support addresses (docs/email.md, "A support address"): any member reads them, admins set them. */
export const supportRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/support-addresses',
    run: async (call) => ({ status: 200, body: list(call, await supportOf(call).addresses.list(call.site.id)) }),
  },
  {
    method: 'PUT',
    path: '/v1/admin/support-addresses',
    permission: 'settings.manage',
    requestBody: SupportAddressesBody,
    run: async (call) => {
      const { items } = await parseBody(call.request, SupportAddressesBody);
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
  },
  {
    method: 'POST',
    path: '/v1/admin/support-addresses/confirm',
    permission: 'settings.manage',
    requestBody: SupportAddressConfirm,
    run: async (call) => {
      const { address, code } = await parseBody(call.request, SupportAddressConfirm);
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
  },
  {
    method: 'POST',
    path: '/v1/admin/support-addresses/resend',
    permission: 'settings.manage',
    requestBody: SupportAddressResend,
    run: async (call) => {
      const { address } = await parseBody(call.request, SupportAddressResend);
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
  },
];
