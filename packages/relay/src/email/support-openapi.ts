import { SupportAddressList, SupportAddressesBody } from '@parley/protocol/admin';
import { type Json, body, ok, operation } from '../http/openapi/openapi-parts.js';

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
      'The whole list (at most 20), which replaces the one the site had: an address left out takes no more mail (SMTP 550). Mail to each must reach the relay (MX, or forwarding to its SMTP listener or webhook: docs/email.md). An address belongs to one site of the relay: 409 `conflict` when another has it, and nothing changes.',
      {
        adminOnly: true,
        tag: 'support addresses',
        requestBody: body(SupportAddressesBody),
        conflict: true,
        responses: ok('The addresses now.', SupportAddressList),
      },
    ),
  },
});
