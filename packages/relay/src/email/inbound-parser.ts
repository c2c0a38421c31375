import { Worker } from 'node:worker_threads';
import type { OriginalText } from './email-original-text.js';
import type { InboundHead } from './inbound-message.js';
import type { MailFile } from './mime-body.js';

/** What the parsing thread is asked: the header block only, or the body as text. */
export type ParseRequest =
  | { readonly stage: 'head'; readonly raw: Uint8Array; readonly recipients?: readonly string[] | undefined }
  | { readonly stage: 'body'; readonly raw: Uint8Array }
  | { readonly stage: 'reply'; readonly text: string };

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
    }
  | { readonly ok: false; readonly reason: ParseFailure; readonly detail: string };

/** Longest a message may take to read, per stage; past it the thread is ended and the message refused. */
export const parseTimeoutMs = 3000;

/** Heap the thread may use (MB): a 1 MiB message takes a few; past it the thread is ended and the message refused. */
const resourceLimits = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 };

/** Messages waiting for the thread, beyond which more are answered "busy" (try again later). */
const maxWaiting = 32;

/**
 * The thread's code: its build, or under test its `.ts` source through tsx (a thread does not inherit the loader
 * hooks of `--import tsx`, so it registers them itself).
 */
function threadSource(): { readonly code: string | URL; readonly eval: boolean } {
  if (!import.meta.url.endsWith('.ts'))
    return { code: new URL('./inbound-parser-thread.js', import.meta.url), eval: false };
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(new URL('./inbound-parser-thread.ts', import.meta.url).href);
  return { code: `import(${tsx}).then((tsx) => { tsx.register(); return import(${entry}); });`, eval: true };
}

/**
 * Reads inbound email on a thread of its own (issue #33), so that no message, however it is built, holds the
 * relay's event loop: mailparser's header and MIME parsing cost up to 0.8 s on the loop for a crafted 1 MiB
 * message even without its HTML conversion, and the HTML conversion, linear as it is, about 0.2 s. Each stage
 * (the header block, then the body) is limited to {@link parseTimeoutMs} and the thread to 128 MB of heap: a
 * message past either is refused (`too_complex`), the thread ended and a fresh one started for the next. One
 * message is read at a time; up to 32 wait, more are answered `busy` (the sender tries again later).
 */
export class InboundParser {
  readonly #timeoutMs: number;
  #thread: Thread | undefined;
  #tail: Promise<unknown> = Promise.resolve();
  #waiting = 0;
  #closed = false;

  /** `timeoutMs`: the limit of each stage, {@link parseTimeoutMs} unless a test shortens it. */
  constructor(options: { readonly timeoutMs?: number } = {}) {
    this.#timeoutMs = options.timeoutMs ?? parseTimeoutMs;
  }

  /** The header block of `raw` (the body is not read); see `parseHead`. */
  head(raw: Buffer, recipients?: readonly string[]): Promise<ParseReply> {
    return this.#queue({ stage: 'head', raw, recipients });
  }

  /** The reply `raw`'s body holds, ready to store, its files, and its original for the inbox: `rawReply`. */
  body(raw: Buffer): Promise<ParseReply> {
    return this.#queue({ stage: 'body', raw });
  }

  /** The reply a body already given as text holds (the webhook's JSON): `replyText`, off the event loop too. */
  reply(text: string): Promise<ParseReply> {
    return this.#queue({ stage: 'reply', text });
  }

  /** Ends the thread; a message being read is answered "busy" (the sender tries again later). */
  async close(): Promise<void> {
    this.#closed = true;
    const thread = this.#thread;
    this.#thread = undefined;
    await thread?.worker.terminate();
  }

  #queue(request: ParseRequest): Promise<ParseReply> {
    if (this.#closed || this.#waiting >= maxWaiting) return Promise.resolve(busy);
    this.#waiting += 1;
    const reply = this.#tail.then(() => this.#run(request));
    this.#tail = reply.finally(() => (this.#waiting -= 1));
    return reply;
  }

  async #run(request: ParseRequest): Promise<ParseReply> {
    const thread = (this.#thread ??= this.#start());
    // The time limit is the message's: a thread's start (loading mailparser) is not counted against it.
    if (!(await thread.ready)) {
      this.#drop(thread);
      return busy;
    }
    const { worker } = thread;
    return new Promise<ParseReply>((resolve) => {
      const settle = (reply: ParseReply): void => {
        clearTimeout(timer);
        worker.off('message', settle);
        worker.off('error', failed);
        worker.off('exit', failed);
        resolve(reply);
      };
      const failed = (): void => {
        // Out of time or memory, or gone: this thread is done; the next message gets a new one.
        this.#drop(thread);
        settle(
          this.#closed ? busy : { ok: false, reason: 'too_complex', detail: 'The message is too complex to read.' },
        );
      };
      const timer = setTimeout(failed, this.#timeoutMs);
      worker.on('message', settle);
      worker.once('error', failed);
      worker.once('exit', failed);
      worker.postMessage(request);
    });
  }

  #drop(thread: Thread): void {
    if (this.#thread === thread) this.#thread = undefined;
    void thread.worker.terminate();
  }

  #start(): Thread {
    const source = threadSource();
    const worker = new Worker(source.code, { eval: source.eval, resourceLimits });
    // Idle, it must not keep the process alive; a message being read has its timer for that.
    worker.unref();
    const ready = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), startTimeoutMs);
      const done = (value: boolean) => (): void => {
        clearTimeout(timer);
        resolve(value);
      };
      worker.once('message', done(true));
      worker.once('error', done(false));
      worker.once('exit', done(false));
    });
    return { worker, ready };
  }
}

/** A parsing thread, and whether it started (it says so once its code is loaded). */
interface Thread {
  readonly worker: Worker;
  readonly ready: Promise<boolean>;
}

/** The answer when no thread can read the message now: the sender tries again later. */
const busy: ParseReply = { ok: false, reason: 'busy', detail: 'The message cannot be read now; try again later.' };

/** Longest a thread may take to start (load its code) before the message waiting for it is answered "busy". */
const startTimeoutMs = 30_000;
