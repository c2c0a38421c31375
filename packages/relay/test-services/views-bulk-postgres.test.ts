/**
 * Saved views and bulk changes on PostgreSQL (issue #40): the view's criteria and counts in SQL of that dialect, and
 * a bulk resolve through the one writer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from '../test/support/client.js';
import { siteKey, startDesk, type Desk } from '../test/support/desk.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_views');

describe('saved views and bulk changes on PostgreSQL', () => {
  let relay: Desk;
  const clients: TestClient[] = [];
  const ids: string[] = [];

  before(async () => {
    const { connectionString } = await schemas.create('one');
    relay = await startDesk({
      ipRateLimitPerSecond: 0,
      newConversationsPerAddressPerHour: 10_000,
      store: 'postgres',
      databaseUrl: connectionString,
    });
    for (let n = 0; n < 4; n++) {
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v2' });
      await client.say(`m-${n}`, `Question ${n}`);
      clients.push(client);
      ids.push(welcome.conversationId!);
    }
  });

  after(async () => {
    for (const client of clients) client.close();
    await relay.close();
    await schemas.dropAll();
  });

  it('labels in bulk, a view of them with its count, resolved in bulk, the count follows', async () => {
    const ana = await relay.agent('Ana');
    const labelled = await relay.call('POST', '/v1/admin/conversations/bulk', {
      ids: [ids[0], ids[1], ids[2]],
      addLabels: ['billing', 'vip'],
    });
    assert.equal(labelled.body.changed, 3);
    const view = await relay.call(
      'POST',
      '/v1/admin/views',
      { name: 'Open VIP billing', filter: { status: 'open', labels: ['vip', 'billing'], channel: 'chat' } },
      ana.token,
    );
    assert.equal(view.status, 201);
    assert.equal(view.body.count, 3);
    const resolved = await relay.call(
      'POST',
      '/v1/admin/conversations/bulk',
      { ids: [ids[0], ids[1], 'c_gone'], status: 'resolved' },
      ana.token,
    );
    assert.deepEqual(
      resolved.body.results.map((result: { outcome: string }) => result.outcome),
      ['ok', 'ok', 'not_found'],
    );
    const page = await relay.call('GET', `/v1/admin/conversations?savedView=${view.body.id}`, undefined, ana.token);
    assert.deepEqual(
      page.body.items.map((item: { id: string }) => item.id),
      [ids[2]],
    );
    assert.equal((await relay.call('GET', '/v1/admin/views', undefined, ana.token)).body.items[0].count, 1);
    const none = await relay.call('GET', '/v1/admin/conversations?assignee=none&channel=email');
    assert.equal(none.body.items.length, 0);
    assert.equal((await relay.call('GET', '/v1/admin/audit?action=conversation.bulk')).body.items.length, 2);
  });
});
