import type { ErrorCode, Message, Redacted } from '@parley/protocol';
import type { MessageExtra } from '../store/message-row.js';

/**
 * How a message reached the relay: a client's `send` over WebSocket, the admin API, a reply by email, a support
 * address's mail, an API channel, or a rule's or macro's action (the bot's message or note, written by the site).
 */
export type ScreenedVia = 'ws' | 'admin' | 'email' | 'api' | 'rules';

/** A message about to be stored, as {@link ChatHooks.screenMessage} sees it (docs/safety.md). */
export interface Screening {
  readonly siteId: string;
  readonly conversationId: string;
  readonly visitorId: string;
  readonly clientId: string;
  readonly role: Message['author']['role'];
  readonly kind: Message['kind'];
  /** The text as the hooks before this one left it. */
  readonly text: string;
  readonly via: ScreenedVia;
  /** The address of a visitor's connection, when it came over one; for spam limits. */
  readonly ip?: string | undefined;
  /** True when the message opens its conversation (a visitor's first). */
  readonly opens?: boolean | undefined;
}

/** A refusal: nothing is stored, and the sender gets this error. */
export interface ScreenRefusal {
  readonly code: Extract<
    ErrorCode,
    'content_refused' | 'blocked' | 'rate_limited' | 'conflict' | 'reply_window_closed'
  >;
  readonly message: string;
  readonly retryAfterMs?: number | undefined;
}

/** What a hook decided about a message; every member is optional, and nothing at all means "store it as is". */
export interface ScreenVerdict {
  /** Store nothing; tell the sender. The hooks after this one are not asked. */
  readonly refused?: ScreenRefusal | undefined;
  /** Store this text instead (the later hooks see it). */
  readonly text?: string | undefined;
  /** What was replaced in the text (stored with the message; see the protocol's `Message.redacted`). */
  readonly redacted?: Redacted | undefined;
  /** Store the message hidden (the content filter). */
  readonly hidden?: boolean | undefined;
  /**
   * A check that needs a read (a messaging channel's reply window, which only the store knows): asked after every
   * hook's verdict and before `before`, it refuses the message (its refusal) or lets it through (`undefined`); only
   * when there is one. A rejection is answered as the store's (`store_unavailable`): nothing is stored.
   */
  readonly check?: (() => Promise<ScreenRefusal | undefined>) | undefined;
  /** Work that must be durable before the message is stored (sealing an original); only when there is some. */
  readonly before?: (() => Promise<void>) | undefined;
  /** Told once the message is stored for the first time (not for a resend): flags, counters. Must not throw. */
  readonly stored?: ((message: Message) => void) | undefined;
}

/** Every attached hook's verdict, merged in order (the core's answer to a screening): a verdict with its text. */
export type Screened = Omit<ScreenVerdict, 'text'> & {
  /** The text to store. */
  readonly text: string;
};

/** Merges two verdicts' redactions: the kinds of both, sealed when either sealed. */
export function mergeRedacted(a: Redacted | undefined, b: Redacted | undefined): Redacted | undefined {
  if (!a) return b;
  if (!b) return a;
  const kinds = [...new Set([...a.kinds, ...b.kinds])];
  return a.sealed || b.sealed ? { kinds, sealed: true } : { kinds };
}

/** A message the screening refused, thrown by `ChatCore.storeMessage` for its caller to answer. */
export class RefusedMessage extends Error {
  constructor(readonly refusal: ScreenRefusal) {
    super(refusal.message);
    this.name = 'RefusedMessage';
  }
}

/** What to store once screened: the screened text, with what was replaced and whether it is hidden. */
export function screenedInput<Input extends { readonly text: string; readonly extra?: MessageExtra | undefined }>(
  input: Input,
  screened: Screened | undefined,
): Input {
  if (!screened) return input;
  const { redacted, hidden } = screened;
  if (!redacted && !hidden && screened.text === input.text) return input;
  return {
    ...input,
    text: screened.text,
    extra: { ...input.extra, ...(redacted ? { redacted } : {}), ...(hidden ? { hidden } : {}) },
  };
}
