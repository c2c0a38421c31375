import * as z from 'zod/mini';
import { InvalidFrame, decodeFrame, type DecodeResult, type FrameParser } from './codec.js';
import {
  ContextUpdate,
  DeliveredRequest,
  Hello,
  HistoryRequest,
  Ping,
  ReadRequest,
  Send,
  TypingRequest,
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

const clientParsers = /* @__PURE__ */ schemaParsers({
  hello: Hello,
  send: Send,
  history: HistoryRequest,
  typing: TypingRequest,
  read: ReadRequest,
  delivered: DeliveredRequest,
  context: ContextUpdate,
  ping: Ping,
} satisfies Record<ClientFrame['type'], z.ZodMiniType<unknown>>);

/**
 * Decodes a frame sent by a client, with the zod schemas of frames.ts. Unknown fields are dropped; an unknown
 * `type` is reported as `unknown_frame` so the server can answer with an error frame instead of closing.
 */
export function decodeClientFrame(data: string | ArrayBuffer | Uint8Array): DecodeResult<ClientFrame> {
  return decodeFrame<ClientFrame>(data, clientParsers);
}
