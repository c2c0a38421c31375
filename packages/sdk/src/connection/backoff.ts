import type { BackoffOptions } from '../types.js';

/**
 * Exponential backoff with full jitter: attempt `n` (from 0) waits a uniformly random time between `minMs` and
 * `min(maxMs, minMs * factor^(n+1))`. The randomness spreads a relay restart's reconnects over time instead of
 * a storm; the floor keeps a flapping network from spinning.
 *
 * @example
 * const backoff = new Backoff({ minMs: 500, maxMs: 20_000 });
 * setTimeout(reconnect, backoff.next());
 */
export class Backoff {
  // Declared, not defined: the constructor sets them, so the class needs no field initialisers.
  declare readonly minMs: number;
  declare readonly maxMs: number;
  declare readonly factor: number;
  #attempt = 0;
  readonly #random: () => number;

  constructor(options: BackoffOptions = {}, random: () => number = Math.random) {
    this.minMs = Math.max(0, options.minMs ?? 500);
    this.maxMs = Math.max(this.minMs, options.maxMs ?? 20_000);
    this.factor = Math.max(1, options.factor ?? 2);
    this.#random = random;
  }

  /** Attempts since the last reset. */
  get attempt(): number {
    return this.#attempt;
  }

  /** The ceiling of the next delay. */
  ceiling(attempt: number = this.#attempt): number {
    return Math.min(this.maxMs, this.minMs * this.factor ** (attempt + 1));
  }

  /** The delay before the next attempt, in ms; counts the attempt. */
  next(): number {
    const ceiling = this.ceiling();
    this.#attempt++;
    return Math.round(this.minMs + this.#random() * (ceiling - this.minMs));
  }

  /** Starts over from the shortest delays (after a stable connection). */
  reset(): void {
    this.#attempt = 0;
  }
}
