import type { Message, ServerFrame } from '@parley/protocol';
import type { Metrics } from '../metrics.js';
import type { Socket } from './connection.js';

/** Where settled appends go: the metrics, and the core (the ack and the fan-out, in order). */
export interface SettledOutput {
  readonly metrics: Pick<Metrics, 'framesOut' | 'ackLatency'>;
  /**
   * Hands one settled append to the core (`ChatCore.appendSettled`): `ack` for the sender's socket (undefined
   * when it has closed), and the message for everyone else.
   */
  settled(message: Message, siteId: string, origin: Socket, ack: string | undefined, duplicate: boolean): void;
}

interface Settled {
  readonly ws: Socket;
  readonly ack: ServerFrame;
  readonly receivedAt: number;
  readonly message: Message;
  readonly siteId: string;
  /** A resend of a message stored before (the ack says so too). */
  readonly duplicate: boolean;
}

/**
 * Sends the acks and fans out the messages of appends that settle together. A store resolves every append of a
 * committed batch in one go, so their callbacks run back to back, outside any uWS handler. `add` queues them, and
 * one microtask after the last (when the batch's callbacks have all run), `flush` walks the batch in order and
 * hands each append to the core, which queues the ack on the sender's connection topic and publishes the message
 * from the sender's socket, which uWS leaves out of the fan-out: the sender has its ack (other connections of the
 * same visitor or staff member still get the message). Between relays the core's bus puts the ack in sequence
 * order with the conversation first: it waits behind a lower message this relay has not delivered yet.
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

  /** Queues the ack and the fan-out of one append that has settled. */
  add(ws: Socket, ack: ServerFrame, receivedAt: number, message: Message, siteId: string, duplicate: boolean): void {
    this.#queue.push({ ws, ack, receivedAt, message, siteId, duplicate });
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => this.flush());
  }

  /** Hands over everything settled so far; see the class notes. */
  flush(): void {
    this.#scheduled = false;
    const queue = this.#queue;
    this.#queue = [];
    const now = Date.now();
    const { output } = this;
    for (const { ws, ack, receivedAt, message, siteId, duplicate } of queue) {
      // A closed socket gets no ack, but its message was stored and still goes to everyone else.
      let frame: string | undefined;
      if (ws.getUserData().phase !== 'closed') {
        frame = JSON.stringify(ack);
        output.metrics.ackLatency.observe(now - receivedAt);
        output.metrics.framesOut += 1;
      }
      output.settled(message, siteId, ws, frame, duplicate);
    }
  }
}
