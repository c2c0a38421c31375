import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod/mini';
import { ATTACHMENT_TYPE_NAMES } from './attachments/attachment-types.js';
import { AllowedOrigin, ORIGIN_RULE } from '@parley/protocol/admin';

const port = z.int().check(z.gte(0), z.lte(65535));
const count = z.int().check(z.gte(0));
const positive = z.int().check(z.gte(1));

/** The relay's configuration schema. Every field has a default, so an empty configuration starts a relay. */
export const RelayConfigSchema = z.object({
  port: z._default(port, 8787),
  host: z._default(z.string(), '0.0.0.0'),
  dataDir: z._default(z.string(), './data'),
  store: z._default(z.enum(['sqlite', 'postgres']), 'sqlite'),
  databaseUrl: z.optional(z.string()),
  /**
   * `auto` applies pending schema migrations at start; `skip` does not, and refuses to start while the schema is
   * behind (run `parley-relay migrate` as a step of its own, e.g. before a rolling restart on PostgreSQL).
   */
  migrate: z._default(z.enum(['auto', 'skip']), 'auto'),
  bus: z._default(z.enum(['local', 'redis']), 'local'),
  redisUrl: z.optional(z.string()),
  /** Prefix of every Redis key and channel, so several deployments can share one Redis. */
  redisPrefix: z._default(z.string().check(z.regex(/^[A-Za-z0-9_:.-]{1,64}$/)), 'parley'),
  /**
   * Behind a reverse proxy (nginx, a load balancer): take the client address from the last `X-Forwarded-For`
   * entry, the one the proxy added. Leave off when clients connect directly, or they could pick their address.
   */
  trustProxy: z._default(z.boolean(), false),
  /** SQLite durability: `full` fsyncs every group commit (survives power loss); `normal` survives crashes only. */
  sqliteSync: z._default(z.enum(['full', 'normal']), 'full'),
  /**
   * The default site's name. When set, it wins at every start; unset, the name the site was given in the inbox
   * (`PATCH /v1/admin/site`) is kept, and a first start names it `Parley demo`.
   */
  siteName: z.optional(z.string().check(z.minLength(1), z.maxLength(120))),
  siteKey: z.optional(z.string().check(z.minLength(8), z.maxLength(128), z.regex(/^[A-Za-z0-9_-]+$/))),
  adminToken: z.optional(z.string().check(z.minLength(16), z.maxLength(512))),
  identitySecret: z.optional(z.string().check(z.minLength(16), z.maxLength(512))),
  requireIdentity: z._default(z.boolean(), false),
  /**
   * Origins whose pages may open the default site's chat. When set, they win at every start; unset, those set in
   * the inbox are kept, and a first start allows any (`*`).
   */
  allowedOrigins: z.optional(z.array(AllowedOrigin).check(z.minLength(1))),
  /**
   * Origins whose pages may call the admin API from a browser, besides the relay's own (its `/admin`). Empty by
   * default: same-origin only. Apart from `allowedOrigins`, which is the widget's.
   */
  adminAllowedOrigins: z._default(z.array(AllowedOrigin), []),
  /** Signs visitor tokens. Generated into the data dir on first start when not given. */
  relaySecret: z.optional(z.string().check(z.minLength(32))),
  /**
   * Encrypts contact emails at rest (AES-256-GCM) and keys their lookup hash: 32 random bytes, base64
   * (`openssl rand -base64 32`). Generated into `<dataDir>/credentials.json` on first start when not given.
   * Changing it makes stored emails unreadable; keep it with your backups, apart from the database.
   */
  dataKey: z.optional(
    z
      .string()
      .check(
        z.refine(
          (value) => Buffer.from(value, 'base64').length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(value),
          'must be 32 bytes, base64',
        ),
      ),
  ),
  /** Admin HTTP API, per staff token: requests allowed in a burst, and refilled per second. 0 disables. */
  adminRateLimitBurst: z._default(count, 120),
  adminRateLimitPerSecond: z._default(count, 20),
  /** Contact exports per staff token per hour (3 at once at most). 0 disables the export limit. */
  adminExportsPerHour: z._default(count, 30),
  maxFrameBytes: z._default(positive, 16 * 1024),
  /** Per connection: frames allowed in a burst, and refilled per second. 0 disables. */
  rateLimitBurst: z._default(count, 40),
  rateLimitPerSecond: z._default(count, 10),
  /** Per client IP address, over all its connections. 0 disables. */
  ipRateLimitBurst: z._default(count, 200),
  ipRateLimitPerSecond: z._default(count, 50),
  maxConnectionsPerIp: z._default(count, 50),
  /** Bytes queued for one socket before it is closed as a slow consumer (close 4009). */
  maxBackpressureBytes: z._default(positive, 1024 * 1024),
  heartbeatMs: z._default(z.int().check(z.gte(1000)), 25_000),
  helloTimeoutMs: z._default(positive, 10_000),
  logLevel: z._default(z.enum(['debug', 'info', 'warn', 'error', 'silent']), 'info'),
  /**
   * New conversations (a visitor's first message), per client address per hour and per site per minute, on each
   * relay. Past either, the first message gets `rate_limited` with `retryAfterMs`, and nothing is stored. 0 disables.
   */
  newConversationsPerAddressPerHour: z._default(count, 20),
  newConversationsPerSitePerMinute: z._default(count, 600),
  /** Folders served over HTTP, when set: the built widget (`/widget.js`), the demo site (`/`), the admin page. */
  widgetDir: z.optional(z.string()),
  siteDir: z.optional(z.string()),
  adminDir: z.optional(z.string()),
  /**
   * Days conversations are kept after their last activity, for sites that set no period of their own (admin
   * settings). Older ones, and contacts with nothing left, are erased by the relay. 0 keeps everything.
   */
  retentionDays: z._default(z.int().check(z.gte(0), z.lte(36_500)), 0),
  /**
   * Outgoing email (issue #16): an SMTP URL as nodemailer takes it, `smtp://user:pass@host:587` or `smtps://…`.
   * Without it the relay sends no email, says so at start-up and in `/healthz`, and the widget promises none.
   */
  smtpUrl: z.optional(z.string().check(z.regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://'))),
  /** The `From` of every email, e.g. `"Acme support" <support@acme.example>`. Needed with `smtpUrl`. */
  emailFrom: z.optional(z.string().check(z.minLength(3), z.maxLength(320))),
  /**
   * The relay's public address (`https://chat.example.com`), for links in emails: the inbox in staff emails, and a
   * visitor's way back when their last page is unknown. Default `http://localhost:<port>`.
   */
  publicUrl: z.optional(
    z.string().check(z.regex(/^https?:\/\/[^/?#\s]+\/?$/, 'must be an origin, e.g. https://chat.example.com')),
  ),
  /** Seconds a staff reply waits before it is emailed to a visitor who has not read it; replies within it make one email. */
  emailReplyDelayS: z._default(z.int().check(z.gte(0), z.lte(86_400)), 120),
  /**
   * Replies by email: the domain of the per-conversation `Reply-To` addresses (`reply+…@<domain>`), whose mail
   * reaches the relay's SMTP listener or a provider's inbound-parse webhook. Without it emails carry no `Reply-To`.
   */
  inboundDomain: z.optional(
    z.string().check(z.regex(/^[A-Za-z0-9.-]+\.[A-Za-z0-9-]+$|^localhost$/, 'must be a domain')),
  ),
  /** Port of the built-in SMTP listener for replies by email; off when unset. */
  inboundSmtpPort: z.optional(port),
  /** Address the SMTP listener binds. */
  inboundSmtpHost: z._default(z.string(), '0.0.0.0'),
  /** Shared secret a provider's inbound-parse webhook sends (`Authorization: Bearer …`); the endpoint is off without it. */
  inboundSecret: z.optional(z.string().check(z.minLength(16), z.maxLength(512))),
  /** Webhooks may target loopback, private, link-local and metadata addresses (tests, private networks). */
  webhookAllowPrivate: z._default(z.boolean(), false),
  /**
   * Where attachments' bytes are kept (issue #18, docs/attachments.md): `local`, files under
   * `<dataDir>/attachments`; `s3`, an S3-compatible bucket (needed when several relays serve one site).
   */
  storage: z._default(z.enum(['local', 's3']), 'local'),
  /** S3: the endpoint of an S3-compatible service (`https://s3.example.com`); AWS's own when unset. */
  s3Endpoint: z.optional(z.string().check(z.regex(/^https?:\/\/\S+$/, 'must be an http(s) URL'))),
  s3Bucket: z.optional(z.string().check(z.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name'))),
  s3Region: z._default(z.string().check(z.minLength(1)), 'us-east-1'),
  /** S3 credentials; without both, the AWS SDK's own chain (its environment variables, an instance role). */
  s3AccessKeyId: z.optional(z.string().check(z.minLength(1))),
  s3SecretAccessKey: z.optional(z.string().check(z.minLength(1))),
  /** Path-style addresses (`endpoint/bucket/key`), which MinIO and most self-hosted services need. */
  s3ForcePathStyle: z._default(z.boolean(), false),
  /** A prefix for every object key, so one bucket can hold several deployments' files. */
  s3Prefix: z._default(z.string().check(z.regex(/^([A-Za-z0-9._-]+\/)*$/, 'must be empty or end with /')), ''),
  /** Largest attachment, in bytes, for sites that set no limit of their own. */
  attachmentMaxBytes: z._default(positive, 10 * 1024 * 1024),
  /** Bytes of attachments one site may keep, for sites that set no quota of their own. 0: no quota. */
  attachmentSiteQuotaBytes: z._default(count, 5 * 1024 * 1024 * 1024),
  /** The types accepted, for sites that set none of their own: every type the relay knows (docs/attachments.md). */
  attachmentTypes: z._default(z.array(z.string().check(z.minLength(1))), [...ATTACHMENT_TYPE_NAMES]),
  /** Largest image, in pixels (width × height, every frame of an animation counted), decoded or declared. */
  attachmentMaxPixels: z._default(positive, 40_000_000),
  /** Uploads, and bytes uploaded, per client address per hour (on each relay). 0 disables. */
  attachmentUploadsPerAddressPerHour: z._default(count, 120),
  attachmentBytesPerAddressPerHour: z._default(count, 500 * 1024 * 1024),
  /** Seconds a signed download address (for `<img>`) stays valid. */
  attachmentUrlTtlS: z._default(z.int().check(z.gte(10), z.lte(3600)), 600),
  /** Seconds an upload that no message references is kept before it is deleted (default a day); 0 keeps them. */
  attachmentOrphanTtlS: z._default(count, 24 * 60 * 60),
  /**
   * A virus scanner run on every upload before it is stored: the command and its arguments (split on spaces), the
   * file's path appended. Exit 0 is clean, 1 infected (the file is refused and kept in quarantine), anything else
   * (or no answer within `scanTimeoutMs`) a failure, and the upload is refused.
   */
  scanCommand: z.optional(z.string().check(z.minLength(1))),
  scanTimeoutMs: z._default(positive, 60_000),
});

/** The parsed, complete configuration. */
export type RelayConfig = z.infer<typeof RelayConfigSchema>;
/** What a caller may pass: any subset of the configuration. */
export type RelayOptions = z.input<typeof RelayConfigSchema>;

/** Environment variables and the configuration key each sets. */
export const ENV_KEYS = {
  PARLEY_PORT: ['port', 'int'],
  PARLEY_HOST: ['host', 'string'],
  PARLEY_DATA_DIR: ['dataDir', 'string'],
  PARLEY_STORE: ['store', 'string'],
  PARLEY_DATABASE_URL: ['databaseUrl', 'string'],
  PARLEY_MIGRATE: ['migrate', 'string'],
  PARLEY_BUS: ['bus', 'string'],
  PARLEY_REDIS_URL: ['redisUrl', 'string'],
  PARLEY_REDIS_PREFIX: ['redisPrefix', 'string'],
  PARLEY_TRUST_PROXY: ['trustProxy', 'bool'],
  PARLEY_SQLITE_SYNC: ['sqliteSync', 'string'],
  PARLEY_SITE_NAME: ['siteName', 'string'],
  PARLEY_SITE_KEY: ['siteKey', 'string'],
  PARLEY_ADMIN_TOKEN: ['adminToken', 'string'],
  PARLEY_IDENTITY_SECRET: ['identitySecret', 'string'],
  PARLEY_REQUIRE_IDENTITY: ['requireIdentity', 'bool'],
  PARLEY_ALLOWED_ORIGINS: ['allowedOrigins', 'list'],
  PARLEY_ADMIN_ALLOWED_ORIGINS: ['adminAllowedOrigins', 'list'],
  PARLEY_RELAY_SECRET: ['relaySecret', 'string'],
  PARLEY_DATA_KEY: ['dataKey', 'string'],
  PARLEY_ADMIN_RATE_LIMIT_BURST: ['adminRateLimitBurst', 'int'],
  PARLEY_ADMIN_RATE_LIMIT_PER_SECOND: ['adminRateLimitPerSecond', 'int'],
  PARLEY_ADMIN_EXPORTS_PER_HOUR: ['adminExportsPerHour', 'int'],
  PARLEY_MAX_FRAME_BYTES: ['maxFrameBytes', 'int'],
  PARLEY_RATE_LIMIT_BURST: ['rateLimitBurst', 'int'],
  PARLEY_RATE_LIMIT_PER_SECOND: ['rateLimitPerSecond', 'int'],
  PARLEY_IP_RATE_LIMIT_BURST: ['ipRateLimitBurst', 'int'],
  PARLEY_IP_RATE_LIMIT_PER_SECOND: ['ipRateLimitPerSecond', 'int'],
  PARLEY_MAX_CONNECTIONS_PER_IP: ['maxConnectionsPerIp', 'int'],
  PARLEY_MAX_BACKPRESSURE_BYTES: ['maxBackpressureBytes', 'int'],
  PARLEY_HEARTBEAT_MS: ['heartbeatMs', 'int'],
  PARLEY_HELLO_TIMEOUT_MS: ['helloTimeoutMs', 'int'],
  PARLEY_LOG_LEVEL: ['logLevel', 'string'],
  PARLEY_NEW_CONVERSATIONS_PER_ADDRESS_PER_HOUR: ['newConversationsPerAddressPerHour', 'int'],
  PARLEY_NEW_CONVERSATIONS_PER_SITE_PER_MINUTE: ['newConversationsPerSitePerMinute', 'int'],
  PARLEY_WIDGET_DIR: ['widgetDir', 'string'],
  PARLEY_SITE_DIR: ['siteDir', 'string'],
  PARLEY_ADMIN_DIR: ['adminDir', 'string'],
  PARLEY_RETENTION_DAYS: ['retentionDays', 'int'],
  PARLEY_SMTP_URL: ['smtpUrl', 'string'],
  PARLEY_EMAIL_FROM: ['emailFrom', 'string'],
  PARLEY_EMAIL_REPLY_DELAY_S: ['emailReplyDelayS', 'int'],
  PARLEY_PUBLIC_URL: ['publicUrl', 'string'],
  PARLEY_INBOUND_DOMAIN: ['inboundDomain', 'string'],
  PARLEY_INBOUND_SMTP_PORT: ['inboundSmtpPort', 'int'],
  PARLEY_INBOUND_SMTP_HOST: ['inboundSmtpHost', 'string'],
  PARLEY_INBOUND_SECRET: ['inboundSecret', 'string'],
  PARLEY_WEBHOOK_ALLOW_PRIVATE: ['webhookAllowPrivate', 'bool'],
  PARLEY_STORAGE: ['storage', 'string'],
  PARLEY_S3_ENDPOINT: ['s3Endpoint', 'string'],
  PARLEY_S3_BUCKET: ['s3Bucket', 'string'],
  PARLEY_S3_REGION: ['s3Region', 'string'],
  PARLEY_S3_ACCESS_KEY_ID: ['s3AccessKeyId', 'string'],
  PARLEY_S3_SECRET_ACCESS_KEY: ['s3SecretAccessKey', 'string'],
  PARLEY_S3_FORCE_PATH_STYLE: ['s3ForcePathStyle', 'bool'],
  PARLEY_S3_PREFIX: ['s3Prefix', 'string'],
  PARLEY_ATTACHMENT_MAX_BYTES: ['attachmentMaxBytes', 'int'],
  PARLEY_ATTACHMENT_SITE_QUOTA_BYTES: ['attachmentSiteQuotaBytes', 'int'],
  PARLEY_ATTACHMENT_TYPES: ['attachmentTypes', 'list'],
  PARLEY_ATTACHMENT_MAX_PIXELS: ['attachmentMaxPixels', 'int'],
  PARLEY_ATTACHMENT_UPLOADS_PER_ADDRESS_PER_HOUR: ['attachmentUploadsPerAddressPerHour', 'int'],
  PARLEY_ATTACHMENT_BYTES_PER_ADDRESS_PER_HOUR: ['attachmentBytesPerAddressPerHour', 'int'],
  PARLEY_ATTACHMENT_URL_TTL_S: ['attachmentUrlTtlS', 'int'],
  PARLEY_ATTACHMENT_ORPHAN_TTL_S: ['attachmentOrphanTtlS', 'int'],
  PARLEY_SCAN_COMMAND: ['scanCommand', 'string'],
  PARLEY_SCAN_TIMEOUT_MS: ['scanTimeoutMs', 'int'],
} as const satisfies Record<string, readonly [keyof RelayConfig, 'int' | 'string' | 'bool' | 'list']>;

/** A configuration value was wrong; the message names it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function fromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, [key, kind]] of Object.entries(ENV_KEYS)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    if (kind === 'int') {
      if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got "${raw}".`);
      out[key] = Number(raw);
    } else if (kind === 'bool') {
      if (!/^(true|false|1|0)$/i.test(raw.trim()))
        throw new ConfigError(`${name} must be true or false, got "${raw}".`);
      out[key] = /^(true|1)$/i.test(raw.trim());
    } else if (kind === 'list') {
      out[key] = raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
    } else {
      out[key] = raw;
    }
  }
  return out;
}

/**
 * What was wrong, in words: a choice names its allowed values, and it and an origin quote what was given (neither
 * is ever a secret); any other value is not quoted, as it may be one.
 */
function issueText(issue: z.core.$ZodIssue | undefined, merged: Record<string, unknown>): string {
  if (!issue) return 'invalid value';
  const given = issue.path.reduce<unknown>(
    (value, step) => (value as Record<PropertyKey, unknown> | undefined)?.[step as PropertyKey],
    merged,
  );
  if (issue.code === 'invalid_value')
    return `must be one of ${issue.values.map(String).join(', ')}, got "${String(given)}"`;
  if (issue.message === ORIGIN_RULE) return `${ORIGIN_RULE}, got "${String(given)}"`;
  return issue.message;
}

function envNameFor(key: string): string {
  const found = Object.entries(ENV_KEYS).find(([, [k]]) => k === key);
  return found ? `${found[0]} (${key})` : key;
}

/**
 * Parses the configuration once into exact types. Precedence: `overrides` > environment > the JSON file named
 * by `PARLEY_CONFIG` > defaults. Throws a {@link ConfigError} naming the first wrong value.
 */
export function loadConfig(overrides: RelayOptions = {}, env: NodeJS.ProcessEnv = process.env): RelayConfig {
  let file: Record<string, unknown> = {};
  if (env.PARLEY_CONFIG) {
    try {
      file = JSON.parse(readFileSync(env.PARLEY_CONFIG, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`PARLEY_CONFIG: cannot read ${env.PARLEY_CONFIG}: ${(error as Error).message}`);
    }
  }
  const merged = { ...file, ...fromEnv(env), ...overrides };
  const parsed = z.safeParse(RelayConfigSchema, merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path.length ? String(issue.path[0]) : 'config';
    throw new ConfigError(`Invalid configuration: ${envNameFor(key)}: ${issueText(issue, merged)}.`);
  }
  const config = parsed.data;
  if (config.store === 'postgres' && !config.databaseUrl) {
    throw new ConfigError('PARLEY_STORE=postgres needs PARLEY_DATABASE_URL.');
  }
  if (config.bus === 'redis' && !config.redisUrl) throw new ConfigError('PARLEY_BUS=redis needs PARLEY_REDIS_URL.');
  if (config.smtpUrl && !config.emailFrom) throw new ConfigError('PARLEY_SMTP_URL needs PARLEY_EMAIL_FROM.');
  // Replies are recognised by their address on the inbound domain: without it no mail could be taken.
  if (config.inboundSmtpPort !== undefined && !config.inboundDomain)
    throw new ConfigError('PARLEY_INBOUND_SMTP_PORT needs PARLEY_INBOUND_DOMAIN.');
  if (config.inboundSecret && !config.inboundDomain)
    throw new ConfigError('PARLEY_INBOUND_SECRET needs PARLEY_INBOUND_DOMAIN.');
  if (config.storage === 's3' && !config.s3Bucket)
    throw new ConfigError('PARLEY_STORAGE=s3 needs PARLEY_S3_BUCKET (and PARLEY_S3_ENDPOINT unless it is AWS S3).');
  if ((config.s3AccessKeyId === undefined) !== (config.s3SecretAccessKey === undefined))
    throw new ConfigError(
      'PARLEY_S3_ACCESS_KEY_ID and PARLEY_S3_SECRET_ACCESS_KEY go together: set both, or neither to use the AWS SDK’s own credentials.',
    );
  const unknownTypes = config.attachmentTypes.filter((type) => !ATTACHMENT_TYPE_NAMES.includes(type));
  if (unknownTypes.length > 0)
    throw new ConfigError(
      `PARLEY_ATTACHMENT_TYPES: unknown type ${unknownTypes.join(', ')}; known: ${ATTACHMENT_TYPE_NAMES.join(', ')}.`,
    );
  return { ...config, dataDir: resolve(config.dataDir) };
}
