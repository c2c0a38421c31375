/**
 * A token bucket: `burst` tokens, refilled at `perSecond`. A bucket with `perSecond` 0 never limits.
 * State is two numbers so that one can live on every connection.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    now: number,
  ) {
    this.tokens = burst;
    this.updatedAt = now;
  }

  /** Takes one token. Returns 0 when allowed, otherwise the milliseconds until a token is available. */
  take(now: number): number {
    if (this.perSecond === 0 || this.burst === 0) return 0;
    const elapsed = now - this.updatedAt;
    if (elapsed > 0) {
      this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.perSecond) / 1000);
      this.updatedAt = now;
    }
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
  }

  /** Like {@link take}, without taking: 0 when a token is available, else the milliseconds until one is. */
  peek(now: number): number {
    if (this.perSecond === 0 || this.burst === 0) return 0;
    const tokens = Math.min(this.burst, this.tokens + (Math.max(0, now - this.updatedAt) * this.perSecond) / 1000);
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) * 1000) / this.perSecond);
  }

  /** True when the bucket is full (nothing to remember; the owner may drop it). */
  isFull(now: number): boolean {
    return this.tokens + ((now - this.updatedAt) * this.perSecond) / 1000 >= this.burst;
  }
}
