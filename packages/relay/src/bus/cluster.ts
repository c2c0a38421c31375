import type { Redis } from 'ioredis';
import type { Bus } from './bus.js';

/** Receives a control message published by another relay. */
export type ControlHandler = (origin: string, data: unknown) => void;

/**
 * A bus shared by several relays (today: {@link RedisBus}). Besides frames it carries control messages between
 * relays (presence and connection counts), orders each conversation's stored messages and acks (it knows this
 * relay's appends in flight and the conversations its visitors follow, to catch them up after an outage), and
 * lends its command connection to the modules that keep shared state in Redis.
 *
 * Modules reach it through {@link isClusterBus}, so that nothing of it runs with the default local bus.
 */
export interface ClusterBus extends Bus {
  /** This relay's id on the bus (unique per process start). */
  readonly relayId: string;
  /** Key prefix for everything the relays keep in Redis. */
  readonly prefix: string;
  /** The command connection (fails fast while Redis is down: no offline queue). */
  readonly redis: Redis;
  /** True while the command connection is ready. */
  commandsReady(): boolean;
  /** One of this relay's appends to the conversation is in flight (see `SeqOrderer.appending`). */
  appending(conversationId: string, clientId: string): void;
  /** The append has settled: stored at `seq` (its message is published next), or failed (no `seq`). */
  appended(conversationId: string, clientId: string, seq?: number): void;
  /**
   * A local visitor connection holding every message through `cursor` wants to subscribe: true when it may now
   * (and it counts as local interest), or a promise to await before asking again (see `SeqOrderer.follow`).
   */
  follow(conversationId: string, siteId: string, cursor: number): true | Promise<void>;
  /** A visitor connection that followed the conversation has closed. */
  release(conversationId: string): void;
  /** Publishes a control message to the other relays (not to this one). */
  publishControl(kind: string, data: unknown): void;
  onControl(kind: string, handler: ControlHandler): void;
  /** Hands a frame to this relay's subscribers only. */
  deliverLocal(topic: string, frame: string): void;
  /** Another relay vanished without saying goodbye (killed): catch up what it may have stored but not published. */
  relayLost(): void;
  /** Called each time the command connection becomes ready: at start, and after an outage. */
  onCommandsReady(handler: () => void): void;
  /** Called when closing, before the connections are closed. */
  onClosing(handler: () => Promise<void> | void): void;
}

/** True when `bus` is shared between relays. */
export function isClusterBus(bus: Bus): bus is ClusterBus {
  return 'publishControl' in bus;
}
