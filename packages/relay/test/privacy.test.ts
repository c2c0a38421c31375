import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningRelay, StartOptions } from '../src/index.js';
import { TestClient } from './support/client.js';
import { call, siteKey, startDesk } from './support/desk.js';
import { startTestRelay } from './support/relay.js';
import { tempDir } from './support/temp.js';
import { until } from './support/until.js';
import { WebhookReceiver } from './support/webhook-receiver.js';
import { identityHash } from '../src/auth/tokens.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { RetentionJob } from '../src/admin/retention.js';
import { MIGRATIONS } from '../src/features/features.js';

function start(options: StartOptions = {}): Promise<RunningRelay> {
  return startDesk({ ipRateLimitPerSecond: 0, ...options });
}

/** The database file and what sits beside it (write-ahead log, shared memory), as raw bytes. */
function databaseBytes(dataDir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of ['parley.db', 'parley.db-wal', 'parley.db-shm']) {
    const file = join(dataDir, name);
    if (existsSync(file)) files.set(name, readFileSync(file));
  }
  return files;
}

/** Which of `words` occur in any of the files (as UTF-8), as `file: word`. */
function found(files: Map<string, Buffer>, words: readonly string[]): string[] {
  const hits: string[] = [];
  for (const [name, bytes] of files) {
    for (const word of words) if (bytes.includes(Buffer.from(word, 'utf8'))) hits.push(`${name}: ${word}`);
  }
  return hits;
}

describe('privacy: erase leaves nothing in the SQLite file', () => {
  let relay: RunningRelay;
  before(async () => {
    relay = await start();
  });
  after(() => relay.close());

  it('erases messages, notes, name, email and labels from the file and the WAL, after a search indexed them', async () => {
    const words = {
      message: 'quokkamarkerone',
      second: 'xylophmarkertwo',
      note: 'narwhalnotemarker',
      name: 'Zebediahmarkername',
      email: 'emailmarker@privacy.example',
      label: 'labelmarkerwombat',
    };
    // Someone else's messages stay, so the index is not simply emptied.
    const other = await TestClient.hello(relay.wsUrl, { siteKey, name: 'Keeper' });
    await other.client.say('k-1', 'keeper words stay here');
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, name: words.name, email: words.email });
    await client.say('m-1', `hello ${words.message}`);
    await client.say('m-2', `and ${words.second} again`);
    const conversationId = welcome.conversationId!;
    const note = await call(relay, 'POST', `/v1/admin/conversations/${conversationId}/messages`, {
      id: 'n-1',
      text: `private ${words.note}`,
      note: true,
    });
    assert.equal(note.status, 201);
    const labelled = await call(relay, 'PATCH', `/v1/admin/conversations/${conversationId}`, { labels: [words.label] });
    assert.equal(labelled.status, 200);
    // A search indexes every message (notes included) before it runs.
    for (const word of [words.message, words.note]) {
      const search = await call(relay, 'GET', `/v1/admin/conversations?q=${word}`);
      assert.deepEqual(
        search.body.items.map((c: { id: string }) => c.id),
        [conversationId],
        word,
      );
    }
    client.close();
    other.client.close();

    const erased = await call(relay, 'DELETE', `/v1/admin/contacts/${welcome.visitorId}`);
    assert.equal(erased.status, 204);
    assert.deepEqual(found(databaseBytes(relay.config.dataDir), Object.values(words)), []);
    // The rest of the index still works.
    const kept = await call(relay, 'GET', '/v1/admin/conversations?q=keeper');
    assert.deepEqual(
      kept.body.items.map((c: { id: string }) => c.id),
      [other.welcome.conversationId],
    );
  });
});

describe('privacy: erase leaves nothing owed in the SQLite file', () => {
  it('erases the webhook events still owed about a contact (their payloads) from the file and the WAL', async () => {
    const receiver = await WebhookReceiver.start();
    const relay = await start({ webhookAllowPrivate: true });
    try {
      // The receiver fails: the event (the message's text in it) waits in the outbox.
      receiver.answer = (_request, response) => response.writeHead(500).end();
      const hook = await call(relay, 'POST', '/v1/admin/webhooks', {
        url: receiver.url(),
        events: ['message.created'],
      });
      assert.equal(hook.status, 201);
      const word = 'webhookpangolinmarker';
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
      await client.say('m-1', `owed ${word}`);
      client.close();
      await until(
        async () => (await call(relay, 'GET', '/v1/admin/outbox?kind=webhook')).body.items.length === 1,
        'the failed delivery to become a job',
      );
      assert.equal((await call(relay, 'DELETE', `/v1/admin/contacts/${welcome.visitorId}`)).status, 204);
      assert.deepEqual((await call(relay, 'GET', '/v1/admin/outbox?kind=webhook')).body.items, []);
      assert.deepEqual(found(databaseBytes(relay.config.dataDir), [word]), []);
    } finally {
      await relay.close();
      await receiver.close();
    }
  });
});

function mode(file: string): string {
  return (statSync(file).mode & 0o777).toString(8);
}

describe('privacy: secrets at rest', () => {
  it('creates the database, its log and shared memory, and credentials.json readable by the owner only', async () => {
    const relay = await startTestRelay();
    try {
      const { client } = await TestClient.hello(relay.wsUrl, { siteKey: relay.siteKey });
      await client.say('m-1', 'hello');
      client.close();
      for (const name of ['parley.db', 'parley.db-wal', 'parley.db-shm', 'credentials.json']) {
        assert.equal(mode(join(relay.config.dataDir, name)), '600', name);
      }
    } finally {
      await relay.close();
    }
  });

  it('narrows database files an older relay left readable by others', async () => {
    const dataDir = tempDir('parley-modes-');
    const first = await startTestRelay({ dataDir });
    await first.close();
    for (const name of ['parley.db', 'credentials.json']) chmodSync(join(dataDir, name), 0o644);
    const relay = await startTestRelay({ dataDir });
    try {
      for (const name of ['parley.db', 'parley.db-wal', 'parley.db-shm', 'credentials.json']) {
        assert.equal(mode(join(dataDir, name)), '600', name);
      }
    } finally {
      await relay.close();
    }
  });

  it('writes no secret given by the environment to credentials.json', async () => {
    const env = {
      PARLEY_ADMIN_TOKEN: 'st_env_admin_token_marker_0123456789',
      PARLEY_IDENTITY_SECRET: 'env-identity-secret-marker-0123',
      PARLEY_RELAY_SECRET: 'env-relay-secret-marker-0123456789abcdef',
      PARLEY_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
    };
    const relay = await startTestRelay({ env });
    try {
      const file = join(relay.config.dataDir, 'credentials.json');
      const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
      for (const [name, value] of Object.entries(env)) assert.ok(!text.includes(value), name);
      // What was generated is still kept (the site key here), so a restart finds the same site.
      assert.ok(text.includes(relay.siteKey));
    } finally {
      await relay.close();
    }
    // Nothing of the environment's either after a second start (the file is rewritten only when it changes).
    const again = await startTestRelay({ env, dataDir: relay.config.dataDir });
    await again.close();
    const text = readFileSync(join(relay.config.dataDir, 'credentials.json'), 'utf8');
    for (const [name, value] of Object.entries(env)) assert.ok(!text.includes(value), name);
  });

  it('keeps the identity secret sealed in the database, and still verifies identities with it', async () => {
    const identitySecret = 'identity-secret-marker-never-in-the-file';
    const relay = await startTestRelay({ identitySecret });
    try {
      const { welcome, client } = await TestClient.hello(relay.wsUrl, {
        siteKey: relay.siteKey,
        user: { id: 'u-1', hash: identityHash(identitySecret, 'u-1') },
      });
      assert.equal(welcome.type, 'welcome');
      await client.say('m-1', 'hello');
      client.close();
      assert.deepEqual(found(databaseBytes(relay.config.dataDir), [identitySecret]), []);
    } finally {
      await relay.close();
    }
    assert.deepEqual(found(databaseBytes(relay.config.dataDir), [identitySecret]), []);
  });

  it('seals an identity secret an older relay stored in plaintext, on start', async () => {
    const dataDir = tempDir('parley-seal-');
    const identitySecret = 'plaintext-identity-secret-marker-0123';
    const old = new SqliteStore({ path: join(dataDir, 'parley.db'), migrations: MIGRATIONS });
    await old.init();
    await old.upsertSite({
      id: 'default',
      name: 'Old',
      siteKey: 'pk_old_site_key',
      allowedOrigins: ['*'],
      identitySecret,
      requireIdentity: false,
    });
    await old.close();
    assert.notDeepEqual(found(databaseBytes(dataDir), [identitySecret]), [], 'the old file holds it in plaintext');

    const relay = await startTestRelay({ dataDir, siteKey: 'pk_old_site_key' });
    try {
      assert.equal((await relay.store.getSite('default'))?.identitySecret, identitySecret);
      const { welcome, client } = await TestClient.hello(relay.wsUrl, {
        siteKey: 'pk_old_site_key',
        user: { id: 'u-2', hash: identityHash(identitySecret, 'u-2') },
      });
      assert.equal(welcome.type, 'welcome');
      client.close();
    } finally {
      await relay.close();
    }
    assert.deepEqual(found(databaseBytes(dataDir), [identitySecret]), []);
  });
});

const dayMs = 24 * 60 * 60 * 1000;

async function metric(relay: RunningRelay, name: string): Promise<number> {
  const text = await (await fetch(`${relay.httpUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  assert.ok(line, name);
  return Number(line.split(' ')[1]);
}

describe('privacy: retention', () => {
  let relay: RunningRelay;
  before(async () => {
    relay = await start({ env: { PARLEY_RETENTION_DAYS: '30' } });
  });
  after(() => relay.close());

  it('has a setting per site over the relay default; bad input changes nothing', async () => {
    assert.deepEqual((await call(relay, 'GET', '/v1/admin/settings')).body, {
      retentionDays: null,
      defaultRetentionDays: 30,
      effectiveRetentionDays: 30,
      brandColor: null,
      require2fa: false,
      logoUrl: null,
    });
    const bad = await call(relay, 'PATCH', '/v1/admin/settings', { retentionDays: -1 });
    assert.equal(bad.status, 400);
    const bad2 = await call(relay, 'PATCH', '/v1/admin/settings', { retentionDays: 5, extra: 1 });
    assert.equal(bad2.status, 400);
    assert.equal(
      (await call(relay, 'GET', '/v1/admin/settings')).body.retentionDays,
      null,
      'bad input changed nothing',
    );
    const set = await call(relay, 'PATCH', '/v1/admin/settings', { retentionDays: 0 });
    assert.deepEqual(set.body, {
      retentionDays: 0,
      defaultRetentionDays: 30,
      effectiveRetentionDays: 0,
      brandColor: null,
      require2fa: false,
      logoUrl: null,
    });
    const back = await call(relay, 'PATCH', '/v1/admin/settings', { retentionDays: null });
    assert.equal(back.body.effectiveRetentionDays, 30);
    // The brand colour of the site's emails: #rrggbb only, kept apart from the retention period.
    assert.equal((await call(relay, 'PATCH', '/v1/admin/settings', { brandColor: 'red' })).status, 400);
    const colored = await call(relay, 'PATCH', '/v1/admin/settings', { brandColor: '#AA3300' });
    assert.equal(colored.body.brandColor, '#aa3300');
    assert.equal(colored.body.retentionDays, null);
    assert.equal((await call(relay, 'PATCH', '/v1/admin/settings', { brandColor: null })).body.brandColor, null);
  });

  it('erases old conversations and contacts with nothing left, completely, audited and counted', async () => {
    await call(relay, 'PATCH', '/v1/admin/settings', { retentionDays: 10 });
    const oldWords = ['retentionmarkerold', 'Oldnamemarker', 'oldlabelmarker', 'oldnotemarker'];
    const old = await TestClient.hello(relay.wsUrl, { siteKey, name: oldWords[1] });
    await old.client.say('o-1', `very ${oldWords[0]}`);
    await call(relay, 'PATCH', `/v1/admin/conversations/${old.welcome.conversationId}`, { labels: [oldWords[2]] });
    await call(relay, 'POST', `/v1/admin/conversations/${old.welcome.conversationId}/messages`, {
      id: 'n-old',
      text: `note ${oldWords[3]}`,
      note: true,
    });
    // A search indexes them first.
    assert.equal((await call(relay, 'GET', `/v1/admin/conversations?q=${oldWords[0]}`)).body.items.length, 1);
    old.client.close();
    // Someone who only said hello is kept nowhere (a contact is made by a first message): nothing to erase.
    const quiet = await TestClient.hello(relay.wsUrl, { siteKey, name: 'Quietmarkername' });
    quiet.client.close();
    await relay.admin.flushContacts();

    const start = Date.now();
    let now = start + 5 * dayMs;
    const job = new RetentionJob({
      repos: relay.admin.repos,
      core: relay.admin.core,
      defaultDays: 30,
      now: () => now,
      batchSize: 1,
    });
    assert.deepEqual(await job.run(), { conversations: 0, messages: 0, contacts: 0 }, 'nothing is 10 days old yet');

    now = start + 11 * dayMs;
    const recent = await TestClient.hello(relay.wsUrl, { siteKey, name: 'Recentkeeper' });
    await recent.client.say('r-1', 'recentkeeperword');
    recent.client.close();
    await relay.admin.flushContacts();
    // Its activity is dated a day before the fake clock's now, so it is within the period.
    const db = (await import('better-sqlite3')).default;
    const raw = new db(join(relay.config.dataDir, 'parley.db'));
    raw.prepare('UPDATE conversations SET updated_at = ? WHERE id = ?').run(now - dayMs, recent.welcome.conversationId);
    raw.prepare('UPDATE contacts SET last_seen_at = ? WHERE contact_id = ?').run(now - dayMs, recent.welcome.visitorId);
    raw.close();

    const run = await job.run();
    assert.deepEqual(run, { conversations: 1, messages: 2, contacts: 1 });
    assert.equal((await call(relay, 'GET', `/v1/admin/conversations/${old.welcome.conversationId}`)).status, 404);
    assert.equal((await call(relay, 'GET', `/v1/admin/contacts/${old.welcome.visitorId}`)).status, 404);
    assert.equal((await call(relay, 'GET', `/v1/admin/contacts/${quiet.welcome.visitorId}`)).status, 404);
    assert.equal((await call(relay, 'GET', `/v1/admin/contacts/${recent.welcome.visitorId}`)).status, 200);
    assert.equal(
      (await call(relay, 'GET', `/v1/admin/conversations/${recent.welcome.conversationId}`)).status,
      200,
      'a conversation active within the period stays',
    );
    assert.deepEqual(found(databaseBytes(relay.config.dataDir), [...oldWords, 'Quietmarkername']), []);

    const audit = await call(relay, 'GET', '/v1/admin/audit?action=retention.erase');
    assert.equal(audit.body.items.length, 1);
    assert.equal(audit.body.items[0].actorId, 'system');
    assert.deepEqual(
      { ...audit.body.items[0].details, before: 0 },
      { retentionDays: 10, before: 0, conversations: 1, messages: 2, contacts: 1 },
    );
    assert.equal(await metric(relay, 'parley_retention_erased_conversations_total'), 1);
    assert.equal(await metric(relay, 'parley_retention_erased_contacts_total'), 1);
    assert.equal(await metric(relay, 'parley_retention_last_run_timestamp_seconds'), Math.floor(now / 1000));
  });
});
