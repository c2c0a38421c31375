import { TokenBucket } from './token-bucket.js';

/**
 * A token bucket per client address, for a public route of its own (the help center's pages and votes, campaigns'
 * beacons): `burst` in a row, then `perSecond`. Bounded: past 10,000 addresses, a new one first drops the buckets
 * that have refilled (they would say nothing a new bucket would not).
 */
export class AddressLimits {
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #limit: { readonly burst: number; readonly perSecond: number };

  constructor(limit: { readonly burst: number; readonly perSecond: number }) {
    this.#limit = limit;
  }

  /** Takes a token for `ip`: ms to wait, 0 when allowed. */
  take(ip: string, now: number): number {
    let bucket = this.#buckets.get(ip);
    if (!bucket) {
      if (this.#buckets.size > 10_000)
        for (const [key, b] of this.#buckets) if (b.isFull(now)) this.#buckets.delete(key);
      this.#buckets.set(ip, (bucket = new TokenBucket(this.#limit.burst, this.#limit.perSecond, now)));
    }
    return bucket.take(now);
  }
}
