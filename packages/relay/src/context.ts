import type { Message } from '@parley/protocol';
import type { WebSocket } from 'uWebSockets.js';
import type { VisitorTokens } from './auth/tokens.js';
import type { Bus } from './bus/bus.js';
import type { RelayConfig } from './config.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';
import type { Presence } from './presence.js';
import type { RecentFrames } from './recent.js';
import type { Store } from './store/store.js';
import type { Connection } from './ws/connection.js';

/** The conversation facts the hot path needs, cached so staff sends do not read the store each time. */
export interface ConversationRef {
  readonly id: string;
  readonly siteId: string;
  readonly visitorId: string;
}

/** Everything the WebSocket and HTTP handlers share; built once by the relay. */
export interface RelayContext {
  readonly config: RelayConfig;
  readonly store: Store;
  readonly bus: Bus;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly visitorTokens: VisitorTokens;
  readonly presence: Presence;
  readonly recent: RecentFrames;
  readonly conversations: {
    get(id: string): Promise<ConversationRef | undefined>;
    remember(ref: ConversationRef): void;
    forget(id: string): void;
  };
  /** Sockets that have not said hello yet, with the time they opened. */
  readonly pendingHello: Map<WebSocket<Connection>, number>;
  /** Takes a token from the address's bucket; returns ms to wait, 0 when allowed. */
  ipBucket(ip: string, now: number): number;
  /** Registers work that shutdown must wait for (stores in flight, whose acks are still to be sent). */
  track(work: Promise<unknown>): void;
  /**
   * Fans a stored message out to everyone who may see it. With `origin` (the sender's socket, which has its
   * ack), the local fan-out leaves that socket out.
   */
  publishMessage(message: Message, siteId: string, origin?: WebSocket<Connection>): void;
  /**
   * Queues a frame for one socket behind what was published to it before, through its connection topic; uWS
   * writes the queue at the end of the event-loop turn (or before anything sent to the socket directly).
   */
  queueFrame(ws: WebSocket<Connection>, frame: string): void;
}
