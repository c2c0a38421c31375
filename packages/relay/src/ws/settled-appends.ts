import type { Message, ServerFrame } from '@parley/protocol';
import type { Metrics } from '../metrics.js';
import type { Socket } from './connection.js';

/** Where settled appends go: the sender's connection topic, the metrics, and the core's fan-out. */
export interface SettledOutput {
  readonly metrics: Pick<Metrics, 'framesOut' | 'ackLatency'>;
  /** Queues a frame on the socket's connection topic, behind what was published to the socket before. */
  queueFrame(ws: Socket, frame: string): void;
  /** Fans a stored message out, leaving `origin` out locally (see {@link ChatCore.publishMessage}). */
  publishMessage(message: Message, siteId: string, origin: Socket): void;
}

interface Settled {
  readonly ws: Socket;
  readonly ack: ServerFrame;
  readonly receivedAt: number;
  /** The new message to fan out; undefined for a duplicate (it was fanned out when first stored). */
  readonly publish: { readonly message: Message; readonly siteId: string } | undefined;
}

/**
 * Sends the acks and fans out the messages of appends that settle together. A store resolves every append of a
 * committed batch in one go, so their callbacks run back to back, outside any uWS handler. `add` queues them, and
 * one microtask after the last (when the batch's callbacks have all run), `flush` walks the batch in order and,
 * for each append, queues the ack on the sender's connection topic, then publishes the new message from the
 * sender's socket, which uWS leaves out of the fan-out: the sender has its ack (other connections of the same
 * visitor or staff member still get the message).
 *
 * uWS queues everything published to a socket in publish order and writes the queue in one `send()` at the end
 * of the event-loop turn. So each socket gets all of a batch's frames (its acks and everyone else's messages)
 * in one write, and in sequence order per conversation: never a higher sequence before the ack of a lower one
 * (clients catch up on a gap in live messages, and would ask for history for nothing).
 *
 * One per relay, made by the WebSocket endpoint.
 */
export class SettledAppends {
  #queue: Settled[] = [];
  #scheduled = false;

  constructor(private readonly output: SettledOutput) {}

  /** Queues the ack (and the fan-out of a new message) of one append that has settled. */
  add(ws: Socket, ack: ServerFrame, receivedAt: number, publish: Settled['publish']): void {
    this.#queue.push({ ws, ack, receivedAt, publish });
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => this.flush());
  }

  /** Queues everything settled so far; see the class notes. */
  flush(): void {
    this.#scheduled = false;
    const queue = this.#queue;
    this.#queue = [];
    const now = Date.now();
    const { output } = this;
    for (const { ws, ack, receivedAt, publish } of queue) {
      // A closed socket gets no ack, but its message was stored and still goes to everyone else.
      if (ws.getUserData().phase !== 'closed') {
        output.queueFrame(ws, JSON.stringify(ack));
        output.metrics.ackLatency.observe(now - receivedAt);
        output.metrics.framesOut += 1;
      }
      if (publish) output.publishMessage(publish.message, publish.siteId, ws);
    }
  }
}
