import { LIMITS } from '@parley/protocol';
import { MalformedWebhook, type DeliveryReceipt, type InboundFile, type InboundMessage } from '../messaging/public.js';

// The parts of a Messenger Platform webhook the relay reads (developers.facebook.com, Messenger Platform, "Webhook
// events": `messages`, `messaging_postbacks`, `message_deliveries`, `message_reads`, `message_reactions`; Instagram
// Messaging's are the same events under `object: instagram`, with `messaging_seen`). Everything else is ignored.

/** Which account's webhook is read: `page` and the Page's id, or `instagram` and the professional account's id. */
export interface WebhookAccount {
  /** The webhook's `object`. */
  readonly object: 'page' | 'instagram';
  /** The entry's `id`: the channel's Page or Instagram account; another's entries are skipped. */
  readonly id: string;
  /** The provider's name, in what staff read of a message Parley does not show (`Messenger`). */
  readonly label: string;
}

interface Attachment {
  readonly type?: unknown;
  readonly title?: unknown;
  readonly payload?: {
    readonly url?: unknown;
    readonly title?: unknown;
    readonly coordinates?: { readonly lat?: unknown; readonly long?: unknown };
  };
}
interface MessagingEvent {
  readonly sender?: { readonly id?: unknown };
  readonly recipient?: { readonly id?: unknown };
  readonly timestamp?: unknown;
  readonly message?: {
    readonly mid?: unknown;
    readonly text?: unknown;
    readonly is_echo?: unknown;
    readonly is_deleted?: unknown;
    readonly is_unsupported?: unknown;
    readonly attachments?: unknown;
    readonly reply_to?: { readonly story?: unknown };
  };
  readonly postback?: { readonly mid?: unknown; readonly title?: unknown; readonly payload?: unknown };
  readonly reaction?: { readonly mid?: unknown; readonly action?: unknown; readonly emoji?: unknown };
  readonly delivery?: { readonly mids?: unknown; readonly watermark?: unknown };
  readonly read?: { readonly mid?: unknown; readonly watermark?: unknown };
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const obj = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A PSID, an IGSID or a `mid`: bounded, printable. */
const ID = /^[\x21-\x7e]{1,512}$/;
const id = (value: unknown): string | undefined => {
  const said = str(value);
  return said !== undefined && ID.test(said) ? said : undefined;
};

/** The files a customer may send, with the name given when the address names none. */
const FILES: Readonly<Record<string, string>> = {
  image: 'image.jpg',
  video: 'video.mp4',
  audio: 'audio.mp4',
  file: 'file',
};

/**
 * The messaging events of a webhook for the channel's account, each with the customer's id: `object` must be the
 * account's kind; an entry of another Page or account (Meta posts every Page of an app to one address) is skipped,
 * and so is an event the account sent itself.
 *
 * @throws MalformedWebhook when the body is not such a webhook.
 */
function events(body: Buffer, account: WebhookAccount): { event: MessagingEvent; customer: string }[] {
  let hook: unknown;
  try {
    hook = JSON.parse(body.toString('utf8'));
  } catch {
    throw new MalformedWebhook('The body is not JSON.');
  }
  if (!obj(hook) || hook.object !== account.object || !Array.isArray(hook.entry))
    throw new MalformedWebhook(`The body is not a ${account.label} webhook (object "${account.object}").`);
  const found: { event: MessagingEvent; customer: string }[] = [];
  for (const entry of hook.entry) {
    if (!obj(entry)) throw new MalformedWebhook('An entry is not an object.');
    if (String(entry.id) !== account.id || !Array.isArray(entry.messaging)) continue;
    for (const event of entry.messaging as unknown[]) {
      if (!obj(event)) continue;
      const customer = id((event as MessagingEvent).sender?.id);
      if (customer && customer !== account.id) found.push({ event: event as MessagingEvent, customer });
    }
  }
  return found;
}

/**
 * Reads a webhook's customer messages for the channel's account: text; images, videos, audio and files (downloaded
 * from the address the event gives); a location; a shared link; a button's postback (its title); a reaction. An echo
 * of the account's own message, a deleted message and other events carry nothing to store; what Parley does not show
 * is named for staff. The message's `mid` makes Meta's retries of it a duplicate.
 *
 * @throws MalformedWebhook when the body is not the account's webhook.
 */
export function parseMessagingEvents(body: Buffer, account: WebhookAccount): InboundMessage[] {
  const messages: InboundMessage[] = [];
  for (const { event, customer } of events(body, account)) {
    const read = content(event, customer, account.label);
    if (!read || (read.text === '' && read.files.length === 0)) continue;
    messages.push({
      id: read.id,
      contact: { handle: customer },
      text: read.text.slice(0, LIMITS.maxTextLength),
      ...(read.files.length > 0 ? { files: read.files } : {}),
    });
  }
  return messages;
}

/**
 * Reads a webhook's reports on the account's own messages to the customer who sent them: Messenger's `delivery` (its
 * `mids` when it gives them, else its `watermark`: every message up to that time) as `delivered`; a `read` by its
 * `watermark` (Messenger's `message_reads`) or its `mid` (Instagram's `messaging_seen`) as `read`.
 *
 * @throws MalformedWebhook when the body is not the account's webhook.
 */
export function parseMessagingReceipts(body: Buffer, account: WebhookAccount): DeliveryReceipt[] {
  const receipts: DeliveryReceipt[] = [];
  for (const { event, customer } of events(body, account)) {
    const { delivery, read } = event;
    const delivered = watermark(delivery?.watermark);
    if (Array.isArray(delivery?.mids) && delivery.mids.length > 0)
      for (const mid of (delivery.mids as unknown[]).slice(0, 100)) {
        const providerMessageId = id(mid);
        if (providerMessageId) receipts.push({ providerMessageId, status: 'delivered' });
      }
    else if (delivered !== undefined) receipts.push({ handle: customer, watermark: delivered, status: 'delivered' });
    const seen = id(read?.mid);
    const readUpTo = watermark(read?.watermark);
    if (seen) receipts.push({ providerMessageId: seen, status: 'read' });
    else if (readUpTo !== undefined) receipts.push({ handle: customer, watermark: readUpTo, status: 'read' });
  }
  return receipts;
}

/** A watermark: a time in milliseconds since the epoch, as Meta gives it. */
function watermark(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** What an event says, as text, and the files it carries, under its id; `undefined` for an event of no message. */
function content(
  event: MessagingEvent,
  customer: string,
  label: string,
): { id: string; text: string; files: InboundFile[] } | undefined {
  const { message, postback, reaction } = event;
  if (obj(message)) {
    const mid = id(message.mid);
    if (!mid || message.is_echo === true || message.is_deleted === true) return undefined;
    if (message.is_unsupported === true) return { id: mid, text: unshown(label, 'a message'), files: [] };
    const lines = [str(message.text) ?? ''];
    const files: InboundFile[] = [];
    for (const attachment of Array.isArray(message.attachments) ? message.attachments.slice(0, 10) : []) {
      if (!obj(attachment)) continue;
      const { type, payload } = attachment as Attachment;
      const url = str(payload?.url);
      const kind = str(type) ?? 'unknown';
      if (url && FILES[kind] && /^https?:\/\//.test(url)) files.push({ ref: url, name: fileName(url, FILES[kind]) });
      else if (kind === 'location' && obj(payload?.coordinates)) lines.push(place(payload.coordinates));
      else if (url && /^https?:\/\//.test(url))
        lines.push(`${str(payload?.title) ?? str(attachment.title) ?? kind}: ${url}`);
      else lines.push(unshown(label, `an attachment of type ${kind}`));
    }
    if (message.reply_to?.story !== undefined) lines.unshift(`[${label}: a reply to your story]`);
    return { id: mid, text: lines.filter((line) => line !== '').join('\n'), files };
  }
  if (obj(postback)) {
    const title = str(postback.title) ?? str(postback.payload);
    const said = id(postback.mid) ?? `postback:${customer}:${Number(event.timestamp) || 0}`;
    return title ? { id: said, text: title, files: [] } : undefined;
  }
  if (obj(reaction) && reaction.action === 'react') {
    const mid = id(reaction.mid);
    const emoji = str(reaction.emoji);
    if (!mid || !emoji) return undefined;
    return { id: `reaction:${mid}:${Number(event.timestamp) || 0}`, text: `[Reacted ${emoji}]`, files: [] };
  }
  return undefined;
}

/** A file's name from its address's last segment (`1234_n.jpg`), else the kind's (`image.jpg`). */
function fileName(url: string, fallback: string): string {
  try {
    const last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '').replace(/[^\w.-]/g, '');
    return /\.[a-z0-9]{2,5}$/i.test(last) ? last.slice(-200) : fallback;
  } catch {
    return fallback;
  }
}

/** A shared location as text, with a map link. */
function place(coordinates: { readonly lat?: unknown; readonly long?: unknown }): string {
  const { lat, long } = coordinates;
  if (typeof lat !== 'number' || typeof long !== 'number') return '';
  return `📍 (${lat},${long}) https://www.openstreetmap.org/?mlat=${lat}&mlon=${long}`;
}

function unshown(label: string, what: string): string {
  return `[${label}: ${what.replace(/[^\w ]/g, '').slice(0, 60)}, which Parley does not show]`;
}
