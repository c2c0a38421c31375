import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningRelay } from '../src/index.js';
import type { OutboxRecord } from '../src/store/admin-store.js';
import { DEFAULT_SITE_ID } from '../src/store/store.js';
import { TestClient } from './support/client.js';
import { adminToken, call, siteKey, startDesk } from './support/desk.js';
import { SmtpCatcher } from './support/smtp-catcher.js';
import { until } from './support/until.js';

async function jobs(relay: RunningRelay, kind: string): Promise<OutboxRecord[]> {
  const { items } = await relay.admin.repos.outbox.listOutbox(DEFAULT_SITE_ID, { kind }, 100);
  return items;
}

/** A staff token named `name`, with an email and notifications on. */
async function member(relay: RunningRelay, name: string, email?: string): Promise<{ id: string; token: string }> {
  const made = await call(relay, 'POST', '/v1/admin/tokens', { name, role: 'agent' });
  assert.equal(made.status, 201);
  if (email) {
    const set = await call(relay, 'PATCH', `/v1/admin/tokens/${made.body.id}/notifications`, { email, notify: true });
    assert.equal(set.status, 200);
  }
  return { id: made.body.id, token: made.body.token };
}

describe('mentions: @name in a private note', () => {
  let catcher: SmtpCatcher;
  let relay: RunningRelay;
  let author: TestClient;
  let ana: { id: string; token: string };
  let bo: { id: string; token: string };
  let conversationId: string;

  before(async () => {
    catcher = await SmtpCatcher.start();
    relay = await startDesk({
      siteName: 'Shop',
      smtpUrl: catcher.url,
      emailFrom: 'Shop support <support@shop.example>',
      outboxTiming: { pollMs: 50 },
      mentionEmailDelayMs: 200,
    });
    ana = await member(relay, 'Ana Lima', 'ana@shop.example');
    bo = await member(relay, 'Bo', 'bo@shop.example');
    await relay.mentions.refresh();
    const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    conversationId = welcome.conversationId!;
    await visitor.say('v1', 'My order is late');
    visitor.close();
    author = (await TestClient.hello(relay.wsUrl, { staffToken: adminToken })).client;
  });
  after(async () => {
    author.close();
    await relay.close();
    await catcher.stop();
  });

  it('records each colleague a note names, once, and lists it as theirs, unread', async () => {
    // Bo is in the inbox (seen now, available): no email for him.
    const boSocket = (await TestClient.hello(relay.wsUrl, { staffToken: bo.token })).client;
    await relay.routing.heartbeat();
    try {
      const ack = await author.say('n1', '@Ana Lima and @bo, can you check? not @Anabel, not bo@shop.example', {
        conversationId,
        note: true,
      });
      await until(async () => (await jobs(relay, 'mention.record'))[0]?.status === 'delivered', 'the mention job');
      const mine = await call(relay, 'GET', '/v1/admin/me/mentions', undefined, ana.token);
      assert.equal(mine.status, 200);
      assert.equal(mine.body.unread, 1);
      assert.equal(mine.body.items.length, 1);
      const [item] = mine.body.items;
      assert.equal(item.conversationId, conversationId);
      assert.equal(item.seq, ack.seq);
      assert.equal(item.readAt, null);
      assert.match(item.text, /can you check/);
      const me = await call(relay, 'GET', '/v1/admin/me');
      assert.deepEqual(item.author, { id: me.body.id, name: me.body.name });
      assert.equal((await call(relay, 'GET', '/v1/admin/me/mentions', undefined, bo.token)).body.unread, 1);
      // The author is named by nobody; the note mentions no one else.
      assert.equal((await call(relay, 'GET', '/v1/admin/me/mentions')).body.items.length, 0);
    } finally {
      boSocket.close();
    }
  });

  it('emails a colleague who is away, once, after the delay — and not one who is in the inbox', async () => {
    const [email] = await catcher.waitFor(1);
    assert.deepEqual(email!.to, ['ana@shop.example']);
    assert.match(email!.mail.subject ?? '', /mentioned you in a note on Shop/);
    assert.match(email!.mail.text ?? '', /@Ana Lima and @bo, can you check\?/);
    await until(async () => (await jobs(relay, 'email.mention'))[0]?.status === 'delivered', 'the email job');
    assert.equal((await jobs(relay, 'email.mention')).length, 1, 'no email job for Bo, who was online');
    // The record job run again (an outbox retry after a crash) records nothing new and writes no second email.
    const recorded = await relay.admin.repos.mentions.recordMentions(
      {
        siteId: DEFAULT_SITE_ID,
        conversationId,
        seq: 2,
        authorId: 'x',
        staffIds: [ana.id, bo.id],
        createdAt: Date.now(),
      },
      () => {
        throw new Error('no effects for mentions already recorded');
      },
    );
    assert.deepEqual(recorded, []);
    assert.equal(catcher.emails.length, 1);
  });

  it('does not email a mention read in the inbox before the delay is over', async () => {
    await catcher.waitFor(1);
    await author.say('n2', 'again @Ana Lima', { conversationId, note: true });
    await until(
      async () =>
        (await call(relay, 'GET', '/v1/admin/me/mentions?unread=true', undefined, ana.token)).body.unread === 2,
      'the second mention',
    );
    const read = await call(relay, 'POST', '/v1/admin/me/mentions/read', { conversationId }, ana.token);
    assert.deepEqual(read, { status: 200, body: { read: 2 } });
    await until(
      async () => (await jobs(relay, 'email.mention')).some((job) => job.status === 'skipped'),
      'the second email job to be skipped',
    );
    assert.equal(catcher.emails.length, 1);
    const all = await call(relay, 'GET', '/v1/admin/me/mentions', undefined, ana.token);
    assert.equal(all.body.unread, 0);
    assert.ok(all.body.items.every((item: { readAt: number | null }) => item.readAt !== null));
  });

  it('ignores text messages, and mentions in another site’s conversation are never recorded', async () => {
    await author.say('t1', '@Ana Lima this reaches the visitor', { conversationId });
    await author.roundTrip();
    const recorded = await relay.admin.repos.mentions.recordMentions(
      { siteId: 'site_other', conversationId, seq: 99, authorId: 'x', staffIds: [ana.id], createdAt: Date.now() },
      () => [],
    );
    assert.deepEqual(recorded, [], 'the conversation is not on that site');
    assert.equal((await call(relay, 'GET', '/v1/admin/me/mentions', undefined, ana.token)).body.items.length, 2);
  });

  it('refuses a bad query or body with a clear error, and changes nothing', async () => {
    const bad = await call(relay, 'GET', '/v1/admin/me/mentions?unread=maybe', undefined, ana.token);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'bad_request');
    const noId = await call(relay, 'POST', '/v1/admin/me/mentions/read', { conversationId: '../x' }, ana.token);
    assert.equal(noId.status, 400);
    const none = await call(relay, 'POST', '/v1/admin/me/mentions/read', { conversationId: 'c_nope' }, ana.token);
    assert.equal(none.status, 404);
    assert.equal(none.body.error.code, 'not_found');
  });

  it('answers 404 for another site’s conversation, as every route that names one (issue #44)', async () => {
    await relay.store.upsertSite({
      id: 'site_mentions_other',
      name: 'Other',
      siteKey: 'pk_mentions_other',
      allowedOrigins: ['*'],
      identitySecret: 'other-secret',
      requireIdentity: false,
    });
    const { message } = await relay.store.append({
      siteId: 'site_mentions_other',
      conversationId: 'conv_mentions_other',
      visitorId: 'visitor_other',
      clientId: 'other-1',
      author: { role: 'visitor', id: 'visitor_other', name: 'Other' },
      text: 'hello from another site',
      kind: 'text',
    });
    const foreign = await call(
      relay,
      'POST',
      '/v1/admin/me/mentions/read',
      { conversationId: message.conversationId },
      ana.token,
    );
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.error.code, 'not_found');
    const own = await call(relay, 'POST', '/v1/admin/me/mentions/read', { conversationId }, ana.token);
    assert.equal(own.status, 200, 'this site’s conversation is still answered');
  });

  it('forgets the mentions of an erased conversation', async () => {
    const conversation = await call(relay, 'GET', `/v1/admin/conversations/${conversationId}`);
    const contact = await call(relay, 'DELETE', `/v1/admin/contacts/${conversation.body.visitor.id}`);
    assert.equal(contact.status, 204);
    await until(
      async () => (await call(relay, 'GET', '/v1/admin/me/mentions', undefined, ana.token)).body.items.length === 0,
      'the mentions to go with the conversation',
    );
  });
});
