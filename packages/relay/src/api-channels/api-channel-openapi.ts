import { LIMITS } from '@parley/protocol';
import { ApiChannelMessage, ApiChannelReply, ApiChannelStored } from '@parley/protocol/admin';
import { type Json, body, errorResponse, idParam } from '../http/openapi/openapi-parts.js';
import { schemaJson } from '../http/openapi/schema-json.js';
import { eventHeaders } from '../webhooks/public.js';
import { apiChannelsTag as tag } from './api-channel-routes.js';

/** The security scheme of `POST /v1/channels/api/messages`: an API channel's token, not a staff token. */
export const apiChannelTokenScheme: Json = {
  type: 'http',
  scheme: 'bearer',
  description: 'An API channel’s token (`pac_…`), shown when the channel is made or its token replaced.',
};

/**
 * How the API document describes the routes a channel's bridge calls with its token (`api-channel-http.ts`,
 * `api-channel-files.ts`); the admin API's routes of channels carry their own prose (`api-channel-routes.ts`).
 */
export const apiChannelPaths = (): Record<string, Json> => ({
  '/v1/channels/api/messages': {
    post: {
      summary: 'Post a contact’s message through an API channel',
      description: [
        'For a channel’s bridge (docs/api-channel.md): the message of the contact `contactId` (the bridge’s own id for them: a phone number, a user id) goes to their open conversation of this channel, or opens one (channel `api`), and is live in the inbox. The contact is found by the channel and `contactId`, or created, with `name` and `email` when given.',
        'Idempotent: the same `messageId` again is stored once (200, `duplicate: true`), in the conversation it went to, even once that conversation is resolved.',
        `The body is JSON, at most 64 KiB; \`text\` at most ${LIMITS.maxTextLength} characters. Each channel may post 600 messages a minute per relay (\`PARLEY_API_CHANNEL_MESSAGES_PER_MINUTE\`).`,
        'Staff replies (not notes) are POSTed to the channel’s `webhookUrl` as `reply.created` events (schema `ApiChannelReply`), signed like webhooks (`Parley-Signature`), one conversation’s in order; their files are listed with addresses the bridge downloads with this token (`GET /v1/channels/api/files/{id}`).',
      ].join('\n\n'),
      tags: [tag],
      security: [{ apiChannelToken: [] }],
      requestBody: body(ApiChannelMessage),
      responses: {
        '201': {
          description: 'Stored as the contact’s message (`200` when the same `messageId` was stored before).',
          content: { 'application/json': { schema: schemaJson(ApiChannelStored) } },
        },
        '400': errorResponse(
          '`bad_request`: not JSON, not `application/json`, a field missing or wrong (named), an unknown field, or empty text; nothing was stored.',
        ),
        '401': errorResponse('`unauthorized`: no bearer token, or not an API channel’s.'),
        '413': errorResponse('`payload_too_large`: over 64 KiB.'),
        '429': errorResponse('`rate_limited`: the channel posts too fast; retry after `retry-after` seconds.'),
        '503': errorResponse('`store_unavailable`: nothing was stored; retry after `retry-after` seconds.'),
      },
    },
  },
  '/v1/channels/api/files/{id}': {
    get: {
      summary: 'Download a file of a staff reply through an API channel',
      description: [
        'For a channel’s bridge (docs/api-channel.md, "Files"): a file a staff reply sent to this channel carries (the `url` of an entry of `message.attachments` in its `reply.created` event), with the channel’s token as `Authorization: Bearer …`. The address holds no secret: without the token it grants nothing.',
        'It works until the `expiresAt` the event gave, 24 hours after the delivery attempt (a retry renews it), and only with the token of the channel the reply went to. Served as a download: `Content-Type` the type read from its bytes, `Content-Disposition` with its name, `Cache-Control: private, no-store`; check it against the event’s `sha256`.',
      ].join('\n\n'),
      tags: [tag],
      security: [{ apiChannelToken: [] }],
      parameters: [idParam('attachment')],
      responses: {
        '200': {
          description: 'The file’s bytes.',
          content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
        },
        '401': errorResponse('`unauthorized`: no bearer token, or not an API channel’s.'),
        '404': errorResponse(
          '`not_found`: no such file for this channel: never sent to it, sent to another channel, erased, or past its `expiresAt`.',
        ),
      },
    },
  },
});

/** What API channels send (the OpenAPI `webhooks` section): a staff reply, to the channel's webhook URL. */
export const apiChannelWebhooks = (): Record<string, Json> => ({
  'reply.created': {
    post: {
      summary: 'A staff reply in a conversation of an API channel',
      description:
        'POSTed to the channel’s webhook URL, signed with the channel’s secret as webhooks are (docs/api-channel.md): every staff message but notes, one conversation’s in order, with its files’ download addresses (`message.attachments`). Answer 2xx once the reply is handed on; anything else is retried for about a day (30 attempts), 429/503 no sooner than their `Retry-After`; 410 Gone stops for good. Queued once per reply; at least once on the wire: deduplicate on `id`.',
      tags: [tag],
      parameters: Object.entries(eventHeaders as Record<string, Json>).map(([name, header]) => ({
        name,
        in: 'header',
        ...(header as Record<string, Json>),
      })),
      requestBody: { required: true, content: { 'application/json': { schema: schemaJson(ApiChannelReply) } } },
      responses: { '2XX': { description: 'Received. Any other answer (a redirect too) is a failure.' } },
    },
  },
});
