import * as z from 'zod/mini';
import { LIMITS } from '../limits.js';
import { NOT_VERBATIM, isVerbatim } from '../verbatim.js';
import { doc, isAddress, list, millis } from './document.js';
import { MAX_WEBHOOK_URL_LENGTH } from './webhooks.js';

/**
 * API channels (issue #38, docs/api-channel.md): a site's bridges to other ways of talking (SMS, WhatsApp, an app).
 * A channel has a token its bridge posts inbound messages with, and a webhook URL that receives staff replies,
 * signed as webhooks are.
 */

/** Most API channels a site has. */
export const maxApiChannels = 20;

/** The longest external id (a contact's or a message's) a bridge may send. */
export const MAX_EXTERNAL_ID_LENGTH = 128;

const OneLine = (max: number) =>
  z.string().check(z.minLength(1), z.maxLength(max), z.regex(/^[^\r\n\0]*$/, 'must be one line'));

const ChannelWebhookUrl = z.string().check(
  z.minLength(1),
  z.maxLength(MAX_WEBHOOK_URL_LENGTH),
  doc({
    format: 'uri',
    description:
      'Where staff replies are POSTed, signed like webhooks (`Parley-Signature`). `http:` or `https:`, no credentials, no fragment; loopback and private addresses are refused unless the relay runs with `PARLEY_WEBHOOK_ALLOW_PRIVATE`.',
  }),
);

/** `POST /v1/admin/api-channels`. */
export const ApiChannelCreate = z
  .strictObject({
    name: OneLine(100).check(doc({ description: 'What the inbox calls the channel: `SMS`, `WhatsApp`, `iOS app`.' })),
    webhookUrl: ChannelWebhookUrl,
  })
  .check(doc({ example: { name: 'SMS', webhookUrl: 'https://bridge.example.com/parley' } }));

/** An API channel as the admin API shows it: never its token nor its signing secret (each shown once). */
export const ApiChannel = z.object({
  id: z.string(),
  name: z.string(),
  webhookUrl: z.string(),
  createdAt: millis,
  tokenRotatedAt: z.nullable(millis).check(doc({ description: 'When the token was last replaced; null if never.' })),
});

/** `GET /v1/admin/api-channels`: the site's channels, oldest first. */
export const ApiChannelList = list(ApiChannel);

/** The answer to `POST /v1/admin/api-channels`: the channel, its token and its signing secret. */
export const ApiChannelCreated = z.intersection(
  ApiChannel,
  z.object({
    token: z.string().check(
      doc({
        description: 'The bearer token of `POST /v1/channels/api/messages`. Shown this once; only a hash is kept.',
      }),
    ),
    secret: z
      .string()
      .check(doc({ description: 'The secret replies are signed with (`Parley-Signature`). Shown this once.' })),
  }),
);

/** The answer to `POST /v1/admin/api-channels/{id}/token`: the channel's new token (the old one stops working). */
export const ApiChannelToken = z.object({
  token: z.string().check(doc({ description: 'Shown this once; the previous token no longer works.' })),
});

/** An external id: a bridge's own name for a contact or a message (a phone number, a provider's message id). */
const ExternalId = z
  .string()
  .check(z.minLength(1), z.maxLength(MAX_EXTERNAL_ID_LENGTH), z.regex(/^[^\r\n\0]*$/, 'must be one line'));

/** `POST /v1/channels/api/messages`: a message from a contact, posted by the channel's bridge. */
export const ApiChannelMessage = z
  .strictObject({
    contactId: ExternalId.check(
      doc({
        description:
          'Who wrote, in the bridge’s terms (a phone number, a user id): the same id is the same contact of this channel.',
      }),
    ),
    messageId: ExternalId.check(
      doc({
        description: 'The message’s id in the bridge’s terms: the same id twice is stored once (200 `duplicate`).',
      }),
    ),
    text: z.string().check(
      z.minLength(1),
      z.maxLength(LIMITS.maxTextLength),
      z.refine(isVerbatim, { error: NOT_VERBATIM }),
      z.refine((text) => text.trim() !== '', { error: 'must say something' }),
    ),
    name: z.optional(OneLine(100).check(doc({ description: 'The contact’s name, when the bridge knows it.' }))),
    email: z.optional(
      z
        .string()
        .check(
          z.maxLength(254),
          z.refine(isAddress, { error: 'must be one plain address, like jane@example.com' }),
          doc({ description: 'The contact’s email, when the bridge knows it (kept sealed, like a visitor’s).' }),
        ),
    ),
  })
  .check(
    doc({ example: { contactId: '+15551234567', messageId: 'SM0123456789abcdef', text: 'Is my order shipped?' } }),
  );

/** What `POST /v1/channels/api/messages` answers: where the message is (201 stored, 200 stored before). */
export const ApiChannelStored = z.object({
  conversationId: z.string(),
  messageId: z.string(),
  seq: z.int(),
  duplicate: z.boolean(),
});

/**
 * A file of a staff reply, as the channel's webhook receives it: its facts, and where the bridge downloads it with the
 * channel's token (`Authorization: Bearer pac_…`) until `expiresAt`. The address holds no secret.
 */
export const ApiChannelReplyFile = z.object({
  id: z.string(),
  name: z.string().check(doc({ description: 'The name it is offered under (its extension matches its type).' })),
  type: z.string().check(doc({ description: 'The media type read from its bytes: `image/png`, `application/pdf`…' })),
  size: z.int().check(doc({ description: 'Bytes, as the download gives them.' })),
  sha256: z.string().check(doc({ description: 'SHA-256 of those bytes, hex: check the download against it.' })),
  width: z.optional(z.int()),
  height: z.optional(z.int()),
  url: z.string().check(
    doc({
      format: 'uri',
      description:
        'GET it with the channel’s token as `Authorization: Bearer …` (`GET /v1/channels/api/files/{id}`); nothing in it grants access by itself.',
    }),
  ),
  expiresAt: millis.check(
    doc({ description: 'Until when the download works: 24 hours after this attempt was sent (each retry renews it).' }),
  ),
});

/** A staff reply, as the channel's webhook receives it (`type` `reply.created`). */
export const ApiChannelReply = z.object({
  id: z.string().check(doc({ description: 'The event’s id, the same on every attempt: deduplicate on it.' })),
  type: z.literal('reply.created'),
  createdAt: millis,
  channelId: z.string(),
  contactId: z.string().check(doc({ description: 'The contact’s id in the bridge’s terms, as it posted it.' })),
  conversationId: z.string(),
  message: z.object({
    id: z.string(),
    seq: z.int().check(doc({ description: 'Its place in the conversation: replies come in this order.' })),
    text: z.string().check(doc({ description: 'The reply’s text; empty for a reply of files alone.' })),
    author: z.object({ id: z.string(), name: z.optional(z.string()) }),
    createdAt: millis,
    attachments: z.optional(
      z.array(ApiChannelReplyFile).check(doc({ description: 'The reply’s files, in order; absent when it has none.' })),
    ),
  }),
});

export type ApiChannelCreate = z.output<typeof ApiChannelCreate>;
export type ApiChannel = z.output<typeof ApiChannel>;
export type ApiChannelList = z.output<typeof ApiChannelList>;
export type ApiChannelCreated = z.output<typeof ApiChannelCreated>;
export type ApiChannelToken = z.output<typeof ApiChannelToken>;
export type ApiChannelMessage = z.output<typeof ApiChannelMessage>;
export type ApiChannelStored = z.output<typeof ApiChannelStored>;
export type ApiChannelReply = z.output<typeof ApiChannelReply>;
export type ApiChannelReplyFile = z.output<typeof ApiChannelReplyFile>;
