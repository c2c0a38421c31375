import type { Message } from '@parley/protocol';
import type { DeliverStored, StoredFrame } from './bus.js';

/** Where the orderer reads what the bus did not bring: the store, notes included. */
export interface CatchUpSource {
  /** Stored messages with `seq > afterSeq`, oldest first, at most `limit`, private notes included. */
  messagesAfter(conversationId: string, afterSeq: number, limit: number): Promise<Message[]>;
  /** The site a conversation belongs to, or `undefined` if it does not exist. */
  siteOf(conversationId: string): Promise<string | undefined>;
}

/** A fill that delivered messages read from the store: filling a `gap`, or catching up after an outage. */
export interface FillReport {
  readonly conversationId: string;
  readonly fromSeq: number;
  readonly toSeq: number;
  readonly frames: number;
  readonly reason: 'gap' | 'catch-up';
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
  /** Called after each fill that delivered messages read from the store. */
  readonly onFill?: (fill: FillReport) => void;
  readonly onError?: (error: unknown) => void;
}

/** Frames held above a gap at one sequence: the first, and the acks of other local senders of the same message. */
interface Held {
  stored: StoredFrame;
  more: StoredFrame[] | undefined;
}

interface Waiter {
  readonly seq: number;
  readonly resolve: () => void;
}

interface Entry {
  /** Sequences up to `base` came before this relay's window: its local subscribers never get them from here. */
  base: number;
  /** Every sequence in `(base, last]` has been handed to this relay's subscribers, in order. */
  last: number;
  /** Frames that arrived ahead of a gap, by sequence. */
  readonly held: Map<number, Held>;
  timer: NodeJS.Timeout | undefined;
  filling: boolean;
  /** A fill to the end of the conversation is owed (a catch-up, or a hand-off, that could not finish yet). */
  catchUp: boolean;
  /** Local visitor connections: such entries are never forgotten. */
  interest: number;
  siteId: string | undefined;
  at: number;
  /** When the current gap was first seen while the store failed to fill it. */
  failingSince: number;
  /** This relay's appends in flight, by client id: they bring their sender and ack, so fills wait for them. */
  appending: Map<string, number> | undefined;
  /** The sequence a fill stopped at for a local append in flight (its delivery then leaves the sender out). */
  pausedAt: number;
  /** Hand-offs waiting for the window to reach a sequence. */
  waiters: Waiter[] | undefined;
}

const pageSize = 200;
/** `last` of an entry whose window is not known yet. */
const unknown = -1;

/** The frame every relay publishes for a stored message; built the same way for messages read from the store. */
export function messageFrame(message: Message): string {
  return JSON.stringify({ type: 'message', message });
}

/**
 * Hands the frames of stored messages to this relay's subscribers in sequence order, once each, per
 * conversation; acks go in the same order, at their message's place.
 *
 * With several relays the frames of one conversation reach a relay from different publishers, so they can
 * arrive out of order (a local one ahead of a remote lower one) or not at all (Redis down, a publisher killed
 * between commit and publish). The orderer restores the order: a frame above a gap waits `gapWaitMs` for the
 * missing sequences, then they are read from the store (where every lower sequence of a conversation is already
 * committed, since appends to one conversation commit in order) and delivered first; a sequence already
 * delivered is dropped. An ack travels with its message: when the message waits, the ack waits, so a sender never
 * has the ack of `n` before a lower message; and the message goes to everyone but its sender.
 *
 * A relay's own appends in flight are registered ({@link SeqOrderer.appending}): a fill that reaches one of them
 * in the store stops there, and the append's own settlement delivers it, with its sender and ack.
 *
 * A conversation's window starts at a visitor's hand-off ({@link SeqOrderer.follow}) or at the first frame seen
 * (unless this relay's own appends to it are in flight: they may settle with lower sequences). Frames older than
 * the window are dropped: the conversation's visitors on this relay have them, and staff who may not get them
 * through their client's gap check.
 */
export class SeqOrderer {
  private readonly entries = new Map<string, Entry>();
  private readonly gapWaitMs: number;
  private readonly giveUpMs: number;
  private readonly idleMs: number;
  /** Frames read from the store to fill a gap or catch up (for `/metrics`). */
  filled = 0;
  /** Gaps filled from the store. */
  gapFills = 0;
  /** Frames dropped because their sequence had already been delivered. */
  duplicatesDropped = 0;
  /** Frames dropped because they were older than this relay's window for the conversation. */
  lateFrames = 0;
  /** Acks that waited behind a lower sequence this relay had not delivered yet. */
  acksHeld = 0;
  /** Local messages delivered after a gap with their sender left out (the fill would have echoed them). */
  echoesSuppressed = 0;

  constructor(
    private readonly deliver: DeliverStored,
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

  /** Offers a stored message's frame (and, from this relay's sender, its ack). */
  offer(stored: StoredFrame): void {
    const { conversationId, seq } = stored;
    const now = Date.now();
    const entry = this.entries.get(conversationId) ?? this.create(conversationId, unknown, now);
    entry.at = now;
    if (stored.siteId !== undefined) entry.siteId ??= stored.siteId;
    if (entry.last === unknown) {
      // This relay's own appends may settle with lower sequences than this frame's: wait for them.
      if (entry.appending) return this.hold(entry, conversationId, stored);
      this.startWindow(entry, seq);
    }
    if (seq <= entry.last) {
      if (seq <= entry.base) this.lateFrames += 1;
      else this.duplicatesDropped += 1;
      // A resend's ack is still owed to its sender, who has the message (by replay or live) or sent it.
      if (stored.ack !== undefined) this.deliver(stored, 'sender');
      return;
    }
    if (seq === entry.last + 1 && !entry.filling) {
      if (seq === entry.pausedAt && stored.origin !== undefined) {
        this.echoesSuppressed += 1;
        entry.pausedAt = 0;
      }
      this.emit(entry, stored, false);
      this.drain(entry, conversationId);
      return;
    }
    this.hold(entry, conversationId, stored);
  }

  /** One of this relay's appends to the conversation is in flight (see the class notes). */
  appending(conversationId: string, clientId: string): void {
    const entry = this.entries.get(conversationId) ?? this.create(conversationId, unknown, Date.now());
    const map = (entry.appending ??= new Map());
    map.set(clientId, (map.get(clientId) ?? 0) + 1);
  }

  /**
   * The append has settled: stored at `seq` (offer its message next), or failed (no `seq`). A window not known yet
   * starts below it, or below what is held.
   */
  appended(conversationId: string, clientId: string, seq?: number): void {
    const entry = this.entries.get(conversationId);
    const map = entry?.appending;
    if (!entry || !map) return;
    const count = (map.get(clientId) ?? 1) - 1;
    if (count > 0) map.set(clientId, count);
    else map.delete(clientId);
    if (map.size > 0) return;
    entry.appending = undefined;
    if (entry.last !== unknown) return;
    if (entry.held.size > 0) {
      this.startWindow(entry, seq ?? Number.POSITIVE_INFINITY);
      this.drain(entry, conversationId);
    }
    // A hand-off waiting for the window asks again (and starts it from its cursor if nothing else did).
    this.wake(entry, true);
  }

  /**
   * A visitor connection that holds every message through `cursor` wants to follow the conversation live. Returns
   * true when it may subscribe now (this relay has delivered through `cursor`, and the connection is counted as
   * local interest), or a promise to await before asking again (the relay is behind the store, and catches up).
   */
  follow(conversationId: string, siteId: string, cursor: number): true | Promise<void> {
    let entry = this.entries.get(conversationId);
    if (!entry) entry = this.create(conversationId, cursor, Date.now());
    entry.siteId ??= siteId;
    if (entry.last === unknown && !entry.appending) {
      // Known to go through `cursor` (the connection has it), unless frames below it are held here.
      this.startWindow(entry, cursor + 1);
      this.drain(entry, conversationId);
    }
    if (entry.last !== unknown && entry.last >= cursor) {
      entry.interest += 1;
      return true;
    }
    if (entry.last !== unknown) {
      entry.catchUp = true;
      this.schedule(entry, conversationId, 0);
    }
    return new Promise<void>((resolve) => {
      const waiter: Waiter = { seq: cursor, resolve: () => resolve() };
      (entry.waiters ??= []).push(waiter);
      // Asked again after a while in any case: the store may be down, and the caller re-reads it.
      setTimeout(() => this.unwait(entry, waiter), this.giveUpMs).unref();
    });
  }

  /** A visitor connection that {@link follow}ed the conversation has closed. */
  release(conversationId: string): void {
    const entry = this.entries.get(conversationId);
    if (entry && entry.interest > 0) entry.interest -= 1;
  }

  /**
   * After the bus was down or a relay vanished: reads from the store, for every tracked conversation, what was
   * stored after the last delivered sequence, and delivers it.
   */
  async catchUp(): Promise<number> {
    let total = 0;
    for (const [conversationId, entry] of [...this.entries]) {
      if (entry.last === unknown) continue;
      if (entry.filling) {
        entry.catchUp = true;
        continue;
      }
      try {
        total += await this.fill(entry, conversationId, Number.POSITIVE_INFINITY, 'catch-up');
      } catch (error) {
        this.options.onError?.(error);
        entry.catchUp = true;
        this.schedule(entry, conversationId, this.gapWaitMs);
      }
    }
    return total;
  }

  /** Forgets idle entries with no local interest and nothing pending. */
  sweep(now: number): void {
    for (const [id, entry] of this.entries) {
      const busy = entry.held.size > 0 || entry.filling || entry.appending || entry.timer || entry.waiters?.length;
      if (entry.interest === 0 && !busy && now - entry.at > this.idleMs) this.entries.delete(id);
    }
  }

  close(): void {
    for (const entry of this.entries.values()) {
      if (entry.timer) clearTimeout(entry.timer);
      for (const waiter of entry.waiters ?? []) waiter.resolve();
    }
    this.entries.clear();
  }

  private create(conversationId: string, last: number, now: number): Entry {
    const entry: Entry = {
      base: last,
      last,
      held: new Map(),
      timer: undefined,
      filling: false,
      catchUp: false,
      interest: 0,
      siteId: undefined,
      at: now,
      failingSince: 0,
      appending: undefined,
      pausedAt: 0,
      waiters: undefined,
    };
    this.entries.set(conversationId, entry);
    return entry;
  }

  /** Starts an unknown window just below `seq` or the lowest held frame, whichever is lower. */
  private startWindow(entry: Entry, seq: number): void {
    let lowest = seq;
    for (const held of entry.held.keys()) if (held < lowest) lowest = held;
    entry.base = entry.last = lowest - 1;
  }

  private hold(entry: Entry, conversationId: string, stored: StoredFrame): void {
    if (stored.ack !== undefined) this.acksHeld += 1;
    const current = entry.held.get(stored.seq);
    if (!current) entry.held.set(stored.seq, { stored, more: undefined });
    else if (stored.ack === undefined) this.duplicatesDropped += 1;
    else if (current.stored.ack === undefined) current.stored = stored;
    else (current.more ??= []).push(stored);
    this.schedule(entry, conversationId, this.gapWaitMs);
  }

  private emit(entry: Entry, stored: StoredFrame, delayed: boolean): void {
    entry.last = stored.seq;
    if (delayed && stored.origin !== undefined) this.echoesSuppressed += 1;
    this.deliver(stored, 'everyone');
  }

  private emitHeld(entry: Entry, held: Held): void {
    this.emit(entry, held.stored, true);
    for (const other of held.more ?? []) this.deliver(other, 'sender');
  }

  private drain(entry: Entry, conversationId: string): void {
    if (entry.filling || entry.last === unknown) return;
    for (;;) {
      const next = entry.held.get(entry.last + 1);
      if (!next) break;
      entry.held.delete(entry.last + 1);
      this.emitHeld(entry, next);
    }
    // Anything at or below the window that was held meanwhile (a fill delivered it) is a duplicate.
    for (const [seq, held] of entry.held) {
      if (seq > entry.last) continue;
      entry.held.delete(seq);
      this.duplicatesDropped += 1;
      for (const stored of [held.stored, ...(held.more ?? [])])
        if (stored.ack !== undefined) this.deliver(stored, 'sender');
    }
    if (entry.held.size === 0 && entry.timer && !entry.catchUp) {
      clearTimeout(entry.timer);
      entry.timer = undefined;
    }
    this.wake(entry, false);
    // A hand-off waits for more than the bus brought: read the store for it.
    if (entry.waiters) {
      entry.catchUp = true;
      this.schedule(entry, conversationId, 0);
    }
  }

  /** Lets waiting hand-offs ask again: those whose sequence was reached, or all of them (`all`). */
  private wake(entry: Entry, all: boolean): void {
    if (!entry.waiters) return;
    const ready = entry.waiters.filter((waiter) => all || (entry.last !== unknown && entry.last >= waiter.seq));
    if (ready.length === 0) return;
    entry.waiters = entry.waiters.filter((waiter) => !ready.includes(waiter));
    if (entry.waiters.length === 0) entry.waiters = undefined;
    for (const waiter of ready) waiter.resolve();
  }

  private unwait(entry: Entry, waiter: Waiter): void {
    const index = entry.waiters?.indexOf(waiter) ?? -1;
    if (index < 0) return;
    entry.waiters!.splice(index, 1);
    if (entry.waiters!.length === 0) entry.waiters = undefined;
    waiter.resolve();
  }

  private schedule(entry: Entry, conversationId: string, delayMs: number): void {
    if (entry.timer || entry.filling) return;
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      this.fire(entry, conversationId);
    }, delayMs);
    entry.timer.unref?.();
  }

  private fire(entry: Entry, conversationId: string): void {
    // A fill is running (a catch-up started it): it schedules what is left when it ends.
    if (entry.filling) return;
    if (entry.last === unknown) {
      // Still waiting for this relay's own appends in flight: they settle or fail within the store's deadline.
      if (entry.held.size > 0) this.schedule(entry, conversationId, this.gapWaitMs);
      return;
    }
    let target = Number.POSITIVE_INFINITY;
    for (const seq of entry.held.keys()) if (seq < target) target = seq;
    if (entry.held.size === 0 && !entry.catchUp) return;
    const reason = entry.held.size > 0 ? 'gap' : 'catch-up';
    if (reason === 'catch-up') entry.catchUp = false;
    this.fill(entry, conversationId, target, reason).then(
      () => {
        entry.failingSince = 0;
      },
      (error: unknown) => {
        this.options.onError?.(error);
        if (reason === 'catch-up') entry.catchUp = true;
        const now = Date.now();
        entry.failingSince ||= now;
        if (entry.held.size > 0 && now - entry.failingSince >= this.giveUpMs) {
          this.giveUp(entry, conversationId);
          return;
        }
        this.schedule(entry, conversationId, Math.min(1000, this.giveUpMs / 5));
      },
    );
  }

  /**
   * The store stays unreadable: delivers what is held, in order, rather than hold it forever. The SDK notices the
   * gap on the next live message and asks for history once the store is back.
   */
  private giveUp(entry: Entry, conversationId: string): void {
    entry.failingSince = 0;
    for (const seq of [...entry.held.keys()].sort((a, b) => a - b)) {
      const held = entry.held.get(seq)!;
      entry.held.delete(seq);
      entry.base = Math.max(entry.base, seq - 1);
      this.emitHeld(entry, held);
    }
    this.options.onGiveUp?.(conversationId);
    this.wake(entry, true);
  }

  /**
   * Reads `(last, target)` from the store (or everything after `last` when `target` is infinite) and delivers
   * it in order, using a held frame where there is one. A message whose frame never came is delivered to the
   * conversation and the site's staff alike: if its publisher died or Redis lost it, staff missed it too (if it
   * is only late, its frame is dropped when it comes). Stops before a message this relay is still appending.
   */
  private async fill(
    entry: Entry,
    conversationId: string,
    target: number,
    reason: FillReport['reason'],
  ): Promise<number> {
    entry.filling = true;
    let delivered = 0;
    let fromSeq = 0;
    let toSeq = 0;
    let paused = false;
    try {
      const siteId = (entry.siteId ??= await this.options.source.siteOf(conversationId));
      read: for (;;) {
        const messages = await this.options.source.messagesAfter(conversationId, entry.last, pageSize);
        for (const message of messages) {
          if (message.seq <= entry.last) continue;
          if (message.seq >= target) break read;
          const held = entry.held.get(message.seq);
          if (held?.stored.ack === undefined && entry.appending?.has(message.clientId)) {
            // Ours, still settling: its settlement delivers it, leaving the sender out and acking it in place.
            paused = true;
            entry.pausedAt = message.seq;
            break read;
          }
          entry.held.delete(message.seq);
          if (held) {
            this.emitHeld(entry, held);
            continue;
          }
          const stored = {
            conversationId,
            seq: message.seq,
            siteId,
            frame: messageFrame(message),
            note: message.kind === 'note',
          };
          this.emit(entry, stored, true);
          this.filled += 1;
          delivered += 1;
          fromSeq ||= message.seq;
          toSeq = message.seq;
        }
        if (messages.length < pageSize) break;
      }
    } finally {
      entry.filling = false;
    }
    if (paused && target === Number.POSITIVE_INFINITY) entry.catchUp = true;
    if (delivered > 0) {
      if (reason === 'gap') this.gapFills += 1;
      this.options.onFill?.({ conversationId, fromSeq, toSeq, frames: delivered, reason });
    }
    this.drain(entry, conversationId);
    this.wake(entry, true);
    // What is still held (above another gap, or waiting for an append in flight) and any catch-up owed: again.
    if (entry.held.size > 0 || entry.catchUp) this.schedule(entry, conversationId, this.gapWaitMs);
    return delivered;
  }
}
