import { TokenBucket } from './token-bucket.js';

/** Per-address limits: frames per second over all of an address's connections, and open connections. */
export interface IpLimits {
  /** Takes a token from the address's bucket; returns ms to wait, 0 when allowed. */
  take(ip: string, now: number): number;
  /** True when the address may open one more connection. */
  canConnect(ip: string): boolean;
  opened(ip: string): void;
  closed(ip: string): void;
  /** Forgets what no longer limits anyone. */
  sweep(now: number): void;
  /** `local`: this relay's counts; `shared`: the cluster's (Redis); `fallback`: shared configured, Redis down. */
  mode(): 'local' | 'shared' | 'fallback';
}

/** The limits of a single relay, in memory. */
export class LocalIpLimits implements IpLimits {
  private readonly connections = new Map<string, number>();
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly config: {
      readonly ipRateLimitBurst: number;
      readonly ipRateLimitPerSecond: number;
      readonly maxConnectionsPerIp: number;
    },
  ) {}

  take(ip: string, now: number): number {
    if (this.config.ipRateLimitPerSecond === 0) return 0;
    let bucket = this.buckets.get(ip);
    if (!bucket) {
      bucket = new TokenBucket(this.config.ipRateLimitBurst, this.config.ipRateLimitPerSecond, now);
      this.buckets.set(ip, bucket);
    }
    return bucket.take(now);
  }

  canConnect(ip: string): boolean {
    return this.config.maxConnectionsPerIp === 0 || this.connectionsOf(ip) < this.config.maxConnectionsPerIp;
  }

  /** This relay's open connections from the address. */
  connectionsOf(ip: string): number {
    return this.connections.get(ip) ?? 0;
  }

  opened(ip: string): void {
    this.connections.set(ip, this.connectionsOf(ip) + 1);
  }

  closed(ip: string): void {
    const count = this.connectionsOf(ip) - 1;
    if (count <= 0) this.connections.delete(ip);
    else this.connections.set(ip, count);
  }

  sweep(now: number): void {
    for (const [ip, bucket] of this.buckets) if (bucket.isFull(now)) this.buckets.delete(ip);
  }

  mode(): 'local' {
    return 'local';
  }
}
