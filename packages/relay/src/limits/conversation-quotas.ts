import { TokenBucket } from './token-bucket.js';

/** Why a new conversation was refused, and when to try again. */
export interface QuotaRefusal {
  readonly retryAfterMs: number;
  readonly message: string;
}

/**
 * How many new conversations may be opened: per client address per hour, and per site per minute (token buckets,
 * so a burst up to the quota is allowed and it refills steadily). Charged when a visitor's first message would
 * create a conversation — not on hello, which creates nothing. Counted per relay: with N relays, a site's
 * cluster-wide ceiling is N times the per-site quota (the per-address one holds as long as a client's
 * connections reach the same relay).
 */
export class ConversationQuotas {
  readonly #byAddress = new Map<string, TokenBucket>();
  readonly #bySite = new Map<string, TokenBucket>();

  constructor(
    /** `PARLEY_NEW_CONVERSATIONS_PER_…` (the relay's configuration, or a channel's own quotas); 0: no limit. */
    private readonly config: {
      readonly newConversationsPerAddressPerHour: number;
      readonly newConversationsPerSitePerMinute: number;
    },
  ) {}

  /** Charges one new conversation to `address` and `siteId`; undefined when allowed. */
  take(address: string, siteId: string, now: number): QuotaRefusal | undefined {
    const perAddress = this.config.newConversationsPerAddressPerHour;
    const perSite = this.config.newConversationsPerSitePerMinute;
    // Check both before charging either, so a refusal costs nothing.
    const addressBucket = perAddress > 0 ? this.#bucket(this.#byAddress, address, perAddress, 3600, now) : undefined;
    const siteBucket = perSite > 0 ? this.#bucket(this.#bySite, siteId, perSite, 60, now) : undefined;
    const addressWait = addressBucket?.peek(now) ?? 0;
    if (addressWait > 0)
      return {
        retryAfterMs: addressWait,
        message: `Too many new conversations from this address (at most ${perAddress} an hour); try again later.`,
      };
    const siteWait = siteBucket?.peek(now) ?? 0;
    if (siteWait > 0)
      return {
        retryAfterMs: siteWait,
        message: `Too many new conversations on this site (at most ${perSite} a minute); try again shortly.`,
      };
    addressBucket?.take(now);
    siteBucket?.take(now);
    return undefined;
  }

  /** Forgets full buckets (nothing to remember). */
  sweep(now: number): void {
    for (const map of [this.#byAddress, this.#bySite])
      for (const [key, bucket] of map) if (bucket.isFull(now)) map.delete(key);
  }

  #bucket(map: Map<string, TokenBucket>, key: string, quota: number, seconds: number, now: number): TokenBucket {
    let bucket = map.get(key);
    if (!bucket) map.set(key, (bucket = new TokenBucket(quota, quota / seconds, now)));
    return bucket;
  }
}
