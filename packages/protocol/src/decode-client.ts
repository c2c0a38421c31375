import * as z from 'zod/mini';
import { InvalidFrame, decodeFrame, type DecodeResult, type FrameParser } from './codec.js';
import { LIMITS } from './limits.js';
import { AttachmentIds, EMPTY_TEXT, QuickReplies, Rating, ReplyRef } from './frames.js';
import { NOT_VERBATIM, isVerbatim } from './verbatim.js';
import { PrechatGiven } from './prechat-form.js';
import {
  ContextUpdate,
  DeleteRequest,
  DeliveredRequest,
  EditRequest,
  Hello,
  HistoryRequest,
  Ping,
  ReadRequest,
  Send,
  TranscriptRequest,
  EmailGiven,
  TypingRequest,
  ConversationsRequest,
  PastRequest,
  ContinueRequest,
  type ClientFrame,
} from './frames.js';

/**
 * Frame parsers from zod schemas, one per frame type: how the relay decodes what clients send, and the reference
 * the compact server-frame decoder is tested against.
 */
export function schemaParsers(schemas: Readonly<Record<string, z.ZodMiniType<unknown>>>): Record<string, FrameParser> {
  const parsers: Record<string, FrameParser> = {};
  for (const [type, schema] of Object.entries(schemas)) {
    parsers[type] = (frame) => {
      const parsed = z.safeParse(schema, frame);
      if (parsed.success) return parsed.data;
      const issue = parsed.error.issues[0];
      throw new InvalidFrame(issue?.message ?? 'invalid', issue?.path);
    };
  }
  return parsers;
}

const idRule = new RegExp(`^[A-Za-z0-9_-]{1,${LIMITS.maxIdLength}}$`);
const anId = `an id of 1–${LIMITS.maxIdLength} characters A–Z a–z 0–9 _ -`;

/** A member of a frame that is not what its schema says. */
function refuse(key: string, expected: string): never {
  throw new InvalidFrame(`expected ${expected}`, [key]);
}

/**
 * `Send` of frames.ts, checked by hand: every message a relay stores comes in this frame, and zod's generic walk
 * of the object costs about twice as much per frame. test/decode-client.test.ts keeps it in lock-step with the
 * schema (the same output, and the same verdict and offending field on a generated corpus of invalid frames); a
 * change to `Send` must be made here too.
 */
function parseSend(frame: Record<string, unknown>): unknown {
  const { id, conversationId, text, note, buttons, rating, reply, attachments } = frame;
  if (typeof id !== 'string' || !idRule.test(id)) refuse('id', anId);
  const out: Record<string, unknown> = { type: 'send', id };
  if (conversationId !== undefined) {
    if (typeof conversationId !== 'string' || !idRule.test(conversationId)) refuse('conversationId', anId);
    out.conversationId = conversationId;
  }
  if (typeof text !== 'string' || text.length > LIMITS.maxTextLength) {
    refuse('text', `a string of 0–${LIMITS.maxTextLength} characters`);
  }
  if (!isVerbatim(text)) throw new InvalidFrame(NOT_VERBATIM, ['text']);
  out.text = text;
  if (note !== undefined) {
    if (typeof note !== 'boolean') refuse('note', 'a boolean');
    out.note = note;
  }
  // Rare members (staff buttons, a visitor's rating or button choice): the schemas' own checks, off the common path.
  if (buttons !== undefined) out.buttons = member('buttons', QuickReplies, buttons);
  if (rating !== undefined) out.rating = member('rating', Rating, rating);
  if (reply !== undefined) out.reply = member('reply', ReplyRef, reply);
  if (attachments !== undefined) out.attachments = member('attachments', AttachmentIds, attachments);
  else if (text.length === 0) throw new InvalidFrame(EMPTY_TEXT, ['text']);
  return out;
}

/** A member checked by its schema, failing with the member's name in front of the schema's path. */
function member(key: string, schema: z.ZodMiniType<unknown>, value: unknown): unknown {
  const parsed = z.safeParse(schema, value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new InvalidFrame(issue?.message ?? 'invalid', [key, ...(issue?.path ?? [])]);
}

/** The parsers of every client frame, built on first use. */
const clientFrameParsers = (): Record<string, FrameParser> => ({
  ...schemaParsers({
    hello: Hello,
    send: Send,
    history: HistoryRequest,
    typing: TypingRequest,
    read: ReadRequest,
    delivered: DeliveredRequest,
    context: ContextUpdate,
    ping: Ping,
    transcript: TranscriptRequest,
    email: EmailGiven,
    prechat: PrechatGiven,

    edit: EditRequest,
    delete: DeleteRequest,
    conversations: ConversationsRequest,
    past: PastRequest,
    continue: ContinueRequest,
  } satisfies Record<ClientFrame['type'], z.ZodMiniType<unknown>>),
  send: parseSend,
});

let clientParsers: Record<string, FrameParser> | undefined;

/**
 * Decodes a frame sent by a client, with the zod schemas of frames.ts (`send` by a hand-written equivalent). Unknown fields are dropped; an unknown
 * `type` is reported as `unknown_frame` so the server can answer with an error frame instead of closing.
 */
export function decodeClientFrame(data: string | ArrayBuffer | Uint8Array): DecodeResult<ClientFrame> {
  return decodeFrame<ClientFrame>(data, (clientParsers ??= clientFrameParsers()));
}
