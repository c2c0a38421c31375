import {
  CLOSES,
  ERRORS,
  LIMITS,
  SUBPROTOCOL_V1,
  decodeClientFrame,
  type CloseName,
  type ErrorCode,
  type ClientFrame,
  type DeliveredRequestFrame,
  type HelloFrame,
  type HistoryRequestFrame,
  type Message,
  type ReadRequestFrame,
  type SendFrame,
  type ServerFrame,
  type TypingRequestFrame,
} from '@parley/protocol';
import { createHash } from 'node:crypto';
import type { WebSocket } from 'uWebSockets.js';
import { contactSeen, sealEmail, staffSocketReady } from '../admin/admin-services.js';
import { hashToken, randomId, verifyIdentity } from '../auth/tokens.js';
import type { RelayContext } from '../context.js';
import { topics } from '../topics.js';
import type { Connection } from './connection.js';

type Socket = WebSocket<Connection>;

/** Frames a client may pipeline behind its hello before the welcome. */
const maxQueuedFrames = 32;
/** Consecutive rate-limit refusals before the connection is closed. */
const maxStrikes = 20;

/** True once the socket has closed (its handlers may still be awaiting the store). */
function isClosed(ws: Socket): boolean {
  return ws.getUserData().phase === 'closed';
}

/** Sends one frame to one socket. Returns false when the socket is gone. */
export function sendFrame(ctx: RelayContext, ws: Socket, frame: ServerFrame): boolean {
  const conn = ws.getUserData();
  if (conn.phase === 'closed') return false;
  const status = ws.send(JSON.stringify(frame), false, false);
  ctx.metrics.framesOut += 1;
  if (!conn.replaying && (status === 2 || ws.getBufferedAmount() > ctx.config.maxBackpressureBytes))
    closeSocket(ctx, ws, 'slow_consumer');
  return true;
}

/**
 * Sends stored messages page by page, waiting for the socket to drain between pages, so that a long replay to a
 * healthy client is paced instead of being mistaken for a slow consumer.
 */
async function sendPage(ctx: RelayContext, ws: Socket, messages: readonly Message[]): Promise<void> {
  const conn = ws.getUserData();
  conn.replaying = true;
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

/** Called from the socket's drain and close events: lets a paused replay go on. */
export function onDrain(ctx: RelayContext, ws: Socket): void {
  const conn = ws.getUserData();
  if (conn.drained && (conn.phase === 'closed' || ws.getBufferedAmount() <= ctx.config.maxBackpressureBytes / 2)) {
    const resume = conn.drained;
    conn.drained = undefined;
    resume();
  }
}

/** Sends an error frame; nothing was changed by the refused frame. */
export function sendError(
  ctx: RelayContext,
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
export function closeSocket(ctx: RelayContext, ws: Socket, name: CloseName, reason?: string): void {
  const conn = ws.getUserData();
  if (conn.phase === 'closed') return;
  if (name === 'slow_consumer') ctx.metrics.slowConsumersClosed += 1;
  const close = CLOSES[name];
  conn.phase = 'closed';
  ws.end(close.code, reason ?? close.reason);
}

/** Handles one incoming WebSocket message. */
export function onMessage(ctx: RelayContext, ws: Socket, data: ArrayBuffer): void {
  const conn = ws.getUserData();
  if (conn.phase === 'closed') return;
  ctx.metrics.framesIn += 1;
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
  const wait = Math.max(conn.bucket.take(now), ctx.ipBucket(conn.ip, now));
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

function dispatch(ctx: RelayContext, ws: Socket, frame: ClientFrame, receivedAt: number): void {
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
    hello(ctx, ws, frame).catch((error: unknown) => {
      ctx.log.error('hello failed', { error: String(error), connection: conn.id });
      closeSocket(ctx, ws, 'server_error');
    });
    return;
  }
  if (conn.phase !== 'ready') {
    sendError(ctx, ws, 'hello_required', { ref: 'id' in frame ? frame.id : 'ref' in frame ? frame.ref : undefined });
    return;
  }
  switch (frame.type) {
    case 'send':
      send(ctx, ws, frame, receivedAt);
      return;
    case 'history':
      history(ctx, ws, frame).catch((error: unknown) => storeFailed(ctx, ws, error, frame.ref));
      return;
    case 'typing':
      typing(ctx, ws, frame);
      return;
    case 'read':
      read(ctx, ws, frame).catch((error: unknown) => storeFailed(ctx, ws, error, undefined));
      return;
    case 'delivered':
      delivered(ctx, ws, frame);
      return;
    case 'context':
      if (conn.role === 'visitor') {
        conn.context = frame.context;
        contactSeen(ctx, conn);
      }
      return;
  }
}

function storeFailed(ctx: RelayContext, ws: Socket, error: unknown, ref: string | undefined): void {
  ctx.log.warn('store operation failed', { error: String(error) });
  sendError(ctx, ws, 'store_unavailable', { ref, retryAfterMs: 1000 });
}

// ---- hello -----------------------------------------------------------------------------------------------

async function hello(ctx: RelayContext, ws: Socket, frame: HelloFrame): Promise<void> {
  if (frame.staffToken !== undefined) await helloStaff(ctx, ws, frame, frame.staffToken);
  else if (frame.siteKey !== undefined) await helloVisitor(ctx, ws, frame, frame.siteKey);
  else {
    sendError(ctx, ws, 'unauthorized', { message: 'hello needs a siteKey (visitors) or a staffToken (staff).' });
    closeSocket(ctx, ws, 'unauthorized');
    return;
  }
  const conn = ws.getUserData();
  if (conn.phase !== 'hello') return;
  conn.phase = 'ready';
  const queued = conn.queued ?? [];
  conn.queued = undefined;
  for (const data of queued) onMessage(ctx, ws, data);
}

function originAllowed(allowed: readonly string[], origin: string): boolean {
  // Non-browser clients send no Origin; origin checks protect browser pages from being used cross-site.
  if (origin === '') return true;
  return allowed.includes('*') || allowed.includes(origin);
}

async function helloVisitor(ctx: RelayContext, ws: Socket, frame: HelloFrame, siteKey: string): Promise<void> {
  const conn = ws.getUserData();
  const site = await ctx.store.getSiteByKey(siteKey);
  if (isClosed(ws)) return;
  if (!site) return void closeSocket(ctx, ws, 'unauthorized', 'unknown site key');
  if (!originAllowed(site.allowedOrigins, conn.origin)) return void closeSocket(ctx, ws, 'origin_refused');

  let visitorId: string | undefined;
  let conversationId: string | undefined;
  let verified = false;
  if (frame.user) {
    if (!verifyIdentity(site.identitySecret, frame.user.id, frame.user.hash))
      return void closeSocket(ctx, ws, 'identity_refused');
    verified = true;
    visitorId = `u_${createHash('sha256').update(`${site.id}\0${frame.user.id}`).digest('base64url').slice(0, 22)}`;
    conversationId = (await ctx.store.findConversationByVisitor(site.id, visitorId))?.id;
  } else if (site.requireIdentity) {
    return void closeSocket(ctx, ws, 'identity_refused', 'this site requires identified users');
  }
  if (frame.visitorToken !== undefined) {
    const claims = ctx.visitorTokens.verify(frame.visitorToken);
    if (claims && claims.siteId === site.id && (visitorId === undefined || claims.visitorId === visitorId)) {
      visitorId = claims.visitorId;
      conversationId ??= claims.conversationId;
    } else if (!claims || claims.siteId !== site.id) {
      // A forged, expired or foreign token grants nothing: the connection continues as a new visitor.
      sendError(ctx, ws, 'unauthorized', {
        message: 'The visitor token is not valid here; continuing as a new visitor.',
        ref: 'hello',
      });
    }
  }
  visitorId ??= randomId('v');
  if (conversationId !== undefined) {
    const existing = await ctx.store.getConversation(conversationId);
    if (existing && (existing.siteId !== site.id || existing.visitorId !== visitorId)) conversationId = undefined;
  }
  conversationId ??= randomId('c');
  const conversation = await ctx.store.getConversation(conversationId);
  if (isClosed(ws)) return;

  const name = frame.user?.name ?? frame.name;
  const email = frame.user?.email ?? frame.email;
  conn.role = 'visitor';
  conn.site = site;
  conn.visitorId = visitorId;
  conn.conversationId = conversationId;
  // Only ciphertext reaches the store (AES-256-GCM under the data key); see admin/email-cipher.ts.
  conn.profile = { name, email: sealEmail(ctx, email), verified };
  conn.author = name === undefined ? { role: 'visitor', id: visitorId } : { role: 'visitor', id: visitorId, name };
  if (frame.context) conn.context = frame.context;
  contactSeen(ctx, conn, email);

  sendFrame(ctx, ws, {
    type: 'welcome',
    protocol: SUBPROTOCOL_V1,
    sessionId: conn.id,
    role: 'visitor',
    site: { id: site.id, name: site.name },
    visitorToken: ctx.visitorTokens.sign({ siteId: site.id, visitorId, conversationId }),
    visitorId,
    conversationId,
    lastSeq: conversation?.lastSeq ?? 0,
    readSeq: conversation?.staffReadSeq ?? 0,
    staffOnline: ctx.presence.staffOnline(site.id),
    heartbeatMs: ctx.config.heartbeatMs,
    limits: { maxFrameBytes: ctx.config.maxFrameBytes, maxTextLength: LIMITS.maxTextLength },
    serverTime: Date.now(),
  });
  ws.subscribe(topics.visitors(site.id));
  const cursor = frame.resume?.[conversationId];
  await replayThenSubscribe(ctx, ws, conversationId, cursor ?? conversation?.lastSeq ?? 0);
  if (isClosed(ws)) return;
  ctx.presence.visitorJoined(site.id, conversationId);
}

/**
 * Sends the visitor every stored message after `cursor`, then subscribes them to live traffic, with no gap and
 * no duplicate: the last step takes what was published meanwhile from {@link RelayContext.recent} and
 * subscribes in the same synchronous turn.
 */
async function replayThenSubscribe(
  ctx: RelayContext,
  ws: Socket,
  conversationId: string,
  cursor: number,
): Promise<void> {
  const topic = topics.conversation(conversationId);
  const page = LIMITS.maxHistoryPage;
  for (;;) {
    const messages = await ctx.store.messagesAfter(conversationId, cursor, page);
    if (isClosed(ws)) return;
    if (messages.length > 0) {
      await sendPage(ctx, ws, messages);
      if (isClosed(ws)) return;
      cursor = messages[messages.length - 1]!.seq;
    }
    if (messages.length === page) continue;
    const tail = ctx.recent.after(conversationId, cursor);
    if (tail === undefined) continue;
    ws.cork(() => {
      for (const frame of tail) ws.send(frame, false, false);
    });
    ws.subscribe(topic);
    ws.getUserData().replaying = false;
    return;
  }
}

async function helloStaff(ctx: RelayContext, ws: Socket, frame: HelloFrame, token: string): Promise<void> {
  const conn = ws.getUserData();
  const staff = await ctx.store.findStaffByTokenHash(hashToken(token));
  if (isClosed(ws)) return;
  if (!staff) return void closeSocket(ctx, ws, 'unauthorized', 'unknown staff token');
  if (staff.revokedAt !== null) return void closeSocket(ctx, ws, 'revoked');
  const site = await ctx.store.getSite(staff.siteId);
  if (isClosed(ws)) return;
  if (!site) return void closeSocket(ctx, ws, 'unauthorized', 'unknown staff token');
  conn.role = 'staff';
  conn.site = site;
  conn.staff = staff;
  conn.author = { role: 'staff', id: staff.id, name: staff.name };
  staffSocketReady(ctx, ws);
  ctx.presence.staffJoined(site.id);
  sendFrame(ctx, ws, {
    type: 'welcome',
    protocol: SUBPROTOCOL_V1,
    sessionId: conn.id,
    role: 'staff',
    site: { id: site.id, name: site.name },
    staff: { id: staff.id, name: staff.name, role: staff.role },
    staffOnline: ctx.presence.staffOnline(site.id),
    heartbeatMs: ctx.config.heartbeatMs,
    limits: { maxFrameBytes: ctx.config.maxFrameBytes, maxTextLength: LIMITS.maxTextLength },
    serverTime: Date.now(),
  });
  // Staff follow every conversation of the site through one topic. They subscribe first and replay after, so
  // nothing is missed; a message may then arrive twice or early, which clients order and dedupe by sequence.
  ws.subscribe(topics.staff(site.id));
  for (const [conversationId, after] of Object.entries(frame.resume ?? {}).slice(0, LIMITS.maxResumeCursors)) {
    const conversation = await ctx.store.getConversation(conversationId);
    if (!conversation || conversation.siteId !== site.id) continue;
    let cursor = after;
    for (;;) {
      const messages = await ctx.store.messagesAfter(conversationId, cursor, LIMITS.maxHistoryPage, {
        includeNotes: true,
      });
      if (isClosed(ws)) return;
      await sendPage(ctx, ws, messages);
      if (isClosed(ws)) return;
      if (messages.length < LIMITS.maxHistoryPage) break;
      cursor = messages[messages.length - 1]!.seq;
    }
  }
  conn.replaying = false;
}

// ---- conversation access ---------------------------------------------------------------------------------

/**
 * The conversation a frame addresses, if this connection may use it. Visitors may only name their own; staff any
 * of their site's. Answers with an error frame and resolves `undefined` otherwise.
 */
async function conversationFor(
  ctx: RelayContext,
  ws: Socket,
  requested: string | undefined,
  ref: string | undefined,
): Promise<{ id: string; siteId: string; visitorId: string } | undefined> {
  const conn = ws.getUserData();
  if (conn.role === 'visitor') {
    if (requested !== undefined && requested !== conn.conversationId) {
      sendError(ctx, ws, 'forbidden', { message: 'Visitors may only use their own conversation.', ref });
      return undefined;
    }
    return { id: conn.conversationId!, siteId: conn.site!.id, visitorId: conn.visitorId! };
  }
  if (requested === undefined) {
    sendError(ctx, ws, 'bad_frame', { message: 'Staff must name the conversationId.', ref });
    return undefined;
  }
  const conversation = await ctx.conversations.get(requested);
  if (isClosed(ws)) return undefined;
  if (!conversation || conversation.siteId !== conn.site!.id) {
    sendError(ctx, ws, 'not_found', { message: 'No such conversation on this site.', ref });
    return undefined;
  }
  return conversation;
}

// ---- send ------------------------------------------------------------------------------------------------

function send(ctx: RelayContext, ws: Socket, frame: SendFrame, receivedAt: number): void {
  const conn = ws.getUserData();
  if (frame.note && conn.role !== 'staff') {
    sendError(ctx, ws, 'forbidden', { message: 'Only staff may write private notes.', ref: frame.id });
    return;
  }
  if (conn.role === 'visitor' && (frame.conversationId === undefined || frame.conversationId === conn.conversationId)) {
    // The hot path: no lookup needed for a visitor's own conversation.
    store(ctx, ws, frame, { id: conn.conversationId!, siteId: conn.site!.id, visitorId: conn.visitorId! }, receivedAt);
    return;
  }
  conversationFor(ctx, ws, frame.conversationId, frame.id)
    .then((conversation) => {
      if (conversation) store(ctx, ws, frame, conversation, receivedAt);
    })
    .catch((error: unknown) => storeFailed(ctx, ws, error, frame.id));
}

function store(
  ctx: RelayContext,
  ws: Socket,
  frame: SendFrame,
  conversation: { id: string; siteId: string; visitorId: string },
  receivedAt: number,
): void {
  const conn = ws.getUserData();
  const kind: Message['kind'] = frame.note ? 'note' : 'text';
  const pending = ctx.store.append({
    siteId: conversation.siteId,
    conversationId: conversation.id,
    visitorId: conversation.visitorId,
    clientId: frame.id,
    author: conn.author!,
    text: frame.text,
    kind,
    ...(conn.role === 'visitor' && conn.profile ? { profile: conn.profile } : {}),
  });
  ctx.track(
    pending.then(
      ({ message, duplicate }) => {
        if (duplicate) ctx.metrics.duplicatesAcked += 1;
        else {
          ctx.metrics.messagesStored += 1;
          ctx.conversations.remember(conversation);
        }
        const ack: ServerFrame = {
          type: 'ack',
          id: frame.id,
          messageId: message.id,
          conversationId: message.conversationId,
          seq: message.seq,
          ts: message.ts,
          duplicate,
        };
        storedAppends.add(ctx, ws, ack, receivedAt, duplicate ? undefined : { message, siteId: conversation.siteId });
      },
      (error: unknown) => storeFailed(ctx, ws, error, frame.id),
    ),
  );
}

// ---- after a commit: acks and fan-out --------------------------------------------------------------------

interface Settled {
  readonly ctx: RelayContext;
  readonly ws: Socket;
  readonly ack: ServerFrame;
  readonly receivedAt: number;
  /** The new message to fan out; undefined for a duplicate (it was fanned out when first stored). */
  readonly publish: { readonly message: Message; readonly siteId: string } | undefined;
}

/**
 * Sends the acks and fans out the messages of appends that settle together. A store resolves every append of a
 * committed batch in one go, so their callbacks run back to back, outside any uWS handler. `add` queues them, and
 * one microtask after the last (when the batch's callbacks have all run), `flush` walks the batch in order and,
 * for each append, queues the ack on the sender's connection topic ({@link RelayContext.queueFrame}), then
 * publishes the new message from the sender's socket, which uWS leaves out of the fan-out: the sender has its
 * ack (other connections of the same visitor or staff member still get the message).
 *
 * uWS queues everything published to a socket in publish order and writes the queue in one `send()` at the end
 * of the event-loop turn. So each socket gets all of a batch's frames (its acks and everyone else's messages)
 * in one write, and in sequence order per conversation: never a higher sequence before the ack of a lower one
 * (clients catch up on a gap in live messages, and would ask for history for nothing).
 */
export class SettledAppends {
  #queue: Settled[] = [];
  #scheduled = false;

  /** Queues the ack (and the fan-out of a new message) of one append that has settled. */
  add(ctx: RelayContext, ws: Socket, ack: ServerFrame, receivedAt: number, publish: Settled['publish']): void {
    this.#queue.push({ ctx, ws, ack, receivedAt, publish });
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => this.flush());
  }

  /** Queues everything settled so far; see the class notes. */
  flush(): void {
    this.#scheduled = false;
    const queue = this.#queue;
    this.#queue = [];
    const now = Date.now();
    for (const { ctx, ws, ack, receivedAt, publish } of queue) {
      // A closed socket gets no ack, but its message was stored and still goes to everyone else.
      if (ws.getUserData().phase !== 'closed') {
        ctx.queueFrame(ws, JSON.stringify(ack));
        ctx.metrics.ackLatency.observe(now - receivedAt);
        ctx.metrics.framesOut += 1;
      }
      if (publish) ctx.publishMessage(publish.message, publish.siteId, ws);
    }
  }
}

const storedAppends = new SettledAppends();

// ---- history, typing, receipts ---------------------------------------------------------------------------

async function history(ctx: RelayContext, ws: Socket, frame: HistoryRequestFrame): Promise<void> {
  const conversation = await conversationFor(ctx, ws, frame.conversationId, frame.ref);
  if (!conversation) return;
  const conn = ws.getUserData();
  const limit = frame.limit ?? 50;
  const options = { includeNotes: conn.role === 'staff' };
  const messages =
    frame.before !== undefined
      ? await ctx.store.messagesBefore(conversation.id, frame.before, limit + 1, options)
      : await ctx.store.messagesAfter(conversation.id, frame.after ?? 0, limit + 1, options);
  const hasMore = messages.length > limit;
  if (hasMore) {
    if (frame.before !== undefined) messages.shift();
    else messages.pop();
  }
  sendFrame(ctx, ws, { type: 'history', ref: frame.ref, conversationId: conversation.id, messages, hasMore });
}

function typing(ctx: RelayContext, ws: Socket, frame: TypingRequestFrame): void {
  const conn = ws.getUserData();
  const publish = (conversationId: string): void => {
    const event = JSON.stringify({
      type: 'typing',
      conversationId,
      author: conn.author!,
      active: frame.active,
    } satisfies ServerFrame);
    ctx.bus.publish(topics.staff(conn.site!.id), event);
    if (conn.role === 'staff') ctx.bus.publish(topics.conversation(conversationId), event);
  };
  if (conn.role === 'visitor' && (frame.conversationId === undefined || frame.conversationId === conn.conversationId)) {
    publish(conn.conversationId!);
    return;
  }
  conversationFor(ctx, ws, frame.conversationId, undefined)
    .then((conversation) => conversation && publish(conversation.id))
    .catch((error: unknown) => storeFailed(ctx, ws, error, undefined));
}

async function read(ctx: RelayContext, ws: Socket, frame: ReadRequestFrame): Promise<void> {
  const conversation = await conversationFor(ctx, ws, frame.conversationId, undefined);
  if (!conversation) return;
  const conn = ws.getUserData();
  const by = conn.role === 'staff' ? 'staff' : 'visitor';
  const seq = await ctx.store.markRead(conversation.id, by, frame.seq);
  if (seq === undefined) return;
  const event = JSON.stringify({ type: 'read', conversationId: conversation.id, seq, by } satisfies ServerFrame);
  ctx.bus.publish(topics.staff(conversation.siteId), event);
  ctx.bus.publish(topics.conversation(conversation.id), event);
}

function delivered(ctx: RelayContext, ws: Socket, frame: DeliveredRequestFrame): void {
  const conn = ws.getUserData();
  const publish = (conversation: { id: string; siteId: string }): void => {
    const by = conn.role === 'staff' ? 'staff' : 'visitor';
    const event = JSON.stringify({
      type: 'delivered',
      conversationId: conversation.id,
      seq: frame.seq,
      by,
    } satisfies ServerFrame);
    ctx.bus.publish(by === 'staff' ? topics.conversation(conversation.id) : topics.staff(conversation.siteId), event);
  };
  if (conn.role === 'visitor' && (frame.conversationId === undefined || frame.conversationId === conn.conversationId)) {
    publish({ id: conn.conversationId!, siteId: conn.site!.id });
    return;
  }
  conversationFor(ctx, ws, frame.conversationId, undefined)
    .then((conversation) => conversation && publish(conversation))
    .catch((error: unknown) => storeFailed(ctx, ws, error, undefined));
}
