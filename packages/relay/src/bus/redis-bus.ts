import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import { inPieces, REGULAR_STRING_CHARS } from '../regular-strings.js';
import type { BusHandlers, StoredFrame } from './bus.js';
import type { ClusterBus, ControlHandler } from './cluster.js';
import { SeqOrderer, type CatchUpSource } from './seq-orderer.js';

/** Options for {@link RedisBus}. */
export interface RedisBusOptions {
  /** `redis://[:password@]host:6379/0` (never logged). */
  readonly url: string;
  /** Prefix of the channel and keys, so that several deployments can share one Redis. Default `parley`. */
  readonly prefix?: string;
  /** Reads stored messages to fill gaps and to catch up after an outage (the relay's store). */
  readonly source: CatchUpSource;
  readonly log: Logger;
  /** Bytes of batches kept while Redis is down, published when it is back; the oldest go first. Default 8 MiB. */
  readonly backlogBytes?: number;
  /** See {@link SeqOrderer}. */
  readonly gapWaitMs?: number;
  /** How long `start()` waits for Redis before going on degraded. Default 3 s. */
  readonly startTimeoutMs?: number;
}

/** Counters for `/healthz` and `/metrics`. */
export interface RedisBusStats {
  readonly connected: boolean;
  /** Times the subscriber came back after losing Redis. */
  readonly reconnects: number;
  readonly batchesPublished: number;
  readonly batchesReceived: number;
  /** Batches waiting for Redis to come back. */
  readonly backlog: number;
  /** Batches dropped because the backlog was full (their messages reach clients by catch-up or resume). */
  readonly backlogDropped: number;
  /** Frames read from the store to fill a gap or to catch up after an outage. */
  readonly framesFilled: number;
  /** Gaps filled from the store. */
  readonly gapFills: number;
  /** Frames dropped because this relay had delivered their sequence already. */
  readonly duplicatesDropped: number;
  /** Frames dropped because they were older than this relay's window for their conversation. */
  readonly lateFrames: number;
  /** Acks that waited behind a lower sequence this relay had not delivered yet. */
  readonly acksHeld: number;
  /** Local messages delivered after a gap with their sender left out (a fill would otherwise have echoed them). */
  readonly echoesSuppressed: number;
  /** Conversations whose order the relay tracks. */
  readonly conversationsTracked: number;
}

/**
 * One entry of a published batch: a plain frame, or a stored message. A stored message's topic is its
 * conversation's (a note's: its site's staff), so that relays built before stored messages were one entry, which
 * read only the first two fields of it, still deliver it somewhere safe (visitors get it; staff on those relays do
 * not). They sent `[topic, frame, conversationId, seq]` for the conversation's copy and the staff's copy as a
 * plain frame, which this relay still understands.
 */
export type BusEntry =
  | readonly [topic: string, frame: string]
  | readonly [topic: string, frame: string, conversationId: string, seq: number, siteId: string, note: 0 | 1];
const controlTopic = '#';

/**
 * A turn's entries as the payloads that carry them, in order: `[relayId, ...entries]`, each inside V8's regular heap
 * ({@link REGULAR_STRING_CHARS}; an entry longer than that alone goes in a payload of its own). Each payload is made
 * once and received as a string by every relay, its own included; under (b)'s load on two relays, 7 % of a turn's
 * payloads were past it when a turn was one payload (up to 407 KB). An entry is counted as if every character of its
 * topic and frame needed escaping, and 128 for its ids and punctuation, so no payload of several entries passes it.
 */
export function busPayloads(relayId: string, entries: readonly BusEntry[]): string[] {
  const size = ([topic, frame]: BusEntry): number => 2 * (topic.length + frame.length) + 128;
  return inPieces(entries, size, REGULAR_STRING_CHARS).map((run) => JSON.stringify([relayId, ...run]));
}

/**
 * The bus between relays, on Redis pub/sub.
 *
 * - One channel, `<prefix>:bus`, that every relay subscribes to once, so each batch reaches each relay exactly
 *   once; uWS drops frames for topics without local subscribers at the cost of a hash lookup. The frames a
 *   relay publishes in one event-loop turn travel as one batch (one `PUBLISH`), or a few when they are many
 *   ({@link busPayloads}).
 * - Two connections: the subscriber, and a command connection for `PUBLISH` and the shared state (presence,
 *   limits). Both reconnect by themselves; there is no offline queue: commands fail fast while Redis is down.
 * - A relay delivers its own frames locally at once, and skips them when they come back from Redis, so local
 *   clients never wait on Redis and keep working while it is down.
 * - Stored messages travel as one entry each (for the conversation and the site's staff alike) and go through a
 *   {@link SeqOrderer}: in sequence order, once, per conversation and relay, with gaps filled from the store,
 *   and the sender's ack in the same order.
 * - While Redis is down, batches wait in a bounded backlog and are published when it is back; then the relay
 *   re-subscribes and, for every conversation it tracks (all with local visitors, and all active in the last
 *   minutes), reads from the store what was stored after the last sequence it delivered.
 *
 * @example
 * const bus = new RedisBus({ url: 'redis://127.0.0.1:6379', source, log });
 * await bus.start((topic, frame) => app.publish(topic, frame));
 */
export class RedisBus implements ClusterBus {
  readonly kind = 'redis';
  readonly relayId = `${hostname()
    .replace(/[^A-Za-z0-9.-]/g, '')
    .slice(0, 32)}:${process.pid}:${randomBytes(4).toString('hex')}`;
  /** How {@link flush} begins every payload of this relay: `["<relayId>",`. */
  readonly #ownPrefix = `${JSON.stringify([this.relayId]).slice(0, -1)},`;
  readonly prefix: string;
  readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly channel: string;
  private handlers: BusHandlers | undefined;
  private orderer: SeqOrderer | undefined;
  private pending: BusEntry[] = [];
  private scheduled = false;
  private backlog: string[] = [];
  private backlogSize = 0;
  private subscribed = false;
  private hadOutage = false;
  private closing = false;
  private sweepTimer: NodeJS.Timeout | undefined;
  private catchUpTimer: NodeJS.Timeout | undefined;
  private readonly subscribedWaiters: Array<() => void> = [];
  private readonly controlHandlers = new Map<string, ControlHandler[]>();
  private readonly readyHandlers: Array<() => void> = [];
  private readonly closingHandlers: Array<() => Promise<void> | void> = [];
  private counts = { reconnects: 0, batchesPublished: 0, batchesReceived: 0, backlogDropped: 0 };

  constructor(private readonly options: RedisBusOptions) {
    this.prefix = options.prefix ?? 'parley';
    this.channel = `${this.prefix}:bus`;
    const common = {
      lazyConnect: true,
      connectTimeout: 2000,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      // Retry for ever, backing off to 1 s: the relay keeps serving meanwhile.
      retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 5), 1000),
      connectionName: `parley:${this.relayId}`,
    };
    this.redis = new Redis(options.url, common);
    this.subscriber = new Redis(options.url, { ...common, autoResubscribe: false });
    for (const [name, client] of [
      ['commands', this.redis],
      ['subscriber', this.subscriber],
    ] as const) {
      // ioredis retries by itself; without a listener an error event would crash the process.
      client.on('error', (error: Error & { code?: string }) => {
        if (!this.closing) options.log.debug('redis error', { connection: name, error: error.code ?? error.message });
      });
    }
    this.redis.on('ready', () => {
      this.flushBacklog();
      for (const handler of this.readyHandlers) handler();
    });
    this.subscriber.on('ready', () => void this.resubscribe());
    this.subscriber.on('close', () => {
      if (this.closing) return;
      if (this.subscribed)
        options.log.warn('redis bus: lost Redis; local delivery goes on, other relays catch up when it is back');
      this.subscribed = false;
      this.hadOutage = true;
    });
    this.subscriber.on('message', (channel: string, payload: string) => {
      if (channel === this.channel) this.receive(payload);
    });
  }

  async start(handlers: BusHandlers): Promise<void> {
    this.handlers = handlers;
    const { log } = this.options;
    this.orderer = new SeqOrderer(handlers.stored, {
      source: this.options.source,
      ...(this.options.gapWaitMs !== undefined ? { gapWaitMs: this.options.gapWaitMs } : {}),
      onError: (error) => log.debug('redis bus: cannot read the store to order frames', { error: String(error) }),
      onGiveUp: (conversationId) =>
        log.warn('redis bus: delivered frames with a gap (store unreadable)', { conversationId }),
      onFill: ({ reason, ...fill }) => {
        if (reason === 'gap') log.info('redis bus: filled a gap from the store', fill);
        else log.debug('redis bus: caught a conversation up from the store', fill);
      },
    });
    this.sweepTimer = setInterval(() => this.orderer?.sweep(Date.now()), 60_000);
    this.sweepTimer.unref();
    const ready = new Promise<void>((resolve) => this.subscribedWaiters.push(resolve));
    this.redis.connect().catch(() => undefined);
    this.subscriber.connect().catch(() => undefined);
    const timeout = this.options.startTimeoutMs ?? 3000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([ready, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeout)))]);
    clearTimeout(timer);
    if (!this.subscribed) {
      this.hadOutage = true;
      this.options.log.warn('redis bus: Redis not reachable at start; running degraded until it is');
    }
  }

  publish(topic: string, frame: string): void {
    if (this.closing) return;
    this.handlers?.frame(topic, frame);
    this.enqueue([topic, frame]);
  }

  publishStored(stored: StoredFrame): void {
    if (this.closing) return;
    this.orderer?.offer(stored);
    const { conversationId, seq, siteId, frame, note } = stored;
    // A stored message always has its site here; `undefined` comes only from the wire, from older relays.
    const topic = note ? `s/${siteId}` : `c/${conversationId}`;
    this.enqueue([topic, frame, conversationId, seq, siteId ?? '', note ? 1 : 0]);
  }

  deliverLocal(topic: string, frame: string): void {
    this.handlers?.frame(topic, frame);
  }

  publishControl(kind: string, data: unknown): void {
    if (!this.closing) this.enqueue([controlTopic, JSON.stringify([kind, data])]);
  }

  onControl(kind: string, handler: ControlHandler): void {
    const list = this.controlHandlers.get(kind) ?? [];
    list.push(handler);
    this.controlHandlers.set(kind, list);
  }

  onCommandsReady(handler: () => void): void {
    this.readyHandlers.push(handler);
  }

  onClosing(handler: () => Promise<void> | void): void {
    this.closingHandlers.push(handler);
  }

  appending(conversationId: string, clientId: string): void {
    this.orderer?.appending(conversationId, clientId);
  }

  appended(conversationId: string, clientId: string, seq?: number): void {
    this.orderer?.appended(conversationId, clientId, seq);
  }

  follow(conversationId: string, siteId: string, cursor: number): true | Promise<void> {
    return this.orderer?.follow(conversationId, siteId, cursor) ?? true;
  }

  release(conversationId: string): void {
    this.orderer?.release(conversationId);
  }

  relayLost(): void {
    if (this.catchUpTimer) return;
    // Several counters notice the same death; one catch-up serves them all.
    this.catchUpTimer = setTimeout(() => {
      this.catchUpTimer = undefined;
      void this.orderer?.catchUp().then((filled) => {
        if (filled > 0)
          this.options.log.info('redis bus: a relay vanished; caught up from the store', { framesFilled: filled });
      });
    }, 200);
    this.catchUpTimer.unref();
  }

  healthy(): boolean {
    return this.subscribed && this.redis.status === 'ready';
  }

  commandsReady(): boolean {
    return this.redis.status === 'ready';
  }

  stats(): RedisBusStats {
    return {
      connected: this.healthy(),
      ...this.counts,
      backlog: this.backlog.length,
      framesFilled: this.orderer?.filled ?? 0,
      gapFills: this.orderer?.gapFills ?? 0,
      duplicatesDropped: this.orderer?.duplicatesDropped ?? 0,
      lateFrames: this.orderer?.lateFrames ?? 0,
      acksHeld: this.orderer?.acksHeld ?? 0,
      echoesSuppressed: this.orderer?.echoesSuppressed ?? 0,
      conversationsTracked: this.orderer?.size ?? 0,
    };
  }

  async close(): Promise<void> {
    for (const handler of this.closingHandlers) await Promise.resolve(handler()).catch(() => undefined);
    this.flush();
    this.closing = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.catchUpTimer) clearTimeout(this.catchUpTimer);
    this.orderer?.close();
    this.handlers = undefined;
    await Promise.allSettled([this.redis.quit(), this.subscriber.quit()]);
    this.redis.disconnect();
    this.subscriber.disconnect();
  }

  private enqueue(entry: BusEntry): void {
    this.pending.push(entry);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const payloads = busPayloads(this.relayId, this.pending);
    this.pending = [];
    // In order: once one waits in the backlog, the rest of the turn's wait behind it.
    for (const payload of payloads) {
      if (this.backlog.length > 0 || this.redis.status !== 'ready') this.keep(payload);
      else this.send(payload);
    }
  }

  private send(payload: string): void {
    this.counts.batchesPublished += 1;
    this.redis.publish(this.channel, payload).catch(() => {
      // Maybe published, maybe not: publish again when Redis is back; receivers drop sequences seen already.
      this.counts.batchesPublished -= 1;
      this.keep(payload);
    });
  }

  private keep(payload: string): void {
    this.backlog.push(payload);
    this.backlogSize += payload.length;
    const limit = this.options.backlogBytes ?? 8 * 1024 * 1024;
    while (this.backlogSize > limit && this.backlog.length > 1) {
      this.backlogSize -= this.backlog.shift()!.length;
      this.counts.backlogDropped += 1;
    }
  }

  private flushBacklog(): void {
    const backlog = this.backlog;
    this.backlog = [];
    this.backlogSize = 0;
    for (const payload of backlog) this.send(payload);
  }

  private async resubscribe(): Promise<void> {
    try {
      // Subscribed (confirmed by Redis) before the store is read: whatever is stored later is published later
      // and arrives here; whatever was stored before is in the catch-up read.
      await this.subscriber.subscribe(this.channel);
    } catch (error) {
      this.options.log.debug('redis bus: subscribe failed; retrying on reconnect', { error: String(error) });
      return;
    }
    this.subscribed = true;
    for (const resolve of this.subscribedWaiters.splice(0)) resolve();
    if (!this.hadOutage) return;
    this.hadOutage = false;
    this.counts.reconnects += 1;
    const filled = (await this.orderer?.catchUp()) ?? 0;
    this.options.log.info('redis bus: Redis is back; caught up from the store', { framesFilled: filled });
  }

  private receive(payload: string): void {
    // Redis hands a relay its own batches back: known by their first element, before parsing the whole payload.
    if (payload.startsWith(this.#ownPrefix)) return;
    let batch: unknown;
    try {
      batch = JSON.parse(payload);
    } catch {
      return;
    }
    if (!Array.isArray(batch) || batch[0] === this.relayId || typeof batch[0] !== 'string') return;
    this.counts.batchesReceived += 1;
    const origin = batch[0];
    for (let i = 1; i < batch.length; i++) {
      const entry = batch[i] as unknown[];
      const [topic, frame] = entry;
      if (typeof topic !== 'string' || typeof frame !== 'string') continue;
      if (topic === controlTopic) {
        this.control(origin, frame);
      } else if (entry.length >= 4 && typeof entry[2] === 'string' && typeof entry[3] === 'number') {
        const note = entry[5] === 1;
        // Without a site (from an older relay), staff get their copy as a plain frame of its own.
        const siteId = typeof entry[4] === 'string' && entry[4] !== '' ? entry[4] : undefined;
        this.orderer?.offer({ conversationId: entry[2], seq: entry[3], siteId, frame, note });
      } else {
        this.handlers?.frame(topic, frame);
      }
    }
  }

  private control(origin: string, raw: string): void {
    try {
      const [kind, data] = JSON.parse(raw) as [string, unknown];
      for (const handler of this.controlHandlers.get(kind) ?? []) handler(origin, data);
    } catch (error) {
      this.options.log.debug('redis bus: bad control message', { error: String(error) });
    }
  }
}
