import type { ErrorCode } from './codes.js';
import type { ClientFrame, ServerFrame } from './frames.js';

/*
 * The wire envelope shared by both directions, without any schema: UTF-8, JSON, an object with a string `type`,
 * then the parser registered for that type. Clients pair it with the compact `decodeServerFrame`
 * (decode-server.ts); the relay with zod's `decodeClientFrame` (decode-client.ts). Keeping zod out of this
 * module is what lets a client bundle leave zod out entirely.
 */

/** Why a frame could not be decoded. `ref` is the frame's `id` or `ref`, when one could be read. */
export interface DecodeError {
  readonly code: Extract<ErrorCode, 'bad_frame' | 'unknown_frame'>;
  readonly message: string;
  readonly ref?: string;
}

/** The outcome of decoding: never throws, whatever arrives on the wire. */
export type DecodeResult<T> =
  { readonly ok: true; readonly frame: T } | { readonly ok: false; readonly error: DecodeError };

/** Why a {@link FrameParser} refused a frame: where inside the frame (`path`, outermost key first) and what is wrong. */
export class InvalidFrame {
  declare readonly message: string;
  declare readonly path: PropertyKey[];

  constructor(message: string, path: PropertyKey[] = []) {
    this.message = message;
    this.path = path;
  }
}

/**
 * Validates the object of one frame type: returns the frame's members to hand over (unknown keys dropped; the
 * `type` is put first by {@link decodeFrame}), or throws {@link InvalidFrame}.
 */
export type FrameParser = (frame: Record<string, unknown>) => unknown;

let textDecoder: TextDecoder | undefined;

function fail(code: DecodeError['code'], message: string, ref?: string): { ok: false; error: DecodeError } {
  return { ok: false, error: ref === undefined ? { code, message } : { code, message, ref } };
}

/**
 * Decodes one frame with the parser registered for its `type`. Binary data must be UTF-8; an unknown `type` is
 * reported as `unknown_frame` (so a server can answer instead of closing), anything else invalid as `bad_frame`.
 */
export function decodeFrame<T>(
  data: string | ArrayBuffer | Uint8Array,
  parsers: Readonly<Record<string, FrameParser>>,
): DecodeResult<T> {
  let value: unknown;
  let failure = 'Frame is not valid UTF-8.';
  try {
    const text =
      typeof data === 'string' ? data : (textDecoder ??= new TextDecoder('utf-8', { fatal: true })).decode(data);
    failure = 'Frame is not valid JSON.';
    value = JSON.parse(text);
  } catch {
    return fail('bad_frame', failure);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('bad_frame', 'Frame must be a JSON object.');
  }
  const record = value as Record<string, unknown>;
  const ref = typeof record.id === 'string' ? record.id : typeof record.ref === 'string' ? record.ref : undefined;
  const type = record.type;
  if (typeof type !== 'string') return fail('bad_frame', 'Frame has no string "type".', ref);
  if (!Object.hasOwn(parsers, type)) return fail('unknown_frame', `Unknown frame type "${type.slice(0, 32)}".`, ref);
  try {
    return { ok: true, frame: { type, ...(parsers[type]!(record) as object) } as T };
  } catch (error) {
    if (!(error instanceof InvalidFrame)) throw error;
    // Keys of JSON objects and array indexes: never a symbol, which `join` would refuse.
    const where = error.path.join('.') || 'frame';
    return fail('bad_frame', `Invalid ${type} frame: ${where}: ${error.message}.`, ref);
  }
}

/** Encodes a frame for the wire. */
export function encodeFrame(frame: ClientFrame | ServerFrame): string {
  return JSON.stringify(frame);
}
