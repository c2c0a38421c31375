import type { Message } from '@parley/protocol';
import { RefusedMessage } from '../core/screening.js';

/** What a reply by email comes to (issue #16); see `inbound-replies.ts`. */

/** Largest email taken, by SMTP or over HTTP (1 MiB): a reply's text, with its quote and a little HTML. */
export const maxInboundEmailBytes = 1024 * 1024;

/** Why an email reply was not stored. */
export type InboundRefusal =
  /** No recipient is a valid reply address of this relay (forged, altered, another domain), or its conversation is gone. */
  | 'unknown_recipient'
  /** The `From` address is not the email the conversation's visitor gave (or the visitor gave none). */
  | 'wrong_sender'
  /** Nothing is left once quoted history and signature are stripped. */
  | 'empty'
  /** Not an email, one without a `From`, or one with more than one `From` header or address. */
  | 'malformed'
  /** HTML nested deeper than `maxHtmlDepth` (400), or a message that took over 3 s or 128 MB to read. */
  | 'too_complex'
  /** Over {@link maxInboundEmailBytes}. */
  | 'too_large'
  /** The site's content filter or link rules refused it (docs/safety.md). */
  | 'content_refused'
  /** The site marked the sender's earlier conversation as spam, and the block has not run out. */
  | 'blocked';

/** What became of an email reply. */
export type InboundResult =
  /** Stored (or stored before: `duplicate`) and published. */
  | { readonly status: 'stored'; readonly message: Message; readonly duplicate: boolean }
  /** Refused for good; nothing was stored. `detail` is safe to answer the sender with (it holds no personal data). */
  | { readonly status: 'refused'; readonly reason: InboundRefusal; readonly detail: string }
  /** The store could not be reached: nothing was stored, the sender should try again later. */
  | { readonly status: 'unavailable'; readonly detail: string }
  /**
   * Taken and dropped on purpose, nothing stored: an auto-reply, a bounce (which marks the address bouncing) or mail
   * from a relay to itself. Answered as accepted, never refused: refusing an automatic message makes another one.
   */
  | { readonly status: 'ignored'; readonly reason: InboundIgnored; readonly detail: string }
  /** Over a quota of new conversations (per sender, per support address): nothing stored, try again later. */
  | { readonly status: 'limited'; readonly detail: string; readonly retryAfterMs: number };

/** Why an email was taken without storing anything. */
export type InboundIgnored = 'auto_reply' | 'bounce' | 'loop';

/** How a reply arrived, for the logs: the relay's SMTP listener, the webhook, or a team's mailbox over IMAP. */
export type InboundChannel = 'smtp' | 'http' | 'imap';

/**
 * What an email the screening refused comes to (`ChatCore.storeMessage` threw a {@link RefusedMessage}), or
 * `undefined` for any other error.
 */
export function screenedOut(error: unknown): InboundResult | undefined {
  if (!(error instanceof RefusedMessage)) return undefined;
  const { code, message, retryAfterMs } = error.refusal;
  if (code === 'rate_limited') return { status: 'limited', detail: message, retryAfterMs: retryAfterMs ?? 60_000 };
  // A reply to a conversation merged into another (docs/merge.md): its conversation is gone as a place to write.
  if (code === 'conflict') return { status: 'refused', reason: 'unknown_recipient', detail: message };
  // Only a staff reply is refused for a channel's reply window, and an email is a visitor's: never the case here.
  if (code === 'reply_window_closed') return { status: 'refused', reason: 'content_refused', detail: message };
  return { status: 'refused', reason: code, detail: message };
}
