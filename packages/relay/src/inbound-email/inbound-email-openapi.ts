import { LIMITS } from '@parley/protocol';
import { InboundEmailJson, InboundIgnoredBody, InboundStored } from '@parley/protocol/admin';
import { type Json, errorResponse } from '../http/openapi/openapi-parts.js';
import { schemaJson } from '../http/openapi/schema-json.js';

/** The security scheme of the inbound-email webhook: not a staff token, the relay's inbound secret. */
export const inboundSecretScheme: Json = {
  type: 'http',
  scheme: 'bearer',
  description:
    '`PARLEY_INBOUND_SECRET`, compared in constant time. Without it configured, `POST /v1/inbound/email` does not exist (404).',
};

/** Replies by email from a provider's inbound-parse webhook. (`inbound-email-http.ts` serves it.) */
export const inboundEmailPaths = (): Record<string, Json> => ({
  '/v1/inbound/email': {
    post: {
      summary: 'Receive an email: a reply, or mail to a support address',
      description: [
        "For a mail provider's inbound-parse webhook (docs/email.md, “Replies by email” and “A support address”): the email a visitor sent to a conversation's reply address (`reply+…@<PARLEY_INBOUND_DOMAIN>`, the `Reply-To` of the relay's emails) becomes their message in that conversation, live for staff and the visitor's open widget.",
        "An email to one of a site's support addresses (`/v1/admin/support-addresses`) that answers one of its conversations (`In-Reply-To` or `References`) from that conversation's visitor continues it; any other opens a new conversation, with the sender as the contact (found by email, or created) and the subject as the conversation's. New conversations are limited per sender and per address (429). Auto-replies, bounces and mail from a Parley relay are taken and not stored (202).",
        'The body is the raw message (`Content-Type: message/rfc822`; its recipients are read from `Delivered-To`, `X-Original-To`, `To` and `Cc`) or JSON, at most 1 MiB. The sender (`From`) must be the email address the conversation’s visitor gave, compared case-insensitively. Quoted history and signatures are stripped; the plain-text part is preferred, HTML turned into text when it is the only one; the reply is cut to ' +
          `${LIMITS.maxTextLength} characters.`,
        'Idempotent: the stored message’s client id is derived from the `Message-ID`, so a retried webhook stores it once (200 `duplicate: true`).',
      ].join('\n\n'),
      tags: ['inbound email'],
      security: [{ inboundSecret: [] }],
      requestBody: {
        required: true,
        content: {
          'message/rfc822': { schema: { type: 'string', description: 'The email as received (RFC 5322).' } },
          'application/json': { schema: schemaJson(InboundEmailJson) },
        },
      },
      responses: {
        '201': {
          description: 'Stored as the visitor’s message (`200` when the same email was stored before).',
          content: { 'application/json': { schema: schemaJson(InboundStored) } },
        },
        '202': {
          description:
            'Taken, not stored: an auto-reply, a bounce (its address is marked bouncing) or a Parley relay’s own mail.',
          content: { 'application/json': { schema: schemaJson(InboundIgnoredBody) } },
        },
        '400': errorResponse(
          '`bad_request`: not an email, no `From` or more than one (headers or addresses), HTML nested deeper than 400 elements or a message too complex to read in 3 s, a JSON field missing or wrong, another content type, or nothing left once quoted history and signature are stripped.',
        ),
        '401': errorResponse('`unauthorized`: no bearer token, or not the inbound secret.'),
        '403': errorResponse('`forbidden`: the sender is not the email address the conversation is with.'),
        '404': errorResponse(
          '`not_found`: no recipient is a valid reply address of this relay (forged, altered, another domain, or its conversation erased); also the answer to every request when no inbound secret is configured.',
        ),
        '413': errorResponse('`payload_too_large`: over 1 MiB.'),
        '429': errorResponse(
          '`rate_limited`: a quota of new conversations by email is spent (per sender per hour, per support address per minute); nothing was stored; retry after `retry-after` seconds.',
        ),
        '503': errorResponse(
          '`store_unavailable`: nothing was stored (the store could not be reached, or 32 messages already wait to be read); retry after `retry-after` seconds.',
        ),
      },
    },
  },
});
