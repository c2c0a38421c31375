import * as z from 'zod/mini';
import type { DeliveryOutcome } from '../outbox/outbox.js';
import { messagingProvider, type MessagingProvider, type ProviderCall } from '../messaging/public.js';
import type { TwilioAnswer, TwilioApi } from './twilio-api.js';
import { parseTwilioMessage, parseTwilioStatus, STATUS_QUERY, verifyTwilioSignature } from './twilio-webhook.js';

/**
 * What an admin pastes to connect a number (Twilio Console → Account info; Phone Numbers → Manage → Active
 * numbers): the Account SID and Auth Token, the number in E.164, and optionally the Messaging Service that sends
 * from it.
 */
export const TwilioCredentials = z.strictObject({
  accountSid: z.string().check(z.regex(/^AC[0-9a-fA-F]{32}$/, 'must be an Account SID (AC followed by 32 hex digits)')),
  authToken: z.string().check(z.regex(/^[0-9a-fA-F]{32}$/, 'must be an Auth Token (32 hex digits)')),
  phoneNumber: z.string().check(z.regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in E.164 (+15550006666)')),
  messagingServiceSid: z.optional(
    z
      .string()
      .check(z.regex(/^(MG[0-9a-fA-F]{32})?$/, 'must be a Messaging Service SID (MG followed by 32 hex digits)')),
  ),
});
export type TwilioCredentials = z.output<typeof TwilioCredentials>;

/**
 * The largest webhook body taken: a message's form is a few kilobytes (1,600 characters, even percent-encoded
 * emoji, about 10 KiB; ten media addresses; some forty parameters), so 32 KiB leaves room for those Twilio adds.
 */
export const MAX_TWILIO_WEBHOOK_BYTES = 32 * 1024;

/** The longest text Twilio takes in one message (it splits it into segments itself). */
export const MAX_SMS_LENGTH = 1600;

/** The largest media Twilio keeps for an incoming MMS. */
const MAX_MMS_BYTES = 5 * 1024 * 1024;

/** Twilio's codes for a message no retry will send (twilio.com/docs/api/errors). */
const PERMANENT_CODES: Readonly<Record<number, string>> = {
  21211: 'the number is not a valid phone number',
  21408: 'the region is not enabled for this account',
  21610: 'the recipient replied STOP (unsubscribed)',
  21612: 'the number cannot be reached from this one',
  21614: 'the number is not a mobile number',
  21606: 'the From number cannot send this message',
  20003: 'the credentials were refused',
};

/** The feature's client, which the provider reaches through `use('twilio')`. */
function apiOf(call: ProviderCall): TwilioApi {
  const feature = call.use('twilio');
  if (!feature) throw new Error('twilio: the feature is not running');
  return feature.api;
}

/**
 * An answer of Twilio's to a message, as the outbox's outcome: a rate limit (429, code 20429) retried after its
 * `Retry-After`; Twilio's own trouble (5xx) or no answer retried on the outbox's schedule; a refusal no retry mends
 * (21211 an invalid number, 21610 a customer who replied STOP, 401 revoked keys…) ends the reply now, with Twilio's
 * code and reason.
 */
export function replyOutcome(answer: TwilioAnswer<unknown>, what: string): DeliveryOutcome | undefined {
  if (answer.ok) return undefined;
  const known = answer.code !== undefined ? PERMANENT_CODES[answer.code] : undefined;
  const error = `Twilio refused ${what}: ${answer.code !== undefined ? `${answer.code} ` : ''}${known ?? answer.message}`;
  if (answer.status === 429 || answer.code === 20429)
    return {
      status: 'failed',
      error,
      ...(answer.retryAfterMs !== undefined ? { retryAfterMs: answer.retryAfterMs } : {}),
    };
  if (!answer.reached || answer.status >= 500 || answer.status === 0)
    return { status: 'failed', error: answer.message };
  return { status: 'failed', error, permanent: true };
}

/** A text in pieces Twilio takes (1,600 characters), never splitting a character's surrogate pair. */
export function smsParts(text: string): string[] {
  const parts: string[] = [];
  let at = 0;
  while (at < text.length) {
    let end = Math.min(at + MAX_SMS_LENGTH, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    parts.push(text.slice(at, end));
    at = end;
  }
  return parts;
}

/**
 * SMS and MMS through Twilio as a messaging provider (docs/channels.md, "SMS (Twilio)"): a number connected by the
 * account's keys (checked with `IncomingPhoneNumbers`); Twilio's webhooks checked by `X-Twilio-Signature` over the
 * public address and the form, in constant time; customers' texts and MMS media in; staff texts (in pieces of 1,600
 * characters) and images (`MediaUrl`, an expiring address of the relay's) out, each with a `StatusCallback` whose
 * reports mark the reply delivered or failed.
 */
export const twilioProvider: MessagingProvider = messagingProvider<TwilioCredentials>({
  id: 'twilio',
  label: 'SMS (Twilio)',
  channelLabel: 'SMS',
  credentials: TwilioCredentials,
  fields: [
    {
      name: 'accountSid',
      label: 'Account SID',
      description: 'In the Twilio Console, Account info: AC followed by 32 characters.',
      secret: false,
    },
    {
      name: 'authToken',
      label: 'Auth Token',
      description:
        'Next to the Account SID (Show). It signs Twilio’s webhooks; the relay keeps it sealed and never shows it again.',
    },
    {
      name: 'phoneNumber',
      label: 'Phone number',
      description: 'The Twilio number customers text, in E.164: +15550006666.',
      secret: false,
    },
    {
      name: 'messagingServiceSid',
      label: 'Messaging Service SID (optional)',
      description: 'MG…: replies are sent through this Messaging Service instead of from the number.',
      secret: false,
      optional: true,
    },
  ],
  setup:
    'Paste the Account SID and Auth Token from the Twilio Console (Account info) and the number customers text (Phone Numbers → Manage → Active numbers), in E.164. The relay checks them with Twilio. Then, on the number’s page (Messaging configuration), set “A message comes in” to Webhook, the channel’s webhook address shown here, HTTP POST (in a Messaging Service, its Integration’s incoming-message webhook). Twilio signs every request with the Auth Token over that exact address, so the relay must be reached at PARLEY_PUBLIC_URL over HTTPS. Delivery reports come back on their own: each reply tells Twilio where to send them.',
  webhookHint:
    'In the Twilio Console, on this number’s page (Phone Numbers → Manage → Active numbers → the number → Messaging configuration), set “A message comes in” to Webhook, this address, HTTP POST, and save.',
  maxBodyBytes: MAX_TWILIO_WEBHOOK_BYTES,
  acknowledgement: { contentType: 'text/xml', body: '<?xml version="1.0" encoding="UTF-8"?><Response/>' },

  async check(credentials, call) {
    const answer = await apiOf(call).call<{
      incoming_phone_numbers?: Array<{ phone_number?: unknown; friendly_name?: unknown }>;
    }>(credentials, 'GET', '/IncomingPhoneNumbers.json', { PhoneNumber: credentials.phoneNumber }, call.signal);
    if (!answer.ok) {
      if (answer.status === 401 || answer.code === 20003)
        return {
          error:
            'The credentials were refused by Twilio: check the Account SID and Auth Token (Console, Account info).',
        };
      if (answer.status === 404 || answer.code === 20404)
        return { error: 'Twilio knows no such account: check the Account SID.' };
      return { error: `Twilio did not take the credentials: ${answer.message}` };
    }
    const number = answer.result.incoming_phone_numbers?.find((n) => n.phone_number === credentials.phoneNumber);
    if (!number) return { error: `The number ${credentials.phoneNumber} is not one of this Twilio account’s numbers.` };
    const friendly = typeof number.friendly_name === 'string' ? number.friendly_name.slice(0, 100) : '';
    return { account: credentials.phoneNumber, name: friendly || `SMS ${credentials.phoneNumber}` };
  },

  verify(request, { credentials }) {
    return verifyTwilioSignature(request, credentials.authToken);
  },

  receipts: parseTwilioStatus,

  parse(body, { credentials }) {
    return parseTwilioMessage(body, credentials);
  },

  async download(file, credentials, into, call) {
    const downloaded = await apiOf(call).download(
      credentials,
      file.ref,
      Math.min(into.maxBytes, MAX_MMS_BYTES),
      call.signal,
      into.path,
    );
    return 'error' in downloaded ? downloaded : { name: file.name };
  },

  async send(reply, credentials, call) {
    const api = apiOf(call);
    const sender: Record<string, string> = credentials.messagingServiceSid
      ? { MessagingServiceSid: credentials.messagingServiceSid }
      : { From: credentials.phoneNumber };
    const report: Record<string, string> = reply.webhookUrl
      ? { StatusCallback: `${reply.webhookUrl}?${STATUS_QUERY}` }
      : {};
    const parts: { what: string; params: Record<string, string> }[] = smsParts(reply.text).map((Body) => ({
      what: 'the text',
      params: { Body },
    }));
    const unsent: string[] = [];
    for (const file of reply.files) {
      const url = file.publicUrl();
      if (url === undefined) unsent.push(file.name);
      else parts.push({ what: `the image ${file.name}`, params: { MediaUrl: url } });
    }
    if (parts.length === 0)
      return {
        status: 'failed',
        error: `SMS carries text and images only: ${unsent.join(', ')} not sent`,
        permanent: true,
      };
    for (const [index, part] of parts.entries()) {
      if (index < reply.partsSent) continue;
      const answer = await api.call<{ sid?: unknown }>(
        credentials,
        'POST',
        '/Messages.json',
        { To: reply.handle, ...sender, ...part.params, ...report },
        call.signal,
      );
      const outcome = replyOutcome(answer, part.what);
      if (outcome) return outcome;
      const sid = answer.ok && typeof answer.result.sid === 'string' ? answer.result.sid : undefined;
      await reply.partSent(sid);
    }
    return {
      status: 'delivered',
      detail: `${parts.length} message(s) sent${unsent.length > 0 ? `; not sent (not an image): ${unsent.join(', ')}` : ''}`,
    };
  },
});
