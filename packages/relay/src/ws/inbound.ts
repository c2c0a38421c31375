import { decodeClientFrame, type ClientFrame } from '@parley/protocol';
import { hello } from './hello.js';
import { history } from './history.js';
import { closeSocket, sendError, sendFrame, storeFailed } from './outbound.js';
import { delivered, read, typing } from './receipts.js';
import { send } from './send.js';
import type { Socket, StaffPeer } from './connection.js';
import type { WsContext } from './ws-context.js';

/** Frames a client may pipeline behind its hello before the welcome. */
const maxQueuedFrames = 32;
/** Consecutive rate-limit refusals before the connection is closed. */
const maxStrikes = 20;

/**
 * Handles one incoming WebSocket message: a binary frame ends the connection (1003, RFC 6455's answer: every frame
 * is JSON text), then size and rate limits, decoding, then {@link dispatch}. Text frames that are not UTF-8 never
 * get here: uWS fails their connection itself (see `invalidUtf8Close`).
 */
export function onMessage(ctx: WsContext, ws: Socket, data: ArrayBuffer, isBinary = false): void {
  const conn = ws.getUserData();
  if (conn.phase === 'closed') return;
  ctx.metrics.framesIn += 1;
  if (isBinary) return closeSocket(ctx, ws, 'binary_frame');
  if (data.byteLength > ctx.config.maxFrameBytes) {
    sendError(ctx, ws, 'frame_too_large', { message: `Frames are limited to ${ctx.config.maxFrameBytes} bytes.` });
    return;
  }
  if (conn.phase === 'hello') {
    // The hello is being answered; keep pipelined frames (uWS reuses `data`, so copy it) for after the welcome.
    if (conn.queued && conn.queued.length < maxQueuedFrames) conn.queued.push(data.slice(0));
    else closeSocket(ctx, ws, 'protocol_error', 'too many frames before welcome');
    return;
  }
  const now = Date.now();
  const wait = Math.max(conn.bucket.take(now), ctx.ipLimits.take(conn.ip, now));
  if (wait > 0) {
    conn.strikes += 1;
    if (conn.strikes > maxStrikes) closeSocket(ctx, ws, 'rate_limited');
    else sendError(ctx, ws, 'rate_limited', { ref: refOf(data), retryAfterMs: wait });
    return;
  }
  conn.strikes = 0;
  const decoded = decodeClientFrame(data);
  if (!decoded.ok) {
    sendError(ctx, ws, decoded.error.code, { message: decoded.error.message, ref: decoded.error.ref });
    return;
  }
  dispatch(ctx, ws, decoded.frame, now);
}

function refOf(data: ArrayBuffer): string | undefined {
  const decoded = decodeClientFrame(data);
  if (decoded.ok) {
    const frame = decoded.frame as { id?: string; ref?: string };
    return frame.id ?? frame.ref;
  }
  return decoded.error.ref;
}

/** Routes a decoded frame to its handler; every frame but ping and hello needs a welcomed connection. */
function dispatch(ctx: WsContext, ws: Socket, frame: ClientFrame, receivedAt: number): void {
  const conn = ws.getUserData();
  if (frame.type === 'ping') {
    sendFrame(
      ctx,
      ws,
      frame.ts === undefined
        ? { type: 'pong', serverTime: Date.now() }
        : { type: 'pong', ts: frame.ts, serverTime: Date.now() },
    );
    return;
  }
  if (frame.type === 'hello') {
    if (conn.phase !== 'new') {
      sendError(ctx, ws, 'already_authenticated');
      return;
    }
    conn.phase = 'hello';
    conn.queued = [];
    ctx.pendingHello.delete(ws);
    hello(ctx, ws, frame).then(
      // Frames the client pipelined behind its hello, now that it is welcomed (none if it was not).
      (queued) => {
        for (const data of queued) onMessage(ctx, ws, data);
      },
      (error: unknown) => {
        ctx.log.error('hello failed', { error: String(error), connection: conn.id });
        closeSocket(ctx, ws, 'server_error');
      },
    );
    return;
  }
  const peer = conn.peer;
  if (conn.phase !== 'ready' || peer === undefined) {
    sendError(ctx, ws, 'hello_required', { ref: 'id' in frame ? frame.id : 'ref' in frame ? frame.ref : undefined });
    return;
  }
  if (peer.role === 'staff' && !scopeAllows(ctx, ws, peer, frame)) return;
  switch (frame.type) {
    case 'send':
      send(ctx, ws, peer, frame, receivedAt);
      return;
    case 'history':
      history(ctx, ws, peer, frame).catch((error: unknown) => storeFailed(ctx, ws, error, frame.ref));
      return;
    case 'typing':
      typing(ctx, ws, peer, frame);
      return;
    case 'read':
      read(ctx, ws, peer, frame).catch((error: unknown) => storeFailed(ctx, ws, error, undefined));
      return;
    case 'delivered':
      delivered(ctx, ws, peer, frame);
      return;
    case 'context':
      if (peer.role === 'visitor') {
        peer.context = frame.context;
        ctx.core.visitorSeen(peer.seen(conn.userAgent));
      }
      return;
    default: {
      // A feature's frame (frame-handler.ts): its handler, or unknown when its feature is not part of this relay.
      const ref = frame.ref;
      const handler = ctx.frames.get(frame.type);
      if (!handler) return sendError(ctx, ws, 'unknown_frame', { ref });
      handler.handle(ctx, ws, peer, frame).catch((error: unknown) => storeFailed(ctx, ws, error, ref));
    }
  }
}

/**
 * What a staff frame of the socket's own needs of an API token's scopes: `read` to be given messages, `write` to
 * change anything. A feature's frame says so in its handler (`scope`).
 */
const neededScope: Partial<Record<ClientFrame['type'], 'read' | 'write'>> = {
  history: 'read',
  // A receipt for what the connection was given, which only a reader is.
  delivered: 'read',
  send: 'write',
  // Shown to the visitor as someone answering.
  typing: 'write',
  // Stored: it moves the conversation's unread mark for every colleague.
  read: 'write',
};

/** True when the staff connection may send `frame`; else answers `forbidden` (nothing changed) and returns false. */
function scopeAllows(ctx: WsContext, ws: Socket, peer: StaffPeer, frame: ClientFrame): boolean {
  const needed = neededScope[frame.type] ?? ctx.frames.get(frame.type)?.scope;
  if (needed === undefined || (needed === 'read' ? peer.reads : peer.writes)) return true;
  const ref = 'id' in frame ? frame.id : 'ref' in frame ? frame.ref : undefined;
  sendError(ctx, ws, 'forbidden', { message: `This token lacks the ${needed} scope.`, ref });
  return false;
}
