/** An hour, the window of both spam limits. */
export const SPAM_WINDOW_MS = 3_600_000;

/** What one key saw in its window: since when, and the conversations (distinct, at most the limit's worth). */
export interface SpamWindow {
  /** When the window began (ms); it ends an hour later. */
  readonly start: number;
  /** The distinct conversations seen, in order, at most {@link SpamWindows.perKey}. */
  readonly conversations: string[];
  /** How many distinct conversations were seen (past the list's cap, every add counts). */
  count: number;
  /** Whether its conversations were flagged already (once per window). */
  flagged: boolean;
}

/**
 * Fixed one-hour windows by key (a site's text digest, link set or network hash), in memory and bounded: at most
 * `cap` keys, the oldest forgotten first when full, and the expired ones at the front dropped as new ones come (keys
 * are added in time order, so the front is the oldest). Per relay process: each relay counts what it sees.
 */
export class SpamWindows {
  readonly #windows = new Map<string, SpamWindow>();

  constructor(
    /** Keys kept at most. */
    readonly cap: number,
    /** Conversations listed per key at most (the largest limit is 10,000: the count goes on past the list). */
    readonly perKey: number,
  ) {}

  /** The key's window, if it is still open at `now`. */
  get(key: string, now: number): SpamWindow | undefined {
    const window = this.#windows.get(key);
    if (window && now - window.start >= SPAM_WINDOW_MS) {
      this.#windows.delete(key);
      return undefined;
    }
    return window;
  }

  /** Counts `conversationId` under `key` (once per conversation while listed); resolves with the window. */
  add(key: string, conversationId: string, now: number): SpamWindow {
    let window = this.get(key, now);
    if (!window) {
      this.#trim(now);
      window = { start: now, conversations: [], count: 0, flagged: false };
      this.#windows.set(key, window);
    }
    if (!window.conversations.includes(conversationId)) {
      window.count += 1;
      if (window.conversations.length < this.perKey) window.conversations.push(conversationId);
    }
    return window;
  }

  /** How many keys are held. */
  get size(): number {
    return this.#windows.size;
  }

  #trim(now: number): void {
    // A few expired ones from the front per new key keeps the map from holding dead windows; the cap holds it.
    for (let i = 0; i < 4; i += 1) {
      const first = this.#windows.entries().next().value;
      if (!first || now - first[1].start < SPAM_WINDOW_MS) break;
      this.#windows.delete(first[0]);
    }
    if (this.#windows.size >= this.cap) this.#windows.delete(this.#windows.keys().next().value!);
  }
}
