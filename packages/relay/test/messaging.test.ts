/**
 * Messaging (docs/messaging.md): a value kept per conversation, set through the admin API and erased with the
 * conversation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from './support/client.js';
import { siteKey, startDesk, type Desk } from './support/desk.js';

describe('messaging (admin API)', () => {
  let relay: Desk;
  const clients: TestClient[] = [];

  before(async () => {
    relay = await startDesk({ ipRateLimitPerSecond: 0 });
  });
  after(async () => {
    for (const client of clients) client.close();
    await relay.close();
  });

  /** A visitor's new conversation: its id and the visitor's. */
  async function conversation(): Promise<{ id: string; visitorId: string }> {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    clients.push(client);
    await client.say('m-1', 'Hello');
    return { id: welcome.conversationId!, visitorId: welcome.visitorId! };
  }

  it('sets a conversation’s value, replaces it, and keeps it', async () => {
    const { id } = await conversation();
    const set = await relay.call('PUT', `/v1/admin/conversations/${id}/messaging`, { value: 'Call back on Monday' });
    assert.equal(set.status, 200);
    assert.equal(set.body.conversationId, id);
    assert.equal(set.body.value, 'Call back on Monday');
    assert.equal(typeof set.body.updatedAt, 'number');
    const again = await relay.call('PUT', `/v1/admin/conversations/${id}/messaging`, { value: 'Call back on Tuesday' });
    assert.equal(again.status, 200);
    const kept = await relay.use('messaging')!.get('default', id);
    assert.equal(kept?.value, 'Call back on Tuesday');
    assert.equal(kept?.updatedBy, set.body.updatedBy);
  });

  it('refuses a body it does not take, and a conversation that is not there', async () => {
    const { id } = await conversation();
    for (const body of [{}, { value: '' }, { value: 'x'.repeat(1001) }, { value: 'Hi', other: 1 }])
      assert.equal(
        (await relay.call('PUT', `/v1/admin/conversations/${id}/messaging`, body)).status,
        400,
        JSON.stringify(body),
      );
    const missing = await relay.call('PUT', '/v1/admin/conversations/no-such-conversation/messaging', { value: 'Hi' });
    assert.equal(missing.status, 404);
    assert.equal(await relay.use('messaging')!.get('default', id), undefined);
  });

  it('is erased with the conversation (its contact erased)', async () => {
    const { id, visitorId } = await conversation();
    assert.equal((await relay.call('PUT', `/v1/admin/conversations/${id}/messaging`, { value: 'Secret' })).status, 200);
    assert.equal((await relay.call('DELETE', `/v1/admin/contacts/${visitorId}`)).status, 204);
    assert.equal(await relay.use('messaging')!.get('default', id), undefined);
  });
});
