// The `message.created` event the bench's webhook jobs carry: what (w) writes into the relay's outbox, and what
// bench/diagnostics/outbox-update.mjs measures the outbox's writes with, so both speak of the same payload.

/** A visitor's message of 186 characters, as (w)'s events carry. */
export const BENCH_MESSAGE_TEXT = 'Hello, I would like to know whether my order has shipped yet. '.repeat(3);

/**
 * Job `i` of a pass whose ids start with `prefix`, over `conversations` conversations: its conversation, its place
 * in it, and its event (`text` the message's).
 */
export function benchWebhookEvent({ prefix, i, conversations, now, text = BENCH_MESSAGE_TEXT }) {
  const conversationId = `c_${prefix}${String(i % conversations).padStart(6, '0')}`;
  const seq = Math.floor(i / conversations) + 1;
  const event = {
    id: `evt_${prefix}${String(i).padStart(8, '0')}`,
    type: 'message.created',
    createdAt: now,
    siteId: 'default',
    data: {
      message: {
        id: String(i + 1),
        conversationId,
        seq,
        kind: 'text',
        text,
        author: { role: 'visitor', id: `v_${prefix}${i % conversations}` },
        createdAt: now,
        attachments: [],
      },
    },
  };
  return { conversationId, seq, event };
}
