import { CLOSES, ERRORS, type CloseName, type ErrorCode, type Message, type ServerFrame } from '@parley/protocol';
import type { Socket } from './connection.js';
import { frameFor } from './protocol-versions.js';
import type { WsContext } from './ws-context.js';

/** True once the socket has closed (its handlers may still be awaiting the store). */
export function isClosed(ws: Socket): boolean {
  return ws.getUserData().phase === 'closed';
}

/** Sends one frame to one socket. Returns false when the socket is gone. */
export function sendFrame(ctx: WsContext, ws: Socket, frame: ServerFrame): boolean {
  const conn = ws.getUserData();
  if (conn.phase === 'closed') return false;
  const text = JSON.stringify(frame);
  const status = ws.send(frameFor(ws, text), false, false);
  ctx.metrics.framesOut += 1;
  if (!conn.replaying && (status === 2 || ws.getBufferedAmount() > ctx.config.maxBackpressureBytes))
    closeSocket(ctx, ws, 'slow_consumer');
  return true;
}

/**
 * Sends stored messages page by page, waiting for the socket to drain between pages, so that a long replay to a
 * healthy client is paced instead of being mistaken for a slow consumer.
 */
export async function sendPage(ctx: WsContext, ws: Socket, stored: Message[]): Promise<void> {
  const conn = ws.getUserData();
  conn.replaying = true;
  const messages = signedPage(ctx, stored);
  ws.cork(() => {
    for (const message of messages) sendFrame(ctx, ws, { type: 'message', message });
  });
  const threshold = ctx.config.maxBackpressureBytes / 2;
  if (conn.phase !== 'closed' && ws.getBufferedAmount() > threshold) {
    await new Promise<void>((resolve) => {
      conn.drained = resolve;
    });
  }
}

/** Stored messages with fresh signed addresses for their files (the same array when none has files). */
export function signedPage(ctx: WsContext, messages: Message[]): Message[] {
  return ctx.files ? ctx.files.signAll(messages, ctx.publicOrigin.href) : messages;
}

/** Called from the socket's drain and close events: lets a paused replay go on. */
export function onDrain(ctx: WsContext, ws: Socket): void {
  const conn = ws.getUserData();
  if (conn.drained && (conn.phase === 'closed' || ws.getBufferedAmount() <= ctx.config.maxBackpressureBytes / 2)) {
    const resume = conn.drained;
    conn.drained = undefined;
    resume();
  }
}

/** Sends an error frame; nothing was changed by the refused frame. */
export function sendError(
  ctx: WsContext,
  ws: Socket,
  code: ErrorCode,
  options: { message?: string; ref?: string | undefined; retryAfterMs?: number } = {},
): void {
  ctx.metrics.error(code);
  const frame: ServerFrame = { type: 'error', code, message: options.message ?? ERRORS[code].message };
  if (options.ref !== undefined) frame.ref = options.ref;
  if (options.retryAfterMs !== undefined) frame.retryAfterMs = options.retryAfterMs;
  sendFrame(ctx, ws, frame);
}

/** Closes a socket with a catalogued close code. */
export function closeSocket(ctx: WsContext, ws: Socket, name: CloseName, reason?: string): void {
  const conn = ws.getUserData();
  if (conn.phase === 'closed') return;
  if (name === 'slow_consumer') ctx.metrics.slowConsumersClosed += 1;
  const close = CLOSES[name];
  conn.phase = 'closed';
  ws.end(close.code, reason ?? close.reason);
}

/** A store operation failed: the client may retry (`store_unavailable` is retryable). */
export function storeFailed(ctx: WsContext, ws: Socket, error: unknown, ref: string | undefined): void {
  ctx.log.warn('store operation failed', { error: String(error) });
  sendError(ctx, ws, 'store_unavailable', { ref, retryAfterMs: 1000 });
}
