import type { DeliveryOutcome } from '../outbox/outbox.js';
import {
  lastInboundAt,
  type ContactProfile,
  type GraphAnswer,
  type DownloadTarget,
  type GraphApi,
  type InboundFile,
  type OutboundFile,
  type OutboundReply,
} from '../messaging/public.js';
import type { SqlDb } from '../store/sql/sql-db.js';

/** The largest webhook body taken: Meta batches a Page's events, a few kilobytes each. */
export const MAX_META_WEBHOOK_BYTES = 512 * 1024;

/** The largest file the relay downloads from Meta's CDN (Messenger's attachments are 25 MB at most). */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

/** Meta's standard messaging window: a reply within 24 hours of the customer's last message (`RESPONSE`). */
export const STANDARD_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The `HUMAN_AGENT` tag's window: a person's reply up to 7 days after the customer's last message. */
export const HUMAN_AGENT_WINDOW_MS = 7 * STANDARD_WINDOW_MS;

/** Meta's codes of a rate limit (retried later): the app's, a user's, a Page's, the API's, Messenger's, Instagram's. */
const RATE_LIMITS = new Set([4, 17, 32, 613, 80002, 80006]);
/** Meta's codes of its own trouble (retried): unknown, service, "temporary send message failure". */
const TRANSIENT = new Set([1, 2, 1200]);
/** Meta's subcode of a message "sent outside of allowed window" (code 10). */
const OUTSIDE_ALLOWED_WINDOW = 2018278;

/** What {@link MessengerPlatform} is made of. */
export interface MessengerPlatformOptions {
  readonly api: GraphApi;
  readonly db: SqlDb;
  /** The provider's name, in the words of a refusal (`Messenger`, `Instagram`). */
  readonly label: string;
  /** Whether a file that has no public address (not an image) is uploaded with the message (`filedata`). */
  readonly uploads: boolean;
  /** The longest text one message takes (characters). */
  readonly maxText: number;
  /**
   * The User Profile API's fields asked for a customer's name (`first_name,last_name` on Messenger, `name,username`
   * on Instagram): the first of `first_name last_name`, `name`, `username` the answer has is the contact's name.
   */
  readonly profileFields: string;
  readonly now?: () => number;
}

/** How a reply may go to a customer now: `RESPONSE`, the `HUMAN_AGENT` tag, or not at all. */
export type Window = 'response' | 'human_agent' | 'closed';

/**
 * The Messenger Platform's Send API, as Messenger and Instagram (through the Messenger API for Instagram) both use
 * it: each feature's running part (`use('messenger')`, `use('instagram')`), with its Graph API client. A reply goes
 * `POST /<page id>/messages` with the customer's id as `recipient`, as `RESPONSE` within 24 hours of their last
 * message and with the `HUMAN_AGENT` tag up to 7 days after it; later, not at all.
 */
export class MessengerPlatform {
  readonly api: GraphApi;
  readonly #options: MessengerPlatformOptions;
  readonly #now: () => number;

  constructor(options: MessengerPlatformOptions) {
    this.api = options.api;
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** How a reply may go to the channel's customer now (see the class). */
  async window(channelId: string, handle: string): Promise<Window> {
    const last = await lastInboundAt(this.#options.db, channelId, handle);
    if (last === undefined) return 'closed';
    const since = this.#now() - last;
    return since < STANDARD_WINDOW_MS ? 'response' : since < HUMAN_AGENT_WINDOW_MS ? 'human_agent' : 'closed';
  }

  /** Subscribes the app to the Page's webhook `fields` (on connecting): the refusal in words, if Meta refused. */
  async subscribe(
    pageId: string,
    token: string,
    fields: string,
    signal: AbortSignal,
  ): Promise<{ readonly error: string } | undefined> {
    const answer = await this.api.post(token, `${pageId}/subscribed_apps`, { subscribed_fields: fields }, signal);
    if (!answer.ok)
      return { error: `${this.#options.label} did not subscribe the app to the Page’s messages: ${answer.message}` };
    return undefined;
  }

  /**
   * Downloads a customer's file from the address its webhook gave (Meta's CDN, from a signed body), without the
   * token, into the staging file `into.path`, at most the site's largest file and {@link MAX_ATTACHMENT_BYTES}.
   */
  async download(
    file: InboundFile,
    into: DownloadTarget,
    signal: AbortSignal,
  ): Promise<{ readonly name: string } | { readonly error: string }> {
    const limit = Math.min(into.maxBytes, MAX_ATTACHMENT_BYTES);
    const got = await this.api.download(undefined, file.ref, limit, signal, into.path);
    return 'error' in got ? got : { name: file.name };
  }

  /**
   * The customer's name from the User Profile API (`GET /<PSID or IGSID>?fields=…` with the Page's token;
   * developers.facebook.com, Messenger Platform, "User Profile API"; Instagram Messaging, "User Profile API"). What
   * Meta refuses for this person (no consent or permission, 2018218 "No profile available for this user", code 230,
   * a profile without a name) is `unavailable`: they keep their handle. A rate limit, Meta's trouble or no answer is
   * `failed`, to be asked again later.
   */
  async profile(handle: string, token: string, signal: AbortSignal): Promise<ContactProfile> {
    const { label, profileFields } = this.#options;
    // A PSID and an IGSID are digits: anything else is not put in an address.
    if (!/^\d{1,40}$/.test(handle)) return { status: 'unavailable', reason: `${label} ids are digits` };
    const answer = await this.api.get<Record<string, unknown>>(token, handle, { fields: profileFields }, signal);
    if (!answer.ok) {
      const error = `${label} gave no profile: ${answer.message} (${answer.code}${answer.subcode ? `/${answer.subcode}` : ''})`;
      if (RATE_LIMITS.has(answer.code) || answer.status === 429)
        return { status: 'failed', error, retryAfterMs: 60_000 };
      if (!answer.reached || answer.status >= 500 || TRANSIENT.has(answer.code)) return { status: 'failed', error };
      return { status: 'unavailable', reason: error };
    }
    const said = (field: string): string =>
      typeof answer.result[field] === 'string' ? (answer.result[field] as string).replace(/\s+/g, ' ').trim() : '';
    const name =
      [said('first_name'), said('last_name')].filter((part) => part !== '').join(' ') ||
      said('name') ||
      said('username');
    return name === ''
      ? { status: 'unavailable', reason: `${label} gave a profile without a name` }
      : { status: 'found', name: name.slice(0, 100) };
  }

  /** Why a reply is not sent after the 7 days (the delivery's reason). */
  get outsideWindow(): string {
    return `Outside ${this.#options.label}’s messaging window: the customer last wrote more than 7 days ago, so ${this.#options.label} takes no reply until they write again.`;
  }

  /**
   * Sends one staff reply from the Page: its text (in parts of the provider's longest), then its files (an image by
   * its public address, another uploaded with the message where the provider takes that, else not sent), each part
   * once, mapped to the outbox's outcome.
   */
  async send(pageId: string, token: string, reply: OutboundReply, signal: AbortSignal): Promise<DeliveryOutcome> {
    const { label, maxText, uploads } = this.#options;
    let window = await this.window(reply.channelId, reply.handle);
    if (window === 'closed') {
      if (reply.partsSent === 0) return { status: 'failed', error: this.outsideWindow, permanent: true };
      // A reply begun inside the window: the rest goes with the tag (Meta says whether it may).
      window = 'human_agent';
    }
    const routing: Readonly<Record<string, string>> =
      window === 'response' ? { messaging_type: 'RESPONSE' } : { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
    const recipient = { id: reply.handle };
    const post = (body: Record<string, unknown> | FormData) =>
      this.api.post<{ message_id?: unknown }>(token, `${pageId}/messages`, body, signal);
    const parts: { what: string; send: () => Promise<GraphAnswer<{ message_id?: unknown }>> }[] = [];
    for (const text of chunks(reply.text, maxText))
      parts.push({ what: 'the text', send: () => post({ recipient, ...routing, message: { text } }) });
    const unsent: string[] = [];
    for (const file of reply.files) {
      const url = file.publicUrl();
      const type = attachmentType(file);
      if (url !== undefined)
        parts.push({
          what: `the file ${file.name}`,
          send: () => post({ recipient, ...routing, message: { attachment: { type, payload: { url } } } }),
        });
      else if (uploads)
        parts.push({ what: `the file ${file.name}`, send: async () => post(await upload(recipient, routing, file)) });
      else unsent.push(file.name);
    }
    if (parts.length === 0)
      return {
        status: 'failed',
        error: `${label} takes images only by their address: ${unsent.join(', ')} not sent`,
        permanent: true,
      };
    for (const [index, part] of parts.entries()) {
      if (index < reply.partsSent) continue;
      // Before the answer: Meta's time of the message is after it, so a read watermark at that time covers it.
      const asked = this.#now();
      const answer = await part.send();
      const outcome = this.outcome(answer, part.what);
      if (outcome) return outcome;
      const mid = answer.ok ? answer.result.message_id : undefined;
      await reply.partSent(typeof mid === 'string' ? mid.slice(0, 512) : undefined, asked);
    }
    return {
      status: 'delivered',
      detail: `${parts.length} part(s) sent${unsent.length > 0 ? `; not sent (not an image): ${unsent.join(', ')}` : ''}`,
    };
  }

  /**
   * An answer of the Send API, for a part of a reply, as the outbox's outcome (developers.facebook.com, Messenger
   * Platform, "Send API error codes"): a rate limit (4, 17, 32, 613, 80002, 80006, HTTP 429) retried a minute
   * later; Meta's trouble (5xx, 1, 2, 1200) or no answer retried on the outbox's schedule; outside the allowed window
   * (10/2018278), a customer who cannot be reached (551), a refused token (190) and any other refusal end the reply
   * now, with the reason.
   */
  outcome(answer: GraphAnswer<unknown>, what: string): DeliveryOutcome | undefined {
    if (answer.ok) return undefined;
    const { label } = this.#options;
    if (!answer.reached) return { status: 'failed', error: answer.message };
    const error = `${label} refused ${what}: ${answer.message} (${answer.code}${answer.subcode ? `/${answer.subcode}` : ''})`;
    if (RATE_LIMITS.has(answer.code) || answer.status === 429) return { status: 'failed', error, retryAfterMs: 60_000 };
    if (answer.status >= 500 || TRANSIENT.has(answer.code)) return { status: 'failed', error };
    if (answer.code === 10 && answer.subcode === OUTSIDE_ALLOWED_WINDOW)
      return { status: 'failed', error: `${this.outsideWindow} (${error})`, permanent: true };
    if (answer.code === 190 || answer.status === 401)
      return {
        status: 'failed',
        error: `The access token was refused by ${label}: ${answer.message}`,
        permanent: true,
      };
    return { status: 'failed', error, permanent: true };
  }
}

/** A text in parts of at most `max` characters, never cutting a character in two; none for an empty text. */
function chunks(text: string, max: number): string[] {
  const characters = [...text];
  const parts: string[] = [];
  for (let at = 0; at < characters.length; at += max) parts.push(characters.slice(at, at + max).join(''));
  return parts;
}

/** The Send API's attachment type of a file: what Messenger shows or plays, else a file. */
function attachmentType(file: OutboundFile): 'image' | 'video' | 'audio' | 'file' {
  if (/^image\/(jpeg|png|gif)$/.test(file.type)) return 'image';
  if (/^video\//.test(file.type)) return 'video';
  if (/^audio\//.test(file.type)) return 'audio';
  return 'file';
}

/** A file sent with its message, multipart (the Send API's `filedata`). */
async function upload(
  recipient: { id: string },
  routing: Readonly<Record<string, string>>,
  file: OutboundFile,
): Promise<FormData> {
  const form = new FormData();
  form.set('recipient', JSON.stringify(recipient));
  for (const [name, value] of Object.entries(routing)) form.set(name, value);
  form.set('message', JSON.stringify({ attachment: { type: attachmentType(file), payload: { is_reusable: false } } }));
  form.set('filedata', new Blob([await file.read()], { type: file.type }), file.name);
  return form;
}
