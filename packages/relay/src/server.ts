import { SUPPORTED_SUBPROTOCOLS, negotiate, type Message, type ServerFrame } from '@parley/protocol';
import { randomBytes } from 'node:crypto';
import type { TemplatedApp, us_listen_socket, WebSocket } from 'uWebSockets.js';
import { VisitorTokens, randomId } from './auth/tokens.js';
import type { Bus, PublishMeta } from './bus/bus.js';
import type { RelayConfig } from './config.js';
import type { ConversationRef, RelayContext } from './context.js';
import { conversationCreated, type AdminServices } from './admin/admin-services.js';
import { registerAdminApi } from './http/admin-api.js';
import { OPENAPI_DOCUMENT } from './http/admin-openapi.js';
import { json, jsonError, respond } from './http/respond.js';
import { serveFile } from './http/static-files.js';
import type { Logger } from './log.js';
import type { HealthProbe } from './health.js';
import { createIpLimits, type IpLimits } from './limits.js';
import { Metrics } from './metrics.js';
import { Presence } from './presence.js';
import { TokenBucket } from './rate-limit.js';
import { RecentFrames } from './recent.js';
import type { Site, Store } from './store/store.js';
import { topics } from './topics.js';
import { fallbackNotes, loadUws } from './uws.js';
import type { Connection } from './ws/connection.js';
import { closeSocket, onDrain, onMessage } from './ws/handlers.js';

/** The package version, reported in `/healthz`. */
export const RELAY_VERSION = '0.1.0';

/** What the relay needs to run, already constructed. */
export interface RelayParts {
  readonly config: RelayConfig;
  readonly store: Store;
  readonly bus: Bus;
  readonly log: Logger;
  /** Signs visitor tokens. */
  readonly relaySecret: string;
  /** The default site, whose key replaces `%PARLEY_SITE_KEY%` in the demo pages. */
  readonly defaultSite: Site | undefined;
  /** Probes a store that lives in another server (PostgreSQL); an embedded store needs none. */
  readonly storeHealth?: HealthProbe;
  /** The admin API's services; without them the relay serves no `/v1/admin` routes. */
  readonly admin?: AdminServices | undefined;
}

type Socket = WebSocket<Connection>;

const maxConversationCache = 10_000;

/**
 * The relay server: one uWS app with the WebSocket endpoint `/v1/ws` and the HTTP routes. `server.ts` wires
 * routes to handlers; the handlers live in `ws/` and `http/`.
 */
export class RelayServer {
  readonly metrics = new Metrics();
  readonly uwsNative: boolean;
  private readonly app: TemplatedApp;
  private readonly ctx: RelayContext;
  private readonly sockets = new Set<Socket>();
  private readonly ipLimits: IpLimits;
  private readonly inFlight = new Set<Promise<unknown>>();
  /**
   * The sender's socket of a message being published, keyed by the publish's meta object: a bus that hands this
   * relay the same object back (the local bus) lets the fan-out skip the sender; any other delivery (another
   * relay's, or a bus that copies meta) finds nothing and goes to every subscriber, which is correct too.
   */
  private listenSocket: us_listen_socket | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private readonly startedAt = Date.now();
  private boundPort = 0;

  constructor(private readonly parts: RelayParts) {
    const { uws, native } = loadUws();
    this.uwsNative = native;
    const { config, store, bus, log } = parts;
    this.ipLimits = createIpLimits(config, bus);
    const conversationCache = new Map<string, ConversationRef>();
    const remember = (ref: ConversationRef): void => {
      if (conversationCache.size >= maxConversationCache)
        conversationCache.delete(conversationCache.keys().next().value!);
      conversationCache.set(ref.id, ref);
    };
    this.ctx = {
      config,
      store,
      bus,
      log,
      metrics: this.metrics,
      visitorTokens: new VisitorTokens(parts.relaySecret),
      presence: new Presence(bus),
      recent: new RecentFrames(),
      pendingHello: new Map(),
      conversations: {
        get: async (id) => {
          const cached = conversationCache.get(id);
          if (cached) return cached;
          const found = await store.getConversation(id);
          if (!found) return undefined;
          const ref = { id: found.id, siteId: found.siteId, visitorId: found.visitorId };
          remember(ref);
          return ref;
        },
        remember,
        forget: (id) => conversationCache.delete(id),
      },
      ipBucket: (ip, now) => this.ipLimits.take(ip, now),
      track: (work) => {
        this.inFlight.add(work);
        void work.finally(() => this.inFlight.delete(work));
      },
      publishMessage: (message, siteId, origin) => this.publishMessage(message, siteId, origin),
      queueFrame: (ws, frame) => void this.app.publish(topics.connection(ws.getUserData().id), frame, false, false),
    };
    this.app = uws.App();
    this.routes();
  }

  /** The port the relay listens on (useful with port 0). */
  get port(): number {
    return this.boundPort;
  }

  /** Open WebSocket connections. */
  get connections(): number {
    return this.sockets.size;
  }

  /** Starts the bus and listens. */
  async listen(): Promise<void> {
    const { uws } = loadUws();
    await this.parts.bus.start((topic, frame, meta) => {
      if (meta.conversationId !== undefined && meta.seq !== undefined)
        this.ctx.recent.record(meta.conversationId, meta.seq, frame, Date.now());
      const origin = meta.origin as Socket | undefined;
      // uWS leaves the publishing socket out. Only a ready socket may publish: it is a uWS subscriber (a socket
      // that is none publishes to nobody), and not closed.
      if (origin && origin.getUserData().phase === 'ready') origin.publish(topic, frame, false, false);
      else this.app.publish(topic, frame, false, false);
    });
    await new Promise<void>((resolve, reject) => {
      this.app.listen(this.parts.config.host, this.parts.config.port, (socket) => {
        if (!socket) {
          reject(
            new Error(
              `Cannot listen on ${this.parts.config.host}:${this.parts.config.port} (in use, or not permitted).`,
            ),
          );
          return;
        }
        this.listenSocket = socket;
        this.boundPort = uws.us_socket_local_port(socket);
        resolve();
      });
    });
    this.sweepTimer = setInterval(() => this.sweep(), 250);
    this.sweepTimer.unref();
  }

  /**
   * Graceful stop: stop accepting, wait for stores in flight (their acks are sent), close every socket with
   * 1001 going away, then close the bus and the store (which commits anything pending).
   */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const { uws } = loadUws();
    if (this.listenSocket) uws.us_listen_socket_close(this.listenSocket);
    this.listenSocket = undefined;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await Promise.allSettled([...this.inFlight]);
    for (const ws of [...this.sockets]) closeSocket(this.ctx, ws, 'going_away');
    this.sockets.clear();
    await this.parts.bus.close();
    await this.parts.storeHealth?.close();
    await this.parts.store.close();
  }

  /** The `/healthz` document. */
  health(): Record<string, unknown> {
    const busHealthy = this.parts.bus.healthy();
    const storeHealth = this.parts.storeHealth?.snapshot();
    const storeHealthy = storeHealth?.healthy ?? true;
    const busStats =
      'stats' in this.parts.bus ? (this.parts.bus as { stats(): Record<string, unknown> }).stats() : undefined;
    return {
      status: this.closing ? 'stopping' : busHealthy && storeHealthy ? 'ok' : 'degraded',
      version: RELAY_VERSION,
      protocols: SUPPORTED_SUBPROTOCOLS,
      uwsNative: this.uwsNative,
      ...(this.uwsNative
        ? {}
        : { uwsFallbackReason: fallbackNotes || 'no native uWebSockets.js binary for this Node.js' }),
      node: process.version,
      store: storeHealth ? { kind: this.parts.store.kind, ...storeHealth } : this.parts.store.kind,
      bus: {
        kind: this.parts.bus.kind,
        healthy: busHealthy,
        ...(busStats ? { reconnects: busStats.reconnects, backlog: busStats.backlog } : {}),
      },
      ...(busStats ? { presence: this.ctx.presence.shared() ? 'shared' : 'local', limits: this.ipLimits.mode() } : {}),
      connections: this.sockets.size,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
    };
  }

  /** Gauges of the store (its group commits, its probe) and the shared bus, when there are any. */
  private dependencyGauges(): Record<string, { help: string; value: number }> {
    const gauges: Record<string, { help: string; value: number }> = {};
    const commits = (this.parts.store as { stats?: { batches: number; appends: number } }).stats;
    if (commits) {
      // Their ratio is the mean group-commit size: how many appends share each transaction (and its fsync).
      gauges.parley_store_commits_total = {
        help: 'Group commits: transactions that stored a batch of appends.',
        value: commits.batches,
      };
      gauges.parley_store_committed_appends_total = {
        help: 'Appends settled by group commits, resends included.',
        value: commits.appends,
      };
    }
    const store = this.parts.storeHealth?.snapshot();
    if (store) {
      gauges.parley_store_healthy = { help: '1 when the store answers its probe.', value: store.healthy ? 1 : 0 };
      gauges.parley_store_probe_failures_total = { help: 'Store probes that failed.', value: store.failures };
      gauges.parley_store_recoveries_total = {
        help: 'Times the store came back after being down.',
        value: store.recoveries,
      };
    }
    const bus = this.parts.bus as { stats?: () => Record<string, number | boolean> };
    if (typeof bus.stats === 'function') {
      const stats = bus.stats();
      const help: Record<string, string> = {
        reconnects: 'Times the bus came back after losing Redis.',
        batchesPublished: 'Batches of frames published to Redis.',
        batchesReceived: 'Batches of frames received from other relays.',
        backlog: 'Batches waiting for Redis to come back.',
        backlogDropped: 'Batches dropped from a full backlog (their messages reach clients by catch-up or resume).',
        framesFilled: 'Frames read from the store to fill a gap or catch up.',
        duplicatesDropped: 'Frames dropped because their sequence was delivered already.',
        conversationsTracked: 'Conversations whose order the bus tracks.',
      };
      for (const [key, text] of Object.entries(help)) {
        const name = `parley_bus_${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}${key === 'backlog' || key === 'conversationsTracked' ? '' : '_total'}`;
        gauges[name] = { help: text, value: Number(stats[key] ?? 0) };
      }
      gauges.parley_presence_shared = {
        help: "1 when presence counts are the cluster's (Redis reachable).",
        value: this.ctx.presence.shared() ? 1 : 0,
      };
      gauges.parley_limits_shared = {
        help: '1 when per-address limits are shared through Redis; 0 when local (fallback).',
        value: this.ipLimits.mode() === 'shared' ? 1 : 0,
      };
    }
    return gauges;
  }

  private publishMessage(message: Message, siteId: string, origin: Socket | undefined): void {
    const frame = JSON.stringify({ type: 'message', message } satisfies ServerFrame);
    if (message.kind !== 'note') {
      const meta: PublishMeta = { conversationId: message.conversationId, seq: message.seq, origin };
      this.parts.bus.publish(`c/${message.conversationId}`, frame, meta);
    }
    this.parts.bus.publish(`s/${siteId}`, frame, origin ? { origin } : undefined);
    conversationCreated(this.ctx, message, siteId);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [ws, openedAt] of this.ctx.pendingHello) {
      if (now - openedAt > this.parts.config.helloTimeoutMs) {
        this.ctx.pendingHello.delete(ws);
        closeSocket(this.ctx, ws, 'hello_timeout');
      }
    }
    // Topic fan-out happens inside uWS; a socket whose queue grows past the limit is closed here with 4009 and
    // catches up by sequence when it reconnects, so nothing is lost.
    const limit = this.parts.config.maxBackpressureBytes;
    for (const ws of this.sockets) {
      if (!ws.getUserData().replaying && ws.getBufferedAmount() > limit) closeSocket(this.ctx, ws, 'slow_consumer');
    }
    this.ipLimits.sweep(now);
    this.ctx.recent.sweep(now);
  }

  private routes(): void {
    const { config } = this.parts;
    const ctx = this.ctx;
    const { uws } = loadUws();
    this.app.ws<Connection>('/v1/ws', {
      compression: uws.DISABLED,
      // Frames up to 4× the limit get an error frame (`frame_too_large`); larger ones are cut by uWS (close 1009).
      maxPayloadLength: config.maxFrameBytes * 4,
      idleTimeout: Math.max(8, Math.ceil((config.heartbeatMs * 2) / 1000)),
      sendPingsAutomatically: true,
      // uWS silently skips a receiver past maxBackpressure. Set it far above our limit, so nothing is skipped
      // before the sweep closes the socket with the documented 4009; past it, uWS drops the socket outright.
      maxBackpressure: Math.max(config.maxBackpressureBytes * 16, 16 * 1024 * 1024),
      closeOnBackpressureLimit: 1,
      upgrade: (res, req, context) => {
        const offered = req.getHeader('sec-websocket-protocol');
        const key = req.getHeader('sec-websocket-key');
        const extensions = req.getHeader('sec-websocket-extensions');
        const origin = req.getHeader('origin');
        const userAgent = req.getHeader('user-agent');
        const forwarded = config.trustProxy ? req.getHeader('x-forwarded-for') : '';
        const ip = forwarded
          ? forwarded.slice(forwarded.lastIndexOf(',') + 1).trim()
          : Buffer.from(res.getRemoteAddressAsText()).toString();
        const protocol = negotiate(offered);
        if (!protocol) {
          jsonError(
            res,
            'unsupported_protocol',
            `Offer a supported protocol in Sec-WebSocket-Protocol: ${SUPPORTED_SUBPROTOCOLS.join(', ')} (offered: ${offered || 'none'}).`,
          );
          return;
        }
        if (this.closing) {
          json(res, 503, { error: { code: 'internal', message: 'The relay is shutting down; retry shortly.' } });
          return;
        }
        if (!this.ipLimits.canConnect(ip)) {
          jsonError(res, 'too_many_connections', `At most ${config.maxConnectionsPerIp} connections per address.`);
          return;
        }
        const now = Date.now();
        const conn: Connection = {
          id: randomId('s'),
          ip,
          origin,
          userAgent,
          openedAt: now,
          phase: 'new',
          queued: undefined,
          replaying: false,
          drained: undefined,
          bucket: new TokenBucket(config.rateLimitBurst, config.rateLimitPerSecond, now),
          strikes: 0,
        };
        res.upgrade(conn, key, protocol, extensions, context);
      },
      open: (ws) => {
        const conn = ws.getUserData();
        this.sockets.add(ws);
        ws.subscribe(topics.connection(conn.id));
        this.ipLimits.opened(conn.ip);
        this.ctx.pendingHello.set(ws, conn.openedAt);
        this.metrics.connectionsOpened += 1;
      },
      message: (ws, data) => onMessage(ctx, ws, data),
      drain: (ws) => onDrain(ctx, ws),
      close: (ws, code) => {
        const conn = ws.getUserData();
        const wasReady = conn.phase === 'ready' || conn.phase === 'hello';
        conn.phase = 'closed';
        onDrain(ctx, ws);
        this.sockets.delete(ws);
        this.ctx.pendingHello.delete(ws);
        this.ipLimits.closed(conn.ip);
        this.metrics.closed(code);
        if (!wasReady || !conn.site || this.closing) return;
        if (conn.role === 'staff') ctx.presence.staffLeft(conn.site.id);
        else if (conn.role === 'visitor' && conn.conversationId)
          ctx.presence.visitorLeft(conn.site.id, conn.conversationId);
      },
    });

    this.app.get('/healthz', (res) => json(res, this.closing ? 503 : 200, this.health()));
    this.app.get('/metrics', (res) => {
      const body = this.metrics.render({
        parley_connections: { help: 'Open WebSocket connections.', value: this.sockets.size },
        parley_visitor_connections: {
          help: 'Open visitor connections that said hello.',
          value: ctx.presence.visitorConnections(),
        },
        parley_uws_native: {
          help: '1 when the native uWebSockets.js binary is loaded.',
          value: this.uwsNative ? 1 : 0,
        },
        parley_bus_healthy: { help: '1 when the bus can deliver.', value: this.parts.bus.healthy() ? 1 : 0 },
        ...this.dependencyGauges(),
      });
      res.cork(() => res.writeStatus('200 OK').writeHeader('content-type', 'text/plain; version=0.0.4').end(body));
    });

    if (this.parts.admin)
      registerAdminApi(this.app, ctx, this.parts.admin, {
        burst: config.adminRateLimitBurst,
        perSecond: config.adminRateLimitPerSecond,
        exportBurst: 3,
        exportsPerHour: config.adminExportsPerHour,
      });
    this.app.get('/v1/openapi.json', (res) =>
      json(res, 200, OPENAPI_DOCUMENT, undefined, { 'access-control-allow-origin': '*' }),
    );

    const siteKey = this.parts.defaultSite?.siteKey ?? '';
    const transformHtml = (html: string): string => html.replaceAll('%PARLEY_SITE_KEY%', siteKey);
    // Pages the relay serves need no inline script or style: the widget is CSP-safe, so say so.
    const pageCsp = {
      'content-security-policy':
        "default-src 'self'; style-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'",
    };
    if (config.widgetDir) {
      const dir = config.widgetDir;
      this.app.get('/widget.js', (res) => serveFile(res, dir, 'widget.js', { cacheControl: 'public, max-age=300' }));
      this.app.get('/widget/*', (res, req) =>
        serveFile(res, dir, req.getUrl().slice('/widget/'.length), { cacheControl: 'public, max-age=300' }),
      );
    }
    if (config.adminDir) {
      const dir = config.adminDir;
      this.app.get('/admin', (res) => serveFile(res, dir, 'index.html', { htmlHeaders: pageCsp }));
      this.app.get('/admin/*', (res, req) =>
        serveFile(res, dir, req.getUrl().slice('/admin/'.length), { htmlHeaders: pageCsp }),
      );
    }
    if (config.siteDir) {
      const dir = config.siteDir;
      this.app.get('/*', (res, req) =>
        serveFile(res, dir, req.getUrl().slice(1), { transformHtml, htmlHeaders: pageCsp }),
      );
    }
    this.app.get('/favicon.ico', (res) => respond(res, 204, ''));
    this.app.any('/*', (res) => jsonError(res, 'not_found', 'No such route.'));
  }
}

/** A random relay secret, for data dirs that have none yet. */
export function newRelaySecret(): string {
  return randomBytes(32).toString('base64url');
}
