/** The state of a {@link CircuitBreaker}: calls go through (`closed`), fail fast (`open`), or one tries (`half-open`). */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** What a {@link CircuitBreaker} is made with. */
export interface BreakerOptions {
  /** Failures in a row that open it. Default 5. */
  readonly threshold?: number;
  /** How long it stays open before one call may try again (ms). Default 30 s. */
  readonly cooldownMs?: number;
  readonly now?: () => number;
}

/**
 * A circuit breaker for one provider endpoint: after `threshold` failures in a row (the provider down, failing or too
 * slow, not a refused request) it opens, and every call fails at once, without a connection, for `cooldownMs`; then
 * one call may try (half-open): its success closes it, its failure opens it again. A dead provider then costs the
 * agents an instant answer instead of a timeout each.
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #cooldownMs: number;
  readonly #now: () => number;
  #state: BreakerState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #trying = false;

  constructor(options: BreakerOptions = {}) {
    this.#threshold = options.threshold ?? 5;
    this.#cooldownMs = options.cooldownMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    return this.#state;
  }

  /**
   * Whether a call may go now; when it may not, how long until one may (ms). Taking the half-open trial marks it
   * taken: the caller then reports its outcome with {@link succeeded} or {@link failed}, or {@link released}.
   */
  admit(): { readonly ok: true } | { readonly ok: false; readonly retryInMs: number } {
    if (this.#state === 'closed') return { ok: true };
    const waited = this.#now() - this.#openedAt;
    if (this.#state === 'open' && waited >= this.#cooldownMs) this.#state = 'half-open';
    if (this.#state === 'half-open' && !this.#trying) {
      this.#trying = true;
      return { ok: true };
    }
    return { ok: false, retryInMs: Math.max(0, this.#cooldownMs - waited) };
  }

  succeeded(): void {
    this.#state = 'closed';
    this.#failures = 0;
    this.#trying = false;
  }

  failed(): void {
    this.#failures += 1;
    if (this.#state === 'half-open' || this.#failures >= this.#threshold) {
      this.#state = 'open';
      this.#openedAt = this.#now();
    }
    this.#trying = false;
  }

  /** A call that neither proved nor disproved the provider (refused, or stopped by the relay): the trial is free again. */
  released(): void {
    this.#trying = false;
  }
}
