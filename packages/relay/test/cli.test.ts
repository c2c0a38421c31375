import { CLOSES } from '@parley/protocol';
import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CliRelay, runCli } from './support/cli.js';
import { TestClient } from './support/client.js';
import { startTestRelay } from './support/relay.js';
import { tempDir } from './support/temp.js';

/** Calls the running relay's admin API with a staff token. */
async function adminApi(
  relay: CliRelay,
  token: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${relay.httpUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

function firstStartCredentials(stdout: string): { siteKey: string; setupLink: string } {
  const siteKey = /site key\s+(pk_\S+)/.exec(stdout)?.[1];
  const setupLink = /setup\s+(http\S+#setup=ls_\S+)/.exec(stdout)?.[1];
  assert.ok(siteKey && setupLink, `first-start banner:\n${stdout}`);
  assert.doesNotMatch(stdout, /admin token/, 'a new install prints no admin token');
  return { siteKey, setupLink };
}

describe('parley-relay: usage, help and configuration', () => {
  const env = { PARLEY_DATA_DIR: tempDir('parley-cli-usage-') };

  it('prints the usage of every command with --help and exits 0', async () => {
    const top = await runCli(['--help'], env);
    assert.equal(top.code, 0);
    for (const name of ['start', 'backup', 'restore', 'token', 'site', 'support-address', 'ai', 'migrate'])
      assert.match(top.stdout, new RegExp(`\\n  ${name} `));
    for (const args of [
      ['start', '--help'],
      ['backup', '--help'],
      ['restore', '-h'],
      ['token', '--help'],
      ['token', 'create', '--help'],
      ['token', 'list', '--help'],
      ['token', 'revoke', '--help'],
      ['site', 'create', '--help'],
      ['site', 'list', '--help'],
      ['support-address', 'list', '--help'],
      ['support-address', 'confirm', '--help'],
      ['ai', '--help'],
      ['ai', 'eval', '--help'],
      ['migrate', '--help'],
      ['help', 'backup'],
    ]) {
      const result = await runCli(args, env);
      assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stdout, /^Usage: parley-relay /, args.join(' '));
    }
    assert.deepEqual(readdirSync(env.PARLEY_DATA_DIR), [], 'help touches nothing');
  });

  it('answers wrong arguments with the usage and exit 64, changing nothing', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['frobnicate'], /unknown command "frobnicate"/],
      [['backup'], /missing <file>/],
      [['backup', 'a.db', 'b.db'], /unexpected argument "b.db"/],
      [['restore', '--into', 'x'], /Unknown option '--into'/],
      [['token'], /missing subcommand/],
      [['token', 'mint'], /unknown subcommand "mint"/],
      [['token', 'create'], /--name is required/],
      [['token', 'create', '--name', 'Ann', '--role', 'owner'], /--role must be admin or agent/],
      [['token', 'revoke'], /missing <id>/],
      [['site', 'create', '--name', 'Shop', '--origins', 'example.com'], /--origins: must be \* or an origin/],
      [['support-address', 'vouch'], /unknown subcommand "vouch"/],
      [['ai', 'judge'], /unknown subcommand "judge"/],
      [['ai', 'eval', '--site', 'default', '--model', 'x'], /Unknown option '--model'/],
      [['migrate', 'now'], /unexpected argument "now"/],
      [['start', '--port', '80'], /Unknown option '--port'/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args, env);
      assert.equal(result.code, 64, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message, args.join(' '));
      assert.match(result.stderr, /Usage: parley-relay/, args.join(' '));
    }
    assert.deepEqual(readdirSync(env.PARLEY_DATA_DIR), []);
  });

  it('validates the configuration as start does: exit 78 naming the variable', async () => {
    for (const args of [['start'], ['backup', 'x.db'], ['token', 'list'], ['migrate']]) {
      const result = await runCli(args, { ...env, PARLEY_PORT: 'eighty' });
      assert.equal(result.code, 78, args.join(' '));
      assert.match(result.stderr, /PARLEY_PORT/);
    }
    const migrate = await runCli(['migrate'], { ...env, PARLEY_MIGRATE: 'sometimes' });
    assert.equal(migrate.code, 78);
    assert.match(migrate.stderr, /PARLEY_MIGRATE/);
    const postgres = await runCli(['backup', 'x.db'], { ...env, PARLEY_STORE: 'postgres' });
    assert.equal(postgres.code, 78);
    assert.match(postgres.stderr, /PARLEY_DATABASE_URL/);
  });

  it('refuses backup and restore of a PostgreSQL store with exit 64, pointing to pg_dump', async () => {
    const pg = { ...env, PARLEY_STORE: 'postgres', PARLEY_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
    const backup = await runCli(['backup', join(env.PARLEY_DATA_DIR, 'x.db')], pg);
    assert.equal(backup.code, 64);
    assert.match(backup.stderr, /pg_dump/);
    const restore = await runCli(['restore', join(env.PARLEY_DATA_DIR, 'x.db')], pg);
    assert.equal(restore.code, 64);
    assert.match(restore.stderr, /pg_restore/);
  });
});

describe('parley-relay: a running relay, and the commands beside it', () => {
  const dataDir = tempDir('parley-cli-relay-');
  const work = tempDir('parley-cli-work-');
  // An API token for the calls below: how scripts (and the e2e suite) keep using the admin API.
  const adminToken = 'st_cli_test_admin_token_0123456789';
  const env = {
    PARLEY_DATA_DIR: dataDir,
    PARLEY_RATE_LIMIT_BURST: '0',
    PARLEY_IP_RATE_LIMIT_BURST: '0',
    PARLEY_ADMIN_RATE_LIMIT_BURST: '0',
    PARLEY_ADMIN_TOKEN: adminToken,
  };
  let relay: CliRelay;
  let siteKey: string;
  let setupLink: string;

  before(async () => {
    relay = await CliRelay.start(env, []);
    ({ siteKey, setupLink } = firstStartCredentials(relay.stdout));
  });
  after(async () => {
    await relay?.stop();
  });

  it('prints a one-time setup link for the first owner while no account exists', async () => {
    assert.ok(setupLink.startsWith(`${relay.httpUrl}/admin#setup=`), setupLink);
    const token = setupLink.slice(setupLink.indexOf('#setup=') + 7);
    const setup = async () =>
      fetch(`${relay.httpUrl}/v1/auth/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, email: 'owner@example.com', name: 'Owner', password: 'owner password 1' }),
      });
    assert.equal((await setup()).status, 200);
    assert.equal((await setup()).status, 410);
  });

  it('starts with no command and prints the relay, the inbox and, on a first start, the install snippet', () => {
    assert.match(relay.stdout, new RegExp(`Parley relay on ${relay.httpUrl} `));
    assert.ok(relay.stdout.includes(`inbox        ${relay.httpUrl}/admin\n`), relay.stdout);
    assert.ok(
      relay.stdout.includes(`<script src="${relay.httpUrl}/widget.js?site=${siteKey}" async></script>`),
      relay.stdout,
    );
  });

  it('creates a token the running relay accepts at once, and revokes it: the API refuses it, its socket closes', async () => {
    const created = await runCli(['token', 'create', '--name', 'Ann', '--role', 'admin', '--json'], env);
    assert.equal(created.code, 0, created.stderr);
    const token = JSON.parse(created.stdout) as { id: string; token: string; siteKey: string; role: string };
    assert.equal(token.siteKey, siteKey);
    assert.equal(token.role, 'admin');
    assert.match(token.token, /^st_/);

    const team = await adminApi(relay, token.token, '/v1/admin/tokens');
    assert.equal(team.status, 200);
    assert.ok((team.body.items as { id: string }[]).some((item) => item.id === token.id));
    const listed = await runCli(['token', 'list'], env);
    assert.match(listed.stdout, new RegExp(`${token.id}\\s+admin\\s+${siteKey}`));
    assert.ok(!listed.stdout.includes(token.token), 'a listing never shows a token');

    const { client: staff, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, staffToken: token.token });
    assert.equal(welcome.type, 'welcome');

    const revoked = await runCli(['token', 'revoke', token.id], env);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.equal((await adminApi(relay, token.token, '/v1/admin/tokens')).status, 401);
    // Revoked in the database by another process: the relay's periodic check closes the open socket.
    const closed = await Promise.race([
      staff.closed,
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 20_000).unref()),
    ]);
    assert.equal(closed?.code, CLOSES.revoked.code);

    const again = await runCli(['token', 'revoke', token.id], env);
    assert.equal(again.code, 64);
    assert.match(again.stderr, /no active token/);
    const audit = await adminApi(relay, adminToken, '/v1/admin/audit');
    const actions = (audit.body.items as { action: string; actorId: string }[]).filter((e) => e.actorId === 'cli');
    assert.deepEqual(actions.map((e) => e.action).sort(), ['token.create', 'token.revoke']);
  });

  it('says what it created in plain words: "an agent token", "an admin token" (issue #36)', async () => {
    for (const role of ['agent', 'admin']) {
      const created = await runCli(['token', 'create', '--name', 'Bo', '--role', role], env);
      assert.equal(created.code, 0, created.stderr);
      assert.match(created.stdout, new RegExp(`^Created an ${role} token for Bo on `));
    }
  });

  it('creates and lists sites through the CLI and the admin API, for admins of the default site only', async () => {
    const cli = await runCli(['site', 'create', '--name', 'Shop', '--origins', 'https://shop.example', '--json'], env);
    assert.equal(cli.code, 0, cli.stderr);
    const shop = JSON.parse(cli.stdout) as {
      id: string;
      siteKey: string;
      adminToken: string;
      allowedOrigins: string[];
    };
    assert.deepEqual(shop.allowedOrigins, ['https://shop.example']);

    const api = await adminApi(relay, adminToken, '/v1/admin/sites', {
      method: 'POST',
      body: { name: 'Blog', allowedOrigins: ['https://blog.example'] },
    });
    assert.equal(api.status, 201);
    assert.match(String(api.body.adminToken), /^st_/);
    const bad = await adminApi(relay, adminToken, '/v1/admin/sites', { method: 'POST', body: { name: '' } });
    assert.equal(bad.status, 400);

    const listed = await adminApi(relay, adminToken, '/v1/admin/sites');
    assert.equal(listed.status, 200);
    const keys = (listed.body.items as { siteKey: string; name: string }[]).map((site) => site.name);
    assert.deepEqual(keys, ['Parley demo', 'Shop', 'Blog']);
    assert.ok(!JSON.stringify(listed.body).includes('identitySecret'));
    // Every site's identity secret is stored sealed with the data key, the CLI's and the API's alike.
    const db = new Database(join(dataDir, 'parley.db'), { readonly: true });
    const secrets = db.prepare('SELECT identity_secret AS secret FROM sites').all() as { secret: string }[];
    db.close();
    assert.equal(secrets.length, 3);
    for (const { secret } of secrets) assert.match(secret, /^sealed:v1:/);
    const cliList = await runCli(['site', 'list', '--json'], env);
    assert.deepEqual(
      (JSON.parse(cliList.stdout) as { id: string }[]).map((site) => site.id),
      (listed.body.items as { id: string }[]).map((site) => site.id),
    );

    // The new site's own admin runs that site (its team), not the relay's sites.
    assert.equal((await adminApi(relay, shop.adminToken, '/v1/admin/tokens')).status, 200);
    assert.equal((await adminApi(relay, shop.adminToken, '/v1/admin/sites')).status, 403);
    // The running relay serves the new site at once, with its origins.
    const { client, welcome } = await TestClient.hello(
      relay.wsUrl,
      { siteKey: shop.siteKey },
      { origin: 'https://shop.example' },
    );
    assert.equal(welcome.type, 'welcome');
    client.ws.close();
    const refused = await TestClient.open(relay.wsUrl, { origin: 'https://evil.example' });
    refused.send({ type: 'hello', siteKey: shop.siteKey });
    assert.equal((await refused.closed).code, CLOSES.origin_refused.code);
  });

  it('backs up online while the relay stores messages: the copy passes integrity_check and holds every message acknowledged before it began', async () => {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    const conversationId = welcome.conversationId!;
    let sent = 0;
    const pump = setInterval(() => {
      for (let i = 0; i < 20 && sent < 20_000; i++)
        client.send({ type: 'send', id: `b-${++sent}`, text: `message ${sent}` });
    }, 2);
    try {
      await client.collect('ack', 200, 20_000);
      const ackedBefore = client.frames.flatMap((frame) => (frame.type === 'ack' ? [frame.id] : []));
      const target = join(work, 'online.db');
      const backup = await runCli(['backup', target], env);
      assert.equal(backup.code, 0, backup.stderr);
      const ackedAfter = client.frames.filter((frame) => frame.type === 'ack').length;
      assert.ok(ackedAfter > ackedBefore.length, 'the relay kept acknowledging while the backup ran');

      const db = new Database(target, { readonly: true, fileMustExist: true });
      try {
        assert.deepEqual(db.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
        const stored = new Set(
          (
            db.prepare('SELECT client_id FROM messages WHERE conversation_id = ?').all(conversationId) as {
              client_id: string;
            }[]
          ).map((row) => row.client_id),
        );
        const missing = ackedBefore.filter((id) => !stored.has(id));
        assert.deepEqual(missing, [], `${missing.length} of ${ackedBefore.length} acknowledged messages missing`);
      } finally {
        db.close();
      }
      assert.deepEqual(
        readdirSync(work).filter((name) => name.endsWith('.partial')),
        [],
      );
    } finally {
      clearInterval(pump);
      client.ws.close();
    }
  });

  it('fails with exit 73 on a path it cannot write, and leaves no partial file', async () => {
    const notAFolder = join(work, 'plain-file');
    writeFileSync(notAFolder, 'x');
    const blocked = await runCli(['backup', join(notAFolder, 'backup.db')], env);
    assert.equal(blocked.code, 73);
    assert.match(blocked.stderr, /cannot create .*backup\.db: a part of its path is not a folder/);
    const missing = await runCli(['backup', join(work, 'no-such-folder', 'backup.db')], env);
    assert.equal(missing.code, 73);
    assert.match(missing.stderr, /its folder does not exist/);

    const existing = join(work, 'existing.db');
    writeFileSync(existing, 'keep me');
    const refused = await runCli(['backup', existing], env);
    assert.equal(refused.code, 73);
    assert.match(refused.stderr, /--force/);
    assert.equal(readFileSync(existing, 'utf8'), 'keep me');
    assert.deepEqual(
      readdirSync(work).filter((name) => name.includes('.partial')),
      [],
    );
  });

  it('refuses to restore while the relay runs (exit 75), and refuses files that are not Parley databases (exit 65)', async () => {
    const backup = join(work, 'for-restore.db');
    assert.equal((await runCli(['backup', backup], env)).code, 0);
    const running = await runCli(['restore', backup], env);
    assert.equal(running.code, 75, running.stderr);
    assert.match(running.stderr, /stop the relay/);

    const text = join(work, 'notes.txt');
    writeFileSync(text, 'not a database at all, but long enough to look like something');
    const other = join(work, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE things (id INTEGER PRIMARY KEY)');
    db.close();
    const newer = join(work, 'newer.db');
    writeFileSync(newer, readFileSync(backup));
    const future = new Database(newer);
    future.pragma('user_version = 999');
    future.close();
    for (const [file, message] of [
      [text, /not a SQLite database|cannot be opened/],
      [other, /not a Parley one/],
      [newer, /schema v999, newer than this relay/],
    ] as const) {
      const result = await runCli(['restore', file], env);
      assert.equal(result.code, 65, `${file}: ${result.stderr}`);
      assert.match(result.stderr, message);
    }
    assert.equal((await runCli(['restore', join(work, 'absent.db')], env)).code, 66);
  });
});

describe('parley-relay: restore round trip', () => {
  it('restores a backup over a changed database: the old one is kept aside, stale -wal/-shm go, the relay serves the backup', async () => {
    const dataDir = tempDir('parley-cli-restore-');
    const work = tempDir('parley-cli-restore-work-');
    const env = { PARLEY_DATA_DIR: dataDir, PARLEY_RATE_LIMIT_BURST: '0' };
    const first = await CliRelay.start(env);
    const { siteKey } = firstStartCredentials(first.stdout);
    const { client, welcome } = await TestClient.hello(first.wsUrl, { siteKey });
    for (let i = 1; i <= 5; i++) client.send({ type: 'send', id: `r-${i}`, text: `kept ${i}` });
    await client.collect('ack', 5);
    const backup = join(work, 'five.db');
    assert.equal((await runCli(['backup', backup], env)).code, 0);
    for (let i = 6; i <= 8; i++) client.send({ type: 'send', id: `r-${i}`, text: `lost ${i}` });
    await client.collect('ack', 8);
    client.ws.close();
    assert.equal((await first.stop()).code, 0);

    writeFileSync(join(dataDir, 'parley.db-wal'), 'stale');
    const restored = await runCli(['restore', backup], env);
    assert.equal(restored.code, 0, restored.stderr);
    const names = readdirSync(dataDir);
    assert.ok(
      names.some((name) => name.startsWith('parley.db.before-restore-')),
      names.join(' '),
    );
    assert.ok(!existsSync(join(dataDir, 'parley.db-wal')));

    const second = await CliRelay.start(env);
    try {
      assert.doesNotMatch(second.stdout, /first start/, 'the restored database has the default site');
      const { client: back, welcome: again } = await TestClient.hello(second.wsUrl, {
        siteKey,
        visitorToken: welcome.visitorToken!,
        resume: { [welcome.conversationId!]: 0 },
      });
      assert.equal(again.lastSeq, 5);
      const replayed = await back.collect('message', 5);
      assert.deepEqual(
        replayed.map((frame) => frame.message.text),
        [1, 2, 3, 4, 5].map((i) => `kept ${i}`),
      );
      back.ws.close();
    } finally {
      await second.stop();
    }
  });
});

describe('parley-relay: migrate and PARLEY_MIGRATE=skip (SQLite)', () => {
  it('refuses to start on a schema that is behind, creating nothing; runs after `migrate`', async () => {
    const dataDir = tempDir('parley-cli-migrate-');
    const skip = { PARLEY_DATA_DIR: dataDir, PARLEY_MIGRATE: 'skip' };
    const refused = await runCli(['start'], skip);
    assert.equal(refused.code, 78);
    assert.match(refused.stderr, /parley-relay migrate/);
    assert.ok(!existsSync(join(dataDir, 'parley.db')), 'no database was created');

    const migrated = await runCli(['migrate'], skip);
    assert.equal(migrated.code, 0, migrated.stderr);
    assert.match(migrated.stdout, /Migrated the sqlite schema from v0 to v\d+/);
    assert.match((await runCli(['migrate'], skip)).stdout, /up to date/);

    const relay = await CliRelay.start(skip);
    const healthz = (await (await fetch(`${relay.httpUrl}/healthz`)).json()) as { status: string };
    assert.equal(healthz.status, 'ok');
    assert.equal((await relay.stop()).code, 0);
  });
});

describe('parley-relay account', () => {
  it('prints a reset link for an account (and can turn its two-factor off), and a setup link only while no account exists', async () => {
    const dataDir = tempDir('parley-cli-account-');
    const env = { PARLEY_DATA_DIR: dataDir, PARLEY_PUBLIC_URL: 'https://chat.example.com' };
    const relay = await startTestRelay({ dataDir, publicUrl: 'https://chat.example.com' });
    try {
      const setup = await runCli(['account', 'setup-link'], env);
      assert.equal(setup.code, 0, setup.stderr);
      const token = /https:\/\/chat\.example\.com\/admin#setup=(ls_[A-Za-z0-9_-]+)/.exec(setup.stdout)?.[1];
      assert.ok(token, setup.stdout);
      const made = await fetch(`${relay.httpUrl}/v1/auth/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, email: 'owner@example.com', name: 'Owner', password: 'owner password 1' }),
      });
      assert.equal(made.status, 200);
      assert.equal((await runCli(['account', 'setup-link'], env)).code, 64, 'an account exists now');
      assert.equal((await runCli(['account', 'reset-link', '--email', 'nobody@example.com'], env)).code, 64);

      const reset = await runCli(['account', 'reset-link', '--email', 'Owner@Example.com', '--disable-2fa'], env);
      assert.equal(reset.code, 0, reset.stderr);
      const resetToken = /https:\/\/chat\.example\.com\/admin#reset=(lr_[A-Za-z0-9_-]+)/.exec(reset.stdout)?.[1];
      assert.ok(resetToken, reset.stdout);
      const done = await fetch(`${relay.httpUrl}/v1/auth/password-reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: resetToken, password: 'a brand new password' }),
      });
      assert.equal(done.status, 204);
      const login = await fetch(`${relay.httpUrl}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'owner@example.com', password: 'a brand new password' }),
      });
      assert.equal(login.status, 200);
    } finally {
      await relay.close();
    }
  });
});

describe("parley-relay: the features' commands", () => {
  it('are indexed from the folders that declare one, and the committed index is current', async () => {
    const { INDEX, contributors, indexText } = await import('../scripts/cli-commands.mjs');
    const index = new URL(`../${INDEX}`, import.meta.url);
    assert.equal(readFileSync(index, 'utf8'), await indexText());
    assert.ok(contributors().includes('src/support-addresses/cli-command.ts'), 'the support addresses declare one');
    const { CLI_COMMANDS } = await import('../src/cli/cli.js');
    const names = CLI_COMMANDS.map(({ name }) => name);
    assert.equal(new Set(names).size, names.length, 'no two commands share a name');
    assert.ok(names.includes('support-address'));
  });

  it('index a new folder as soon as it declares a command', async () => {
    const { contributors, indexText } = await import('../scripts/cli-commands.mjs');
    const text = await indexText([...contributors(), 'src/new-thing/cli-command.ts']);
    assert.match(text, /import \{ cliCommand as newThingCommand \} from '\.\.\/new-thing\/cli-command\.js';/);
    assert.match(text, /CONTRIBUTED: readonly CliCommand\[\] = \[[^\]]*\bnewThingCommand\b/);
  });
});
