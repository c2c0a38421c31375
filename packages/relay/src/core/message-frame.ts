import type { Message, ServerFrame } from '@parley/protocol';

/** What a message's frame holds before the message's JSON (`JSON.stringify` keeps the literal's order). */
const HEAD = '{"type":"message","message":';

/**
 * The frame every relay publishes for a stored message (to its conversation and its site's staff), built the same way
 * for messages read from the store: `{"type":"message","message":…}`.
 */
export function messageFrame(message: Message): string {
  return JSON.stringify({ type: 'message', message } satisfies ServerFrame);
}

/** `JSON.stringify(message)` as {@link messageFrame} holds it: a slice of the frame, not serialised again. */
export function messageJsonOf(frame: string): string {
  return frame.slice(HEAD.length, -1);
}
