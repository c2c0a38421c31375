import { Worker } from 'node:worker_threads';

/** An article body rendered: safe HTML, and the plain text its search index holds. */
export interface RenderedBody {
  readonly html: string;
  readonly text: string;
}

/** Why a body was not rendered: it took too long, or no thread could start (or the renderer is closed). */
export type RenderRefusal = 'too_complex' | 'unavailable';

/** Longest one body may take to render; past it the thread is ended and the body refused as too complex. */
export const RENDER_TIMEOUT_MS = 2000;
/** Longest the thread may take to start (load markdown-it). */
const START_TIMEOUT_MS = 30_000;
const resourceLimits = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 };

/** The thread's code: its build, or under test its `.ts` source through tsx (see email/inbound-parser.ts). */
function threadSource(): { readonly code: string | URL; readonly eval: boolean } {
  if (!import.meta.url.endsWith('.ts')) return { code: new URL('./markdown-thread.js', import.meta.url), eval: false };
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(new URL('./markdown-thread.ts', import.meta.url).href);
  return { code: `import(${tsx}).then((tsx) => { tsx.register(); return import(${entry}); });`, eval: true };
}

interface Thread {
  readonly worker: Worker;
  readonly ready: Promise<boolean>;
}

/**
 * Renders article bodies on a thread of its own (ADR 0035): markdown-it is linear for ordinary text, but crafted
 * bodies (thousands of unclosed `*` or `[`) cost it hundreds of milliseconds, which must never hold the relay's
 * event loop. One body at a time, each within {@link RENDER_TIMEOUT_MS}: past it the thread is ended, a fresh one
 * serves the next, and the body is refused (`too_complex`). Rendering happens when an article is written; the HTML is
 * stored with it, so the portal never renders.
 */
export class MarkdownRenderer {
  readonly #timeoutMs: number;
  #thread: Thread | undefined;
  #tail: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(options: { readonly timeoutMs?: number } = {}) {
    this.#timeoutMs = options.timeoutMs ?? RENDER_TIMEOUT_MS;
  }

  /** `body` rendered, or why not. */
  render(body: string): Promise<RenderedBody | RenderRefusal> {
    const done = this.#tail.then(() => this.#run(body));
    this.#tail = done.catch(() => 'unavailable');
    return done;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const thread = this.#thread;
    this.#thread = undefined;
    await thread?.worker.terminate();
  }

  async #run(body: string): Promise<RenderedBody | RenderRefusal> {
    if (this.#closed) return 'unavailable';
    const thread = (this.#thread ??= this.#start());
    if (!(await thread.ready)) {
      this.#drop(thread);
      return 'unavailable';
    }
    const { worker } = thread;
    return new Promise<RenderedBody | RenderRefusal>((resolve) => {
      const settle = (reply: RenderedBody | RenderRefusal): void => {
        clearTimeout(timer);
        worker.off('message', settle);
        worker.off('error', failed);
        worker.off('exit', failed);
        resolve(reply);
      };
      const failed = (): void => {
        this.#drop(thread);
        settle(this.#closed ? 'unavailable' : 'too_complex');
      };
      const timer = setTimeout(failed, this.#timeoutMs);
      worker.on('message', settle);
      worker.once('error', failed);
      worker.once('exit', failed);
      worker.postMessage({ body });
    });
  }

  #drop(thread: Thread): void {
    if (this.#thread === thread) this.#thread = undefined;
    void thread.worker.terminate();
  }

  #start(): Thread {
    const source = threadSource();
    const worker = new Worker(source.code, { eval: source.eval, resourceLimits });
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
