import * as z from 'zod/mini';
import { doc, isAddress, millis } from './document.js';

/**
 * Support addresses (issue #38, docs/email.md "A support address"): mail to one of a site's addresses opens a
 * conversation in its inbox, with the sender as the contact. An address belongs to one site of the relay, and does
 * nothing (takes no mail, sends none) until it is confirmed with the code mailed to it (issue #80).
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
  /** When the address was confirmed (the code mailed to it entered); `null` while it waits: it takes no mail then. */
  verifiedAt: z.nullable(millis),
});

/** `POST /v1/admin/support-addresses/confirm`: the code the confirmation email to the address carries. */
export const SupportAddressConfirm = z
  .strictObject({
    address: SupportAddressValue,
    code: z
      .string()
      .check(z.minLength(1), z.maxLength(32), doc({ description: 'The code from the confirmation email.' })),
  })
  .check(doc({ example: { address: 'support@shop.example', code: 'K7QX-M2PD-9WHA' } }));

/** `POST /v1/admin/support-addresses/resend`: sends a new confirmation email to a waiting address. */
export const SupportAddressResend = z
  .strictObject({ address: SupportAddressValue })
  .check(doc({ example: { address: 'support@shop.example' } }));

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
export type SupportAddressConfirm = z.output<typeof SupportAddressConfirm>;
export type SupportAddressResend = z.output<typeof SupportAddressResend>;
