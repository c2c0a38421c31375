import type { ClusterBus } from './cluster.js';

/** Options for {@link ClusterCounters}. */
export interface ClusterCountersOptions {
  /** A relay that has not refreshed its counters for this long counts for nothing. Default 15 s. */
  readonly ttlMs?: number;
  /** How often each relay rewrites its counters and reads everyone's. Default 5 s. */
  readonly heartbeatMs?: number;
  /**
   * Called with the fields whose cluster total changed because of another relay's heartbeat, expiry or
   * shutdown (not for gossip of a single change: its sender announces it).
   */
  readonly onRemoteChange?: (fields: ReadonlySet<string>) => void;
}

/**
 * Counters summed over all relays, readable synchronously on the hot path.
 *
 * Each relay owns a Redis hash `<prefix>:<name>:<relayId>` with a TTL, rewritten by a heartbeat, and is listed
 * in the sorted set `<prefix>:<name>:relays` scored by its last heartbeat. Changes are also gossiped over the
 * bus at once, so totals are fresh within a bus hop; the heartbeat corrects anything missed and makes a killed
 * relay's counts vanish within the TTL. While Redis is down, other relays' last known counts are used until
 * they are older than the TTL, then the counters are this relay's own ({@link shared} turns false).
 */
export class ClusterCounters {
  private readonly local = new Map<string, number>();
  private remote = new Map<string, Map<string, number>>();
  /** Relays in the set of live relays at the last heartbeat: only those can vanish from it. */
  private listed = new Set<string>();
  private readonly seen = new Map<string, number>();
  private readonly key: string;
  private readonly relaysKey: string;
  private readonly ttlMs: number;
  private timer: NodeJS.Timeout | undefined;
  private refreshedAt = 0;
  private stopped = false;
  /** Fields set in this turn, with their last value, for {@link writeDirty}. */
  private readonly dirty = new Map<string, number>();
  private writeScheduled = false;

  constructor(
    private readonly bus: ClusterBus,
    private readonly name: string,
    private readonly options: ClusterCountersOptions = {},
  ) {
    this.key = `${bus.prefix}:${name}:${bus.relayId}`;
    this.relaysKey = `${bus.prefix}:${name}:relays`;
    this.ttlMs = options.ttlMs ?? 15_000;
    bus.onControl(name, (origin, data) => this.gossip(origin, data));
    bus.onControl(`${name}:bye`, (origin) => this.forget(origin));
    // At once when Redis is (again) reachable: until this relay's first heartbeat lists it, the others know it only
    // by its gossip.
    bus.onCommandsReady(() => void this.heartbeat());
    bus.onClosing(() => this.stop());
    const interval = options.heartbeatMs ?? 5000;
    this.timer = setInterval(() => void this.heartbeat(), interval);
    this.timer.unref();
    void this.heartbeat();
  }

  /** True while other relays' counts are known (Redis reachable within the TTL). */
  shared(): boolean {
    return Date.now() - this.refreshedAt < this.ttlMs;
  }

  /** This relay's own value of `field`. */
  localValue(field: string): number {
    return this.local.get(field) ?? 0;
  }

  /**
   * Sets this relay's value of `field`, and tells the others and Redis at the end of the turn: a field's changes in
   * one turn go out as its last value, and all the turn's fields in one gossip batch and one write. (A relay
   * restarting gets every visitor's hello within a second or so: a write per change was a Redis command each.)
   */
  set(field: string, value: number): void {
    if (value <= 0) this.local.delete(field);
    else this.local.set(field, value);
    this.dirty.set(field, Math.max(0, value));
    if (!this.writeScheduled) {
      this.writeScheduled = true;
      setImmediate(() => this.writeDirty());
    }
  }

  private writeDirty(): void {
    this.writeScheduled = false;
    const changed = [...this.dirty];
    this.dirty.clear();
    if (this.stopped) return;
    for (const [field, value] of changed) this.bus.publishControl(this.name, [field, value]);
    // Redis down: the heartbeat after its return writes every counter anyway.
    if (!this.bus.commandsReady()) return;
    const sets = changed.filter(([, value]) => value > 0);
    const deletes = changed.filter(([, value]) => value === 0).map(([field]) => field);
    const write = this.bus.redis.multi();
    if (sets.length > 0) write.hset(this.key, Object.fromEntries(sets));
    if (deletes.length > 0) write.hdel(this.key, ...deletes);
    write.exec().catch(() => undefined);
  }

  /** The value of `field` over all live relays. */
  total(field: string): number {
    return this.localValue(field) + this.others(field);
  }

  /** The value of `field` over the other live relays. */
  others(field: string): number {
    const now = Date.now();
    let sum = 0;
    for (const [relay, fields] of this.remote) {
      if (now - (this.seen.get(relay) ?? 0) < this.ttlMs) sum += fields.get(field) ?? 0;
    }
    return sum;
  }

  /** Writes this relay's counters and reads everyone's. */
  async heartbeat(): Promise<void> {
    if (this.stopped || !this.bus.commandsReady()) return;
    const now = Date.now();
    const redis = this.bus.redis;
    try {
      const write = redis.multi().del(this.key);
      if (this.local.size > 0) write.hset(this.key, Object.fromEntries(this.local));
      await write
        .pexpire(this.key, this.ttlMs)
        .zadd(this.relaysKey, now, this.bus.relayId)
        .zremrangebyscore(this.relaysKey, '-inf', now - 4 * this.ttlMs)
        .exec();
      const relays = (await redis.zrangebyscore(this.relaysKey, now - this.ttlMs, '+inf')).filter(
        (id) => id !== this.bus.relayId,
      );
      const read = redis.pipeline();
      for (const relay of relays) read.hgetall(`${this.bus.prefix}:${this.name}:${relay}`);
      const results = relays.length > 0 ? ((await read.exec()) ?? []) : [];
      // A read that failed (Redis went away mid-heartbeat) says nothing of that relay: taking it for gone would
      // drop its counts (a presence flap for clients) and start a catch-up for nothing. Try again next time.
      if (results.length < relays.length || results.some(([error]) => error)) return;
      const next = new Map<string, Map<string, number>>();
      relays.forEach((relay, i) => {
        const [, hash] = results[i]!;
        const fields = new Map<string, number>();
        for (const [field, value] of Object.entries((hash ?? {}) as Record<string, string>))
          fields.set(field, Number(value));
        next.set(relay, fields);
        this.seen.set(relay, now);
      });
      // A relay known only by its gossip has not written its first heartbeat yet: it is not gone, and keeps its
      // counts until they are older than the TTL. Only a relay that was listed can vanish.
      for (const [relay, fields] of this.remote)
        if (!next.has(relay) && !this.listed.has(relay) && now - (this.seen.get(relay) ?? 0) < this.ttlMs)
          next.set(relay, fields);
      const lost = [...this.listed].some((relay) => !next.has(relay));
      this.listed = new Set(relays);
      const changed = diff(this.remote, next);
      this.remote = next;
      if (lost) this.bus.relayLost();
      for (const relay of [...this.seen.keys()]) if (!next.has(relay)) this.seen.delete(relay);
      this.refreshedAt = now;
      if (changed.size > 0) this.options.onRemoteChange?.(changed);
    } catch {
      // Redis went away mid-heartbeat; the next one (or the recovery) tries again.
    }
  }

  /** Removes this relay's counters from Redis and tells the others (graceful shutdown). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.bus.publishControl(`${this.name}:bye`, null);
    if (this.bus.commandsReady())
      await this.bus.redis
        .multi()
        .del(this.key)
        .zrem(this.relaysKey, this.bus.relayId)
        .exec()
        .catch(() => undefined);
  }

  private gossip(origin: string, data: unknown): void {
    if (!Array.isArray(data) || typeof data[0] !== 'string' || typeof data[1] !== 'number') return;
    let fields = this.remote.get(origin);
    if (!fields) this.remote.set(origin, (fields = new Map()));
    if (data[1] > 0) fields.set(data[0], data[1]);
    else fields.delete(data[0]);
    this.seen.set(origin, Date.now());
  }

  private forget(origin: string): void {
    const fields = this.remote.get(origin);
    this.remote.delete(origin);
    this.seen.delete(origin);
    if (fields && fields.size > 0) this.options.onRemoteChange?.(new Set(fields.keys()));
  }
}

function diff(before: Map<string, Map<string, number>>, after: Map<string, Map<string, number>>): Set<string> {
  const sum = (all: Map<string, Map<string, number>>): Map<string, number> => {
    const out = new Map<string, number>();
    for (const fields of all.values())
      for (const [field, value] of fields) out.set(field, (out.get(field) ?? 0) + value);
    return out;
  };
  const a = sum(before);
  const b = sum(after);
  const changed = new Set<string>();
  for (const [field, value] of a) if (b.get(field) !== value) changed.add(field);
  for (const [field, value] of b) if (a.get(field) !== value) changed.add(field);
  return changed;
}
