/**
 * Campaigns on PostgreSQL (their tables, the stats' query over the messages, and erasure): a reply starts the
 * visitor's conversation with the campaign's message, and the stats count it per variant, as on SQLite; a button
 * clicked sends its label as the visitor's reply, once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { campaignButtonChosen, campaignRepliedTo } from '../test/support/campaigns-scenario.js';
import { startDesk, type Desk } from '../test/support/desk.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_campaigns');

describe('campaigns on PostgreSQL', () => {
  let desk: Desk;
  before(async () => {
    const { connectionString } = await schemas.create();
    desk = await startDesk({ ipRateLimitPerSecond: 0, store: 'postgres', databaseUrl: connectionString });
  });
  after(async () => {
    await desk.close();
    await schemas.dropAll();
  });

  it('a reply starts the conversation with the campaign’s message; stats per variant', async () => {
    await campaignRepliedTo(desk);
  });

  it('lists, changes and deletes campaigns', async () => {
    const created = await desk.call('POST', '/v1/admin/campaigns', {
      name: 'Later',
      variants: ['Hi'],
      status: 'paused',
      frequency: { kind: 'days', days: 3 },
    });
    assert.equal(created.status, 201);
    const changed = await desk.call('PATCH', `/v1/admin/campaigns/${created.body.id}`, { name: 'Sooner' });
    assert.equal(changed.body.name, 'Sooner');
    assert.deepEqual(changed.body.frequency, { kind: 'days', days: 3 });
    const names = (await desk.call('GET', '/v1/admin/campaigns')).body.items.map((c: { name: string }) => c.name);
    assert.deepEqual(names, ['Pricing', 'Sooner']);
    assert.equal((await desk.call('DELETE', `/v1/admin/campaigns/${created.body.id}`)).status, 204);
    assert.equal((await desk.call('GET', '/v1/admin/campaigns')).body.items.length, 1);
  });

  it('a button clicked: its label is the visitor’s reply, stored once', async () => {
    await campaignButtonChosen(desk);
  });
});
