/** Where a published frame came from, for resume bookkeeping. */
export interface PublishMeta {
  /** Set when the frame delivers a stored message: its conversation and sequence. */
  readonly conversationId?: string;
  readonly seq?: number;
  /**
   * The local socket that published it, opaque to the bus: handed back with this relay's own delivery (so uWS
   * can leave the sender out), never sent to other relays.
   */
  readonly origin?: unknown;
}

/** Receives every frame published on any relay sharing the bus, once per relay. */
export type Deliver = (topic: string, frame: string, meta: PublishMeta) => void;

/**
 * Fan-out between relays. The relay publishes each frame to a topic; the bus hands it to every relay (this one
 * included), which forwards it to its local subscribers through uWS topics.
 */
export interface Bus {
  /** `local` or `redis`, reported in `/healthz`. */
  readonly kind: string;
  start(deliver: Deliver): Promise<void>;
  publish(topic: string, frame: string, meta?: PublishMeta): void;
  /** False while the bus cannot deliver (e.g. Redis is down). */
  healthy(): boolean;
  close(): Promise<void>;
}
