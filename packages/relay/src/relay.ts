import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AdminServices } from './admin/admin-services.js';
import { newDataKey } from './admin/email-cipher.js';
import { SecretSealer } from './store/secret-sealer.js';
import { hashToken, randomToken } from './auth/tokens.js';
import type { Message } from '@parley/protocol';
import type { Bus } from './bus/bus.js';
import { LocalBus } from './bus/local-bus.js';
import { ConfigError, loadConfig, type RelayConfig, type RelayOptions } from './config.js';
import { ChatCore } from './core/chat-core.js';
import type { FeatureOptions } from './features/feature.js';
import { FeatureHost } from './features/feature-host.js';
import type { UseFeature } from './features/feature-instances.js';
import { ERASURE_PLAN, MIGRATIONS, selectFeatures } from './features/features.js';
import { listeningOrigin, PublicOrigin } from './http/public-origin.js';
import type { Attachments } from './attachments/attachments.js';
import type { EmailFeature } from './email/email-feature.js';
import type { InboundReplies } from './inbound-email/inbound-replies.js';
import type { Mentions } from './mentions/mentions.js';
import type { Push } from './push/push.js';
import type { Routing } from './routing/routing.js';
import type { PostgresProbe } from './health.js';
import { createLogger, type Logger } from './log.js';
import { RelayServer, newRelaySecret } from './server.js';
import { loadNativeUws } from './uws.js';
import type { OutboxTiming } from './outbox/outbox-worker.js';
import type { AdminDb } from './store/repositories.js';
import { Accounts } from './auth/accounts.js';
import type { AuthLimits } from './admin-api/auth-api.js';
import { DataDirLock } from './store/data-dir-lock.js';
import { openSqliteAdminDb } from './store/sqlite-admin-db.js';
import { SqliteStore } from './store/sqlite-store.js';
import { DEFAULT_SITE_ID, type Site, type Store } from './store/store.js';

export { DEFAULT_SITE_ID };

/** Credentials of the default site as kept in `<dataDir>/credentials.json` (mode 0600). */
interface StoredCredentials {
  siteKey?: string;
  identitySecret?: string;
  adminToken?: string;
  relaySecret?: string;
  dataKey?: string;
}

/** A running relay. */
export interface RunningRelay {
  readonly config: RelayConfig;
  readonly port: number;
  /** `ws://127.0.0.1:PORT/v1/ws` */
  readonly wsUrl: string;
  /** `http://127.0.0.1:PORT`: where the relay listens, for tools on this machine. */
  readonly httpUrl: string;
  /**
   * The public origin, as printed at start: `PARLEY_PUBLIC_URL`, else `http://127.0.0.1:PORT` (the host it
   * listens on when not a wildcard). Every link the relay hands out is built on {@link RelayServer.publicOrigin}.
   */
  readonly publicUrl: string;
  readonly uwsNative: boolean;
  readonly server: RelayServer;
  /** The store the relay writes to (for embedding and tests; do not close it yourself). */
  readonly store: Store;
  /** The default site's public key. */
  readonly siteKey: string;
  /**
   * While no staff account exists, each start makes a one-time setup link for the first owner
   * (`<public URL>/admin#setup=…`); `undefined` once an account exists.
   */
  readonly setupLink: string | undefined;
  /** Staff accounts, sessions and one-time links (issue #19); for embedding and tests. */
  readonly accounts: Accounts;
  /** The admin API's services (repositories, email cipher, broadcasts); for embedding and tests. */
  readonly admin: AdminServices;
  /** A feature's running part, by name (`relay.use('webhooks')`): for embedding and tests. */
  readonly use: UseFeature;
  /** Replies by email (with `inboundDomain`): its SMTP listener's port, for embedding and tests. */
  readonly inbound: InboundReplies | undefined;
  /** The email feature (off without `PARLEY_SMTP_URL`); for embedding and tests. */
  readonly email: EmailFeature;
  /** Routing and SLA (issue #17); for embedding and tests. */
  readonly routing: Routing;
  /** Attachments (issue #18): their checks, storage and purge of erased files; for embedding and tests. */
  readonly attachments: Attachments;
  /** Mentions in staff notes (issue #19); for embedding and tests. */
  readonly mentions: Mentions;
  /** Web Push to staff whose inbox is closed (issue #19); for embedding and tests. */
  readonly push: Push;
  /** Graceful stop (see {@link RelayServer.close}). */
  close(): Promise<void>;
}

/** Options for {@link startRelay}: any configuration value, plus where to read the environment from. */
export type StartOptions = RelayOptions &
  FeatureOptions & {
    /** Environment to read `PARLEY_*` variables from. Defaults to none, so embedding and tests are hermetic. */
    env?: NodeJS.ProcessEnv;
    logger?: Logger;
    /** Called once with the default site's credentials when this start generated them. */
    onFirstStart?: (credentials: { siteKey: string; file: string }) => void;
    /** Called with the setup link when no staff account exists yet (see {@link RunningRelay.setupLink}). */
    onSetupLink?: (link: string) => void;
    /** Rate limits of the sign-in routes (tests raise them). */
    authLimits?: AuthLimits;
    /** The outbox worker's timing (tests shorten the retry schedule; production keeps the defaults). */
    outboxTiming?: Partial<OutboxTiming>;
    /**
     * The outbox worker's clock (tests move it to bring a timer due, ahead of the real time only: jobs the message
     * path writes are due at the real time). Default `Date.now`.
     */
    outboxClock?: () => number;
    /** The clock the admin API's rate limits refill on (tests hold it still, so a burst is exact). Default `Date.now`. */
    adminClock?: () => number;
    /**
     * Features of the list (`features/features.ts`) this relay leaves out, by name; for tests (the removability
     * test leaves each out in turn) and embedding. One left out is not made, serves none of its routes and hooks
     * nothing, but its tables stay: the schema and what an erasure deletes are every feature's, so one database
     * serves any selection. Refused: a name that is no feature's, and leaving out a feature that one kept
     * `requires` (leave that one out too). Default: none.
     */
    withoutFeatures?: readonly string[];
  };

function withoutUndefined(credentials: StoredCredentials): StoredCredentials {
  return Object.fromEntries(Object.entries(credentials).filter(([, value]) => value !== undefined));
}

async function readCredentials(file: string): Promise<StoredCredentials> {
  try {
    const text = await readFile(file, 'utf8');
    // A file an older relay (or a copy) left readable by others is narrowed.
    await chmod(file, 0o600);
    return JSON.parse(text) as StoredCredentials;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

/** A store, and the probe watching it when it lives in another server. */
interface CreatedStore {
  store: Store;
  readonly probe: PostgresProbe | undefined;
  /** Set once the bus exists: re-publishes a stored message that may not have been published (see guardStore). */
  republish: ((message: Message, siteId: string) => void) | undefined;
}

/**
 * Server-side and client-side timeouts for the pool, unless the URL sets its own: a statement never runs longer
 * than 15 s, and a query whose answer does not come in 20 s (a dead peer) fails instead of hanging.
 */
function withTimeouts(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.searchParams.has('statement_timeout')) parsed.searchParams.set('statement_timeout', '15000');
    if (!parsed.searchParams.has('query_timeout')) parsed.searchParams.set('query_timeout', '20000');
    return parsed.toString();
  } catch {
    return url;
  }
}

async function createStore(config: RelayConfig, log: Logger): Promise<CreatedStore> {
  if (config.store === 'postgres') {
    const [{ PostgresStore }, { PostgresProbe }, { guardStore }] = await Promise.all([
      import('./store/postgres-store.js'),
      import('./health.js'),
      import('./health-store.js'),
    ]);
    const probe = new PostgresProbe({
      connectionString: config.databaseUrl!,
      onChange: (healthy, error) => {
        if (healthy) log.info('store: PostgreSQL is reachable again');
        else
          log.warn('store: PostgreSQL is unreachable; sends are refused with store_unavailable (retryable)', { error });
      },
    });
    const created: CreatedStore = { store: undefined as unknown as Store, probe, republish: undefined };
    const store = new PostgresStore({
      connectionString: withTimeouts(config.databaseUrl!),
      migrate: config.migrate === 'auto',
      migrations: MIGRATIONS,
    });
    created.store = guardStore(store, {
      probe,
      onUnpublished: ({ message }, input) => created.republish?.(message, input.siteId),
    });
    return created;
  }
  return {
    store: new SqliteStore({
      path: join(config.dataDir, 'parley.db'),
      synchronous: config.sqliteSync,
      migrate: config.migrate === 'auto',
      migrations: MIGRATIONS,
    }),
    probe: undefined,
    republish: undefined,
  };
}

async function createAdminDb(config: RelayConfig): Promise<AdminDb> {
  if (config.store === 'postgres') {
    const { openPostgresAdminDb } = await import('./store/postgres-admin-db.js');
    return openPostgresAdminDb({ connectionString: config.databaseUrl!, erasure: ERASURE_PLAN });
  }
  // The message store has migrated the file (admin tables included); this is a second connection to it.
  return openSqliteAdminDb({ path: join(config.dataDir, 'parley.db'), erasure: ERASURE_PLAN });
}

async function createBus(config: RelayConfig, store: Store, log: Logger): Promise<Bus> {
  if (config.bus === 'redis') {
    const { RedisBus } = await import('./bus/redis-bus.js');
    return new RedisBus({
      url: config.redisUrl!,
      prefix: config.redisPrefix,
      log,
      source: {
        messagesAfter: (conversationId, afterSeq, limit) =>
          store.messagesAfter(conversationId, afterSeq, limit, { includeNotes: true }),
        siteOf: async (conversationId) => (await store.getConversation(conversationId))?.siteId,
      },
    });
  }
  return new LocalBus();
}

/**
 * Ensures the default site exists with the configured credentials. On a first start without configured
 * credentials it generates them, stores them in `<dataDir>/credentials.json` (0600) and reports them once.
 */
async function bootstrap(
  config: RelayConfig,
  store: Store,
  options: StartOptions,
): Promise<{ site: Site; relaySecret: string; dataKey: string }> {
  const file = join(config.dataDir, 'credentials.json');
  const stored = await readCredentials(file);
  const dataKey = config.dataKey ?? stored.dataKey ?? newDataKey();
  // Identity secrets are kept sealed with the data key; one stored in plaintext by an older relay is sealed now.
  try {
    await store.sealSecrets(new SecretSealer(dataKey));
  } catch (error) {
    // Several relays on one database must share the data key (docs/deploy.md, "Secrets").
    if (error instanceof Error && /cannot be opened with this data key/.test(error.message))
      throw new ConfigError(
        `PARLEY_DATA_KEY: the database holds secrets sealed with another data key. Relays that share a database must share PARLEY_DATA_KEY (and PARLEY_RELAY_SECRET); a restored database needs the credentials.json of the relay that wrote it.`,
      );
    throw error;
  }
  const existing = await store.getSite(DEFAULT_SITE_ID);
  const site: Site = {
    id: DEFAULT_SITE_ID,
    // Configured values win; otherwise what the site was given in the inbox (`PATCH /v1/admin/site`) stays.
    name: config.siteName ?? existing?.name ?? 'Parley demo',
    siteKey: config.siteKey ?? existing?.siteKey ?? stored.siteKey ?? randomToken('pk', 18),
    allowedOrigins: config.allowedOrigins ?? existing?.allowedOrigins ?? ['*'],
    identitySecret: config.identitySecret ?? existing?.identitySecret ?? stored.identitySecret ?? randomToken('is', 32),
    requireIdentity: config.requireIdentity,
  };
  await store.upsertSite(site);

  // Relays starting together on one database may both create the admin: whoever loses finds it created.
  const ensureAdmin = async (token: string): Promise<void> => {
    const tokenHash = hashToken(token);
    if (await store.findStaffByTokenHash(tokenHash)) return;
    try {
      await store.createStaff({
        id: `admin_${tokenHash.slice(0, 12)}`,
        siteId: site.id,
        name: 'Admin',
        role: 'admin',
        tokenHash,
        createdAt: Date.now(),
        revokedAt: null,
      });
    } catch (error) {
      if (!(await store.findStaffByTokenHash(tokenHash))) throw error;
    }
  };
  // PARLEY_ADMIN_TOKEN keeps working as an API token with every scope (tests, the e2e suite, scripts). A new
  // install without it gets no token: its first owner signs up through the setup link (issue #19).
  if (config.adminToken) await ensureAdmin(config.adminToken);
  const relaySecret = config.relaySecret ?? stored.relaySecret ?? newRelaySecret();
  // A secret given by configuration (the environment) is never written to the file. One the file already holds
  // that differs from it was generated here earlier and stays, so that unsetting the variable later gets it back
  // (for the data key: the stored emails stay readable).
  const keep = (configured: string | undefined, value: string, before: string | undefined): string | undefined =>
    configured === undefined ? value : before !== undefined && before !== configured ? before : undefined;
  const next: StoredCredentials = withoutUndefined({
    siteKey: keep(config.siteKey, site.siteKey, stored.siteKey),
    identitySecret: keep(config.identitySecret, site.identitySecret, stored.identitySecret),
    relaySecret: keep(config.relaySecret, relaySecret, stored.relaySecret),
    dataKey: keep(config.dataKey, dataKey, stored.dataKey),
    // An admin token an older relay generated stays in the file (and keeps working as an API token).
    adminToken: stored.adminToken !== config.adminToken ? stored.adminToken : undefined,
  });
  if (JSON.stringify(next) !== JSON.stringify(stored)) {
    // Written beside it at 0600 (whatever the umask), then renamed over it: never readable by others, never half.
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, '', { mode: 0o600 });
    await chmod(temporary, 0o600);
    await writeFile(temporary, `${JSON.stringify(next, null, 2)}\n`);
    await rename(temporary, file);
  }
  if (!existing) options.onFirstStart?.({ siteKey: site.siteKey, file });
  return { site, relaySecret, dataKey };
}

/** A feature's running part, or an error saying that this relay was started without the feature. */
function running<Part>(name: string, part: Part | undefined): Part {
  if (part === undefined)
    throw new Error(`the ${name} feature is not part of this relay (startRelay's withoutFeatures)`);
  return part;
}

/**
 * Starts a relay: parses the configuration, opens the store and the bus, makes sure the default site exists,
 * and listens.
 *
 * @example
 * const relay = await startRelay({ port: 0, dataDir: '/tmp/parley', logLevel: 'silent' });
 * console.log(relay.wsUrl);
 * await relay.close();
 */
export async function startRelay(options: StartOptions = {}): Promise<RunningRelay> {
  const {
    env = {},
    logger,
    onFirstStart: _onFirstStart,
    onSetupLink,
    authLimits,
    outboxTiming,
    emailNotifyBatchMs,
    mentionEmailDelayMs,
    pushReadDelayMs,
    safetyPollMs,
    clock,
    emailClock,
    outboxClock,
    adminClock,
    handover,
    withoutFeatures,
    ...overrides
  } = options;
  const config = loadConfig(overrides, env);
  const selected = selectFeatures(withoutFeatures);
  // Native or nothing: the package's JavaScript fallback fails on the first WebSocket connection.
  loadNativeUws();
  const log = logger ?? createLogger(config.logLevel);
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  // One relay per SQLite file: a second one on the same data dir stops here, naming the first (issue #36).
  const lock = config.store === 'sqlite' ? await DataDirLock.acquire(config.dataDir) : undefined;
  let created: Awaited<ReturnType<typeof createStore>>;
  try {
    created = await createStore(config, log);
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const { store, probe } = created;
  try {
    await store.init();
  } catch (error) {
    // A schema that is behind with PARLEY_MIGRATE=skip, or a database that will not open: nothing to keep open.
    await store.close().catch(() => undefined);
    await lock?.release();
    throw error;
  }
  await probe?.start();
  const features = new FeatureHost(selected, log);
  let server: RelayServer;
  let boot: Awaited<ReturnType<typeof bootstrap>>;
  let admin: AdminServices | undefined;
  let accounts: Accounts;
  let setupToken: string | undefined;
  try {
    boot = await bootstrap(config, store, options);
    const bus = await createBus(config, store, log);
    const core = new ChatCore({ store, bus, log });
    // With Redis, an append the store could not confirm in time is published once it is known to be stored
    // (see guardStore): the other relays order each conversation by sequence and would otherwise wait for it.
    if (config.bus === 'redis') created.republish = (message, siteId) => core.publishMessage(message, siteId);
    const adminDb = await createAdminDb(config);
    admin = new AdminServices({
      db: adminDb,
      core,
      dataKey: boot.dataKey,
      retentionDays: config.retentionDays,
      configuredSite: {
        name: config.siteName !== undefined,
        allowedOrigins: config.allowedOrigins !== undefined,
        identitySecret: config.identitySecret !== undefined,
      },
      ...(outboxTiming ? { outboxTiming } : {}),
      ...(outboxClock ? { outboxClock } : {}),
    });
    core.use(admin);
    accounts = new Accounts({ repos: adminDb.repos, store, sealer: new SecretSealer(boot.dataKey) });
    const publicOrigin = new PublicOrigin(config.publicUrl);
    await features.create({
      config,
      core,
      admin,
      accounts,
      log,
      relaySecret: boot.relaySecret,
      dataKey: boot.dataKey,
      publicOrigin,
      db: adminDb.sql,
      options: {
        clock,
        emailClock,
        emailNotifyBatchMs,
        mentionEmailDelayMs,
        pushReadDelayMs,
        safetyPollMs,
        handover,
        signInAddressLimit: authLimits
          ? { burst: authLimits.addressBurst, perSecond: authLimits.addressPerSecond }
          : undefined,
      },
    });
    features.attach(core, admin);
    await features.start();
    // No account yet (a new install, or one upgraded from tokens): the first owner's setup link.
    if ((await adminDb.repos.accounts.countAccounts()) === 0)
      setupToken = await accounts.createSetupLink(boot.site.id, Date.now());
    await adminDb.repos.accounts.pruneAuthLinks(Date.now() - 24 * 3600_000);
    server = new RelayServer({
      config,
      core,
      accounts,
      ...(authLimits ? { authLimits } : {}),
      ...(adminClock ? { adminClock } : {}),
      relaySecret: boot.relaySecret,
      defaultSite: boot.site,
      admin,
      features,
      publicOrigin,
      ...(probe ? { storeHealth: probe } : {}),
    });
    await server.listen();
    await features.listening();
    admin.start();
  } catch (error) {
    await features.stop();
    await features.close();
    await admin?.close().catch(() => undefined);
    await probe?.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    await lock?.release();
    throw error;
  }
  const adminServices = admin;
  const port = server.port;
  const httpUrl = listeningOrigin(config.host, port);
  const fields = {
    port,
    store: store.kind,
    uwsNative: server.uwsNative,
    node: process.version,
    dataDir: config.dataDir,
  };
  log.info('relay listening', fields);
  if (server.publicOrigin.forEmail === undefined && config.smtpUrl !== undefined)
    log.warn('PARLEY_PUBLIC_URL is not set and the relay is reachable from elsewhere: emails carry no links', {
      host: config.host,
    });
  const publicUrl = server.publicOrigin.href;
  const setupLink = setupToken === undefined ? undefined : `${publicUrl}/admin#setup=${setupToken}`;
  if (setupLink !== undefined) onSetupLink?.(setupLink);
  return {
    config,
    port,
    wsUrl: `${httpUrl.replace(/^http/, 'ws')}/v1/ws`,
    httpUrl,
    publicUrl,
    uwsNative: server.uwsNative,
    server,
    store,
    siteKey: boot.site.siteKey,
    setupLink,
    accounts,
    admin: adminServices,
    use: features.use,
    inbound: features.use('inbound'),
    // Read when asked: a relay started without one of these (`withoutFeatures`) fails only where it is asked for.
    get email() {
      return running('email', features.use('email'));
    },
    get routing() {
      return running('routing', features.use('routing'));
    },
    get attachments() {
      return running('attachments', features.use('attachments')).attachments;
    },
    get mentions() {
      return running('mentions', features.use('mentions'));
    },
    get push() {
      return running('push', features.use('push'));
    },
    close: async () => {
      // Features take no more work (mail, broadcasts, timers); queued contact updates are written.
      await features.stop();
      await adminServices.stop();
      await server.close();
      await features.close();
      await adminServices.close();
      await lock?.release();
    },
  };
}
