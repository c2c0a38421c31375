import * as z from 'zod/mini';
import { ConfigError, configSection, count, port, positive, type SectionValues } from './config-section.js';
import { AllowedOrigin } from '@parley/protocol/admin';
import { publicUrlProblem } from '../http/public-origin.js';

/**
 * The relay's own configuration: listening, stores and bus, the default site, secrets, limits, the folders it
 * serves. Every key has a default, so an empty configuration starts a relay. Features add their sections
 * (`features/features.ts`); `config.ts` reads them all.
 */
export const coreConfig = configSection(
  {
    port: { env: 'PARLEY_PORT', kind: 'int', schema: z._default(port, 8787) },
    host: { env: 'PARLEY_HOST', kind: 'string', schema: z._default(z.string(), '0.0.0.0') },
    /**
     * The length of the queue of accepted connections the relay has not taken yet (`listen()`'s backlog; Linux caps
     * it at `net.core.somaxconn`). After a restart every visitor reconnects within a second or two, and a connection
     * that finds the queue full waits 1 s, then 3 s, for TCP to try again. 0 keeps uWebSockets.js's 512.
     */
    listenBacklog: {
      env: 'PARLEY_LISTEN_BACKLOG',
      kind: 'int',
      schema: z._default(z.int().check(z.gte(0), z.lte(65535)), 4096),
    },
    dataDir: { env: 'PARLEY_DATA_DIR', kind: 'string', schema: z._default(z.string(), './data') },
    store: { env: 'PARLEY_STORE', kind: 'string', schema: z._default(z.enum(['sqlite', 'postgres']), 'sqlite') },
    databaseUrl: { env: 'PARLEY_DATABASE_URL', kind: 'string', schema: z.optional(z.string()) },
    /**
     * `auto` applies pending schema migrations at start; `skip` does not, and refuses to start while the schema is
     * behind (run `parley-relay migrate` as a step of its own, e.g. before a rolling restart on PostgreSQL).
     */
    migrate: { env: 'PARLEY_MIGRATE', kind: 'string', schema: z._default(z.enum(['auto', 'skip']), 'auto') },
    bus: { env: 'PARLEY_BUS', kind: 'string', schema: z._default(z.enum(['local', 'redis']), 'local') },
    redisUrl: { env: 'PARLEY_REDIS_URL', kind: 'string', schema: z.optional(z.string()) },
    /** Prefix of every Redis key and channel, so several deployments can share one Redis. */
    redisPrefix: {
      env: 'PARLEY_REDIS_PREFIX',
      kind: 'string',
      schema: z._default(z.string().check(z.regex(/^[A-Za-z0-9_:.-]{1,64}$/)), 'parley'),
    },
    /**
     * Behind a reverse proxy (nginx, a load balancer): take the client address from the last `X-Forwarded-For`
     * entry, the one the proxy added. Leave off when clients connect directly, or they could pick their address.
     */
    trustProxy: { env: 'PARLEY_TRUST_PROXY', kind: 'bool', schema: z._default(z.boolean(), false) },
    /** SQLite durability: `full` fsyncs every group commit (survives power loss); `normal` survives crashes only. */
    sqliteSync: { env: 'PARLEY_SQLITE_SYNC', kind: 'string', schema: z._default(z.enum(['full', 'normal']), 'full') },
    /**
     * The default site's name. When set, it wins at every start; unset, the name the site was given in the inbox
     * (`PATCH /v1/admin/site`) is kept, and a first start names it `Parley demo`.
     */
    siteName: {
      env: 'PARLEY_SITE_NAME',
      kind: 'string',
      schema: z.optional(z.string().check(z.minLength(1), z.maxLength(120))),
    },
    siteKey: {
      env: 'PARLEY_SITE_KEY',
      kind: 'string',
      schema: z.optional(z.string().check(z.minLength(8), z.maxLength(128), z.regex(/^[A-Za-z0-9_-]+$/))),
    },
    adminToken: {
      env: 'PARLEY_ADMIN_TOKEN',
      kind: 'string',
      schema: z.optional(z.string().check(z.minLength(16), z.maxLength(512))),
    },
    identitySecret: {
      env: 'PARLEY_IDENTITY_SECRET',
      kind: 'string',
      schema: z.optional(z.string().check(z.minLength(16), z.maxLength(512))),
    },
    requireIdentity: { env: 'PARLEY_REQUIRE_IDENTITY', kind: 'bool', schema: z._default(z.boolean(), false) },
    /**
     * Origins whose pages may open the default site's chat. When set, they win at every start; unset, those set in
     * the inbox are kept, and a first start allows any (`*`).
     */
    allowedOrigins: {
      env: 'PARLEY_ALLOWED_ORIGINS',
      kind: 'list',
      schema: z.optional(z.array(AllowedOrigin).check(z.minLength(1))),
    },
    /**
     * Origins whose pages may call the admin API from a browser, besides the relay's own (its `/admin`). Empty by
     * default: same-origin only. Apart from `allowedOrigins`, which is the widget's.
     */
    adminAllowedOrigins: {
      env: 'PARLEY_ADMIN_ALLOWED_ORIGINS',
      kind: 'list',
      schema: z._default(z.array(AllowedOrigin), []),
    },
    /** Signs visitor tokens. Generated into the data dir on first start when not given. */
    relaySecret: { env: 'PARLEY_RELAY_SECRET', kind: 'string', schema: z.optional(z.string().check(z.minLength(32))) },
    /**
     * Encrypts contact emails at rest (AES-256-GCM) and keys their lookup hash: 32 random bytes, base64
     * (`openssl rand -base64 32`). Generated into `<dataDir>/credentials.json` on first start when not given.
     * Changing it makes stored emails unreadable; keep it with your backups, apart from the database.
     */
    dataKey: {
      env: 'PARLEY_DATA_KEY',
      kind: 'string',
      schema: z.optional(
        z
          .string()
          .check(
            z.refine(
              (value) => Buffer.from(value, 'base64').length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(value),
              'must be 32 bytes, base64',
            ),
          ),
      ),
    },
    /** Admin HTTP API, per staff token: requests allowed in a burst, and refilled per second. 0 disables. */
    adminRateLimitBurst: { env: 'PARLEY_ADMIN_RATE_LIMIT_BURST', kind: 'int', schema: z._default(count, 120) },
    adminRateLimitPerSecond: { env: 'PARLEY_ADMIN_RATE_LIMIT_PER_SECOND', kind: 'int', schema: z._default(count, 20) },
    /** Contact exports per staff token per hour (3 at once at most). 0 disables the export limit. */
    adminExportsPerHour: { env: 'PARLEY_ADMIN_EXPORTS_PER_HOUR', kind: 'int', schema: z._default(count, 30) },
    maxFrameBytes: { env: 'PARLEY_MAX_FRAME_BYTES', kind: 'int', schema: z._default(positive, 16 * 1024) },
    /** Per connection: frames allowed in a burst, and refilled per second. 0 disables. */
    rateLimitBurst: { env: 'PARLEY_RATE_LIMIT_BURST', kind: 'int', schema: z._default(count, 40) },
    rateLimitPerSecond: { env: 'PARLEY_RATE_LIMIT_PER_SECOND', kind: 'int', schema: z._default(count, 10) },
    /** Per client IP address, over all its connections. 0 disables. */
    ipRateLimitBurst: { env: 'PARLEY_IP_RATE_LIMIT_BURST', kind: 'int', schema: z._default(count, 200) },
    ipRateLimitPerSecond: { env: 'PARLEY_IP_RATE_LIMIT_PER_SECOND', kind: 'int', schema: z._default(count, 50) },
    maxConnectionsPerIp: { env: 'PARLEY_MAX_CONNECTIONS_PER_IP', kind: 'int', schema: z._default(count, 50) },
    /** Bytes queued for one socket before it is closed as a slow consumer (close 4009). */
    maxBackpressureBytes: {
      env: 'PARLEY_MAX_BACKPRESSURE_BYTES',
      kind: 'int',
      schema: z._default(positive, 1024 * 1024),
    },
    /**
     * Connections checked for a slow consumer's queue every 250 ms, in turn: with more connections a full round
     * takes longer (100,000 at the default: 12.5 s) instead of costing more per second. uWS drops a socket whose queue
     * reaches 64 times the limit (at least 64 MiB) whenever its turn comes.
     */
    slowChecksPerSweep: {
      env: 'PARLEY_SLOW_CHECKS_PER_SWEEP',
      kind: 'int',
      schema: z._default(positive, 2048),
    },
    heartbeatMs: { env: 'PARLEY_HEARTBEAT_MS', kind: 'int', schema: z._default(z.int().check(z.gte(1000)), 25_000) },
    helloTimeoutMs: { env: 'PARLEY_HELLO_TIMEOUT_MS', kind: 'int', schema: z._default(positive, 10_000) },
    logLevel: {
      env: 'PARLEY_LOG_LEVEL',
      kind: 'string',
      schema: z._default(z.enum(['debug', 'info', 'warn', 'error', 'silent']), 'info'),
    },
    /**
     * New conversations (a visitor's first message), per client address per hour and per site per minute, on each
     * relay. Past either, the first message gets `rate_limited` with `retryAfterMs`, and nothing is stored. 0 disables.
     */
    newConversationsPerAddressPerHour: {
      env: 'PARLEY_NEW_CONVERSATIONS_PER_ADDRESS_PER_HOUR',
      kind: 'int',
      schema: z._default(count, 20),
    },
    newConversationsPerSitePerMinute: {
      env: 'PARLEY_NEW_CONVERSATIONS_PER_SITE_PER_MINUTE',
      kind: 'int',
      schema: z._default(count, 600),
    },
    /** Folders served over HTTP, when set: the built widget (`/widget.js`), the demo site (`/`), the admin page. */
    widgetDir: { env: 'PARLEY_WIDGET_DIR', kind: 'string', schema: z.optional(z.string()) },
    siteDir: { env: 'PARLEY_SITE_DIR', kind: 'string', schema: z.optional(z.string()) },
    adminDir: { env: 'PARLEY_ADMIN_DIR', kind: 'string', schema: z.optional(z.string()) },
    /**
     * Days conversations are kept after their last activity, for sites that set no period of their own (admin
     * settings). Older ones, and contacts with nothing left, are erased by the relay. 0 keeps everything.
     */
    retentionDays: {
      env: 'PARLEY_RETENTION_DAYS',
      kind: 'int',
      schema: z._default(z.int().check(z.gte(0), z.lte(36_500)), 0),
    },
    /**
     * The relay's public origin (`https://chat.example.com`): printed at start, and every address the relay hands
     * out is built on it (setup, invitation and reset links, links in emails, signed file addresses). Unset: learned
     * from an admin's inbox, else `http://127.0.0.1:<port>` (see `http/public-origin.ts`). No path, query,
     * fragment or credentials.
     */
    publicUrl: { env: 'PARLEY_PUBLIC_URL', kind: 'string', schema: z.optional(z.string()) },
    /** Webhooks may target loopback, private, link-local and metadata addresses (tests, private networks). */
    webhookAllowPrivate: { env: 'PARLEY_WEBHOOK_ALLOW_PRIVATE', kind: 'bool', schema: z._default(z.boolean(), false) },
  },
  (config) => {
    if (config.store === 'postgres' && !config.databaseUrl) {
      throw new ConfigError('PARLEY_STORE=postgres needs PARLEY_DATABASE_URL.');
    }
    if (config.bus === 'redis' && !config.redisUrl) throw new ConfigError('PARLEY_BUS=redis needs PARLEY_REDIS_URL.');
    const publicUrl = config.publicUrl === undefined ? undefined : publicUrlProblem(config.publicUrl);
    if (publicUrl !== undefined)
      throw new ConfigError(`Invalid configuration: PARLEY_PUBLIC_URL (publicUrl): ${publicUrl}.`);
  },
);

/** The relay's own configuration values, which every feature may read. */
export type CoreConfig = SectionValues<typeof coreConfig.keys>;
