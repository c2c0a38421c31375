/**
 * Who sees what across relays (issue #41): two relays sharing PostgreSQL and a Redis bus. An agent connected to one
 * gets only her conversation's frames of a visitor on the other; a change of the site's visibility saved through one
 * closes her socket on the other with 4016.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCESS_CLOSE } from '@parley/protocol';
import { Browser, invite, setUpOwner } from '../test/support/auth-browser.js';
import { TestClient } from '../test/support/client.js';
import { siteKey, startDesk, type Desk } from '../test/support/desk.js';
import { TestSchemas } from './support/postgres.js';
import { RedisInstance } from './support/services.js';

const schemas = new TestSchemas('parley_visibility_two');

describe('visibility across relays', () => {
  let redis: RedisInstance;
  let relays: Desk[] = [];
  const clients: TestClient[] = [];

  before(async () => {
    redis = await RedisInstance.start();
    const { connectionString } = await schemas.create('two');
    const options = {
      relaySecret: 'relay-secret-visibility-pg-0123456789',
      dataKey: Buffer.alloc(32, 7).toString('base64'),
      ipRateLimitPerSecond: 0,
      adminRateLimitBurst: 0,
      store: 'postgres' as const,
      databaseUrl: connectionString,
      bus: 'redis' as const,
      redisUrl: redis.url,
    };
    relays = [await startDesk(options)];
    relays.push(await startDesk(options));
  });
  after(async () => {
    for (const client of clients) client.close();
    for (const relay of relays) await relay.close();
    await redis?.stop();
    await schemas.dropAll();
  });

  it('hands an agent on one relay only her conversations of the other, and reconnects her when it changes', async () => {
    const [a, b] = relays as [Desk, Desk];
    // Each relay that starts without an account makes a new setup link: the last one is the one that works.
    const owner = await setUpOwner(a, b.setupLink);
    const onA = await invite(a, owner, 'agent', 'ana@example.com', 'ana password 1234');
    const anaId = (await onA.call('GET', '/v1/admin/me')).body.id as string;
    const routing = await owner.call('GET', '/v1/admin/routing');
    await owner.call('PUT', '/v1/admin/routing', { ...routing.body.settings, mode: 'manual' });
    assert.equal((await owner.call('PUT', '/v1/admin/visibility', { mode: 'own', unassigned: false })).status, 200);

    const hers = await TestClient.hello(a.wsUrl, { siteKey, name: 'Hers' });
    const other = await TestClient.hello(a.wsUrl, { siteKey, name: 'Other' });
    clients.push(hers.client, other.client);
    await hers.client.say('h-1', 'for Ana');
    await other.client.say('o-1', 'not for Ana');
    const mine = hers.welcome.conversationId!;
    assert.equal((await owner.call('PATCH', `/v1/admin/conversations/${mine}`, { assigneeId: anaId })).status, 200);

    // Ana's inbox on the other relay, with the same session.
    const onB = new Browser(b);
    onB.cookie = onA.cookie;
    const socket = await onB.socket();
    clients.push(socket);
    socket.send({ type: 'hello' });
    await socket.next('welcome');
    await other.client.say('o-2', 'still not for Ana');
    await hers.client.say('h-2', 'for Ana again');
    const got = await socket.next('message', (frame) => frame.message.clientId === 'h-2');
    assert.equal(got.message.conversationId, mine);
    await socket.roundTrip();
    assert.deepEqual(
      socket.frames.filter((frame) => JSON.stringify(frame).includes(other.welcome.conversationId!)),
      [],
      'nothing of the other conversation reached her on the other relay',
    );

    // Saved through the first relay: her socket on the second is closed to reconnect into what she may see now.
    assert.equal((await owner.call('PUT', '/v1/admin/visibility', { mode: 'all', unassigned: true })).status, 200);
    assert.equal((await socket.closed).code, ACCESS_CLOSE.code);
  });
});
