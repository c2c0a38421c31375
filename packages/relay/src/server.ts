import { SUPPORTED_SUBPROTOCOLS } from '@parley/protocol';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { HttpRequest, HttpResponse, TemplatedApp, us_listen_socket } from 'uWebSockets.js';
import type { AdminServices } from './admin/admin-services.js';
import type { RelayConfig } from './config.js';
import type { ChatCore } from './core/chat-core.js';
import type { FeatureHost } from './features/feature-host.js';
import { FEATURES } from './features/features.js';
import type { HealthProbe } from './health.js';
import { registerAdminApi } from './admin-api/admin-api.js';
import { registerAuthApi, type AuthLimits } from './admin-api/auth-api.js';
import type { Accounts } from './auth/accounts.js';
import { servedOpenApi } from './admin-api/served-openapi.js';
import { json, jsonError, respond } from './http/respond.js';
import { FixedResponse, readFixedRequest } from './http/fixed-response.js';
import { HomePage, requestOrigin } from './http/home-page.js';
import { OPENAPI_PRECOMPRESSED_DIR, PUBLIC_DIR } from './http/public-assets.js';
import { CAMPAIGNS_LOADER, SiteLoader } from './http/site-loader.js';
import { StaticFolder, readStaticRequest } from './http/static-folder.js';
import { createIpLimits } from './limits/create-ip-limits.js';
import type { IpLimits } from './limits/ip-limits.js';
import { ProcessGauges, type Metrics } from './metrics.js';
import type { Site } from './store/store.js';
import { loadNativeUws } from './uws.js';
import { lengthenAcceptQueue } from './listen-backlog.js';
import { outboxMetrics } from './outbox/outbox-metrics.js';
import { ChatSocketEndpoint } from './ws/chat-socket.js';
import { PublicOrigin } from './http/public-origin.js';

/** libusockets' option for a listen socket that no other may share (no SO_REUSEPORT). */
const LIBUS_LISTEN_EXCLUSIVE_PORT = 1;

/** The port is taken (another relay, another program) or not ours to take. */
export class PortUnavailableError extends Error {
  override name = 'PortUnavailableError';

  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(
      `cannot listen on ${host}:${port}: the port is in use (another Parley relay, or another program) or not permitted. Stop the other one, or choose another port with PARLEY_PORT.`,
    );
  }
}

/** The package version, reported in `/healthz`. */
export const RELAY_VERSION = '0.1.0';

/** What the relay needs to run, already constructed. */
export interface RelayParts {
  readonly config: RelayConfig;
  /** The chat core, over the store and the bus (the server closes both when it stops). */
  readonly core: ChatCore;
  /** Signs visitor tokens. */
  readonly relaySecret: string;
  /** The default site, whose key replaces `%PARLEY_SITE_KEY%` in the demo pages. */
  readonly defaultSite: Site | undefined;
  /** Probes a store that lives in another server (PostgreSQL); an embedded store needs none. */
  readonly storeHealth?: HealthProbe;
  /** The admin feature; without it the relay serves no `/v1/admin` routes. */
  readonly admin?: AdminServices | undefined;
  /** The features (their admin routes, HTTP routes and running parts); without them, the chat alone. */
  readonly features?: FeatureHost | undefined;
  /** Where addresses the relay hands out point; made from `config.publicUrl` when not given. */
  readonly publicOrigin?: PublicOrigin | undefined;
  /** Staff accounts (issue #19): `/v1/auth/*`, session cookies on the admin API and the WebSocket. */
  readonly accounts?: Accounts | undefined;
  /** Rate limits of the sign-in routes. */
  readonly authLimits?: AuthLimits | undefined;
  /** The clock the admin API's rate limits refill on (tests hold it still); default `Date.now`. */
  readonly adminClock?: (() => number) | undefined;
}

/**
 * The relay server: one uWS app. It only wires routes to their handlers: the WebSocket endpoint `/v1/ws`
 * ({@link ChatSocketEndpoint}), the admin API, `/healthz`, `/metrics`, the OpenAPI document and the static
 * folders (widget, admin page, demo site).
 */
export class RelayServer {
  readonly uwsNative: boolean;
  private readonly app: TemplatedApp;
  private readonly ipLimits: IpLimits;
  private readonly sockets: ChatSocketEndpoint;
  /** Where the addresses the relay hands out point (files, invitations): see {@link PublicOrigin}. */
  readonly publicOrigin: PublicOrigin;
  private listenSocket: us_listen_socket | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private readonly startedAt = Date.now();
  private boundPort = 0;
  private processGauges: ProcessGauges | undefined;

  constructor(private readonly parts: RelayParts) {
    const { uws, native } = loadNativeUws();
    this.uwsNative = native;
    const { config, core } = parts;
    this.ipLimits = createIpLimits(config, core.bus);
    this.publicOrigin = parts.publicOrigin ?? new PublicOrigin(config.publicUrl);
    this.sockets = new ChatSocketEndpoint({
      publicOrigin: this.publicOrigin,
      config,
      core,
      ipLimits: this.ipLimits,
      relaySecret: parts.relaySecret,
      email: parts.features?.use('email'),
      files: parts.features?.use('attachments')?.files,
      frames: parts.features?.frames ?? [],
      accounts: parts.accounts,
    });
    this.app = uws.App();
    this.routes();
  }

  /** The relay's counters (`/metrics`). */
  get metrics(): Metrics {
    return this.parts.core.metrics;
  }

  /** The port the relay listens on (useful with port 0). */
  get port(): number {
    return this.boundPort;
  }

  /** Open WebSocket connections. */
  get connections(): number {
    return this.sockets.size;
  }

  /** Starts the bus and listens; resolves once the OpenAPI document is compressed too (it listens before). */
  async listen(): Promise<void> {
    const { uws } = loadNativeUws();
    await this.parts.core.start(this.sockets);
    await new Promise<void>((resolve, reject) => {
      const { host, port } = this.parts.config;
      // Exclusively: uWS listens with SO_REUSEPORT by default, and a second relay on the port would start without a
      // word and take half the connections (issue #36). The (host, port, options, callback) form is uWS's own.
      const listen = this.app.listen.bind(this.app) as unknown as (
        host: string,
        port: number,
        options: number,
        callback: (socket: us_listen_socket | false) => void,
      ) => TemplatedApp;
      listen(host, port, LIBUS_LISTEN_EXCLUSIVE_PORT, (socket) => {
        if (!socket) {
          reject(new PortUnavailableError(host, port));
          return;
        }
        this.listenSocket = socket;
        this.boundPort = uws.us_socket_local_port(socket);
        this.publicOrigin.listening(this.parts.config.host, this.boundPort);
        // In this turn, before the loop polls: only what came in the last milliseconds can be queued yet.
        const { listenBacklog } = this.parts.config;
        const problem =
          listenBacklog > 0 && process.platform === 'linux'
            ? lengthenAcceptQueue(this.boundPort, listenBacklog)
            : undefined;
        if (problem)
          this.parts.core.log.warn("listen: the accept queue keeps uWebSockets.js's 512 connections", {
            backlog: listenBacklog,
            reason: problem,
          });
        resolve();
      });
    });
    this.sweepTimer = setInterval(() => this.sweep(), 250);
    this.sweepTimer.unref();
    this.processGauges = new ProcessGauges();
    // Not waited for: the API document, unless the build compressed it, is compressed on libuv's threads while the
    // relay listens (a request for it waits for that, not the start).
  }

  /**
   * Graceful stop: stop accepting, wait for stores in flight (their acks are sent), close every socket with
   * 1001 going away, then close the bus and the store (which commits anything pending).
   */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.sockets.stopAccepting();
    const { uws } = loadNativeUws();
    if (this.listenSocket) uws.us_listen_socket_close(this.listenSocket);
    this.listenSocket = undefined;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.processGauges?.stop();
    const { core } = this.parts;
    await core.settled();
    this.sockets.closeAll();
    await core.bus.close();
    await this.parts.storeHealth?.close();
    await core.store.close();
  }

  /** The `/healthz` document. */
  health(): Record<string, unknown> {
    const { bus, store, presence } = this.parts.core;
    const busHealthy = bus.healthy();
    const storeHealth = this.parts.storeHealth?.snapshot();
    const storeHealthy = storeHealth?.healthy ?? true;
    const busStats = 'stats' in bus ? (bus as { stats(): Record<string, unknown> }).stats() : undefined;
    return {
      status: this.closing ? 'stopping' : busHealthy && storeHealthy ? 'ok' : 'degraded',
      version: RELAY_VERSION,
      protocols: SUPPORTED_SUBPROTOCOLS,
      uwsNative: this.uwsNative,
      node: process.version,
      store: storeHealth ? { kind: store.kind, ...storeHealth } : store.kind,
      bus: {
        kind: bus.kind,
        healthy: busHealthy,
        ...(busStats ? { reconnects: busStats.reconnects, backlog: busStats.backlog } : {}),
      },
      ...(busStats ? { presence: presence.shared() ? 'shared' : 'local', limits: this.ipLimits.mode() } : {}),
      email: this.parts.features?.use('email')?.enabled ? 'on' : 'off',
      connections: this.sockets.size,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
    };
  }

  /** Gauges of the store (its group commits, its probe) and the shared bus, when there are any. */
  private dependencyGauges(): Record<string, { help: string; value: number }> {
    const gauges: Record<string, { help: string; value: number }> = {};
    const commits = (this.parts.core.store as { stats?: { batches: number; appends: number } }).stats;
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
    const bus = this.parts.core.bus as { stats?: () => Record<string, number | boolean> };
    if (typeof bus.stats === 'function') {
      const stats = bus.stats();
      const help: Record<string, string> = {
        reconnects: 'Times the bus came back after losing Redis.',
        batchesPublished: 'Batches of frames published to Redis.',
        batchesReceived: 'Batches of frames received from other relays.',
        backlog: 'Batches waiting for Redis to come back.',
        backlogDropped: 'Batches dropped from a full backlog (their messages reach clients by catch-up or resume).',
        framesFilled: 'Frames read from the store to fill a gap or catch up.',
        gapFills: 'Gaps in a conversation filled from the store (logged at info with the conversation and range).',
        duplicatesDropped: 'Frames dropped because their sequence was delivered already.',
        lateFrames: "Frames dropped because they were older than this relay's window for their conversation.",
        acksHeld: 'Acks held behind a lower message this relay had not delivered yet.',
        echoesSuppressed: 'Messages delivered after a gap with their sender left out (it gets the ack instead).',
        conversationsTracked: 'Conversations whose order the bus tracks.',
      };
      for (const [key, text] of Object.entries(help)) {
        const name = `parley_bus_${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}${key === 'backlog' || key === 'conversationsTracked' ? '' : '_total'}`;
        gauges[name] = { help: text, value: Number(stats[key] ?? 0) };
      }
      gauges.parley_presence_shared = {
        help: "1 when presence counts are the cluster's (Redis reachable).",
        value: this.parts.core.presence.shared() ? 1 : 0,
      };
      gauges.parley_limits_shared = {
        help: '1 when per-address limits are shared through Redis; 0 when local (fallback).',
        value: this.ipLimits.mode() === 'shared' ? 1 : 0,
      };
    }
    return gauges;
  }

  private sweep(): void {
    const now = Date.now();
    this.sockets.sweep(now);
    this.ipLimits.sweep(now);
    this.parts.core.recent.sweep(now);
  }

  private routes(): void {
    const { config, core, admin, features } = this.parts;
    this.sockets.register(this.app);

    this.app.get('/healthz', (res) => json(res, this.closing ? 503 : 200, this.health()));
    this.app.get('/metrics', (res) => {
      let body = core.metrics.render({
        parley_connections: { help: 'Open WebSocket connections.', value: this.sockets.size },
        parley_visitor_connections: {
          help: 'Open visitor connections that said hello.',
          value: core.presence.visitorConnections(),
        },
        parley_uws_native: {
          help: '1 when the native uWebSockets.js binary is loaded.',
          value: this.uwsNative ? 1 : 0,
        },
        parley_bus_healthy: { help: '1 when the bus can deliver.', value: core.bus.healthy() ? 1 : 0 },
        ...this.dependencyGauges(),
        ...this.processGauges?.read(),
      });
      if (admin) body += outboxMetrics(admin.outbox, Date.now());
      res.cork(() => res.writeStatus('200 OK').writeHeader('content-type', 'text/plain; version=0.0.4').end(body));
    });

    if (admin) {
      registerAdminApi(this.app, admin, {
        routes: features?.adminRoutes ?? [],
        use: features?.use ?? (() => undefined),
        publicOrigin: this.publicOrigin,
        accounts: this.parts.accounts,
        allowedOrigins: config.adminAllowedOrigins,
        trustProxy: config.trustProxy,
        limits: {
          burst: config.adminRateLimitBurst,
          perSecond: config.adminRateLimitPerSecond,
          exportBurst: 3,
          exportsPerHour: config.adminExportsPerHour,
          clock: this.parts.adminClock,
        },
      });
    }
    // The accounts' routes send mail and give custom roles through what the email and roles features hand over.
    if (admin && this.parts.accounts)
      registerAuthApi(this.app, {
        accounts: this.parts.accounts,
        admin,
        accountMail: features?.use('email')?.accountMail,
        roles: features?.use('roles')?.repository,
        allowedOrigins: config.adminAllowedOrigins,
        trustProxy: config.trustProxy,
        publicOrigin: this.publicOrigin,
        limits: this.parts.authLimits,
      });
    features?.http(this.app);
    const openapi = new FixedResponse(
      JSON.stringify(servedOpenApi(FEATURES)),
      {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-cache',
        'access-control-allow-origin': '*',
      },
      OPENAPI_PRECOMPRESSED_DIR,
    );
    const openapiRoute = (res: HttpResponse, req: HttpRequest): void => openapi.send(res, readFixedRequest(req));
    this.app.get('/v1/openapi.json', openapiRoute).head('/v1/openapi.json', openapiRoute);

    this.staticRoutes();
    this.app.get('/favicon.ico', (res) => respond(res, 204, ''));
    const siteServed = config.siteDir !== undefined;
    this.app.any('/*', (res, req) => {
      const method = req.getMethod();
      // A site folder serves every other path: other methods there are 405, as on every static route.
      if (siteServed && !req.getUrl().startsWith('/v1/')) methodNotAllowed(res, req);
      else if (method === 'head') respond(res, 404, undefined, { 'content-type': 'application/json; charset=utf-8' });
      else jsonError(res, 'not_found', 'No such route.');
    });
  }

  /**
   * The widget (`/widget.js`, `/widget/*`), the inbox (`/admin`) and the front page (`/`, or a site folder), from
   * the folders the relay package carries unless configured otherwise. GET and HEAD; any other method is 405.
   */
  private staticRoutes(): void {
    const { config } = this.parts;
    const widgetDir = config.widgetDir ?? join(PUBLIC_DIR, 'widget');
    const adminDir = config.adminDir ?? join(PUBLIC_DIR, 'admin');
    const missing = [widgetDir, adminDir].filter((dir) => !existsSync(dir));
    if (missing.length > 0)
      this.parts.core.log.warn('static: folders not found; /widget.js and /admin answer 404 until they exist', {
        missing,
      });

    const widget = new StaticFolder(widgetDir, {
      // The loader's name never changes: short-lived, and revalidated by ETag. The element's name is hashed.
      cacheControl: 'public, max-age=300',
      // Only what the widget is made of: a folder that also holds pages (an old build tree) does not leak them.
      extensions: ['.js', '.mjs', '.map', '.css', '.json', '.svg', '.png', '.webp', '.woff2'],
      // Other sites load these scripts (with `crossorigin`, SRI or COEP, too).
      headers: { 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' },
    });
    const pageHeaders = pageHeadersFor(this.publicOrigin.configured);
    const admin = new StaticFolder(adminDir, {
      htmlHeaders: pageHeaders,
      // The inbox's worker (/admin/sw.js) may take the page's own scope, `/admin`, above its folder (issue #43); the
      // header means nothing on any other file, and the inbox's first load has a budget in bytes (issue #21).
      fileHeaders: { 'sw.js': { 'service-worker-allowed': '/admin' } },
    });
    this.siteLoaderRoute(widget);
    this.staticRoute('/widget/*', widget, '/widget/'.length);
    this.staticRoute('/admin', admin, 0, 'index.html', true, true);
    this.staticRoute('/admin/*', admin, '/admin/'.length, undefined, true, true);

    if (config.siteDir) {
      const siteKey = this.parts.defaultSite?.siteKey ?? '';
      const site = new StaticFolder(config.siteDir, {
        transformHtml: (html) => html.replaceAll('%PARLEY_SITE_KEY%', siteKey),
        htmlHeaders: pageHeaders,
      });
      // Its 405s come from the catch-all route, which uWS would not let `/*` register twice.
      this.staticRoute('/*', site, 1, undefined, false, true);
      return;
    }
    const home = new HomePage({
      version: RELAY_VERSION,
      siteKey: this.parts.defaultSite?.siteKey,
      siteName: this.parts.defaultSite?.name,
    });
    const homeAssets = new StaticFolder(join(PUBLIC_DIR, 'home'));
    const trustProxy = config.trustProxy;
    const page = (res: HttpResponse, req: HttpRequest): void => {
      const root = this.parts.features?.rootFor(req.getHeader('host'));
      if (root) return root(res, req);
      if (this.redirectToPublic(res, req)) return;
      home.send(
        res,
        {
          ...readFixedRequest(req),
          origin:
            this.publicOrigin.configured ??
            requestOrigin(req.getHeader('host'), trustProxy ? req.getHeader('x-forwarded-proto') : undefined),
        },
        pageHeaders,
      );
    };
    this.app.get('/', page).head('/', page);
    this.app.any('/', methodNotAllowed);
    this.staticRoute('/home/*', homeAssets, '/home/'.length);
  }

  /**
   * A page asked for at another loopback name of the public origin (`localhost:8787` when it is
   * `http://127.0.0.1:8787`): answered with a redirect there (308, path and query kept), so the inbox has one
   * origin, one cookie jar, and files whose addresses its CSP allows. True when it answered.
   */
  private redirectToPublic(res: HttpResponse, req: HttpRequest): boolean {
    const target = this.publicOrigin.redirectFor(req.getHeader('host'));
    if (target === undefined) return false;
    const query = req.getQuery();
    const head = req.getMethod() === 'head';
    respond(
      res,
      308,
      head ? undefined : '',
      {
        location: `${target}${req.getUrl()}${query ? `?${query}` : ''}`,
        'cache-control': 'no-store',
      },
      { value: false },
      0,
    );
    return true;
  }

  /**
   * `/widget.js`: the loader, and with `?site=<site key>` the site's loader — the same script with a first line that
   * sets what the site chose in the inbox where the embed code sets nothing (`http/site-loader.ts`).
   */
  private siteLoaderRoute(widget: StaticFolder): void {
    const { core, features } = this.parts;
    const loaders = new SiteLoader({
      siteByKey: (key) => core.store.getSiteByKey(key),
      defaults: (siteId) => features?.loaderDefaults(siteId) ?? Promise.resolve({}),
    });
    const campaignsBuilt = existsSync(join(widget.root, CAMPAIGNS_LOADER));
    const handler = (res: HttpResponse, req: HttpRequest): void => {
      const request = readStaticRequest(req, 0);
      const siteKey = req.getQuery('site');
      // A store that cannot answer leaves the plain loader: it still draws the chat (the widget reports what fails).
      const loader = siteKey ? loaders.loader(siteKey).catch(() => undefined) : undefined;
      // A site with live campaigns gets the loader built with them (`CAMPAIGNS_LOADER`); every other the plain one,
      // as does every site when the widget folder has no such build (an older one: the chat still works).
      const file = (chosen: { readonly file: string } | undefined): string =>
        chosen?.file === CAMPAIGNS_LOADER && campaignsBuilt ? CAMPAIGNS_LOADER : 'widget.js';
      widget.serve(
        res,
        request,
        loader ? loader.then(file) : 'widget.js',
        loader?.then((chosen) => chosen?.variant),
      );
    };
    this.app.get('/widget.js', handler).head('/widget.js', handler);
    this.app.any('/widget.js', methodNotAllowed);
  }

  /**
   * GET and HEAD of `pattern` from `folder` (the path after `prefixLength`, or always `file`); 405 otherwise.
   * `pages`: the relay's pages (the inbox, a site), which another loopback name of the public origin redirects to it.
   */
  private staticRoute(
    pattern: string,
    folder: StaticFolder,
    prefixLength: number,
    file?: string,
    refuseOtherMethods = true,
    pages = false,
  ): void {
    const handler = (res: HttpResponse, req: HttpRequest): void => {
      // A site folder's GET and HEAD of `/*` would shadow the API's any-method routes under /v1/ (the admin and
      // auth APIs): uWebSockets.js 20.51+ prefers a route of the request's method over an `any` one however
      // specific its pattern. Yielding sends the router on to them (or to the catch-all's JSON 404).
      if (pattern === '/*' && req.getUrl().startsWith('/v1/')) {
        req.setYield(true);
        return;
      }
      const root =
        pattern === '/*' && req.getUrl() === '/' ? this.parts.features?.rootFor(req.getHeader('host')) : undefined;
      if (root) return root(res, req);
      if (pages && this.redirectToPublic(res, req)) return;
      const request = readStaticRequest(req, prefixLength);
      folder.serve(res, request, file ?? request.path);
    };
    this.app.get(pattern, handler).head(pattern, handler);
    if (refuseOtherMethods) this.app.any(pattern, methodNotAllowed);
  }
}

/**
 * Headers of every HTML page the relay serves (the inbox, the front page, a site folder): a strict CSP, since
 * nothing the relay serves needs inline script or style, and no framing by other sites. Files are served at the
 * public origin: `PARLEY_PUBLIC_URL`'s origin is allowed for images too when configured, so an inbox opened at
 * another address of the relay (a private one, from inside the network) still shows them.
 */
export function pageHeadersFor(publicOrigin: string | undefined): Readonly<Record<string, string>> {
  const images = ["'self'", ...(publicOrigin ? [publicOrigin] : []), 'data:', 'blob:'].join(' ');
  return {
    'content-security-policy': `default-src 'self'; style-src 'self'; connect-src 'self' ws: wss:; img-src ${images}; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };
}

/** 405 for methods a static route does not take; `Allow` says which it does. */
function methodNotAllowed(res: HttpResponse, req: HttpRequest): void {
  const head = req.getMethod() === 'head';
  respond(res, 405, head ? undefined : 'Method not allowed', {
    allow: 'GET, HEAD',
    'content-type': 'text/plain; charset=utf-8',
  });
}

/** A random relay secret, for data dirs that have none yet. */
export function newRelaySecret(): string {
  return randomBytes(32).toString('base64url');
}
