import type { Redis } from 'ioredis';
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

/** The hash field that holds a relay's write version (no counter's name starts with `@`). */
const VERSION = '@v';

/** Fields per gossip message: a turn's changes (a restart's hellos) go out in pieces of a bounded size. */
const GOSSIP_FIELDS = 500;

/**
 * Counters summed over all relays, readable synchronously on the hot path.
 *
 * Each relay owns a Redis hash `<prefix>:<name>:<relayId>` with a TTL, and is listed in the sorted set
 * `<prefix>:<name>:relays` scored by its last heartbeat. A change is written to the relay's hash and gossiped over
 * the bus at the end of its turn, both under the relay's next **write version** (the hash's field `@v`); the others
 * apply the gossip at once, so totals are fresh within a bus hop.
 *
 * The heartbeat costs the same with ten connections or a hundred thousand: it refreshes the hash's TTL and the
 * relay's place in the set, and reads each other relay's version only (issue #87: nothing scans all connections per
 * second). A relay's whole hash is read only when its counts cannot be trusted: a relay seen for the first time, a
 * gap in its gossip's versions, or a version in Redis that its gossip has not reached within a heartbeat (a message
 * the bus dropped). A relay's own hash is written whole only at start, after Redis comes back, after a failed write,
 * and when it finds its hash gone (expired while Redis stalled). A killed relay's counts vanish within the TTL; while
 * Redis is down, other relays' last known counts are used until they are older than the TTL, then the counters are
 * this relay's own ({@link shared} turns false).
 */
export class ClusterCounters {
  private readonly local = new Map<string, number>();
  private readonly remote = new Map<string, Map<string, number>>();
  /** Each other relay's write version its counts in {@link remote} are at. */
  private readonly applied = new Map<string, number>();
  /** Relays whose counts missed a change (a gap in their gossip): read whole at the next heartbeat. */
  private readonly stale = new Set<string>();
  /** A version Redis held for a relay ahead of its gossip at the last heartbeat: still behind at the next, read it. */
  private readonly awaited = new Map<string, number>();
  /** Relays in the set of live relays at the last heartbeat: only those can vanish from it. */
  private listed = new Set<string>();
  private readonly seen = new Map<string, number>();
  private readonly key: string;
  private readonly relaysKey: string;
  private readonly ttlMs: number;
  private timer: NodeJS.Timeout | undefined;
  private refreshedAt = 0;
  private stopped = false;
  /** This relay's write version: one more per gossip message. */
  private version = 0;
  /** True when this relay's hash must be written whole at the next heartbeat. */
  private rewrite = true;
  /** Fields set in this turn, with their last value, for {@link writeDirty}. */
  private readonly dirty = new Map<string, number>();
  private writeScheduled = false;

  constructor(
    private readonly bus: ClusterBus,
    private readonly name: string,
    private readonly options: ClusterCountersOptions = {},
  ) {
    this.key = this.keyOf(bus.relayId);
    this.relaysKey = `${bus.prefix}:${name}:relays`;
    this.ttlMs = options.ttlMs ?? 15_000;
    bus.onControl(`${name}:batch`, (origin, data) => this.batch(origin, data));
    // A relay of an earlier release gossips a field at a time, unversioned: its counts are read whole at each
    // heartbeat (it never writes `@v`), as that release reads everyone's.
    bus.onControl(name, (origin, data) => this.gossip(origin, data));
    bus.onControl(`${name}:bye`, (origin) => this.forget(origin));
    // At once when Redis is (again) reachable: until this relay's first heartbeat lists it, the others know it only
    // by its gossip; what changed while Redis was away is in no hash.
    bus.onCommandsReady(() => {
      this.rewrite = true;
      void this.heartbeat();
    });
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
    for (let i = 0; i < changed.length; i += GOSSIP_FIELDS)
      this.bus.publishControl(`${this.name}:batch`, [++this.version, changed.slice(i, i + GOSSIP_FIELDS)]);
    // Redis down: the heartbeat after its return writes every counter anyway.
    if (!this.bus.commandsReady()) return void (this.rewrite = true);
    const sets = changed.filter(([, value]) => value > 0);
    const deletes = changed.filter(([, value]) => value === 0).map(([field]) => field);
    const write = this.bus.redis.multi();
    write.hset(this.key, { ...Object.fromEntries(sets), [VERSION]: this.version });
    if (deletes.length > 0) write.hdel(this.key, ...deletes);
    write
      .exec()
      .then((results) => {
        if (!results || results.some(([error]) => error)) this.rewrite = true;
      })
      .catch(() => (this.rewrite = true));
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

  /**
   * Refreshes this relay's hash and place among the live relays, reads the others' versions, reads whole the
   * relays whose counts cannot be trusted (see the class), and drops the relays that are gone.
   */
  async heartbeat(): Promise<void> {
    if (this.stopped || !this.bus.commandsReady()) return;
    const now = Date.now();
    const redis = this.bus.redis;
    try {
      if (!(await this.writeOwn(now))) return;
      const relays = (await redis.zrangebyscore(this.relaysKey, now - this.ttlMs, '+inf')).filter(
        (id) => id !== this.bus.relayId,
      );
      const versions = await this.readEach(relays, (read, relay) => read.hget(this.keyOf(relay), VERSION));
      // A read that failed (Redis went away mid-heartbeat) says nothing of that relay: taking it for gone would
      // drop its counts (a presence flap for clients) and start a catch-up for nothing. Try again next time.
      if (!versions) return;
      const whole = relays.filter((relay, i) => this.untrusted(relay, versions[i] as string | null));
      const hashes = await this.readEach(whole, (read, relay) => read.hgetall(this.keyOf(relay)));
      if (!hashes) return;
      const changed = new Set<string>();
      whole.forEach((relay, i) => this.replace(relay, hashes[i] as Record<string, string> | null, changed));
      for (const relay of relays) this.seen.set(relay, now);
      const live = new Set(relays);
      // A relay known only by its gossip has not written its first heartbeat yet: it is not gone, and keeps its
      // counts until they are older than the TTL. Only a relay that was listed can vanish.
      let lost = false;
      for (const relay of this.listed)
        if (!live.has(relay)) {
          lost = true;
          this.drop(relay, changed);
        }
      for (const relay of [...this.remote.keys()])
        if (!live.has(relay) && now - (this.seen.get(relay) ?? 0) >= this.ttlMs) this.drop(relay, changed);
      this.listed = live;
      if (lost) this.bus.relayLost();
      this.refreshedAt = now;
      if (changed.size > 0) this.options.onRemoteChange?.(changed);
    } catch {
      // Redis went away mid-heartbeat; the next one (or the recovery) tries again.
    }
  }

  /**
   * This relay's part of the heartbeat: its hash written whole when it must be (see the class), else its TTL
   * refreshed; its place in the set of live relays. False when Redis refused a part of it.
   */
  private async writeOwn(now: number): Promise<boolean> {
    const redis = this.bus.redis;
    const whole = this.rewrite;
    const write = redis.multi();
    if (whole) write.del(this.key).hset(this.key, { ...Object.fromEntries(this.local), [VERSION]: this.version });
    // Always there once written (whole or by a change): a new field means the hash had expired, its counts gone.
    else write.hset(this.key, VERSION, this.version);
    const results = await write
      .pexpire(this.key, this.ttlMs)
      .zadd(this.relaysKey, now, this.bus.relayId)
      .zremrangebyscore(this.relaysKey, '-inf', now - 4 * this.ttlMs)
      .exec();
    if (!results || results.some(([error]) => error)) return false;
    if (whole) this.rewrite = false;
    else if (results[0]![1] === 1 && this.local.size > 0) {
      this.rewrite = true;
      return this.writeOwn(now);
    }
    return true;
  }

  /** One command per relay in one pipeline; `undefined` when any failed. */
  private async readEach(
    relays: readonly string[],
    command: (read: ReturnType<Redis['pipeline']>, relay: string) => void,
  ): Promise<unknown[] | undefined> {
    if (relays.length === 0) return [];
    const read = this.bus.redis.pipeline();
    for (const relay of relays) command(read, relay);
    const results = (await read.exec()) ?? [];
    if (results.length < relays.length || results.some(([error]) => error)) return undefined;
    return results.map(([, value]) => value);
  }

  /** True when `relay`'s counts must be read whole, given the version its hash holds now (`null`: none). */
  private untrusted(relay: string, held: string | null): boolean {
    const applied = this.applied.get(relay);
    if (held === null || applied === undefined || this.stale.has(relay)) return true;
    const version = Number(held);
    if (version <= applied) {
      this.awaited.delete(relay);
      return false;
    }
    // Its gossip is a bus hop behind Redis: wait one heartbeat for it before reading the hash.
    const awaited = this.awaited.get(relay);
    if (awaited !== undefined && applied < awaited) return true;
    this.awaited.set(relay, version);
    return false;
  }

  /**
   * Takes `relay`'s hash as read (`null`: it has none) for its counts, unless gossip already brought them past its
   * version (a read that raced a change: the relay stays untrusted, read again next time).
   */
  private replace(relay: string, hash: Record<string, string> | null, changed: Set<string>): void {
    const version = Number(hash?.[VERSION] ?? 0);
    const applied = this.applied.get(relay);
    if (applied !== undefined && version < applied && hash?.[VERSION] !== undefined) return;
    const fields = new Map<string, number>();
    for (const [field, value] of Object.entries(hash ?? {})) if (field !== VERSION) fields.set(field, Number(value));
    this.change(relay, fields, changed);
    if (hash?.[VERSION] === undefined) {
      // No version (an earlier release, or no hash): nothing to compare its gossip with, read whole each time.
      this.applied.delete(relay);
    } else this.applied.set(relay, version);
    this.stale.delete(relay);
    this.awaited.delete(relay);
  }

  /** Forgets `relay` (gone), its counts with it. */
  private drop(relay: string, changed: Set<string>): void {
    this.change(relay, undefined, changed);
    this.applied.delete(relay);
    this.stale.delete(relay);
    this.awaited.delete(relay);
    this.seen.delete(relay);
  }

  /** Puts `fields` (or nothing) as `relay`'s counts, adding to `changed` the fields whose total over relays moved. */
  private change(relay: string, fields: Map<string, number> | undefined, changed: Set<string>): void {
    const before = this.remote.get(relay);
    const touched = new Set([...(before?.keys() ?? []), ...(fields?.keys() ?? [])]);
    const sums = new Map([...touched].map((field) => [field, this.sum(field)]));
    if (fields) this.remote.set(relay, fields);
    else this.remote.delete(relay);
    for (const field of touched) if (this.sum(field) !== sums.get(field)) changed.add(field);
  }

  /** The value of `field` over every other relay known, live or not (what a change of one relay's counts moves). */
  private sum(field: string): number {
    let sum = 0;
    for (const fields of this.remote.values()) sum += fields.get(field) ?? 0;
    return sum;
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

  private keyOf(relay: string): string {
    return `${this.bus.prefix}:${this.name}:${relay}`;
  }

  /** Another relay's changes of a turn, under its next write version. */
  private batch(origin: string, data: unknown): void {
    if (!Array.isArray(data) || typeof data[0] !== 'number' || !Array.isArray(data[1])) return;
    const version = data[0];
    const applied = this.applied.get(origin);
    // Older than its counts here (read whole since): nothing new.
    if (applied !== undefined && version <= applied) return;
    // A version skipped (a gossip message lost), or a relay first heard of in the middle of its life.
    if (version !== (applied ?? 0) + 1) this.stale.add(origin);
    this.applied.set(origin, version);
    let fields = this.remote.get(origin);
    if (!fields) this.remote.set(origin, (fields = new Map()));
    for (const change of data[1] as unknown[]) {
      if (!Array.isArray(change) || typeof change[0] !== 'string' || typeof change[1] !== 'number') continue;
      if (change[1] > 0) fields.set(change[0], change[1]);
      else fields.delete(change[0]);
    }
    this.seen.set(origin, Date.now());
  }

  /** A field's change from a relay of an earlier release (unversioned). */
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
    this.applied.delete(origin);
    this.stale.delete(origin);
    this.awaited.delete(origin);
    this.seen.delete(origin);
    if (fields && fields.size > 0) this.options.onRemoteChange?.(new Set(fields.keys()));
  }
}
