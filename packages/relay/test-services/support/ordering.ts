/**
 * The ordering guarantee of docs/scaling.md, checked on one connection's frames for one conversation, as the
 * scale-out suites assert it. For each conversation, on each connection:
 *
 * - `message` frames and acks of fresh messages (`duplicate: false`) carry strictly increasing sequences: nothing
 *   out of order, nothing twice, never a message after (or before) the ack of the same message;
 * - no `message` frame of a message after its ack (fresh or duplicate) on that connection: no echo;
 * - neither a message nor an ack comes ahead of a lower sequence the connection may see (staff: every message and
 *   note; visitors: every message but notes) that it does not have yet: below its resume cursor, or received.
 *
 * A duplicate ack (the answer to a resend) may carry a sequence the connection already has.
 */
import type { ServerFrame } from '@parley/protocol';

/** What a connection held before its frames, and which sequences it may see. */
export interface ConnectionStart {
  /**
   * The connection had every sequence up to here before its first frame: a visitor's resume cursor (0 for a
   * fresh one). Undefined for a staff connection without one: its floor is set by the first `history` page it
   * gets for the conversation (which the test requests before it writes there), and until then only order and
   * echoes are checked.
   */
  readonly cursor: number | undefined;
  /** Sequences of private notes in the conversation: a visitor never gets them, so they are no gap for it. */
  readonly notes: ReadonlySet<number>;
  readonly role: 'visitor' | 'staff';
}

/** The outcome of {@link checkConnection}. */
export interface ConnectionAccount {
  /** Each way the frames break the guarantee, in words (empty: none). */
  readonly violations: string[];
  /** Every sequence the connection holds at the end: up to its cursor, and what it received. */
  readonly held: ReadonlySet<number>;
  /** The floor the checks ran from (undefined: never set, for a staff connection that asked for no history). */
  readonly floor: number | undefined;
}

/** Checks one connection's frames for one conversation against the guarantee (see the module notes). */
export function checkConnection(
  frames: readonly ServerFrame[],
  conversationId: string,
  start: ConnectionStart,
): ConnectionAccount {
  const violations: string[] = [];
  const held = new Set<number>();
  const acked = new Set<number>();
  let floor = start.cursor;
  let high = start.cursor ?? 0;
  const visible = (seq: number): boolean => start.role === 'staff' || !start.notes.has(seq);
  const missingBelow = (seq: number): number | undefined => {
    if (floor === undefined) return undefined;
    for (let m = floor + 1; m < seq; m++) if (visible(m) && !held.has(m)) return m;
    return undefined;
  };
  frames.forEach((frame, index) => {
    const at = `frame ${index}`;
    if (frame.type === 'message' && frame.message.conversationId === conversationId) {
      const { seq } = frame.message;
      if (acked.has(seq)) violations.push(`${at}: message ${seq} after its own ack (an echo)`);
      else if (seq <= high) violations.push(`${at}: message ${seq} after ${high} (out of order or twice)`);
      if (!visible(seq)) violations.push(`${at}: note ${seq} reached a visitor`);
      const missing = missingBelow(seq);
      if (missing !== undefined) violations.push(`${at}: message ${seq} ahead of ${missing}, not had yet`);
      held.add(seq);
      high = Math.max(high, seq);
    } else if (frame.type === 'ack' && frame.conversationId === conversationId) {
      const { seq, duplicate } = frame;
      if (!duplicate && seq <= high) violations.push(`${at}: ack ${seq} after ${high} (out of order, or an echo)`);
      const missing = missingBelow(seq);
      if (missing !== undefined) violations.push(`${at}: ack ${seq} ahead of message ${missing}, not had yet`);
      held.add(seq);
      acked.add(seq);
      high = Math.max(high, seq);
    } else if (frame.type === 'history' && frame.conversationId === conversationId) {
      for (const message of frame.messages) held.add(message.seq);
      floor ??= 0;
    }
  });
  if (start.cursor !== undefined) for (let seq = 1; seq <= start.cursor; seq++) held.add(seq);
  return { violations, held, floor };
}

/** Sequences in `(floor, last]` that the connection may see and does not hold. */
export function missingSeqs(account: ConnectionAccount, last: number, start: ConnectionStart): number[] {
  const missing: number[] = [];
  for (let seq = (account.floor ?? 0) + 1; seq <= last; seq++) {
    if ((start.role === 'staff' || !start.notes.has(seq)) && !account.held.has(seq)) missing.push(seq);
  }
  return missing;
}
