import {
  SupportAddressConfirm,
  SupportAddressList,
  SupportAddressResend,
  SupportAddressesBody,
} from '@parley/protocol/admin';
import { type Json, body, errorResponse, ok, operation } from '../http/openapi/openapi-parts.js';

/** How the API document describes support addresses' routes (`support-routes.ts` serves them). */
export const supportPaths = (): Record<string, Json> => ({
  '/v1/admin/support-addresses': {
    get: operation(
      'The site’s support addresses',
      'Mail to each opens a conversation in the inbox (docs/email.md, “A support address”). `receiving` says how mail reaches this relay: its SMTP listener, a provider’s webhook, or neither (then nothing arrives, whatever the addresses).',
      { tag: 'support addresses', responses: ok('The addresses, oldest first.', SupportAddressList) },
    ),
    put: operation(
      'Set the site’s support addresses',
      'The whole list (at most 20), which replaces the one the site had: an address left out takes no more mail (SMTP 550). Mail to each must reach the relay (MX, or forwarding to its SMTP listener or webhook: docs/email.md). An address new to the site waits for confirmation (`verifiedAt` null): a code is emailed to it, and until it is entered (`POST /v1/admin/support-addresses/confirm`) the address takes no mail and no reply is sent from it. An address belongs to one site of the relay: 409 `conflict` when another has confirmed it, and nothing changes; another site’s unconfirmed claim holds nothing (its code stops working).',
      {
        adminOnly: true,
        tag: 'support addresses',
        requestBody: body(SupportAddressesBody),
        conflict: true,
        responses: ok('The addresses now.', SupportAddressList),
      },
    ),
  },
  '/v1/admin/support-addresses/confirm': {
    post: operation(
      'Confirm a support address',
      'Enters the code the confirmation email to a waiting address carried: the address takes mail and replies are sent from it from now on. 400 `bad_request` for a wrong code (after 5, or a day, the code stops working: send a new one), 404 for an address that is not the site’s waiting one.',
      {
        adminOnly: true,
        tag: 'support addresses',
        requestBody: body(SupportAddressConfirm),
        notFound: true,
        responses: ok('The addresses now.', SupportAddressList),
      },
    ),
  },
  '/v1/admin/support-addresses/resend': {
    post: operation(
      'Send a new confirmation code',
      'Emails a new code to a waiting address (the previous one stops working); at most one a minute (429 `rate_limited`). 503 `email_unavailable` when it cannot be emailed (no SMTP).',
      {
        adminOnly: true,
        tag: 'support addresses',
        requestBody: body(SupportAddressResend),
        notFound: true,
        responses: { '202': errorResponse('Sent.') },
      },
    ),
  },
});
