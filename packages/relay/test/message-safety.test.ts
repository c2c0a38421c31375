import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_SAFETY, type SafetySettings } from '@parley/protocol/admin';
import { TestClient } from './support/client.js';
import { adminToken, siteKey, startDesk, type Desk } from './support/desk.js';
import { tempDir } from './support/temp.js';
import { until } from './support/until.js';

// Message safety (issue #39, docs/safety.md): what a site hides is replaced before the message is stored, the
// sender's ack carries the stored text, masked parts are revealed to staff with an audit, and the settings are
// the site's. A real relay on port 0 with real WebSocket clients.

const CARD = '4242 4242 4242 4242';
const IBAN = 'DE89 3704 0044 0532 0130 00';
const AWS = 'AKIAIOSFODNN7EXAMPLE';

describe('message safety', () => {
  let desk: Desk;
  let staff: TestClient;
  let agent: { id: string; token: string };

  before(async () => {
    desk = await startDesk({ ipRateLimitPerSecond: 0 });
    agent = await desk.agent('Ana');
    staff = (await TestClient.hello(desk.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v3' })).client;
  });
  after(async () => {
    staff.close();
    await desk.close();
  });

  const visitor = async () => {
    const { client, welcome } = await TestClient.hello(desk.wsUrl, { siteKey }, { protocol: 'parley.v3' });
    return { client, welcome };
  };
  const history = async (conversationId: string) =>
    (await desk.call('GET', `/v1/admin/conversations/${conversationId}/messages`)).body.items as Array<{
      seq: number;
      text: string;
      redacted?: { kinds: string[]; sealed?: boolean };
    }>;
  const put = (settings: SafetySettings, as?: string) => desk.call('PUT', '/v1/admin/safety', settings, as);

  it('has the defaults until the site saves its own, and tells visitors what it hides', async () => {
    assert.deepEqual((await desk.call('GET', '/v1/admin/safety')).body, DEFAULT_SAFETY);
    const { client, welcome } = await visitor();
    assert.deepEqual(welcome.safety, { hides: ['card', 'iban', 'ssn', 'secret'] });
    client.close();
  });

  it('redacts a card number before it is stored: the ack, the delivery and every read carry the redacted text', async () => {
    const { client } = await visitor();
    const ack = await client.say('m1', `my card is ${CARD}, thanks`);
    assert.equal(ack.text, 'my card is [card ending 4242], thanks');
    assert.deepEqual(ack.redacted, { kinds: ['card'] });
    const delivered = await staff.next('message', (frame) => frame.message.conversationId === ack.conversationId);
    assert.equal(delivered.message.text, 'my card is [card ending 4242], thanks');
    assert.deepEqual(delivered.message.redacted, { kinds: ['card'] });
    const [stored] = await history(ack.conversationId);
    assert.equal(stored!.text, 'my card is [card ending 4242], thanks');
    // A resend of the same id gets the same ack, with the stored text.
    client.send({ type: 'send', id: 'm1', text: `my card is ${CARD}, thanks` });
    const again = await client.next('ack', (frame) => frame.id === 'm1' && frame.duplicate);
    assert.equal(again.text, ack.text);
    // A text with nothing to hide is acknowledged as it always was.
    const plain = await client.say('m2', 'order 4242-4242-42 has not arrived');
    assert.equal(plain.text, undefined);
    assert.equal(plain.redacted, undefined);
    client.close();
  });

  it('masks an IBAN for agents: stored replaced, revealed to staff with an audit entry', async () => {
    const { client } = await visitor();
    const ack = await client.say('m1', `refund to ${IBAN} please, key ${AWS}`);
    assert.equal(ack.text, 'refund to [IBAN ending 3000] please, key [secret: AWS key]');
    assert.deepEqual(ack.redacted, { kinds: ['iban', 'aws-key'], sealed: true });
    const path = `/v1/admin/conversations/${ack.conversationId}/messages/${ack.seq}/reveal`;
    const revealed = await desk.call('POST', path, undefined, agent.token);
    assert.equal(revealed.status, 200);
    // The masked part comes back; the redacted one (a secret) was never kept.
    assert.deepEqual(revealed.body, { seq: ack.seq, text: `refund to ${IBAN} please, key [secret: AWS key]` });
    const audit = await desk.call('GET', '/v1/admin/audit?limit=5');
    const entry = (audit.body.items as Array<{ action: string; actorId: string; details: { seq?: number } }>).find(
      (item) => item.action === 'message.reveal',
    );
    assert.equal(entry?.actorId, agent.id);
    assert.equal(entry?.details.seq, ack.seq);
    client.close();
  });

  it('has nothing to reveal for a message that was not masked, or no such message', async () => {
    const { client } = await visitor();
    const redacted = await client.say('m1', `card ${CARD}`);
    const plain = await client.say('m2', 'hello');
    const base = `/v1/admin/conversations/${redacted.conversationId}/messages`;
    for (const path of [`${base}/${redacted.seq}/reveal`, `${base}/${plain.seq}/reveal`, `${base}/99/reveal`]) {
      const answer = await desk.call('POST', path);
      assert.equal(answer.status, 404, path);
    }
    assert.equal((await desk.call('POST', `${base}/0/reveal`)).status, 400);
    assert.equal((await desk.call('POST', `${base}/x/reveal`)).status, 400);
    assert.equal((await desk.call('POST', `/v1/admin/conversations/nope/messages/1/reveal`)).status, 404);
    client.close();
  });

  it('screens staff messages from the socket and the admin API, and staff edits', async () => {
    const { client } = await visitor();
    const opened = await client.say('m1', 'hi');
    const id = opened.conversationId;
    staff.send({ type: 'send', id: 's1', conversationId: id, text: `use ${CARD}` });
    const ack = await staff.next('ack', (frame) => frame.id === 's1');
    assert.equal(ack.text, 'use [card ending 4242]');
    const posted = await desk.call('POST', `/v1/admin/conversations/${id}/messages`, { id: 's2', text: `or ${CARD}` });
    assert.equal(posted.status, 201);
    assert.equal(posted.body.message.text, 'or [card ending 4242]');
    staff.send({ type: 'edit', ref: 'e1', conversationId: id, messageId: ack.messageId, text: `no, ${IBAN}` });
    const update = await staff.next('update', (frame) => frame.ref === 'e1');
    assert.equal(update.message.text, 'no, [IBAN ending 3000]');
    assert.deepEqual(update.message.redacted, { kinds: ['iban'], sealed: true });
    const revealed = await desk.call('POST', `/v1/admin/conversations/${id}/messages/${ack.seq}/reveal`);
    assert.equal(revealed.body.text, `no, ${IBAN}`);
    const texts = (await history(id)).map((message) => message.text);
    assert.ok(!texts.some((text) => text.includes('4242 4242') || text.includes('3704 0044')), texts.join(' | '));
    client.close();
  });

  it('stores what a site allows as written, and applies a save to the next message', async () => {
    const allow: SafetySettings = {
      ...DEFAULT_SAFETY,
      sensitive: { card: 'allow', iban: 'redact', ssn: 'allow', secret: 'allow' },
    };
    assert.equal((await put(allow)).status, 200);
    assert.deepEqual((await desk.call('GET', '/v1/admin/safety')).body, allow);
    const { client, welcome } = await visitor();
    assert.deepEqual(welcome.safety, { hides: ['iban'] });
    const ack = await client.say('m1', `card ${CARD} iban ${IBAN}`);
    assert.equal(ack.text, `card ${CARD} iban [IBAN ending 3000]`);
    assert.deepEqual(ack.redacted, { kinds: ['iban'] });
    const none: SafetySettings = {
      ...DEFAULT_SAFETY,
      sensitive: { card: 'allow', iban: 'allow', ssn: 'allow', secret: 'allow' },
    };
    await put(none);
    const second = await visitor();
    assert.equal(second.welcome.safety, undefined);
    const plain = await second.client.say('m1', `iban ${IBAN}`);
    assert.equal(plain.text, undefined);
    await put(DEFAULT_SAFETY);
    client.close();
    second.client.close();
  });

  it('refuses, hides or keeps visitors’ messages by the site’s words, patterns and link rules', async () => {
    const filtered = (filter: Partial<SafetySettings['filter']>, links: Partial<SafetySettings['links']> = {}) =>
      put({
        ...DEFAULT_SAFETY,
        filter: { ...DEFAULT_SAFETY.filter, ...filter },
        links: { ...DEFAULT_SAFETY.links, ...links },
      });
    assert.equal((await filtered({ words: ['free money'], action: 'refuse' }, { refuse: ['bit.ly'] })).status, 200);
    const { client } = await visitor();
    const opened = await client.say('m0', 'hello');
    client.send({ type: 'send', id: 'm1', text: 'Get FREE   money now' });
    const refused = await client.next('error', (frame) => frame.ref === 'm1');
    assert.equal(refused.code, 'content_refused');
    assert.equal(refused.message, 'This message was not sent: it contains words this site does not accept.');
    client.send({ type: 'send', id: 'm2', text: 'see https://bit.ly/x' });
    const link = await client.next('error', (frame) => frame.ref === 'm2');
    assert.equal(link.message, 'This message was not sent: links to bit.ly are not accepted here.');
    // Staff are not filtered; nothing refused was stored.
    staff.send({ type: 'send', id: 'filter-s1', conversationId: opened.conversationId, text: 'no free money here' });
    await staff.next('ack', (frame) => frame.id === 'filter-s1');
    assert.deepEqual(
      (await history(opened.conversationId)).map((message) => message.text),
      ['hello', 'no free money here'],
    );
    // The site's own refusal message; hiding keeps the message, marked.
    await filtered({ words: ['free money'], action: 'refuse', message: 'Please keep it civil.' });
    client.send({ type: 'send', id: 'm3', text: 'free money' });
    assert.equal((await client.next('error', (frame) => frame.ref === 'm3')).message, 'Please keep it civil.');
    await filtered({ patterns: ['crypto\\s*deal'], action: 'hide' });
    const hidden = await client.say('m4', 'a CRYPTO deal for you');
    assert.equal(hidden.duplicate, false);
    const [last] = (await history(opened.conversationId)).slice(-1) as Array<{ text: string; hidden?: boolean }>;
    assert.deepEqual([last!.text, last!.hidden], ['a CRYPTO deal for you', true]);
    // Hidden, and flagged for review with what matched.
    const flags = await until(async () => {
      const answer = await desk.call('GET', `/v1/admin/conversations/${opened.conversationId}/flags`);
      return (answer.body.items as Array<{ reason: string; detail: string; seq: number | null }>).find(
        (flag) => flag.reason === 'pattern',
      );
    }, 'the review flag');
    assert.deepEqual([flags.detail, flags.seq], ['crypto\\s*deal', hidden.seq]);
    await put(DEFAULT_SAFETY);
    client.close();
  });

  it('refuses a pattern RE2 cannot run in linear time, naming it, and saves nothing', async () => {
    const saved = (await desk.call('GET', '/v1/admin/safety')).body;
    const answer = await put({ ...DEFAULT_SAFETY, filter: { ...DEFAULT_SAFETY.filter, patterns: ['ok', '(a)\\1'] } });
    assert.equal(answer.status, 400);
    assert.match(answer.body.error.message, /^Invalid body\.filter\.patterns\.1: not a valid pattern/);
    assert.deepEqual((await desk.call('GET', '/v1/admin/safety')).body, saved);
  });

  it('refuses bad settings with the field named and changes nothing; agents may read but not change', async () => {
    const saved = (await desk.call('GET', '/v1/admin/safety')).body;
    for (const [body, field] of [
      [{ ...DEFAULT_SAFETY, sensitive: { ...DEFAULT_SAFETY.sensitive, card: 'hide' } }, 'body.sensitive.card'],
      [{ ...DEFAULT_SAFETY, links: { ...DEFAULT_SAFETY.links, refuse: ['http://x.com/'] } }, 'body.links.refuse.0'],
      [{ ...DEFAULT_SAFETY, spam: { ...DEFAULT_SAFETY.spam, repeatLimit: 1 } }, 'body.spam.repeatLimit'],
      [{ ...DEFAULT_SAFETY, extra: true }, 'body'],
      [{ sensitive: DEFAULT_SAFETY.sensitive }, 'body.filter'],
    ] as const) {
      const answer = await put(body as unknown as SafetySettings);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.match(answer.body.error.message, new RegExp(`^Invalid ${field.replace(/\./g, '\\.')}`));
    }
    assert.equal((await put(DEFAULT_SAFETY, agent.token)).status, 403);
    assert.equal((await desk.call('GET', '/v1/admin/safety', undefined, agent.token)).status, 200);
    assert.deepEqual((await desk.call('GET', '/v1/admin/safety')).body, saved);
  });
});

describe('message safety after a restart', () => {
  it('a relay started on a data dir applies the settings saved there before', async () => {
    const dataDir = tempDir('parley-safety-');
    const first = await startDesk({ ipRateLimitPerSecond: 0, dataDir });
    const settings: SafetySettings = {
      ...DEFAULT_SAFETY,
      sensitive: { card: 'allow', iban: 'allow', ssn: 'allow', secret: 'allow' },
    };
    assert.equal((await first.call('PUT', '/v1/admin/safety', settings)).status, 200);
    await first.close();
    const second = await startDesk({ ipRateLimitPerSecond: 0, dataDir });
    try {
      const { client } = await TestClient.hello(second.wsUrl, { siteKey }, { protocol: 'parley.v3' });
      const ack = await client.say('m1', `card ${CARD}`);
      assert.equal(ack.text, undefined);
      client.close();
    } finally {
      await second.close();
    }
  });
});
