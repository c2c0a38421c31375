import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { LIMITS } from '@parley/protocol';
import {
  MalformedWebhook,
  type DeliveryReceipt,
  type InboundFile,
  type InboundMessage,
  type WebhookRequest,
} from '../messaging/public.js';

/** The header Twilio signs its webhook requests in (twilio.com/docs/usage/webhooks/webhooks-security). */
export const SIGNATURE_HEADER = 'x-twilio-signature';

/** The query that marks a status callback's address (the relay gives it as `StatusCallback` when it sends). */
export const STATUS_QUERY = 'report=status';

/** Most media an MMS carries (Twilio's limit). */
const MAX_MEDIA = 10;

/**
 * Twilio's signature of a form-encoded request: the full URL it posted to, then every POST parameter's name and
 * value, sorted by name, with nothing between; HMAC-SHA1 keyed with the Auth Token; base64.
 *
 * @example
 * twilioSignature(authToken, 'https://chat.example.com/v1/channels/twilio/mch_1/webhook', new URLSearchParams(body));
 */
export function twilioSignature(authToken: string, url: string, params: URLSearchParams): string {
  const entries = [...params.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let data = url;
  for (const [name, value] of entries) data += name + value;
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Whether a webhook request is Twilio's for this account: its `X-Twilio-Signature` is the signature of the address
 * it was posted to (the relay's public origin, the path, the query) and its form, with the Auth Token, compared in
 * constant time. Nothing of the form is used before.
 */
export function verifyTwilioSignature(request: WebhookRequest, authToken: string): boolean {
  const given = request.headers[SIGNATURE_HEADER];
  if (given === undefined || given === '') return false;
  const expected = twilioSignature(authToken, request.url, new URLSearchParams(request.body.toString('utf8')));
  // Both digested first: equal lengths, so the comparison's time says nothing of the expected signature.
  return timingSafeEqual(digest(given), digest(expected));
}

/** What a channel's number is, as its parse checks `To` against. */
export interface TwilioNumber {
  readonly accountSid: string;
  readonly phoneNumber: string;
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'audio/amr': 'amr',
  'audio/mpeg': 'mp3',
  'text/vcard': 'vcf',
  'text/x-vcard': 'vcf',
  'application/pdf': 'pdf',
};

/**
 * Reads Twilio's incoming-message webhook (twilio.com/docs/messaging/guides/webhook-request), a form: `MessageSid`
 * (the message's id, so a retry is stored once), `From` (the customer's number, their handle), `To` (refused unless
 * it is the channel's number), `Body`, and an MMS's `NumMedia` with `MediaUrl{N}` and `MediaContentType{N}` (each
 * downloaded later). Unknown parameters are ignored: Twilio adds some without notice.
 *
 * @throws MalformedWebhook when a parameter Twilio always sends is missing, or the message is not for this number.
 */
export function parseTwilioMessage(body: Buffer, channel: TwilioNumber): InboundMessage[] {
  const form = new URLSearchParams(body.toString('utf8'));
  const sid = form.get('MessageSid') ?? form.get('SmsSid') ?? '';
  if (!/^[A-Z]{2}[0-9a-fA-F]{32}$/.test(sid)) throw new MalformedWebhook('The request has no MessageSid.');
  const from = form.get('From') ?? '';
  const to = form.get('To') ?? '';
  if (from === '' || from.length > 100) throw new MalformedWebhook('The request has no From.');
  if (to !== channel.phoneNumber) throw new MalformedWebhook('The message is not for this channel’s number (To).');
  const account = form.get('AccountSid');
  if (account !== null && account !== channel.accountSid)
    throw new MalformedWebhook('The message is not for this channel’s account (AccountSid).');
  const count = Math.min(Number.parseInt(form.get('NumMedia') ?? '0', 10) || 0, MAX_MEDIA);
  const files: InboundFile[] = [];
  for (let i = 0; i < count; i += 1) {
    const url = form.get(`MediaUrl${i}`);
    if (!url) continue;
    const type = (form.get(`MediaContentType${i}`) ?? '').toLowerCase();
    files.push({ ref: url, name: `media-${i + 1}.${EXTENSIONS[type] ?? 'bin'}` });
  }
  const text = (form.get('Body') ?? '').slice(0, LIMITS.maxTextLength);
  if (text.trim() === '' && files.length === 0) return [];
  return [{ id: sid, contact: { handle: from, display: from }, text, ...(files.length > 0 ? { files } : {}) }];
}

/** Twilio's words for the errors a status callback gives most (twilio.com/docs/api/errors). */
const DELIVERY_ERRORS: Readonly<Record<string, string>> = {
  '30001': 'queue overflow',
  '30002': 'account suspended',
  '30003': 'unreachable destination handset',
  '30004': 'message blocked',
  '30005': 'unknown destination handset',
  '30006': 'landline or unreachable carrier',
  '30007': 'message filtered by the carrier',
  '30008': 'unknown error',
  '21610': 'the recipient replied STOP (unsubscribed)',
};

/**
 * Reads a status callback (twilio.com/docs/messaging/guides/track-outbound-message-status), posted to the address
 * the relay gave as `StatusCallback` (its webhook with `?report=status`): `MessageSid` and `MessageStatus`
 * (`queued`, `sending`, `sent`, `delivered`, `undelivered`, `failed`, `read`), with `ErrorCode` on a failure.
 * `undefined` for any other request (an incoming message).
 */
export function parseTwilioStatus(request: WebhookRequest): DeliveryReceipt[] | undefined {
  const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  if (query !== STATUS_QUERY) return undefined;
  const form = new URLSearchParams(request.body.toString('utf8'));
  const sid = form.get('MessageSid') ?? form.get('SmsSid') ?? '';
  const status = form.get('MessageStatus') ?? form.get('SmsStatus') ?? '';
  if (!/^[A-Z]{2}[0-9a-fA-F]{32}$/.test(sid)) throw new MalformedWebhook('The status callback has no MessageSid.');
  switch (status) {
    case 'sent':
      return [{ providerMessageId: sid, status: 'sent' }];
    case 'delivered':
      return [{ providerMessageId: sid, status: 'delivered' }];
    case 'read':
      return [{ providerMessageId: sid, status: 'read' }];
    case 'undelivered':
    case 'failed': {
      const code = (form.get('ErrorCode') ?? '').slice(0, 10);
      const words = DELIVERY_ERRORS[code];
      const error = `Twilio: the SMS was ${status}${code ? ` (${code}${words ? `: ${words}` : ''})` : ''}`;
      return [{ providerMessageId: sid, status: 'failed', error }];
    }
    default:
      // queued, accepted, scheduled, sending: nothing the reply's row does not say already.
      return [];
  }
}
