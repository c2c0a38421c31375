import { TimeLimitedThread } from '../core/time-limited-thread.js';

/** An article body rendered: safe HTML, and the plain text its search index holds. */
export interface RenderedBody {
  readonly html: string;
  readonly text: string;
}

/** Why a body was not rendered: it took too long, or no thread could start (or the renderer is closed). */
export type RenderRefusal = 'too_complex' | 'unavailable';

/** Longest one body may take to render; past it the thread is ended and the body refused as too complex. */
export const RENDER_TIMEOUT_MS = 2000;

/**
 * Renders article bodies on a thread of its own (ADR 0035): markdown-it is linear for ordinary text, but crafted
 * bodies (thousands of unclosed `*` or `[`) cost it hundreds of milliseconds, which must never hold the relay's
 * event loop. One body at a time, each within {@link RENDER_TIMEOUT_MS}: past it the thread is ended, a fresh one
 * serves the next, and the body is refused (`too_complex`). Rendering happens when an article is written; the HTML is
 * stored with it, so the portal never renders.
 */
export class MarkdownRenderer {
  readonly #thread: TimeLimitedThread<{ readonly body: string }, RenderedBody>;

  constructor(options: { readonly timeoutMs?: number } = {}) {
    this.#thread = new TimeLimitedThread({
      callerUrl: import.meta.url,
      module: 'markdown-thread',
      timeoutMs: options.timeoutMs ?? RENDER_TIMEOUT_MS,
    });
  }

  /** `body` rendered, or why not. */
  async render(body: string): Promise<RenderedBody | RenderRefusal> {
    const reply = await this.#thread.run({ body });
    return reply === 'timeout' ? 'too_complex' : reply;
  }

  close(): Promise<void> {
    return this.#thread.close();
  }
}
