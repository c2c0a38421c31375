import * as z from 'zod/mini';
import { doc, isAddress, millis } from './document.js';

/**
 * Support addresses (issue #38, docs/email.md "A support address"): mail to one of a site's addresses opens a
 * conversation in its inbox, with the sender as the contact. An address belongs to one site of the relay.
 */

/** `support@shop.example`: one plain address, stored lower-cased. */
export const SupportAddressValue = z
  .string()
  .check(
    z.maxLength(254),
    z.refine(isAddress, { error: 'must be one plain address, like support@shop.example' }),
    doc({ description: 'One plain address, like `support@shop.example` (stored lower-cased).' }),
  );

/** One address as it is set: the address, and the name replies are sent under. */
export const SupportAddressInput = z.strictObject({
  address: SupportAddressValue,
  /** The name replies are signed with (`From: "<name>" <address>`); the site's name when absent. */
  name: z.optional(
    z
      .string()
      .check(
        z.minLength(1),
        z.maxLength(100),
        z.regex(/^[^\r\n\0]*$/, 'must be one line'),
        doc({ description: 'The name replies are sent under; the site’s name when absent.' }),
      ),
  ),
});

/** Most support addresses a site has. */
export const maxSupportAddresses = 20;

/** `PUT /v1/admin/support-addresses`: the site's whole list, which replaces the one it had. */
export const SupportAddressesBody = z
  .strictObject({
    items: z.array(SupportAddressInput).check(
      z.maxLength(maxSupportAddresses),
      z.refine((items) => new Set(items.map((item) => item.address.toLowerCase())).size === items.length, {
        error: 'each address once',
      }),
    ),
  })
  .check(doc({ example: { items: [{ address: 'support@shop.example', name: 'Shop support' }] } }));

/** One support address, as the admin API answers it. */
export const SupportAddress = z.object({
  address: z.string(),
  name: z.nullable(z.string()),
  createdAt: millis,
});

/** `GET /v1/admin/support-addresses`: the site's addresses, and whether the relay takes mail at all. */
export const SupportAddressList = z.object({
  items: z.array(SupportAddress),
  /**
   * How mail reaches this relay: `smtp` (its SMTP listener), `webhook` (a provider's inbound-parse webhook), both,
   * or none (then no address can receive anything: docs/email.md says how to set one up).
   */
  receiving: z.array(z.enum(['smtp', 'webhook'])),
});

export type SupportAddressInput = z.output<typeof SupportAddressInput>;
export type SupportAddressesBody = z.output<typeof SupportAddressesBody>;
export type SupportAddress = z.output<typeof SupportAddress>;
export type SupportAddressList = z.output<typeof SupportAddressList>;
