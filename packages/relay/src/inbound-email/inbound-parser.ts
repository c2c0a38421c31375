import { TimeLimitedThread } from '../core/time-limited-thread.js';
import type { SensitiveKind } from '@parley/protocol/sensitive';
import type { OriginalText } from './email-original-text.js';
import type { InboundHead } from './inbound-message.js';
import type { MailFile } from './mime-body.js';

/** What the parsing thread is asked: the header block only, or the body as text. */
export type ParseRequest =
  | { readonly stage: 'head'; readonly raw: Uint8Array; readonly recipients?: readonly string[] | undefined }
  | { readonly stage: 'body'; readonly raw: Uint8Array }
  | { readonly stage: 'reply'; readonly text: string }
  | { readonly stage: 'screen'; readonly texts: readonly string[]; readonly kinds: readonly SensitiveKind[] };

/** Why the thread could not read a message. */
export type ParseFailure = 'malformed' | 'too_complex' | 'busy';

/** What the parsing thread answers. */
export type ParseReply =
  | {
      readonly ok: true;
      readonly head?: InboundHead;
      readonly text?: string;
      /** The body stage's: the email's files (at most 10), and how many more it had. */
      readonly files?: readonly MailFile[];
      readonly dropped?: number;
      /** The body stage's too: the email as the inbox shows it ("Show original"). */
      readonly original?: OriginalText;
      /** The screen stage's: each text with the sensitive data of the kinds asked for replaced. */
      readonly screened?: readonly string[];
    }
  | { readonly ok: false; readonly reason: ParseFailure; readonly detail: string };

/** Longest a message may take to read, per stage; past it the thread is ended and the message refused. */
export const parseTimeoutMs = 3000;

/** Messages waiting for the thread, beyond which more are answered "busy" (try again later). */
const maxWaiting = 32;

/**
 * Reads inbound email on a thread of its own (issue #33), so that no message, however it is built, holds the
 * relay's event loop: mailparser's header and MIME parsing cost up to 0.8 s on the loop for a crafted 1 MiB
 * message even without its HTML conversion, and the HTML conversion, linear as it is, about 0.2 s. Each stage
 * (the header block, then the body) is limited to {@link parseTimeoutMs} and the thread to 128 MB of heap: a
 * message past either is refused (`too_complex`), the thread ended and a fresh one started for the next. One
 * message is read at a time; up to 32 wait, more are answered `busy` (the sender tries again later).
 */
export class InboundParser {
  readonly #thread: TimeLimitedThread<ParseRequest, ParseReply>;

  /** `timeoutMs`: the limit of each stage, {@link parseTimeoutMs} unless a test shortens it. */
  constructor(options: { readonly timeoutMs?: number } = {}) {
    this.#thread = new TimeLimitedThread({
      callerUrl: import.meta.url,
      module: 'inbound-parser-thread',
      timeoutMs: options.timeoutMs ?? parseTimeoutMs,
      maxWaiting,
    });
  }

  /** The header block of `raw` (the body is not read); see `parseHead`. */
  head(raw: Buffer, recipients?: readonly string[]): Promise<ParseReply> {
    return this.#run({ stage: 'head', raw, recipients });
  }

  /** The reply `raw`'s body holds, ready to store, its files, and its original for the inbox: `rawReply`. */
  body(raw: Buffer): Promise<ParseReply> {
    return this.#run({ stage: 'body', raw });
  }

  /** The reply a body already given as text holds (the webhook's JSON): `replyText`, off the event loop too. */
  reply(text: string): Promise<ParseReply> {
    return this.#run({ stage: 'reply', text });
  }

  /**
   * `texts` with every sensitive part of `kinds` replaced (`findSensitive`, `redact`), on the thread: an email's
   * original is up to 164 KiB of text, which the detector would scan on the event loop for longer than it may hold.
   */
  screen(texts: readonly string[], kinds: readonly SensitiveKind[]): Promise<ParseReply> {
    return this.#run({ stage: 'screen', texts, kinds });
  }

  /** Ends the thread; a message being read is answered "busy" (the sender tries again later). */
  close(): Promise<void> {
    return this.#thread.close();
  }

  async #run(request: ParseRequest): Promise<ParseReply> {
    const reply = await this.#thread.run(request);
    if (reply === 'timeout') return { ok: false, reason: 'too_complex', detail: 'The message is too complex to read.' };
    return reply === 'unavailable' ? busy : reply;
  }
}

/** The answer when no thread can read the message now: the sender tries again later. */
const busy: ParseReply = { ok: false, reason: 'busy', detail: 'The message cannot be read now; try again later.' };
