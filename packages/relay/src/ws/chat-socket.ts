import { ACCESS_CLOSE, MERGED_CLOSE, SUPPORTED_SUBPROTOCOLS, negotiate } from '@parley/protocol';
import type { TemplatedApp } from 'uWebSockets.js';
import { VisitorTokens, randomId } from '../auth/tokens.js';
import type { SocketConfig } from './socket-config.js';
import type { ChatCore, LocalDelivery } from '../core/chat-core.js';
import type { SocketFiles } from './socket-files.js';
import { topics } from '../core/topics.js';
import { clientAddress } from '../http/client-address.js';
import type { PublicOrigin } from '../http/public-origin.js';
import { inboxOrigin, ownOrigins } from '../http/admin-http.js';
import { SESSION_COOKIE, sessionSecret, type Accounts } from '../auth/accounts.js';
import { json, jsonError } from '../http/respond.js';
import { ConversationQuotas } from '../limits/conversation-quotas.js';
import type { IpLimits } from '../limits/ip-limits.js';
import { TokenBucket } from '../limits/token-bucket.js';
import { loadUws } from '../uws.js';
import { Connection, type Socket } from './connection.js';
import { frameHandlers, type FrameHandler } from './frame-handler.js';
import { onMessage } from './inbound.js';
import { closeSocket, onDrain } from './outbound.js';
import { OLDER_PROTOCOLS, downgrade, olderProtocol, reachesOlder, twinTopic } from './protocol-versions.js';
import { SettledAppends } from './settled-appends.js';
import { SharedReads } from '../core/shared-reads.js';
import { StaffScopes } from './staff-scopes.js';
import type { WsContext } from './ws-context.js';

/** What uWS says when it fails a connection for a text frame that is not UTF-8. */
const invalidUtf8 = 'Received invalid UTF-8';
/** RFC 6455's close code for data that does not match the frame's type (text that is not UTF-8). */
const invalidUtf8Code = 1007;

/**
 * Whether uWS closed the connection for a text frame that was not UTF-8. uWS checks every text frame before the
 * relay sees it and, on bad bytes, drops the connection without a close frame (the client sees 1006, not RFC
 * 6455's 1007; uWS.js has no setting for it), so 1007 is no close of the catalog. The frame never reaches the
 * relay, so nothing of it is stored; the relay counts the close as 1007 in its metrics.
 */
function invalidUtf8Close(code: number, message: ArrayBuffer): boolean {
  return code === 1006 && message.byteLength === invalidUtf8.length && Buffer.from(message).toString() === invalidUtf8;
}

/** What {@link ChatSocketEndpoint} is built from. */
export interface ChatSocketOptions {
  readonly config: SocketConfig;
  readonly core: ChatCore;
  readonly ipLimits: IpLimits;
  /** Signs visitor tokens. */
  readonly relaySecret: string;
  /** Whether the relay sends email (the welcome tells visitors); absent without the email feature. */
  readonly email?: { readonly enabled: boolean } | undefined;
  /** Files in messages (protocol 3); without it sends with files are refused. */
  readonly files?: SocketFiles | undefined;
  /** The features' handlers of their frame types (`frames` in their parts): `edit`, `transcript`… */
  readonly frames?: readonly FrameHandler[];
  /** Staff accounts: a staff hello with neither site key nor token signs in with the upgrade's session cookie. */
  readonly accounts?: Accounts | undefined;
  /** Where the signed addresses of files point (never the upgrade's `Host`). */
  readonly publicOrigin: PublicOrigin;
}

/**
 * The WebSocket endpoint `/v1/ws`: upgrades (subprotocol, per-address connection limit), each connection's
 * life (open, frames, drain, close), the sweep that closes connections silent past the hello timeout or slow
 * past the backpressure limit, and the core's local delivery over uWS topics.
 */
export class ChatSocketEndpoint implements LocalDelivery {
  readonly #sockets = new Set<Socket>();
  /** Where the slow-consumer check goes on at the next sweep (see {@link sweep}). */
  #slowCursor: Iterator<Socket> | undefined;
  readonly #ctx: WsContext;
  #app: TemplatedApp | undefined;
  #closing = false;
  #quotasSweptAt = 0;
  /**
   * Open connections per older protocol (index 1 and 2): while a protocol has none here, its twin topics are not
   * published to, so a relay with current clients only publishes each frame once.
   */
  readonly #olderSockets = [0, 0, 0];
  /** Open connections of any older protocol. */
  #olderTotal = 0;
  readonly #publicUrl: string | undefined;

  constructor(private readonly options: ChatSocketOptions) {
    const { config, core, ipLimits } = options;
    this.#publicUrl = config.publicUrl;
    this.#ctx = {
      config,
      store: core.store,
      sitesByKey: new SharedReads((key) => core.store.getSiteByKey(key)),
      log: core.log,
      metrics: core.metrics,
      core,
      visitorTokens: new VisitorTokens(options.relaySecret),
      publicOrigin: options.publicOrigin,
      ipLimits,
      quotas: new ConversationQuotas(config),
      settled: new SettledAppends({
        metrics: core.metrics,
        settled: (message, siteId, origin, ack, duplicate) =>
          core.appendSettled(message, siteId, origin, ack, duplicate),
      }),
      pendingHello: new Map(),
      email: options.email,
      files: options.files,
      frames: frameHandlers(options.frames ?? []),
      accounts: options.accounts,
      scopes: new StaffScopes({
        lookup: (siteId, conversationId) => core.conversationScope(siteId, conversationId),
        send: (topic, frame, origin) => this.publish(topic, frame, origin),
        warn: (message, fields) => core.log.warn(message, fields),
      }),
    };
  }

  /** Open WebSocket connections. */
  get size(): number {
    return this.#sockets.size;
  }

  /** Serves `/v1/ws` on `app`. */
  register(app: TemplatedApp): void {
    this.#app = app;
    const { config, ipLimits, core } = this.options;
    const ctx = this.#ctx;
    const { uws } = loadUws();
    app.ws<Connection>('/v1/ws', {
      compression: uws.DISABLED,
      // Frames up to 4× the limit get an error frame (`frame_too_large`); larger ones are cut by uWS (close 1009).
      maxPayloadLength: config.maxFrameBytes * 4,
      idleTimeout: Math.max(8, Math.ceil((config.heartbeatMs * 2) / 1000)),
      sendPingsAutomatically: true,
      // uWS silently skips a receiver past maxBackpressure. Set it far above our limit, so nothing is skipped
      // before the sweep (every 250 ms) closes the socket with the documented 4009; past it, uWS drops the socket
      // outright (1006). 64 MiB: a fan-out can queue ~20 MB for one socket within a sweep, and the uWS of Node.js 24
      // then dropped the socket first at 16 MiB.
      maxBackpressure: Math.max(config.maxBackpressureBytes * 64, 64 * 1024 * 1024),
      closeOnBackpressureLimit: true,
      upgrade: (res, req, context) => {
        const offered = req.getHeader('sec-websocket-protocol');
        const key = req.getHeader('sec-websocket-key');
        const extensions = req.getHeader('sec-websocket-extensions');
        const origin = req.getHeader('origin');
        const userAgent = req.getHeader('user-agent');
        const cookie = req.getHeader('cookie');
        const host = req.getHeader('host');
        const ip = clientAddress(
          Buffer.from(res.getRemoteAddressAsText()).toString(),
          req.getHeader('x-forwarded-for'),
          config.trustProxy,
        );
        const protocol = negotiate(offered);
        if (!protocol) {
          jsonError(
            res,
            'unsupported_protocol',
            `Offer a supported protocol in Sec-WebSocket-Protocol: ${SUPPORTED_SUBPROTOCOLS.join(', ')} (offered: ${offered || 'none'}).`,
          );
          return;
        }
        if (this.#closing) {
          json(res, 503, { error: { code: 'internal', message: 'The relay is shutting down; retry shortly.' } });
          return;
        }
        if (!ipLimits.canConnect(ip)) {
          jsonError(res, 'too_many_connections', `At most ${config.maxConnectionsPerIp} connections per address.`);
          return;
        }
        const now = Date.now();
        const bucket = new TokenBucket(config.rateLimitBurst, config.rateLimitPerSecond, now);
        const conn = new Connection(randomId('s'), protocol, ip, origin, userAgent, now, bucket);
        // The inbox's session cookie, kept for a staff hello that carries no token. A visitor's upgrade (from another
        // site: a SameSite=Strict cookie never comes along) costs one header read.
        if (cookie.includes(SESSION_COOKIE)) {
          const secret = sessionSecret(cookie);
          if (secret !== undefined)
            conn.browserSession = {
              secret,
              originOk: inboxOrigin(
                config.adminAllowedOrigins,
                origin,
                ownOrigins(
                  { host, 'x-forwarded-proto': req.getHeader('x-forwarded-proto') },
                  config.trustProxy,
                  this.#publicUrl,
                ),
              ),
              host,
            };
        }
        res.upgrade(conn, key, protocol, extensions, context);
      },
      open: (ws) => {
        const conn = ws.getUserData();
        this.#sockets.add(ws);
        this.#countOlder(ws, 1);
        ipLimits.opened(conn.ip);
        ctx.pendingHello.set(ws, conn.openedAt);
        ctx.metrics.connectionsOpened += 1;
      },
      message: (ws, data, isBinary) => onMessage(ctx, ws, data, isBinary),
      drain: (ws) => onDrain(ctx, ws),
      close: (ws, code, message) => {
        const conn = ws.getUserData();
        const wasReady = conn.phase === 'ready' || conn.phase === 'hello';
        conn.phase = 'closed';
        onDrain(ctx, ws);
        if (this.#sockets.delete(ws)) this.#countOlder(ws, -1);
        ctx.pendingHello.delete(ws);
        ipLimits.closed(conn.ip);
        ctx.metrics.closed(invalidUtf8Close(code, message) ? invalidUtf8Code : code);
        const peer = conn.peer;
        // However it closed (by the relay too): a member who saw only some conversations stops following them here.
        if (conn.scopedTopic !== undefined && peer?.role === 'staff') {
          conn.scopedTopic = undefined;
          ctx.scopes.leave(peer.site.id, peer.staff.id);
        }
        if (!wasReady || !peer || this.#closing) return;
        if (peer.role === 'staff') {
          core.presence.staffLeft(peer.site.id, peer.staff.id);
          core.staffClosed(peer.session);
        } else {
          if (peer.following) core.unfollow(peer.conversationId);
          core.presence.visitorLeft(peer.site.id, peer.conversationId);
        }
      },
    });
  }

  /** {@link LocalDelivery}: hands a frame to this relay's subscribers of the topic, leaving `origin` out. */
  publish(topic: string, frame: string, origin?: unknown, conversationId?: string): void {
    // A site's staff topic, where some member here sees only some conversations: they get theirs on topics of their own.
    const scopes = this.#ctx.scopes;
    if (scopes.active && topic.startsWith('s/')) scopes.publish(topic.slice(2), frame, origin, conversationId);
    const sender = origin as Socket | undefined;
    // uWS leaves the publishing socket out. Only a ready socket may publish: it is a uWS subscriber (a socket
    // that is none publishes to nobody), and not closed.
    const fromSender = sender !== undefined && sender.getUserData().phase === 'ready';
    // Nobody here on the topic (a site whose staff are all elsewhere or offline): uWS would still copy the frame
    // to UTF-8 before finding no one; the count reads only the topic's name.
    const app = this.#app;
    if (app !== undefined && app.numSubscribers(topic) > 0) {
      if (fromSender) sender.publish(topic, frame, false, false);
      else app.publish(topic, frame, false, false);
    }
    // The twins of a shared topic (a connection's own topic has none: it is subscribed in its own version).
    if (this.#olderTotal === 0 || topic.startsWith('x/') || !reachesOlder(frame)) return;
    for (const version of OLDER_PROTOCOLS) {
      if (this.#olderSockets[version] === 0) continue;
      const twin = twinTopic(version, topic);
      const older = downgrade(frame, version);
      if (fromSender) sender.publish(twin, older, false, false);
      else app?.publish(twin, older, false, false);
    }
  }

  #countOlder(ws: Socket, change: 1 | -1): void {
    const older = olderProtocol(ws);
    if (older === undefined) return;
    this.#olderSockets[older]! += change;
    this.#olderTotal += change;
  }

  /**
   * {@link LocalDelivery}: queues a frame on the socket's own connection topic rather than sending it, so that uWS
   * keeps it in publish order with the socket's fan-out and writes it in the same `send()`.
   */
  reply(origin: unknown, frame: string): void {
    const ws = origin as Socket;
    const conn = ws.getUserData();
    if (conn.phase === 'closed') return;
    // Subscribed at the first reply, not at open: a topic of its own costs uWS about 0.6 KiB a socket, and most
    // visitors connect without ever writing. Subscribing now is in time: a socket receives what is published
    // after it subscribed, in publish order with everything else queued for it.
    let topic = conn.replyTopic;
    if (topic === undefined) {
      topic = conn.replyTopic = topics.connection(conn.id);
      ws.subscribe(topic);
    }
    this.#app?.publish(topic, frame, false, false);
  }

  /** {@link LocalDelivery}: this relay's subscribers of the topic. */
  subscribers(topic: string): number {
    const app = this.#app;
    if (!app) return 0;
    let count = app.numSubscribers(topic);
    if (this.#olderTotal > 0)
      for (const version of OLDER_PROTOCOLS)
        if (this.#olderSockets[version]! > 0) count += app.numSubscribers(twinTopic(version, topic));
    return count;
  }

  /** Closes connections silent past the hello timeout, and slow consumers. Called every 250 ms by the server. */
  sweep(now: number): void {
    const ctx = this.#ctx;
    if (now - this.#quotasSweptAt > 60_000) {
      this.#quotasSweptAt = now;
      ctx.quotas.sweep(now);
    }
    for (const [ws, openedAt] of ctx.pendingHello) {
      if (now - openedAt > this.options.config.helloTimeoutMs) {
        ctx.pendingHello.delete(ws);
        closeSocket(ctx, ws, 'hello_timeout');
      }
    }
    // Topic fan-out happens inside uWS; a socket whose queue grows past the limit is closed here with 4009 and
    // catches up by sequence when it reconnects, so nothing is lost. The sockets are checked in turn, a bounded
    // number per sweep (issue #37: nothing scans every connection each second): with few connections every one is
    // checked each time, with many a round takes longer. A Set's iterator stays valid as sockets come and go.
    const { maxBackpressureBytes: limit, slowChecksPerSweep } = this.options.config;
    const checks = Math.min(slowChecksPerSweep, this.#sockets.size);
    for (let i = 0; i < checks; i++) {
      let next = (this.#slowCursor ??= this.#sockets.values()).next();
      if (next.done) next = (this.#slowCursor = this.#sockets.values()).next();
      if (next.done) break;
      const ws = next.value;
      if (!ws.getUserData().replaying && ws.getBufferedAmount() > limit) closeSocket(ctx, ws, 'slow_consumer');
    }
  }

  /** Refuses new connections from now on (503). */
  stopAccepting(): void {
    this.#closing = true;
  }

  /** {@link LocalDelivery}: closes the visitor connections of a merged conversation; they reconnect into the result. */
  closeVisitors(conversationId: string): void {
    for (const ws of this.#sockets) {
      const conn = ws.getUserData();
      if (conn.phase === 'closed' || conn.peer?.role !== 'visitor' || conn.peer.conversationId !== conversationId)
        continue;
      conn.phase = 'closed';
      ws.end(MERGED_CLOSE.code, MERGED_CLOSE.reason);
    }
  }

  /** {@link LocalDelivery}: closes the staff connections of a site; they reconnect into what they may see now. */
  closeStaff(siteId: string): void {
    for (const ws of this.#sockets) {
      const conn = ws.getUserData();
      if (conn.phase === 'closed' || conn.peer?.role !== 'staff' || conn.peer.site.id !== siteId) continue;
      ws.end(ACCESS_CLOSE.code, ACCESS_CLOSE.reason);
    }
  }

  /** Closes every connection with 1001 going away. */
  closeAll(): void {
    this.#closing = true;
    for (const ws of [...this.#sockets]) closeSocket(this.#ctx, ws, 'going_away');
    this.#sockets.clear();
  }
}
