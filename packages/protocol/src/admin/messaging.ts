import * as z from 'zod/mini';
import { doc, list, millis } from './document.js';

/**
 * Messaging channels (issue #84, docs/channels.md): a provider's account (a Telegram bot, a WhatsApp number)
 * connected to a site natively. The relay keeps the credentials sealed and never shows them again; customers'
 * messages arrive through the provider's webhook, staff replies go back through the provider.
 */

/** Most messaging channels a site has. */
export const maxMessagingChannels = 20;

const OneLine = (max: number) =>
  z.string().check(z.minLength(1), z.maxLength(max), z.regex(/^[^\r\n\0]*$/, 'must be one line'));

/** `POST /v1/admin/messaging-channels`. */
export const MessagingChannelCreate = z
  .strictObject({
    provider: z
      .string()
      .check(z.regex(/^[a-z][a-z0-9-]{0,31}$/), doc({ description: 'The provider’s id: `telegram`.' })),
    name: z.optional(
      OneLine(100).check(doc({ description: 'What the inbox calls the channel; the account’s own name when absent.' })),
    ),
    credentials: z.record(z.string().check(z.minLength(1), z.maxLength(64)), z.string().check(z.maxLength(4096))).check(
      doc({
        description:
          'What the provider needs, by field (`GET /v1/admin/messaging-providers` lists them): Telegram’s `token`. Checked with the provider on save, sealed at rest, never shown again.',
      }),
    ),
  })
  .check(
    doc({ example: { provider: 'telegram', credentials: { token: '123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11' } } }),
  );

/** A messaging channel as the admin API shows it: never its credentials. */
export const MessagingChannel = z.object({
  id: z.string(),
  provider: z.string(),
  name: z.string(),
  account: z.string().check(doc({ description: 'The account on the provider: `@parley_help_bot`.' })),
  webhookUrl: z.string().check(doc({ description: 'Where the provider posts the channel’s updates.' })),
  createdAt: millis,
});

/** `GET /v1/admin/messaging-channels`: the site's channels, oldest first. */
export const MessagingChannelList = list(MessagingChannel);

/** A provider the relay has, with what connecting a channel of it asks. */
export const MessagingProviderInfo = z.object({
  id: z.string(),
  label: z.string(),
  setup: z.string().check(doc({ description: 'How to set the provider’s side up, a paragraph or two.' })),
  fields: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      description: z.string(),
      secret: z.optional(
        z
          .boolean()
          .check(doc({ description: 'False for a field that is not a secret (a phone number): shown as typed.' })),
      ),
      optional: z.optional(z.boolean().check(doc({ description: 'True for a field that may be left out.' }))),
    }),
  ),
  webhookHint: z.optional(
    z.string().check(
      doc({
        description:
          'For a provider the relay cannot point at itself (Twilio): where to paste a channel’s `webhookUrl` on the provider’s side.',
      }),
    ),
  ),
});

/** `GET /v1/admin/messaging-providers`. */
export const MessagingProviderList = list(MessagingProviderInfo);

/** A staff reply of a conversation as its messaging channel delivered it (or not). */
export const MessagingDelivery = z.object({
  messageId: z.string(),
  status: z.enum(['queued', 'sent', 'delivered', 'read', 'failed']).check(
    doc({
      description:
        '`sent` once the provider took every part; `delivered` and `read` when it reports the reply reached the customer or was read (Twilio’s status callbacks, WhatsApp’s statuses; a provider that does not report stops at `sent`); `failed` with the reason.',
    }),
  ),
  error: z.nullable(z.string()).check(doc({ description: 'The provider’s reason, when it failed.' })),
  updatedAt: millis,
});

/** `GET /v1/admin/conversations/{id}/messaging-deliveries`: its staff replies' deliveries, oldest first. */
export const MessagingDeliveryList = list(MessagingDelivery);

export type MessagingChannelCreate = z.output<typeof MessagingChannelCreate>;
export type MessagingChannel = z.output<typeof MessagingChannel>;
export type MessagingChannelList = z.output<typeof MessagingChannelList>;
export type MessagingProviderInfo = z.output<typeof MessagingProviderInfo>;
export type MessagingProviderList = z.output<typeof MessagingProviderList>;
export type MessagingDelivery = z.output<typeof MessagingDelivery>;
export type MessagingDeliveryList = z.output<typeof MessagingDeliveryList>;
