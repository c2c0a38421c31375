import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../src/config.js';
import { TS_NODE_ARGS } from './support/ts-process.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('configuration', () => {
  it('starts from defaults with an empty environment', () => {
    const config = loadConfig({}, {});
    assert.equal(config.port, 8787);
    assert.equal(config.store, 'sqlite');
    assert.equal(config.sqliteSync, 'full');
    // Unset: the default site keeps what the inbox set (a first start allows any origin, see relay.ts).
    assert.equal(config.allowedOrigins, undefined);
    assert.equal(config.siteName, undefined);
  });

  it('reads PARLEY_* variables into exact types', () => {
    const config = loadConfig(
      {},
      {
        PARLEY_PORT: '9000',
        PARLEY_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
        PARLEY_REQUIRE_IDENTITY: 'true',
        PARLEY_SQLITE_SYNC: 'normal',
      },
    );
    assert.equal(config.port, 9000);
    assert.deepEqual(config.allowedOrigins, ['https://a.example', 'https://b.example']);
    assert.equal(config.requireIdentity, true);
    assert.equal(config.sqliteSync, 'normal');
  });

  it('lets variables override the JSON file, and options override both', () => {
    const file = join(dir, 'parley.json');
    writeFileSync(file, JSON.stringify({ port: 7000, siteName: 'From file', heartbeatMs: 30000 }));
    const config = loadConfig({ heartbeatMs: 20000 }, { PARLEY_CONFIG: file, PARLEY_PORT: '7001' });
    assert.equal(config.port, 7001);
    assert.equal(config.siteName, 'From file');
    assert.equal(config.heartbeatMs, 20000);
  });

  it('refuses a value of the wrong type in the JSON file, saying the type it takes and not quoting the value', () => {
    const file = join(dir, 'wrong-types.json');
    for (const [value, message] of [
      [{ port: '8080' }, 'PARLEY_PORT (port): Invalid input: expected number, received string.'],
      [
        { allowedOrigins: 'https://a.example' },
        'PARLEY_ALLOWED_ORIGINS (allowedOrigins): Invalid input: expected array, received string.',
      ],
      [
        { adminToken: 1234567890123456 },
        'PARLEY_ADMIN_TOKEN (adminToken): Invalid input: expected string, received number.',
      ],
    ] as const) {
      writeFileSync(file, JSON.stringify(value));
      assert.throws(
        () => loadConfig({}, { PARLEY_CONFIG: file }),
        (error: unknown) => error instanceof ConfigError && error.message === `Invalid configuration: ${message}`,
      );
    }
  });

  const bad: Array<[string, Record<string, string>, RegExp]> = [
    ['a port that is not a number', { PARLEY_PORT: 'eighty' }, /PARLEY_PORT must be a whole number/],
    ['a port out of range', { PARLEY_PORT: '70000' }, /PARLEY_PORT \(port\)/],
    ['an unknown store', { PARLEY_STORE: 'mongo' }, /PARLEY_STORE \(store\)/],
    ['postgres without a URL', { PARLEY_STORE: 'postgres' }, /PARLEY_DATABASE_URL/],
    [
      'a short admin token, without quoting it',
      { PARLEY_ADMIN_TOKEN: 'short' },
      /PARLEY_ADMIN_TOKEN \(adminToken\): must be at least 16 characters\.$/,
    ],
    [
      'a site key with spaces',
      { PARLEY_SITE_KEY: 'pk_with spaces' },
      /PARLEY_SITE_KEY \(siteKey\): must match \/\^\[A-Za-z0-9_-\]\+\$\/\.$/,
    ],
    [
      'a boolean that is not one',
      { PARLEY_REQUIRE_IDENTITY: 'maybe' },
      /PARLEY_REQUIRE_IDENTITY must be true or false/,
    ],
    ['an unreadable config file', { PARLEY_CONFIG: '/nonexistent/parley.json' }, /PARLEY_CONFIG: cannot read/],
    // Issue #36: a choice names its allowed values and what was given; an origin needs its scheme.
    [
      'a store it does not know, saying which it knows',
      { PARLEY_STORE: 'mysql' },
      /PARLEY_STORE \(store\): must be one of sqlite, postgres, got "mysql"\.$/,
    ],
    ['a log level it does not know', { PARLEY_LOG_LEVEL: 'loud' }, /must be one of debug, info, warn, error, silent/],
    // A number out of its range says the bound.
    ['a port above 65535', { PARLEY_PORT: '70000' }, /PARLEY_PORT \(port\): must be at most 65535\.$/],
    [
      'a negative accept queue',
      { PARLEY_LISTEN_BACKLOG: '-1' },
      /PARLEY_LISTEN_BACKLOG \(listenBacklog\): must be at least 0\.$/,
    ],
    [
      'a heartbeat under a second',
      { PARLEY_HEARTBEAT_MS: '0' },
      /PARLEY_HEARTBEAT_MS \(heartbeatMs\): must be at least 1000\.$/,
    ],
    [
      'an allowed origin without its scheme',
      { PARLEY_ALLOWED_ORIGINS: 'https://a.example, shop.example' },
      /PARLEY_ALLOWED_ORIGINS \(allowedOrigins\): must be \* or an origin such as https:\/\/example\.com .*got "shop\.example"/,
    ],
    [
      'an admin origin with a path',
      { PARLEY_ADMIN_ALLOWED_ORIGINS: 'https://desk.example/inbox' },
      /PARLEY_ADMIN_ALLOWED_ORIGINS \(adminAllowedOrigins\): must be \* or an origin.*got "https:\/\/desk\.example\/inbox"/,
    ],
  ];
  for (const [name, env, message] of bad) {
    it(`refuses ${name}, naming it`, () => {
      assert.throws(
        () => loadConfig({}, env),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
      );
    });
  }

  it('refuses an unknown PARLEY_* variable, naming it and the nearest setting', () => {
    assert.throws(
      () => loadConfig({}, { PARLEY_STOER: 'postgres' }),
      (error: unknown) =>
        error instanceof ConfigError && error.message === 'Unknown variable PARLEY_STOER (did you mean PARLEY_STORE?).',
    );
    // Several at once are all named; one far from every setting gets no guess.
    assert.throws(
      () => loadConfig({}, { PARLEY_PROT: '9000', PARLEY_ZZZZZZZZZZZZ: 'x' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.message === 'Unknown variables PARLEY_PROT (did you mean PARLEY_PORT?), PARLEY_ZZZZZZZZZZZZ.',
    );
  });

  it('accepts the PARLEY_* variables of the tests, CI, the benchmark, `npm start` and the examples', () => {
    const config = loadConfig(
      {},
      {
        PARLEY_CONFIG: '',
        PARLEY_TEST_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
        PARLEY_TEST_OUTBOX_TIMING: '{}',
        PARLEY_CI_POSTGRES_PORT: '5433',
        PARLEY_BENCH_REDIS_URL: 'redis://127.0.0.1:6379',
        PARLEY_TS_CACHE: '/tmp/x',
        PARLEY_DEMO_SMTP_PORT: '1025',
        PARLEY_HEAP_SAMPLE: '/tmp/heap',
        PARLEY_HEAP_SAMPLE_SURVIVORS: 'true',
        PARLEY_SHOTS: '/tmp/shots',
        PARLEY_URL: 'https://chat.example.com',
        PARLEY_CHANNEL_TOKEN: 'pac_x',
        PARLEY_STAFF_TOKEN: 'pat_x',
        PARLEY_DOMAIN: 'chat.example.com',
        NOT_PARLEY_STOER: 'ignored',
      },
    );
    assert.equal(config.store, 'sqlite');
  });

  it('refuses an unknown key in the JSON file, naming it and the nearest key', () => {
    const file = join(dir, 'misspelled.json');
    writeFileSync(file, JSON.stringify({ storee: 'postgres', port: 7000 }));
    assert.throws(
      () => loadConfig({}, { PARLEY_CONFIG: file }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.message === `PARLEY_CONFIG (${file}): unknown key "storee" (did you mean "store"?).`,
    );
  });

  it('stops parley-relay on a misspelled variable with exit code 78, before opening anything', () => {
    const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
    const result = spawnSync(process.execPath, [...TS_NODE_ARGS, main], {
      env: { ...process.env, PARLEY_STOER: 'postgres', PARLEY_DATA_DIR: join(dir, 'never') },
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(result.status, 78);
    assert.match(result.stderr, /Unknown variable PARLEY_STOER \(did you mean PARLEY_STORE\?\)/);
    assert.equal(existsSync(join(dir, 'never')), false);
  });

  it('stops parley-relay with a message naming the bad value and exit code 78', () => {
    const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
    const result = spawnSync(process.execPath, [...TS_NODE_ARGS, main], {
      env: { ...process.env, PARLEY_PORT: '99999', PARLEY_DATA_DIR: dir },
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(result.status, 78);
    assert.match(result.stderr, /parley-relay: Invalid configuration: PARLEY_PORT \(port\)/);
  });
});
