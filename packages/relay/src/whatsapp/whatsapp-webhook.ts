import { LIMITS } from '@parley/protocol';
import { MalformedWebhook, type DeliveryReceipt, type InboundFile, type InboundMessage } from '../messaging/public.js';

// The parts of a `messages` webhook the relay reads (developers.facebook.com, WhatsApp Cloud API, "messages webhook
// reference" and "Status messages webhook reference"). Everything else is ignored.
interface Value {
  readonly metadata?: { readonly phone_number_id?: unknown };
  readonly contacts?: unknown;
  readonly messages?: unknown;
  readonly statuses?: unknown;
}
interface Media {
  readonly id?: unknown;
  readonly mime_type?: unknown;
  readonly caption?: unknown;
  readonly filename?: unknown;
}
interface WaMessage {
  readonly from?: unknown;
  readonly id?: unknown;
  readonly type?: unknown;
  readonly text?: { readonly body?: unknown };
  readonly image?: Media;
  readonly video?: Media;
  readonly audio?: Media;
  readonly document?: Media;
  readonly sticker?: Media;
  readonly location?: {
    readonly latitude?: unknown;
    readonly longitude?: unknown;
    readonly name?: unknown;
    readonly address?: unknown;
  };
  readonly contacts?: unknown;
  readonly interactive?: {
    readonly type?: unknown;
    readonly button_reply?: { readonly title?: unknown };
    readonly list_reply?: { readonly title?: unknown; readonly description?: unknown };
  };
  readonly button?: { readonly text?: unknown };
  readonly reaction?: { readonly emoji?: unknown };
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const obj = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const arr = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

/** The media types whose file is downloaded into the conversation, with the name given when WhatsApp gives none. */
const MEDIA = ['image', 'video', 'audio', 'document', 'sticker'] as const;

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'audio/amr': 'amr',
  'application/pdf': 'pdf',
};

/** A WhatsApp id (`wa_id`, a phone number's digits) or a `wamid`: bounded, printable. */
const ID = /^[\x21-\x7e]{1,256}$/;

/**
 * The `value`s of a webhook's changes for the channel's number: `object` must be `whatsapp_business_account`; a
 * change of another field, or of another number of the same business account (Meta posts every number of an app
 * to one address), is skipped.
 *
 * @throws MalformedWebhook when the body is not such a webhook.
 */
function values(body: Buffer, phoneNumberId: string): Value[] {
  let hook: unknown;
  try {
    hook = JSON.parse(body.toString('utf8'));
  } catch {
    throw new MalformedWebhook('The body is not JSON.');
  }
  if (!obj(hook) || hook.object !== 'whatsapp_business_account' || !Array.isArray(hook.entry))
    throw new MalformedWebhook('The body is not a WhatsApp Business Account webhook.');
  const found: Value[] = [];
  for (const entry of hook.entry) {
    if (!obj(entry)) throw new MalformedWebhook('An entry is not an object.');
    for (const change of arr(entry.changes)) {
      if (!obj(change) || change.field !== 'messages' || !obj(change.value)) continue;
      const value = change.value as Value;
      if (value.metadata?.phone_number_id !== phoneNumberId) continue;
      found.push(value);
    }
  }
  return found;
}

/**
 * Reads a WhatsApp webhook's customer messages for the channel's number: text; image, video, audio, document and
 * sticker (the file downloaded, its caption as the text); a location (its name, address and a map link); shared
 * contacts (names and numbers); a button's or a list's reply (its title); a reaction. A type Parley does not show is
 * named for staff. Each message's `id` (its wamid) makes Meta's retries of it a duplicate.
 *
 * @throws MalformedWebhook when the body is not a WhatsApp webhook.
 */
export function parseWhatsAppMessages(body: Buffer, phoneNumberId: string): InboundMessage[] {
  const messages: InboundMessage[] = [];
  for (const value of values(body, phoneNumberId)) {
    const names = new Map<string, string>();
    for (const contact of arr(value.contacts)) {
      if (!obj(contact)) continue;
      const name = obj(contact.profile) ? str(contact.profile.name) : undefined;
      const waId = str(contact.wa_id);
      if (waId && name) names.set(waId, name.slice(0, 100));
    }
    for (const raw of arr(value.messages)) {
      if (!obj(raw)) continue;
      const message = raw as WaMessage;
      const from = str(message.from);
      const id = str(message.id);
      if (!from || !id || !ID.test(from) || !ID.test(id)) continue;
      const { text, files } = content(message);
      if (text === '' && files.length === 0) continue;
      const name = names.get(from);
      messages.push({
        id,
        contact: { handle: from, display: /^\d+$/.test(from) ? `+${from}` : from, ...(name ? { name } : {}) },
        text: text.slice(0, LIMITS.maxTextLength),
        ...(files.length > 0 ? { files } : {}),
      });
    }
  }
  return messages;
}

/**
 * Reads a WhatsApp webhook's statuses of the business's own messages, for the channel's number: `sent`,
 * `delivered`, `read`, and `failed` with WhatsApp's first error (its title, its details and its code).
 *
 * @throws MalformedWebhook when the body is not a WhatsApp webhook.
 */
export function parseWhatsAppStatuses(body: Buffer, phoneNumberId: string): DeliveryReceipt[] {
  const statuses: DeliveryReceipt[] = [];
  for (const value of values(body, phoneNumberId))
    for (const raw of arr(value.statuses)) {
      if (!obj(raw)) continue;
      const providerMessageId = str(raw.id);
      const status = raw.status;
      if (!providerMessageId || !ID.test(providerMessageId)) continue;
      if (status !== 'sent' && status !== 'delivered' && status !== 'read' && status !== 'failed') continue;
      if (status !== 'failed') {
        statuses.push({ providerMessageId, status });
        continue;
      }
      const [first] = arr(raw.errors);
      statuses.push({
        providerMessageId,
        status,
        error: obj(first) ? errorText(first) : 'WhatsApp did not deliver it.',
      });
    }
  return statuses;
}

/** An error object of WhatsApp's as a reason staff can read: `Re-engagement message: … (131047)`. */
export function errorText(error: Record<string, unknown>): string {
  const details = obj(error.error_data) ? str(error.error_data.details) : undefined;
  const title = str(error.title) ?? str(error.message) ?? 'WhatsApp did not deliver it';
  const code = typeof error.code === 'number' ? ` (${error.code})` : '';
  return `${title}${details && details !== title ? `: ${details}` : ''}${code}`.slice(0, 500);
}

/** What a message says, as text, and the files it carries. */
function content(message: WaMessage): { text: string; files: InboundFile[] } {
  const type = str(message.type) ?? '';
  if (type === 'text') return { text: str(message.text?.body) ?? '', files: [] };
  if ((MEDIA as readonly string[]).includes(type)) {
    const media = message[type as (typeof MEDIA)[number]];
    const ref = str(media?.id);
    if (!ref || !ID.test(ref)) return { text: unshown(type), files: [] };
    const mime = str(media?.mime_type)?.split(';')[0]?.trim() ?? '';
    const name = str(media?.filename)?.slice(0, 200) ?? `${type}.${EXTENSIONS[mime] ?? 'bin'}`;
    return { text: str(media?.caption) ?? '', files: [{ ref, name }] };
  }
  if (type === 'location') {
    const { latitude, longitude, name, address } = message.location ?? {};
    if (typeof latitude !== 'number' || typeof longitude !== 'number') return { text: unshown(type), files: [] };
    const place = [str(name), str(address)].filter(Boolean).join(', ');
    const at = `${latitude},${longitude}`;
    const link = `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=17/${latitude}/${longitude}`;
    return { text: `📍 ${place ? `${place} ` : ''}(${at})\n${link}`, files: [] };
  }
  if (type === 'contacts') {
    const lines = arr(message.contacts).flatMap((card) => {
      if (!obj(card)) return [];
      const name = obj(card.name) ? (str(card.name.formatted_name) ?? '') : '';
      const phones = arr(card.phones).flatMap((phone) => (obj(phone) && str(phone.phone) ? [str(phone.phone)!] : []));
      const emails = arr(card.emails).flatMap((email) => (obj(email) && str(email.email) ? [str(email.email)!] : []));
      const said = [name, ...phones, ...emails].filter(Boolean).join(', ');
      return said ? [`👤 ${said}`] : [];
    });
    return { text: lines.length > 0 ? `Shared contact:\n${lines.slice(0, 20).join('\n')}` : unshown(type), files: [] };
  }
  if (type === 'interactive') {
    const reply = message.interactive;
    const title = str(reply?.button_reply?.title) ?? str(reply?.list_reply?.title);
    const description = str(reply?.list_reply?.description);
    return { text: title ? `${title}${description ? ` (${description})` : ''}` : unshown(type), files: [] };
  }
  if (type === 'button') return { text: str(message.button?.text) ?? unshown(type), files: [] };
  if (type === 'reaction') {
    const emoji = str(message.reaction?.emoji);
    // An emptied reaction (removed) says nothing.
    return { text: emoji ? `[Reacted ${emoji}]` : '', files: [] };
  }
  return { text: unshown(type || 'unknown'), files: [] };
}

function unshown(type: string): string {
  return `[WhatsApp: a message of type ${type.replace(/[^a-z_]/g, '').slice(0, 40) || 'unknown'}, which Parley does not show]`;
}
