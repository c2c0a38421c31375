/**
 * Attachments on S3-compatible storage, scaled out: two relays sharing PostgreSQL (a fresh schema of the test
 * database) and one bucket of an S3-compatible server this suite runs itself (s3rver, on a free loopback port),
 * as docs/attachments.md describes. A file uploaded through one relay is served by the other; erasing through
 * either deletes the object from the bucket. Needs PostgreSQL (`PARLEY_TEST_DATABASE_URL`).
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import S3rver from 's3rver';
import type { RunningRelay } from '../src/index.js';
import { S3BlobStore } from '../src/attachments/s3-blob-store.js';
import { png, sha256 } from '../test/support/attachment-files.js';
import { TestClient } from '../test/support/client.js';
import { adminToken, siteKey, startDesk } from '../test/support/desk.js';
import { tempDir } from '../test/support/temp.js';
import { TestSchemas, type TestSchema } from './support/postgres.js';

const bucket = 'parley-attachments-test';

describe('attachments: S3 storage shared by two relays', () => {
  const schemas = new TestSchemas('parley_att');
  let schema: TestSchema;
  let s3: S3rver;
  let endpoint: string;
  let s3Dir: string;
  let relays: RunningRelay[] = [];

  const s3Options = () => ({
    storage: 's3' as const,
    s3Endpoint: endpoint,
    s3Bucket: bucket,
    s3ForcePathStyle: true,
    s3AccessKeyId: 'S3RVER',
    s3SecretAccessKey: 'S3RVER',
    s3Prefix: 'parley/',
  });

  before(async () => {
    schema = await schemas.create();
    s3Dir = tempDir('parley-s3-');
    s3 = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: s3Dir,
      configureBuckets: [{ name: bucket }],
    });
    const { port } = await s3.run();
    endpoint = `http://127.0.0.1:${port}`;
    const shared = {
      store: 'postgres' as const,
      databaseUrl: schema.url(),
      // Visitor tokens and signed addresses made by one relay must be accepted by the other.
      relaySecret: 'attachments-s3-test-relay-secret-0123456789',
      dataKey: Buffer.alloc(32, 9).toString('base64'),
      ...s3Options(),
    };
    relays = [await startDesk(shared), await startDesk(shared)];
  });

  after(async () => {
    for (const relay of relays) await relay.close();
    await s3?.close();
    await schemas.dropAll();
  });

  /** Objects in the bucket (s3rver keeps each as `<key>._S3rver_object`, beside its metadata and checksum). */
  const objects = (): string[] =>
    readdirSync(`${s3Dir}/${bucket}`, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('._S3rver_object'))
      .map((entry) => entry.name);

  it('serves through one relay what was uploaded through the other, and erases it from the bucket', async () => {
    const [a, b] = relays as [RunningRelay, RunningRelay];
    const { client, welcome } = await TestClient.hello(a.wsUrl, { siteKey });
    await client.say('m-s3', 'A picture follows');
    client.close();
    const token = welcome.visitorToken!;
    const image = await png(120, 80);
    const put = await fetch(`${a.httpUrl}/v1/attachments?clientId=c-s3&name=shot.png`, {
      method: 'POST',
      body: image,
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(put.status, 201, await put.clone().text());
    const ref = (await put.json()) as { id: string; sha256: string; url: string; thumbnail: { url: string } };

    // Through the other relay: with the visitor's token, and with the signed address the first one made.
    const got = await fetch(`${b.httpUrl}/v1/attachments/${ref.id}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(got.status, 200);
    assert.equal(sha256(Buffer.from(await got.arrayBuffer())), ref.sha256);
    const signed = await fetch(ref.url.replace(a.httpUrl, b.httpUrl));
    assert.equal(signed.status, 200);
    const thumb = await fetch(ref.thumbnail.url.replace(a.httpUrl, b.httpUrl));
    assert.equal(thumb.status, 200);

    // The same client id through the other relay is the same attachment.
    const again = await fetch(`${b.httpUrl}/v1/attachments?clientId=c-s3&name=shot.png`, {
      method: 'POST',
      body: image,
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { id: string }).id, ref.id);

    const store = new S3BlobStore({
      bucket,
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      prefix: 'parley/',
    });
    try {
      assert.ok(await store.get(`default/${ref.id}`), 'the object is in the bucket');
      assert.equal(objects().length, 2, `the image and its thumbnail, nothing else: ${objects().join(', ')}`);
      const erased = await fetch(`${b.httpUrl}/v1/admin/contacts/${welcome.visitorId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${adminToken}` },
      });
      assert.equal(erased.status, 204);
      await b.attachments.purge();
      assert.equal(await store.get(`default/${ref.id}`), undefined, 'gone from the bucket');
      assert.equal(await store.get(`default/${ref.id}.thumb`), undefined);
      const gone = await fetch(`${a.httpUrl}/v1/attachments/${ref.id}`, {
        headers: { authorization: `Bearer ${adminToken}` },
      });
      assert.equal(gone.status, 404);
    } finally {
      await store.close();
    }
  });
});
