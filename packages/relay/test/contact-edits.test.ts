/**
 * Staff edit a contact (issue #36): name, email, notes and subscription through `PATCH /v1/admin/contacts/{id}`,
 * validated whole (a bad field changes nothing), audited without the values, published to open inboxes, and kept
 * when the visitor's page later says otherwise.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from './support/client.js';
import { adminToken, siteKey, startDesk, type Desk } from './support/desk.js';
import { until } from './support/until.js';

describe('contact edits (admin API)', () => {
  let relay: Desk;

  before(async () => {
    relay = await startDesk({ ipRateLimitPerSecond: 0, newConversationsPerAddressPerHour: 10_000 });
  });
  after(() => relay.close());

  async function visitor(hello: Record<string, unknown>) {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, ...hello });
    await client.say('m-0', 'Where is my order?');
    return {
      client,
      visitorId: welcome.visitorId!,
      visitorToken: welcome.visitorToken!,
      conversationId: welcome.conversationId!,
    };
  }

  it('changes the name, the email and the notes; open inboxes hear of it; the audit names fields, not values', async () => {
    const v = await visitor({ name: 'Jo', email: 'jo@old.example' });
    const { client: staff } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken });
    const patched = await relay.call('PATCH', `/v1/admin/contacts/${v.visitorId}`, {
      name: '  Joanna Smith ',
      email: 'joanna@new.example',
      notes: 'Prefers email.\nOrder #1042 was late.',
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.name, 'Joanna Smith');
    assert.equal(patched.body.emailMasked, 'j***@ne***.example');
    assert.equal(patched.body.notes, 'Prefers email.\nOrder #1042 was late.');
    const frame = await staff.next(
      'conversation',
      (f) => f.conversation.id === v.conversationId && f.conversation.visitor.name === 'Joanna Smith',
    );
    assert.equal(frame.conversation.visitor.emailMasked, 'j***@ne***.example');
    // The conversation (list, thread, replies by email) follows the contact.
    const conversation = await relay.call('GET', `/v1/admin/conversations/${v.conversationId}`);
    assert.equal(conversation.body.visitor.name, 'Joanna Smith');
    const revealed = await relay.call('POST', `/v1/admin/contacts/${v.visitorId}/reveal`);
    assert.equal(revealed.body.email, 'joanna@new.example');
    // Found by the new exact address, not the old one.
    const byNew = await relay.call('GET', `/v1/admin/contacts?q=${encodeURIComponent('JOANNA@new.example')}`);
    assert.deepEqual(
      byNew.body.items.map((c: { id: string }) => c.id),
      [v.visitorId],
    );
    const byOld = await relay.call('GET', `/v1/admin/contacts?q=${encodeURIComponent('jo@old.example')}`);
    assert.deepEqual(byOld.body.items, []);
    const audit = await relay.call('GET', '/v1/admin/audit?action=contact.update');
    const entry = audit.body.items.find((e: { targetId: string }) => e.targetId === v.visitorId);
    assert.deepEqual(entry.details, { fields: ['name', 'email', 'notes'] });
    assert.doesNotMatch(JSON.stringify(audit.body), /joanna|Prefers/i);
    // The page says the old address again: staff's stays.
    v.client.close();
    const back = await TestClient.hello(relay.wsUrl, {
      siteKey,
      visitorToken: v.visitorToken,
      email: 'jo@old.example',
    });
    await back.client.say('m-1', 'Me again');
    await relay.admin.flushContacts();
    const still = await relay.call('POST', `/v1/admin/contacts/${v.visitorId}/reveal`);
    assert.equal(still.body.email, 'joanna@new.example');
    staff.close();
    back.client.close();
  });

  it('refuses a bad field with its name and changes nothing', async () => {
    const v = await visitor({ name: 'Kim', email: 'kim@example.com' });
    await relay.call('PATCH', `/v1/admin/contacts/${v.visitorId}`, { notes: 'VIP' });
    for (const [body, field] of [
      [{ name: 'Kimberly', email: 'not an address' }, 'body.email'],
      [{ name: 'x'.repeat(121) }, 'body.name'],
      [{ notes: 'n'.repeat(5001), name: 'Kimberly' }, 'body.notes'],
      [{ subscribed: 'yes' }, 'body.subscribed'],
    ] as const) {
      const refused = await relay.call('PATCH', `/v1/admin/contacts/${v.visitorId}`, body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.equal(refused.body.error.code, 'bad_request');
      assert.match(refused.body.error.message, new RegExp(`^Invalid ${field.replace('.', '\\.')}:`));
    }
    const empty = await relay.call('PATCH', `/v1/admin/contacts/${v.visitorId}`, {});
    assert.equal(empty.status, 400);
    assert.match(empty.body.error.message, /at least one field/);
    const held = await relay.call('GET', `/v1/admin/contacts/${v.visitorId}`);
    assert.equal(held.body.name, 'Kim');
    assert.equal(held.body.notes, 'VIP');
    assert.equal(held.body.emailMasked, 'k***@ex***.com');
    assert.equal((await relay.call('PATCH', '/v1/admin/contacts/nobody', { name: 'A' })).status, 404);
    v.client.close();
  });

  it('keeps what staff set when the page says otherwise; an empty name removes it, empty notes too', async () => {
    const v = await visitor({ name: 'guest123', email: 'guest@example.com' });
    await relay.call('PATCH', `/v1/admin/contacts/${v.visitorId}`, { name: 'Real Name', notes: 'to go' });
    v.client.close();
    // The visitor comes back and the page says its name again.
    const { client: again, welcome } = await TestClient.hello(relay.wsUrl, {
      siteKey,
      visitorToken: v.visitorToken,
      name: 'guest123',
      email: 'other@example.com',
    });
    assert.equal(welcome.visitorId, v.visitorId);
    await again.say('m-1', 'Hello again');
    await relay.admin.flushContacts();
    const kept = await relay.call('GET', `/v1/admin/contacts/${v.visitorId}`);
    assert.equal(kept.body.name, 'Real Name');
    // Staff did not set the email: the page's new one is taken, as before (field by field).
    assert.equal(kept.body.emailMasked, 'o***@ex***.com');
    const cleared = await relay.call('PATCH', `/v1/admin/contacts/${v.visitorId}`, { name: '', notes: '' });
    assert.equal(cleared.status, 200);
    assert.equal(cleared.body.name, undefined);
    assert.equal(cleared.body.notes, undefined);
    await until(async () => {
      const c = await relay.call('GET', `/v1/admin/conversations/${v.conversationId}`);
      return c.body.visitor.name === undefined;
    }, 'the conversation shows no name');
    again.close();
  });

  it('removes the email with null: gone from the contact, its conversations and the export; the page cannot bring it back', async () => {
    const v = await visitor({ name: 'Gus', email: 'gus@example.com' });
    const { client: staff } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken });
    assert.equal((await relay.call('PATCH', `/v1/admin/contacts/${v.visitorId}`, { email: '' })).status, 400);
    const removed = await relay.call('PATCH', `/v1/admin/contacts/${v.visitorId}`, { email: null });
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    assert.equal(removed.body.emailMasked, undefined);
    await staff.next(
      'conversation',
      (f) => f.conversation.id === v.conversationId && f.conversation.visitor.emailMasked === undefined,
    );
    assert.equal((await relay.call('POST', `/v1/admin/contacts/${v.visitorId}/reveal`)).status, 404);
    const exported = await relay.call('GET', `/v1/admin/contacts/${v.visitorId}/export`);
    assert.deepEqual([exported.body.contact.email, exported.body.visitor.email], [null, null]);
    v.client.close();
    // The visitor's page gives the address again: staff removed it, so it stays removed (replies, transcripts).
    const { client: again } = await TestClient.hello(relay.wsUrl, {
      siteKey,
      visitorToken: v.visitorToken,
      email: 'gus@example.com',
    });
    await again.say('m-1', 'Me again');
    await relay.admin.flushContacts();
    assert.equal((await relay.call('GET', `/v1/admin/contacts/${v.visitorId}`)).body.emailMasked, undefined);
    const conversation = await relay.call('GET', `/v1/admin/conversations/${v.conversationId}`);
    assert.equal(conversation.body.visitor.emailMasked, undefined);
    // Staff may set one again.
    const set = await relay.call('PATCH', `/v1/admin/contacts/${v.visitorId}`, { email: 'gus@new.example' });
    assert.equal(set.body.emailMasked, 'g***@ne***.example');
    const audit = await relay.call('GET', '/v1/admin/audit?action=contact.update');
    assert.ok(
      audit.body.items.some(
        (entry: { target?: { id?: string }; detail?: { fields?: string[] } }) =>
          JSON.stringify(entry).includes(v.visitorId) && JSON.stringify(entry).includes('"email"'),
      ),
    );
    assert.doesNotMatch(JSON.stringify(audit.body), /gus@/);
    again.close();
    staff.close();
  });

  it('tells every protocol-3 staff socket that a contact changed (its id only), no visitor and no older socket', async () => {
    const v = await visitor({ name: 'Nia' });
    const v3 = (await TestClient.hello(relay.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v3' })).client;
    const v2 = (await TestClient.hello(relay.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v2' })).client;
    const watcher = (await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v3' })).client;
    const patched = await relay.call('PATCH', `/v1/admin/contacts/${v.visitorId}`, { notes: 'Allergic to nuts' });
    assert.equal(patched.status, 200);
    const frame = await v3.next('contact', (f) => f.contactId === v.visitorId);
    assert.deepEqual(frame, { type: 'contact', contactId: v.visitorId }, 'the id only: the notes stay off the bus');
    // A refused change tells nobody.
    assert.equal(
      (await relay.call('PATCH', `/v1/admin/contacts/${v.visitorId}`, { notes: 'x'.repeat(5001) })).status,
      400,
    );
    // What the older socket and the visitor got meanwhile: nothing of the kind (a later frame shows the queue moved).
    await relay.call('PATCH', `/v1/admin/contacts/${v.visitorId}`, { name: 'Nia B' });
    await v2.next('conversation', (f) => f.conversation.visitor.name === 'Nia B');
    assert.equal(
      v2.frames.some((f) => f.type === 'contact'),
      false,
    );
    assert.equal(
      watcher.frames.some((f) => f.type === 'contact'),
      false,
    );
    assert.equal((await v3.collect('contact', 2)).length, 2, 'one per change made');
    assert.equal(v3.frames.filter((f) => f.type === 'contact').length, 2);
    for (const socket of [v3, v2, watcher, v.client]) socket.close();
  });

  it('an agent may edit; the export carries the notes', async () => {
    const v = await visitor({ name: 'Lee' });
    const agent = await relay.agent('Ana');
    const byAgent = await relay.call(
      'PATCH',
      `/v1/admin/contacts/${v.visitorId}`,
      { notes: 'Called twice' },
      agent.token,
    );
    assert.equal(byAgent.status, 200);
    const exported = await relay.call('GET', `/v1/admin/contacts/${v.visitorId}/export`);
    assert.equal(exported.body.contact.notes, 'Called twice');
    v.client.close();
  });
});
