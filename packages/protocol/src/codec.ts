import * as z from 'zod/mini';
import type { ErrorCode } from './codes.js';
import {
  Ack,
  ContextUpdate,
  ConversationEvent,
  DeliveredEvent,
  DeliveredRequest,
  ErrorFrame,
  Hello,
  HistoryPage,
  HistoryRequest,
  MessageDelivery,
  Ping,
  Pong,
  PresenceEvent,
  ReadEvent,
  ReadRequest,
  Send,
  TypingEvent,
  TypingRequest,
  Welcome,
  type ClientFrame,
  type ServerFrame,
} from './frames.js';

/** Why a frame could not be decoded. `ref` is the frame's `id` or `ref`, when one could be read. */
export interface DecodeError {
  readonly code: Extract<ErrorCode, 'bad_frame' | 'unknown_frame'>;
  readonly message: string;
  readonly ref?: string;
}

/** The outcome of decoding: never throws, whatever arrives on the wire. */
export type DecodeResult<T> = { readonly ok: true; readonly frame: T } | { readonly ok: false; readonly error: DecodeError };

type AnySchema = z.ZodMiniType<unknown>;

const clientSchemas: Record<ClientFrame['type'], AnySchema> = {
  hello: Hello,
  send: Send,
  history: HistoryRequest,
  typing: TypingRequest,
  read: ReadRequest,
  delivered: DeliveredRequest,
  context: ContextUpdate,
  ping: Ping,
};

const serverSchemas: Record<ServerFrame['type'], AnySchema> = {
  welcome: Welcome,
  ack: Ack,
  message: MessageDelivery,
  history: HistoryPage,
  typing: TypingEvent,
  read: ReadEvent,
  delivered: DeliveredEvent,
  presence: PresenceEvent,
  error: ErrorFrame,
  pong: Pong,
  conversation: ConversationEvent,
};

const textDecoder = new TextDecoder('utf-8', { fatal: true });

function fail(code: DecodeError['code'], message: string, ref?: string): { ok: false; error: DecodeError } {
  return { ok: false, error: ref === undefined ? { code, message } : { code, message, ref } };
}

function decodeWith<T>(schemas: Record<string, AnySchema>, data: string | ArrayBuffer | Uint8Array): DecodeResult<T> {
  let text: string;
  if (typeof data === 'string') {
    text = data;
  } else {
    try {
      text = textDecoder.decode(data);
    } catch {
      return fail('bad_frame', 'Frame is not valid UTF-8.');
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('bad_frame', 'Frame is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('bad_frame', 'Frame must be a JSON object.');
  }
  const record = value as Record<string, unknown>;
  const ref = typeof record.id === 'string' ? record.id : typeof record.ref === 'string' ? record.ref : undefined;
  const type = record.type;
  if (typeof type !== 'string') return fail('bad_frame', 'Frame has no string "type".', ref);
  const schema = Object.hasOwn(schemas, type) ? schemas[type] : undefined;
  if (!schema) return fail('unknown_frame', `Unknown frame type "${type.slice(0, 32)}".`, ref);
  const parsed = z.safeParse(schema, value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'frame';
    return fail('bad_frame', `Invalid ${type} frame: ${where}: ${issue?.message ?? 'invalid'}.`, ref);
  }
  return { ok: true, frame: parsed.data as T };
}

/**
 * Decodes a frame sent by a client. Unknown fields are dropped; an unknown `type` is reported as
 * `unknown_frame` so the server can answer with an error frame instead of closing.
 */
export function decodeClientFrame(data: string | ArrayBuffer | Uint8Array): DecodeResult<ClientFrame> {
  return decodeWith<ClientFrame>(clientSchemas, data);
}

/** Decodes a frame sent by a server (used by clients). */
export function decodeServerFrame(data: string | ArrayBuffer | Uint8Array): DecodeResult<ServerFrame> {
  return decodeWith<ServerFrame>(serverSchemas, data);
}

/** Encodes a frame for the wire. */
export function encodeFrame(frame: ClientFrame | ServerFrame): string {
  return JSON.stringify(frame);
}
