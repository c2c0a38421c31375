/**
 * A stored message on its way to subscribers: the unit a bus orders per conversation. Every relay hands it to
 * the conversation's visitors (not for a note) and to the site's staff, in sequence order.
 */
export interface StoredFrame {
  readonly conversationId: string;
  readonly seq: number;
  /** The site whose staff get it; `undefined` only on frames of older relays, which sent the staff's copy apart. */
  readonly siteId: string | undefined;
  /** The `message` frame, serialised once. */
  readonly frame: string;
  /** A private note: staff only, never the conversation's visitors. */
  readonly note: boolean;
  /**
   * Only on the relay that stored it: the sender's connection, opaque to the bus. It is left out of the fan-out
   * and gets {@link StoredFrame.ack} instead, at the message's place in the conversation. Never sent to other
   * relays.
   */
  readonly origin?: unknown;
  /** The `ack` frame for {@link StoredFrame.origin}. */
  readonly ack?: string;
}

/**
 * Who gets a stored frame: `everyone` (the conversation's visitors and the site's staff; its sender, the ack),
 * or `sender` (a sequence delivered already: only the ack of a resend is still owed).
 */
export type Reach = 'everyone' | 'sender';

/** Receives every plain frame published on any relay sharing the bus, once per relay. */
export type Deliver = (topic: string, frame: string) => void;

/** Receives the frames of stored messages, in sequence order per conversation, once per relay. */
export type DeliverStored = (stored: StoredFrame, reach: Reach) => void;

/** What a bus hands this relay. */
export interface BusHandlers {
  readonly frame: Deliver;
  readonly stored: DeliverStored;
}

/**
 * Fan-out between relays. The relay publishes plain frames to a topic and stored messages with their sequence;
 * the bus hands them to every relay (this one included), which forwards them to its local subscribers through
 * uWS topics.
 */
export interface Bus {
  /** `local` or `redis`, reported in `/healthz`. */
  readonly kind: string;
  start(handlers: BusHandlers): Promise<void>;
  /** A frame with no place in a conversation's sequence (typing, receipts, presence). */
  publish(topic: string, frame: string): void;
  /** A stored message (or the ack of a resend of one). */
  publishStored(stored: StoredFrame): void;
  /** False while the bus cannot deliver (e.g. Redis is down). */
  healthy(): boolean;
  close(): Promise<void>;
}
