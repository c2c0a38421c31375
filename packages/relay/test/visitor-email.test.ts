/**
 * A visitor gives their email mid-conversation (issue #36, the widget's "Get notified by email"): an `email` frame,
 * stored on their contact without a reconnect, used by the transcript and the reply email, shown to staff at once;
 * bad input refused with `invalid_email` and nothing changed. And the site's wait before the widget asks, from the
 * automation settings to the visitor's welcome.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from './support/client.js';
import { adminToken, call, siteKey, startDesk, type Desk } from './support/desk.js';
import { SmtpCatcher } from './support/smtp-catcher.js';

describe('visitor email (the email frame)', () => {
  let catcher: SmtpCatcher;
  let relay: Desk;

  before(async () => {
    catcher = await SmtpCatcher.start();
    relay = await startDesk({
      ipRateLimitPerSecond: 0,
      newConversationsPerAddressPerHour: 10_000,
      smtpUrl: catcher.url,
      emailFrom: 'Shop support <support@shop.example>',
      emailReplyDelayS: 1,
      outboxTiming: { pollMs: 50 },
    });
  });
  after(async () => {
    await relay.close();
    await catcher.stop();
  });

  it('keeps the email given mid-conversation: same conversation, staff told, the transcript and the reply email use it', async () => {
    const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    const conversationId = welcome.conversationId!;
    await visitor.say('m1', 'Is the blue one in stock?');
    const { client: agent } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken });
    visitor.send({ type: 'transcript', ref: 't0' });
    assert.equal((await visitor.next('error', (f) => f.ref === 't0')).code, 'no_email');

    visitor.send({ type: 'email', ref: 'e1', email: '  ada@example.com ' });
    const saved = await visitor.next('email', (f) => f.ref === 'e1');
    assert.equal(saved.emailMasked, 'a***@ex***.com');
    // The inbox hears of it live: its visitor panel shows the address (masked) without a reload.
    const told = await agent.next(
      'conversation',
      (f) => f.conversation.id === conversationId && f.conversation.visitor.emailMasked !== undefined,
    );
    assert.equal(told.conversation.visitor.emailMasked, 'a***@ex***.com');
    const conversation = await call(relay, 'GET', `/v1/admin/conversations/${conversationId}`);
    assert.equal(conversation.body.visitor.emailMasked, 'a***@ex***.com');
    const revealed = await call(relay, 'POST', `/v1/admin/contacts/${welcome.visitorId}/reveal`);
    assert.equal(revealed.body.email, 'ada@example.com');

    // The same socket, the same conversation: the transcript goes to the address just given.
    visitor.send({ type: 'transcript', ref: 't1' });
    assert.equal((await visitor.next('transcript', (f) => f.ref === 't1')).emailMasked, 'a***@ex***.com');
    const [transcript] = await catcher.waitFor(1);
    assert.deepEqual(transcript!.to, ['ada@example.com']);
    assert.match(transcript!.mail.text ?? '', /Is the blue one in stock\?/);

    // The visitor leaves; a staff reply reaches them by email at that address.
    visitor.close();
    await visitor.closed;
    await agent.say('s1', 'Yes, two left.', { conversationId });
    const emails = await catcher.waitFor(2);
    assert.deepEqual(emails[1]!.to, ['ada@example.com']);
    assert.match(emails[1]!.mail.text ?? '', /Yes, two left\./);
    agent.close();
  });

  it('refuses what is not one address, or too long, with invalid_email, and changes nothing', async () => {
    const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    await visitor.say('m1', 'Hello');
    const bad = [
      'not an email',
      'ada@localhost',
      'ada@example.com, eve@example.com',
      'Ada <ada@example.com>',
      '',
      `${'a'.repeat(250)}@example.com`,
    ];
    for (const [i, email] of bad.entries()) {
      visitor.send({ type: 'email', ref: `b${i}`, email });
      const refused = await visitor.next('error', (f) => f.ref === `b${i}`);
      assert.equal(refused.code, 'invalid_email', email);
      assert.match(refused.message, /name@example\.com/);
    }
    // Longer than the frame allows: refused by the frame's schema, not stored either.
    visitor.send({ type: 'email', ref: 'huge', email: `${'a'.repeat(2000)}@example.com` });
    assert.equal((await visitor.next('error', (f) => f.ref === 'huge')).code, 'bad_frame');
    visitor.send({ type: 'transcript', ref: 't' });
    assert.equal((await visitor.next('error', (f) => f.ref === 't')).code, 'no_email');
    const conversation = await call(relay, 'GET', `/v1/admin/conversations/${welcome.conversationId}`);
    assert.equal(conversation.body.visitor.emailMasked, undefined);
    visitor.close();
  });

  it('answers with the address the emails go to: one staff set on the contact wins over the one given', async () => {
    const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    await visitor.say('m1', 'Hello');
    const patched = await call(relay, 'PATCH', `/v1/admin/contacts/${welcome.visitorId}`, {
      email: 'bea@company.example',
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    visitor.send({ type: 'email', ref: 'e', email: 'other@example.com' });
    assert.equal((await visitor.next('email', (f) => f.ref === 'e')).emailMasked, 'b***@co***.example');
    const revealed = await call(relay, 'POST', `/v1/admin/contacts/${welcome.visitorId}/reveal`);
    assert.equal(revealed.body.email, 'bea@company.example');
    visitor.close();
  });

  it('refuses an email for a contact whose email staff removed: no page brings it back', async () => {
    const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, email: 'old@example.com' });
    await visitor.say('m1', 'Hello');
    const patched = await call(relay, 'PATCH', `/v1/admin/contacts/${welcome.visitorId}`, { email: null });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    visitor.send({ type: 'email', ref: 'e', email: 'again@example.com' });
    const refused = await visitor.next('error', (f) => f.ref === 'e');
    assert.equal(refused.code, 'forbidden');
    assert.match(refused.message, /removed/);
    visitor.send({ type: 'transcript', ref: 't' });
    assert.equal((await visitor.next('error', (f) => f.ref === 't')).code, 'no_email');
    visitor.close();
  });

  it('is for visitors: staff are refused', async () => {
    const { client: agent } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken });
    agent.send({ type: 'email', ref: 's', email: 'ada@example.com' });
    assert.equal((await agent.next('error', (f) => f.ref === 's')).code, 'forbidden');
    agent.close();
  });
});

describe('visitor email: a relay that sends no email', () => {
  let relay: Desk;
  before(async () => {
    relay = await startDesk({ ipRateLimitPerSecond: 0 });
  });
  after(() => relay.close());

  it('answers email_unavailable and keeps nothing', async () => {
    const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    assert.equal(welcome.email, false);
    await visitor.say('m1', 'Hello');
    visitor.send({ type: 'email', ref: 'e', email: 'ada@example.com' });
    assert.equal((await visitor.next('error', (f) => f.ref === 'e')).code, 'email_unavailable');
    const conversation = await call(relay, 'GET', `/v1/admin/conversations/${welcome.conversationId}`);
    assert.equal(conversation.body.visitor.emailMasked, undefined);
    visitor.close();
  });
});

describe('visitor email: the site’s wait before the widget asks', () => {
  let relay: Desk;
  const settings = {
    botName: 'Ada',
    hours: null,
    welcome: { enabled: false, texts: {} },
    away: { enabled: false, texts: {}, emailTexts: {} },
    csat: { enabled: false, texts: {} },
  };
  before(async () => {
    relay = await startDesk({ ipRateLimitPerSecond: 0 });
  });
  after(() => relay.close());

  it('reaches a visitor’s welcome (protocol 2) once saved; absent before', async () => {
    const before = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v2' });
    assert.equal(before.welcome.emailAskMs, undefined, 'a site that never saved one: the widget takes 2 minutes');
    before.client.close();
    const saved = await call(relay, 'PUT', '/v1/admin/automations', { ...settings, emailAskSeconds: 45 });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.settings.emailAskSeconds, 45);
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v2' });
    assert.equal(welcome.emailAskMs, 45_000);
    client.close();
  });

  it('refuses a wait out of range or not whole, naming the field, and changes nothing', async () => {
    for (const emailAskSeconds of [4, 3601, 12.5, '60']) {
      const refused = await call(relay, 'PUT', '/v1/admin/automations', { ...settings, emailAskSeconds });
      assert.equal(refused.status, 400, String(emailAskSeconds));
      assert.match(refused.body.error.message, /emailAskSeconds/);
    }
    assert.equal((await call(relay, 'GET', '/v1/admin/automations')).body.settings.emailAskSeconds, 45);
  });
});
