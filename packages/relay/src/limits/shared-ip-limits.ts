import type { ClusterBus } from '../bus/cluster.js';
import { ClusterCounters } from '../bus/cluster-counters.js';
import type { RelayConfig } from '../config.js';
import { LocalIpLimits, type IpLimits } from './ip-limits.js';

/**
 * A token bucket in Redis, refilled by Redis' own clock (relays' clocks may differ). Takes `n` tokens and
 * answers 0, or the milliseconds until the bucket is positive again.
 */
const takeScript = `
local rate = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 't', 'u')
local tokens = tonumber(state[1]) or burst
local updated = tonumber(state[2]) or now
if now > updated then
  tokens = math.min(burst, tokens + (now - updated) * rate / 1000)
  updated = now
end
tokens = tokens - tonumber(ARGV[1])
redis.call('HSET', KEYS[1], 't', tokens, 'u', updated)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
if tokens >= 0 then return 0 end
return math.ceil(-tokens * 1000 / rate)
`;

type TakeCommand = (key: string, n: number, rate: number, burst: number) => Promise<number>;

/** How often the frames counted locally are charged to the shared buckets. */
const flushMs = 100;

/**
 * Per-address limits over all relays.
 *
 * Frames: the frame path stays synchronous. Each relay keeps its local bucket (the same limit, enforced at
 * once) and every 100 ms charges what it let through to the address's bucket in Redis (a Lua token bucket);
 * an address that overdraws it is refused on every relay until it refills. So the cluster-wide limit holds
 * within one flush interval. Connections: open connections per address are summed over relays with
 * {@link ClusterCounters}.
 *
 * While Redis is down both fall back to this relay's own counts (`mode()` says `fallback`, shown in `/healthz`).
 */
export class SharedIpLimits implements IpLimits {
  private readonly local: LocalIpLimits;
  private readonly connections: ClusterCounters;
  private readonly charged = new Map<string, number>();
  private readonly blocked = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private readonly takeCommand: TakeCommand;

  constructor(
    private readonly config: Pick<RelayConfig, 'ipRateLimitBurst' | 'ipRateLimitPerSecond' | 'maxConnectionsPerIp'>,
    private readonly bus: ClusterBus,
  ) {
    this.local = new LocalIpLimits(config);
    this.connections = new ClusterCounters(bus, 'conns');
    bus.redis.defineCommand('parleyTake', { numberOfKeys: 1, lua: takeScript });
    this.takeCommand = (bus.redis as unknown as { parleyTake: TakeCommand }).parleyTake.bind(bus.redis);
    this.timer = setInterval(() => this.flush(), flushMs);
    this.timer.unref();
    bus.onClosing(() => clearInterval(this.timer));
  }

  take(ip: string, now: number): number {
    const wait = this.local.take(ip, now);
    if (wait > 0) return wait;
    // Either at 0 turns the limit off, as for the local bucket: a shared bucket of 0 tokens would refuse everything.
    if (this.config.ipRateLimitPerSecond === 0 || this.config.ipRateLimitBurst === 0) return 0;
    const until = this.blocked.get(ip);
    if (until !== undefined) {
      if (until > now) return until - now;
      this.blocked.delete(ip);
    }
    this.charged.set(ip, (this.charged.get(ip) ?? 0) + 1);
    return 0;
  }

  canConnect(ip: string): boolean {
    if (this.config.maxConnectionsPerIp === 0) return true;
    const count = this.connections.shared() ? this.connections.total(ip) : this.local.connectionsOf(ip);
    return count < this.config.maxConnectionsPerIp;
  }

  opened(ip: string): void {
    this.local.opened(ip);
    this.connections.set(ip, this.local.connectionsOf(ip));
  }

  closed(ip: string): void {
    this.local.closed(ip);
    this.connections.set(ip, this.local.connectionsOf(ip));
  }

  sweep(now: number): void {
    this.local.sweep(now);
    for (const [ip, until] of this.blocked) if (until <= now) this.blocked.delete(ip);
  }

  mode(): 'shared' | 'fallback' {
    return this.bus.commandsReady() && this.connections.shared() ? 'shared' : 'fallback';
  }

  private flush(): void {
    if (this.charged.size === 0) return;
    const batch = [...this.charged];
    this.charged.clear();
    if (!this.bus.commandsReady()) return;
    const { ipRateLimitPerSecond: rate, ipRateLimitBurst: burst } = this.config;
    for (const [ip, n] of batch) {
      this.takeCommand(`${this.bus.prefix}:ip:${ip}`, n, rate, burst).then(
        (wait) => {
          if (wait > 0) this.blocked.set(ip, Date.now() + Number(wait));
        },
        () => undefined,
      );
    }
  }
}
