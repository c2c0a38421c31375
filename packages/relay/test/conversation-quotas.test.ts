import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunningRelay, StartOptions } from '../src/index.js';
import { TestClient } from './support/client.js';
import { siteKey, startDesk } from './support/desk.js';
import { until } from './support/until.js';

function start(options: StartOptions = {}): Promise<RunningRelay> {
  return startDesk({ ipRateLimitPerSecond: 0, ...options });
}

async function contactIds(relay: RunningRelay): Promise<string[]> {
  await relay.admin.flushContacts();
  return (await relay.admin.repos.contacts.listContacts({ siteId: 'default', limit: 1000 })).items.map((c) => c.id);
}

describe('relay: contacts and conversations are made by writing, within quotas (issue #15, finding 6)', () => {
  it('keeps nothing of visitors who only say hello, and makes a contact of one who writes, with what hello said', async () => {
    const relay = await start();
    try {
      const before = await contactIds(relay);
      for (let i = 0; i < 20; i++) {
        const { client } = await TestClient.hello(relay.wsUrl, {
          siteKey,
          name: `Silent ${i}`,
          context: { url: `https://shop.example/${i}` },
        });
        await client.roundTrip();
        client.close();
      }
      assert.deepEqual(await contactIds(relay), before, 'hellos alone store no contact');

      const { client, welcome } = await TestClient.hello(relay.wsUrl, {
        siteKey,
        name: 'Writer',
        context: { url: 'https://shop.example/pricing', title: 'Pricing' },
      });
      client.send({ type: 'context', context: { url: 'https://shop.example/checkout' } });
      await client.say('first', 'hello?');
      const ids = await contactIds(relay);
      assert.deepEqual(
        ids.filter((id) => !before.includes(id)),
        [welcome.visitorId],
      );
      const contact = await relay.admin.repos.contacts.getContact('default', welcome.visitorId!);
      assert.equal(contact?.name, 'Writer');
      assert.equal(contact?.context?.url, 'https://shop.example/checkout', 'the latest page, held until then');
      client.close();
    } finally {
      await relay.close();
    }
  });

  it('refuses a new conversation past the per-address quota with rate_limited, storing nothing', async () => {
    const relay = await start({ newConversationsPerAddressPerHour: 3 });
    try {
      const writers = [];
      for (let i = 0; i < 3; i++) {
        const writer = await TestClient.hello(relay.wsUrl, { siteKey });
        const ack = await writer.client.say(`w${i}`, `message ${i}`);
        assert.equal(ack.seq, 1);
        writers.push(writer);
      }
      const late = await TestClient.hello(relay.wsUrl, { siteKey });
      late.client.send({ type: 'send', id: 'late-1', text: 'let me in' });
      const refused = await late.client.next('error', (frame) => frame.ref === 'late-1');
      assert.equal(refused.code, 'rate_limited');
      assert.match(refused.message, /new conversations from this address/);
      assert.ok(refused.retryAfterMs! > 60_000, `retry after ${refused.retryAfterMs} ms`);
      assert.equal(await relay.store.getConversation(late.welcome.conversationId!), undefined, 'nothing stored');
      assert.equal((await contactIds(relay)).includes(late.welcome.visitorId!), false);

      // A visitor whose conversation exists keeps writing, on this connection and after reconnecting.
      const more = await writers[0]!.client.say('w0-again', 'still here');
      assert.equal(more.seq, 2);
      const back = await TestClient.hello(relay.wsUrl, { siteKey, visitorToken: writers[1]!.welcome.visitorToken! });
      assert.equal((await back.client.say('w1-again', 'back')).seq, 2);
      for (const writer of [...writers, late, back]) writer.client.close();
    } finally {
      await relay.close();
    }
  });

  it('refuses new conversations past the per-site quota, and 0 disables both quotas', async () => {
    const relay = await start({ newConversationsPerAddressPerHour: 0, newConversationsPerSitePerMinute: 2 });
    try {
      const codes: string[] = [];
      for (let i = 0; i < 3; i++) {
        const { client } = await TestClient.hello(relay.wsUrl, { siteKey });
        client.send({ type: 'send', id: `s${i}`, text: 'hi' });
        const answer = await until(
          () =>
            client.frames.find(
              (frame) =>
                (frame.type === 'ack' && frame.id === `s${i}`) || (frame.type === 'error' && frame.ref === `s${i}`),
            ),
          'an ack or an error',
        );
        codes.push(answer.type === 'error' ? answer.code : answer.type);
        client.close();
      }
      assert.deepEqual(codes, ['ack', 'ack', 'rate_limited']);
    } finally {
      await relay.close();
    }
    const open = await start({ newConversationsPerAddressPerHour: 0, newConversationsPerSitePerMinute: 0 });
    try {
      for (let i = 0; i < 30; i++) {
        const { client } = await TestClient.hello(open.wsUrl, { siteKey });
        assert.equal((await client.say(`o${i}`, 'hi')).seq, 1);
        client.close();
      }
    } finally {
      await open.close();
    }
  });
});
