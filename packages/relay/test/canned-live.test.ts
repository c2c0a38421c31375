/**
 * Saved replies follow live (issue #36): creating, changing and deleting one tells every staff socket of the site
 * (a `canned` frame), and no visitor's; a refused change tells nobody.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from './support/client.js';
import { adminToken, siteKey, startDesk, type Desk } from './support/desk.js';

describe('saved replies reach open inboxes', () => {
  let relay: Desk;
  let owner: TestClient;
  let agent: TestClient;
  let visitor: TestClient;
  /** A staff socket of protocol 2, whose decoder does not know the frame. */
  let older: TestClient;

  before(async () => {
    relay = await startDesk();
    const ana = await relay.agent('Ana');
    owner = (await TestClient.hello(relay.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v3' })).client;
    agent = (await TestClient.hello(relay.wsUrl, { staffToken: ana.token }, { protocol: 'parley.v3' })).client;
    visitor = (await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v3' })).client;
    older = (await TestClient.hello(relay.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v2' })).client;
  });

  after(async () => {
    for (const socket of [owner, agent, visitor, older]) socket.close();
    await relay.close();
  });

  it('created, changed and deleted: every staff socket hears each, as the admin API answered it', async () => {
    const created = await relay.call('POST', '/v1/admin/canned-responses', {
      shortcut: 'ship',
      text: 'Shipped today.',
    });
    assert.equal(created.status, 201);
    for (const socket of [owner, agent]) {
      const frame = await socket.next('canned', (each) => each.response?.id === created.body.id);
      assert.deepEqual(frame, { type: 'canned', response: created.body });
    }

    const changed = await relay.call('PATCH', `/v1/admin/canned-responses/${created.body.id}`, { text: 'On its way.' });
    assert.equal(changed.status, 200);
    const update = await agent.next('canned', (each) => each.response?.text === 'On its way.');
    assert.deepEqual(update.response, changed.body);

    assert.equal((await relay.call('DELETE', `/v1/admin/canned-responses/${created.body.id}`)).status, 204);
    assert.deepEqual(await agent.next('canned', (each) => each.deleted !== undefined), {
      type: 'canned',
      deleted: created.body.id,
    });
  });

  it('a refused change (a taken shortcut, an unknown id, a bad shortcut) tells nobody; visitors and protocol 2 hear nothing', async () => {
    const taken = await relay.call('POST', '/v1/admin/canned-responses', { shortcut: 'hi', text: 'Hi!' });
    assert.equal(taken.status, 201);
    await agent.next('canned', (each) => each.response?.id === taken.body.id);
    const before = agent.frames.filter((frame) => frame.type === 'canned').length;
    assert.equal(
      (await relay.call('POST', '/v1/admin/canned-responses', { shortcut: 'hi', text: 'again' })).status,
      409,
    );
    assert.equal((await relay.call('POST', '/v1/admin/canned-responses', { shortcut: 'a b', text: 'x' })).status, 400);
    assert.equal((await relay.call('PATCH', '/v1/admin/canned-responses/cr_nope', { text: 'x' })).status, 404);
    assert.equal((await relay.call('DELETE', '/v1/admin/canned-responses/cr_nope')).status, 404);
    await agent.roundTrip();
    await visitor.roundTrip();
    await older.roundTrip();
    assert.equal(
      older.frames.some((frame) => frame.type === 'canned'),
      false,
      'a protocol 2 staff socket is sent no canned frame',
    );
    assert.equal(agent.frames.filter((frame) => frame.type === 'canned').length, before);
    assert.equal(
      visitor.frames.some((frame) => frame.type === 'canned'),
      false,
    );
  });
});
