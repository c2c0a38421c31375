/**
 * Where a contact is reached (issue #81): the admin API's contacts carry `reach`, the lines channel features declare
 * (`contactReach`); an API channel's is its name and the contact's id as the bridge posted it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Contact } from '@parley/protocol/admin';
import * as z from 'zod/mini';
import { TestClient } from './support/client.js';
import { addOtherSite } from './support/other-site.js';
import { startDesk, type Desk } from './support/desk.js';

const otherAdmin = 'st_other_admin_reach_0123456789';

async function post(relay: Desk, token: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${relay.httpUrl}/v1/channels/api/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('where a contact is reached', () => {
  let relay: Desk;

  before(async () => {
    relay = await startDesk({ ipRateLimitPerSecond: 0, adminRateLimitPerSecond: 0, webhookAllowPrivate: true });
    await addOtherSite(relay, 'pk_other_reach_site', otherAdmin);
  });
  after(() => relay.close());

  it('gives an API channel’s contact its channel and handle, and a chat visitor none', async () => {
    const made = await relay.call('POST', '/v1/admin/api-channels', {
      name: 'Twilio SMS',
      webhookUrl: 'http://127.0.0.1:9/sms',
    });
    assert.equal(made.status, 201);
    const stored = await post(relay, made.body.token, { contactId: '+15550001111', messageId: 'M-1', text: 'Hi' });
    assert.equal(stored.status, 201, JSON.stringify(stored.body));
    const conversation = await relay.call('GET', `/v1/admin/conversations/${stored.body.conversationId}`);
    const contactId = conversation.body.visitor.id as string;

    const read = await relay.call('GET', `/v1/admin/contacts/${contactId}`);
    assert.equal(read.status, 200);
    assert.equal(z.safeParse(Contact, read.body).success, true, 'the documented shape');
    assert.deepEqual(read.body.reach, [{ channel: 'api', label: 'Twilio SMS', handle: '+15550001111' }]);
    // The list carries it too (one read for the page).
    const listed = await relay.call('GET', '/v1/admin/contacts?limit=50');
    const item = listed.body.items.find((contact: { id: string }) => contact.id === contactId);
    assert.deepEqual(item.reach, read.body.reach);

    // A chat visitor is reached by the chat alone.
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey: relay.siteKey });
    await client.say('v-1', 'from the widget');
    client.close();
    const chat = await relay.call('GET', `/v1/admin/conversations/${welcome.conversationId}`);
    const visitor = await relay.call('GET', `/v1/admin/contacts/${chat.body.visitor.id}`);
    assert.equal(visitor.status, 200);
    assert.equal(visitor.body.reach, undefined);

    // Another site's admin reaches nothing of it.
    assert.equal((await relay.call('GET', `/v1/admin/contacts/${contactId}`, undefined, otherAdmin)).status, 404);
    const theirs = await relay.call('GET', '/v1/admin/contacts?limit=50', undefined, otherAdmin);
    assert.equal(JSON.stringify(theirs.body).includes('+15550001111'), false);
  });
});
