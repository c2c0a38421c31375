import {
  SUBPROTOCOL_V1,
  SUBPROTOCOL_V2,
  SUBPROTOCOL_V3,
  decodeServerFrameForWidget,
  type DecodeResult,
  type ServerFrame,
} from '@parley/protocol';
import { ParleyClient } from './client.js';
import type { ParleyClientOptions } from './types.js';
import type { LocalMessage } from './types.js';
import { createId } from './ids.js';
import { AttachPoint, mayAttach, type AttachHost, type Prepare } from './attachments/attach-point.js';

/** The answer to a transcript request: the address the email goes to, masked (`a***@ex***.com`). */
export type TranscriptQueued = Extract<ServerFrame, { type: 'transcript' }>;

/** The answer to {@link VisitorClient.saveEmail}: the address stored, masked (`a***@ex***.com`). */
export type EmailSaved = Extract<ServerFrame, { type: 'email' }>;

/**
 * {@link ParleyClient} plus what only some visitor interfaces offer: asking for the conversation's transcript by
 * email (`<chat-widget>`'s menu), and giving an email mid-conversation. Apart from the core so that a page that never asks does not download it (the
 * core's 8 kB budget, ADR 0005).
 *
 * @example
 * const client = new VisitorClient({ url, siteKey });
 * if (client.welcome?.email) ({ emailMasked } = await client.requestTranscript());
 */
export class VisitorClient extends ParleyClient {
  readonly #url: string;
  readonly #attach = new AttachPoint({
    url: () => this.#url,
    token: () => this.welcome?.visitorToken,
    status: (message, previous) => this.emit('messageStatus', { message, previous }),
  });

  /** @param options - as {@link ParleyClient}'s; this client offers protocol 3 first (it reads 1 to 3). */
  constructor(options: ParleyClientOptions) {
    super({ ...options, subprotocols: [SUBPROTOCOL_V3, SUBPROTOCOL_V2, SUBPROTOCOL_V1] });
    this.#url = options.url;
  }

  protected override prepare = this.#attach.prepare;

  /**
   * Whether the visitor may attach files: the relay speaks protocol 3 and the site accepts files (then
   * `welcome.attachments` says which and how large). See `Attachments` in `@parley/sdk/attachments`.
   */
  get canAttach(): boolean {
    return mayAttach(this.welcome);
  }

  /** Plugs an `Attachments` in (it calls this itself); records with files wait in the outbox until one is. */
  attach(prepare: Prepare): AttachHost {
    return this.#attach.plug(prepare);
  }

  /**
   * A reader of frames run before the client's own, for a part fetched later that asks the relay what the client
   * does not (`VisitorHistory`, `@parley/sdk/history`, sets it): its frames decoded, `undefined` for the others.
   */
  declare reads?: (data: string | ArrayBuffer | Uint8Array) => DecodeResult<ServerFrame> | undefined;

  /** Reads the answer to a transcript request, and protocol 2, besides every frame a visitor receives. */
  protected override decode(data: string | ArrayBuffer | Uint8Array): DecodeResult<ServerFrame> {
    return this.reads?.(data) ?? decodeServerFrameForWidget(data);
  }

  /**
   * A `presence` frame goes on to here too: new business hours become the `hours` event (the core has no use for
   * them). A staff member's edit or delete (`update`, protocol 3) changes the message held and is told as
   * `messageUpdate`; one not held is left for the history to bring as it is.
   */
  protected override onFrame(frame: ServerFrame): void {
    if (frame.type === 'presence' && frame.hours !== undefined) this.emit('hours', { hours: frame.hours ?? undefined });
    if (frame.type === 'update')
      for (const held of this.messages())
        if (held.id === frame.message.id) this.emit('messageUpdate', Object.assign(held, frame.message));
  }

  /**
   * Answers the rating request at `request` (a bot message whose `automation` is `csat`) with `score`, 1–5: a
   * message whose text is the score as stars, then `comment` if any. Its id is `rating-<request>`, so the relay
   * stores one answer per request (a second call is the first again). Needs protocol 2 (this client offers it).
   */
  rate(request: number, score: number, comment = ''): Promise<LocalMessage> {
    const stars = '★'.repeat(score) + '☆'.repeat(5 - score);
    const text = comment.trim() ? `${stars} ${comment.trim()}` : stars;
    return this.send(text, { rating: { seq: request, score }, clientId: `rating-${request}` });
  }

  /**
   * Chooses the button `id` of the message at `message` (a bot's or staff message with buttons): a message whose text
   * is the button's `label`, naming the button, so the relay knows the choice by more than its label (an FAQ answer's
   * "Talk to a person"). Its id is `reply-<message>`: a message's buttons are answered once (a second call is the
   * first again). Needs protocol 2 (this client offers it).
   */
  choose(message: number, id: string, label: string): Promise<LocalMessage> {
    return this.send(label, { reply: { seq: message, id }, clientId: `reply-${message}` });
  }

  /**
   * Asks the relay to email the conversation's transcript to the address the visitor gave (the one the
   * conversation had at its first request). Resolves once the email is queued, with that address masked
   * (`emailMasked`); rejects with an error whose `code` is `email_unavailable` (the relay sends no email),
   * `no_email`, `not_found` (nothing written yet) or `rate_limited` (3 a day per conversation). Ask only a relay
   * whose welcome says `email: true` (an older one answers `unknown_frame`). Asking twice in a row sends one email.
   */
  requestTranscript(signal?: AbortSignal): Promise<TranscriptQueued> {
    return this.request<TranscriptQueued>({ type: 'transcript', ref: createId() }, signal);
  }

  /**
   * Gives the relay the email to reach the visitor at, without reconnecting (the widget's "Get notified by email"):
   * it becomes the conversation's address for reply emails and transcripts, and staff see it. Resolves once stored,
   * with the address masked (`emailMasked`); rejects with an error whose `code` is `invalid_email` (not one address
   * `name@example.com`, or longer than 254 characters: nothing changed), `email_unavailable` or `forbidden` (a
   * verified visitor whose email the site gives). Ask only a relay whose welcome says `email: true`.
   *
   * @example
   * const { emailMasked } = await client.saveEmail('ada@example.com'); // 'a***@ex***.com'
   */
  saveEmail(email: string, signal?: AbortSignal): Promise<EmailSaved> {
    return this.request<EmailSaved>({ type: 'email', ref: createId(), email }, signal);
  }
}
