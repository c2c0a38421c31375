import { Worker } from 'node:worker_threads';

/**
 * Why a request got no answer: it ran past its time limit or the thread's heap, or the thread died under it
 * (`timeout`: the thread is ended, a fresh one serves the next); or no thread could take it (`unavailable`: closed,
 * the thread would not start, or too many requests wait).
 */
export type ThreadRefusal = 'timeout' | 'unavailable';

/** Heap and stack a thread may use (MB): past them it is ended, and its request refused as `timeout`. */
const resourceLimits = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 };

/** Longest a thread may take to start (load its code) before the request waiting for it is refused. */
const START_TIMEOUT_MS = 30_000;

/**
 * A thread module beside `callerUrl` (the caller's `import.meta.url`), by name without extension: its build, or
 * under test its `.ts` source through tsx (a thread does not inherit the loader hooks of its parent, so it registers
 * them itself).
 */
function threadSource(callerUrl: string, name: string): { readonly code: string | URL; readonly eval: boolean } {
  if (!callerUrl.endsWith('.ts')) return { code: new URL(`./${name}.js`, callerUrl), eval: false };
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(new URL(`./${name}.ts`, callerUrl).href);
  return { code: `import(${tsx}).then((tsx) => { tsx.register(); return import(${entry}); });`, eval: true };
}

/** A thread, and whether it started (the module posts one message once its code is loaded). */
interface Thread {
  readonly worker: Worker;
  readonly ready: Promise<boolean>;
}

/**
 * Work that input from outside can make slow, on a thread of its own, so that it never holds the relay's event loop
 * (inbound email, help-center Markdown): one request at a time, each within `timeoutMs` and the thread's heap.
 * Past either, the thread is ended and the request refused (`timeout`); a fresh thread serves the next. The thread's
 * start is not counted against a request's time. The module answers each message posted to it with one message.
 */
export class TimeLimitedThread<Request, Reply> {
  readonly #source: { readonly code: string | URL; readonly eval: boolean };
  readonly #timeoutMs: number;
  readonly #maxWaiting: number;
  #thread: Thread | undefined;
  #tail: Promise<unknown> = Promise.resolve();
  #waiting = 0;
  #closed = false;

  /**
   * `module`: the thread's file beside `callerUrl`, without extension. `maxWaiting`: requests that may wait behind
   * the one being served; more are refused at once (`unavailable`).
   */
  constructor(options: {
    readonly callerUrl: string;
    readonly module: string;
    readonly timeoutMs: number;
    readonly maxWaiting?: number;
  }) {
    this.#source = threadSource(options.callerUrl, options.module);
    this.#timeoutMs = options.timeoutMs;
    this.#maxWaiting = options.maxWaiting ?? Number.POSITIVE_INFINITY;
  }

  /** The thread's answer to `request`, or why there is none. */
  run(request: Request): Promise<Reply | ThreadRefusal> {
    if (this.#closed || this.#waiting >= this.#maxWaiting) return Promise.resolve('unavailable');
    this.#waiting += 1;
    const reply = this.#tail.then(() => this.#serve(request));
    this.#tail = reply.finally(() => (this.#waiting -= 1)).catch(() => undefined);
    return reply;
  }

  /** Ends the thread; a request being served is refused (`unavailable`). */
  async close(): Promise<void> {
    this.#closed = true;
    const thread = this.#thread;
    this.#thread = undefined;
    await thread?.worker.terminate();
  }

  async #serve(request: Request): Promise<Reply | ThreadRefusal> {
    if (this.#closed) return 'unavailable';
    const thread = (this.#thread ??= this.#start());
    if (!(await thread.ready)) {
      this.#drop(thread);
      return 'unavailable';
    }
    const { worker } = thread;
    return new Promise<Reply | ThreadRefusal>((resolve) => {
      const settle = (reply: Reply | ThreadRefusal): void => {
        clearTimeout(timer);
        worker.off('message', settle);
        worker.off('error', failed);
        worker.off('exit', failed);
        resolve(reply);
      };
      const failed = (): void => {
        // Out of time or memory, or gone: this thread is done; the next request gets a new one.
        this.#drop(thread);
        settle(this.#closed ? 'unavailable' : 'timeout');
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
    const worker = new Worker(this.#source.code, { eval: this.#source.eval, resourceLimits });
    // Idle, it must not keep the process alive; a request being served has its timer for that.
    worker.unref();
    const ready = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), START_TIMEOUT_MS);
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
