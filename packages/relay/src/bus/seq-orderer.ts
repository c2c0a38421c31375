import type { Message } from '@parley/protocol';
import type { Deliver, PublishMeta } from './bus.js';

/** Where the orderer reads what the bus did not bring: the store, notes included. */
export interface CatchUpSource {
  /** Stored messages with `seq > afterSeq`, oldest first, at most `limit`, private notes included. */
  messagesAfter(conversationId: string, afterSeq: number, limit: number): Promise<Message[]>;
  /** The site a conversation belongs to, or `undefined` if it does not exist. */
  siteOf(conversationId: string): Promise<string | undefined>;
  /** The conversation's newest sequence (0 when it has none or does not exist). */
  lastSeq(conversationId: string): Promise<number>;
}

/** Options for {@link SeqOrderer}. */
export interface SeqOrdererOptions {
  readonly source: CatchUpSource;
  /** How long a frame waits for a missing lower sequence before the store is asked. Default 60 ms. */
  readonly gapWaitMs?: number;
  /** How long the store may stay unreadable before held frames are delivered anyway. Default 5 s. */
  readonly giveUpMs?: number;
  /** Entries idle this long, with no local interest, are forgotten. Default 10 min (longer than RecentFrames). */
  readonly idleMs?: number;
  /** Called when held frames were delivered without their gap filled (the store stayed down). */
  readonly onGiveUp?: (conversationId: string) => void;
  readonly onError?: (error: unknown) => void;
}

interface Entry {
  /** Every published sequence in `(base, last]` has been delivered on this relay, in order. */
  base: number;
  last: number;
  /** Frames that arrived ahead of a gap, by sequence. */
  readonly held: Map<number, { topic: string; frame: string }>;
  timer: NodeJS.Timeout | undefined;
  filling: boolean;
  /** Local visitor connections (registered by presence): such entries are never forgotten. */
  interest: number;
  siteId: string | undefined;
  at: number;
  /** When the current gap was first seen while the store failed to fill it. */
  failingSince: number;
}

const pageSize = 200;
/** `last` of an entry whose window is not known yet: the next frame starts it. */
const unknown = -1;

/** The frame every relay publishes for a stored message; built the same way for messages read from the store. */
export function messageFrame(message: Message): string {
  return JSON.stringify({ type: 'message', message });
}

/**
 * Hands frames of stored messages to the relay in sequence order, once each, per conversation.
 *
 * With several relays the frames of one conversation reach a relay from different publishers, so they can
 * arrive out of order (the local one ahead of a remote lower one) or not at all (Redis down, a publisher killed
 * between commit and publish). The relay's resume hand-off ({@link RecentFrames}) assumes in-order delivery, so
 * the orderer restores it: a frame above a gap waits `gapWaitMs` for the missing sequences, then they are read
 * from the store (where every lower sequence of a conversation is already committed, since sequences of one
 * conversation commit in order) and delivered first; a sequence already delivered is dropped.
 */
export class SeqOrderer {
  private readonly entries = new Map<string, Entry>();
  private readonly gapWaitMs: number;
  private readonly giveUpMs: number;
  private readonly idleMs: number;
  /** Frames read from the store to fill a gap or catch up (for `/metrics`). */
  filled = 0;
  /** Frames dropped because their sequence had already been delivered. */
  duplicatesDropped = 0;

  constructor(
    private readonly deliver: Deliver,
    private readonly options: SeqOrdererOptions,
  ) {
    this.gapWaitMs = options.gapWaitMs ?? 60;
    this.giveUpMs = options.giveUpMs ?? 5000;
    this.idleMs = options.idleMs ?? 10 * 60_000;
  }

  /** Conversations currently tracked. */
  get size(): number {
    return this.entries.size;
  }

  /** Offers the frame of stored message `seq` of `conversationId`, published to `topic`. */
  /** `meta`, when given, is handed to `deliver` as is (the relay recognises its own publishes by it). */
  offer(topic: string, frame: string, conversationId: string, seq: number, meta?: PublishMeta): void {
    const now = Date.now();
    let entry = this.entries.get(conversationId);
    if (!entry) entry = this.create(conversationId, seq - 1, now);
    else if (entry.last === unknown) entry.base = entry.last = seq - 1;
    entry.at = now;
    if (seq <= entry.last) {
      // Below the window: it may never have been delivered here, and RecentFrames' floor makes a resume read
      // the store for it anyway, so a duplicate is the safe side.
      if (seq <= entry.base) this.deliver(topic, frame, { conversationId, seq });
      else this.duplicatesDropped += 1;
      return;
    }
    if (seq === entry.last + 1 && !entry.filling) {
      this.emit(entry, conversationId, topic, frame, seq, meta);
      this.drain(entry, conversationId);
      return;
    }
    entry.held.set(seq, { topic, frame });
    this.schedule(entry, conversationId, this.gapWaitMs);
  }

  /** Registers a local visitor connection on the conversation (kept, and caught up after a bus outage). */
  watch(siteId: string, conversationId: string, lastSeq: () => Promise<number>): void {
    let entry = this.entries.get(conversationId);
    if (entry) {
      entry.interest += 1;
      entry.siteId = siteId;
      return;
    }
    entry = this.create(conversationId, 0, Date.now());
    entry.interest = 1;
    entry.siteId = siteId;
    // Until the store answers, the entry knows nothing: the first frame or the answer sets the window.
    entry.filling = true;
    lastSeq().then(
      (seq) => start(entry.held.size === 0 ? seq : Math.min(...entry.held.keys()) - 1),
      (error: unknown) => {
        this.options.onError?.(error);
        // Fall back to "the window starts at the first frame", as without a watch.
        start(entry.held.size === 0 ? unknown : Math.min(...entry.held.keys()) - 1);
      },
    );
    const start = (last: number): void => {
      entry.base = last;
      entry.last = last;
      entry.filling = false;
      this.drain(entry, conversationId);
    };
  }

  unwatch(conversationId: string): void {
    const entry = this.entries.get(conversationId);
    if (entry && entry.interest > 0) entry.interest -= 1;
  }

  /**
   * After the bus was down: reads from the store, for every tracked conversation, what was stored after the
   * last delivered sequence, and delivers it (to the conversation and to the site's staff).
   */
  async catchUp(): Promise<number> {
    let total = 0;
    for (const [conversationId, entry] of [...this.entries]) {
      if (entry.filling || entry.last === unknown) continue;
      try {
        total += await this.fill(entry, conversationId, Number.POSITIVE_INFINITY);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
    return total;
  }

  /** Forgets idle entries with no local interest. */
  sweep(now: number): void {
    for (const [id, entry] of this.entries) {
      if (entry.interest === 0 && entry.held.size === 0 && !entry.filling && now - entry.at > this.idleMs)
        this.entries.delete(id);
    }
  }

  close(): void {
    for (const entry of this.entries.values()) if (entry.timer) clearTimeout(entry.timer);
    this.entries.clear();
  }

  private create(conversationId: string, last: number, now: number): Entry {
    const entry: Entry = {
      base: last,
      last,
      held: new Map(),
      timer: undefined,
      filling: false,
      interest: 0,
      siteId: undefined,
      at: now,
      failingSince: 0,
    };
    this.entries.set(conversationId, entry);
    return entry;
  }

  private emit(
    entry: Entry,
    conversationId: string,
    topic: string,
    frame: string,
    seq: number,
    meta?: PublishMeta,
  ): void {
    entry.last = seq;
    this.deliver(topic, frame, meta ?? { conversationId, seq });
  }

  private drain(entry: Entry, conversationId: string): void {
    if (entry.filling) return;
    for (;;) {
      const next = entry.held.get(entry.last + 1);
      if (!next) break;
      entry.held.delete(entry.last + 1);
      this.emit(entry, conversationId, next.topic, next.frame, entry.last + 1);
    }
    // Anything at or below the window that was held meanwhile (a fill delivered it) is a duplicate.
    for (const seq of entry.held.keys()) {
      if (seq <= entry.last) {
        entry.held.delete(seq);
        this.duplicatesDropped += 1;
      }
    }
    if (entry.held.size === 0 && entry.timer) {
      clearTimeout(entry.timer);
      entry.timer = undefined;
    }
  }

  private schedule(entry: Entry, conversationId: string, delayMs: number): void {
    if (entry.timer || entry.filling) return;
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      if (entry.held.size === 0) return;
      const target = Math.min(...entry.held.keys());
      this.fill(entry, conversationId, target).then(
        () => {
          entry.failingSince = 0;
          if (entry.held.size > 0) this.schedule(entry, conversationId, this.gapWaitMs);
        },
        (error: unknown) => {
          this.options.onError?.(error);
          const now = Date.now();
          entry.failingSince ||= now;
          if (now - entry.failingSince >= this.giveUpMs) {
            // The store stays unreadable: deliver what is held, in order, rather than hold it forever. The SDK
            // notices the gap on the next live message and asks for history once the store is back.
            entry.failingSince = 0;
            for (const seq of [...entry.held.keys()].sort((a, b) => a - b)) {
              const item = entry.held.get(seq)!;
              entry.held.delete(seq);
              entry.base = Math.max(entry.base, seq - 1);
              this.emit(entry, conversationId, item.topic, item.frame, seq);
            }
            this.options.onGiveUp?.(conversationId);
            return;
          }
          this.schedule(entry, conversationId, Math.min(1000, this.giveUpMs / 5));
        },
      );
    }, delayMs);
    entry.timer.unref?.();
  }

  /**
   * Reads `(last, target)` from the store (or everything after `last` when `target` is infinite) and delivers
   * it in order, using a held frame where there is one. A message whose frame never came is also delivered to
   * the site's staff topic: if its publisher died or Redis lost it, staff missed it too (if it is only late,
   * staff get it twice and drop the second by sequence).
   */
  private async fill(entry: Entry, conversationId: string, target: number): Promise<number> {
    entry.filling = true;
    let delivered = 0;
    try {
      const siteId = (entry.siteId ??= await this.options.source.siteOf(conversationId));
      for (;;) {
        const messages = await this.options.source.messagesAfter(conversationId, entry.last, pageSize);
        for (const message of messages) {
          if (message.seq <= entry.last) continue;
          if (message.seq >= target) break;
          const held = entry.held.get(message.seq);
          entry.held.delete(message.seq);
          if (message.kind === 'note') {
            // Notes never travel on the conversation topic; staff get them on the site topic.
            entry.last = message.seq;
            if (siteId !== undefined) this.deliver(`s/${siteId}`, messageFrame(message), {});
            continue;
          }
          const frame = held?.frame ?? messageFrame(message);
          this.emit(entry, conversationId, held?.topic ?? `c/${conversationId}`, frame, message.seq);
          if (!held) {
            if (siteId !== undefined) this.deliver(`s/${siteId}`, frame, {});
            this.filled += 1;
            delivered += 1;
          }
        }
        const end = messages.at(-1)?.seq ?? entry.last;
        if (messages.length < pageSize || end >= target) break;
      }
    } finally {
      entry.filling = false;
    }
    this.drain(entry, conversationId);
    return delivered;
  }
}
