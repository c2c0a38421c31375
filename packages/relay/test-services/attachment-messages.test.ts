/**
 * Messages with files, scaled out: two relays sharing PostgreSQL (a fresh schema of the test database), a Redis of
 * the suite's own and one bucket of an S3-compatible server (s3rver). A file uploaded through one relay is attached
 * to a message sent through the other, and both relays deliver it, with signed addresses either relay serves.
 * Needs PostgreSQL (`PARLEY_TEST_DATABASE_URL`) and `redis-server`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import S3rver from 's3rver';
import type { RunningRelay } from '../src/index.js';
import { png } from '../test/support/attachment-files.js';
import { TestClient } from '../test/support/client.js';
import { adminToken, siteKey, startDesk } from '../test/support/desk.js';
import { tempDir } from '../test/support/temp.js';
import { TestSchemas, type TestSchema } from './support/postgres.js';
import { RedisInstance } from './support/services.js';

const bucket = 'parley-attachment-messages';

describe('messages with files across two relays (PostgreSQL, Redis, S3)', () => {
  const schemas = new TestSchemas('parley_attmsg');
  let schema: TestSchema;
  let redis: RedisInstance;
  let s3: S3rver;
  let relays: RunningRelay[] = [];

  before(async () => {
    schema = await schemas.create();
    redis = await RedisInstance.start();
    s3 = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: tempDir('parley-s3-'),
      configureBuckets: [{ name: bucket }],
    });
    const { port } = await s3.run();
    const shared = {
      store: 'postgres' as const,
      databaseUrl: schema.url(),
      bus: 'redis' as const,
      redisUrl: redis.url,
      relaySecret: 'attachment-messages-test-relay-secret-0123',
      dataKey: Buffer.alloc(32, 5).toString('base64'),
      storage: 's3' as const,
      s3Endpoint: `http://127.0.0.1:${port}`,
      s3Bucket: bucket,
      s3ForcePathStyle: true,
      s3AccessKeyId: 'S3RVER',
      s3SecretAccessKey: 'S3RVER',
    };
    relays = [await startDesk(shared), await startDesk(shared)];
  });

  after(async () => {
    for (const relay of relays) await relay.close();
    await s3?.close();
    await redis?.stop();
    await schemas.dropAll();
  });

  it('attaches through one relay what was uploaded through the other, and both deliver it', async () => {
    const [a, b] = relays as [RunningRelay, RunningRelay];
    const staffA = await TestClient.hello(a.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v3' });
    const staffB = await TestClient.hello(b.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v3' });
    const olderA = await TestClient.hello(a.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v2' });
    const { client, welcome } = await TestClient.hello(b.wsUrl, { siteKey }, { protocol: 'parley.v3' });
    assert.ok(welcome.attachments, 'a v3 visitor is told the site accepts files');

    const put = await fetch(`${a.httpUrl}/v1/attachments?clientId=m-across&name=across.png`, {
      method: 'POST',
      body: await png(90, 60),
      headers: { authorization: `Bearer ${welcome.visitorToken!}` },
    });
    assert.equal(put.status, 201, await put.clone().text());
    const { id } = (await put.json()) as { id: string };

    const ack = await client.say('m-across', 'Across relays', { attachments: [{ id }] });
    const urls = new Set<string>();
    for (const inbox of [staffA, staffB]) {
      const frame = await inbox.client.next('message', (m) => m.message.clientId === 'm-across');
      assert.equal(frame.message.seq, ack.seq);
      const [ref] = frame.message.attachments!;
      assert.equal(ref!.id, id);
      assert.deepEqual([ref!.width, ref!.height], [90, 60]);
      // Signed by relay B, served by either.
      assert.equal((await fetch(ref!.thumbnail!.url)).status, 200);
      assert.equal((await fetch(ref!.thumbnail!.url.replace(b.httpUrl, a.httpUrl))).status, 200);
      urls.add(ref!.thumbnail!.url);
    }
    assert.equal(urls.size, 1, 'one set of addresses, minted once, for every recipient on every relay');
    const older = await olderA.client.next('message', (m) => m.message.clientId === 'm-across');
    assert.equal(older.message.text, 'Across relays\n📎 across.png');
    assert.equal(older.message.attachments, undefined);

    const [row] = await a.store.messagesAfter(welcome.conversationId!, ack.seq - 1, 1);
    assert.equal(row!.attachments![0]!.id, id);
    for (const c of [staffA.client, staffB.client, olderA.client, client]) c.close();
  });
});
