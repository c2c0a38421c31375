import assert from 'node:assert/strict';
import type { Message } from '@parley/protocol';
import { TestClient } from './client.js';
import { siteKey, type Desk } from './desk.js';

/** What both stores' campaign tests run: a campaign replied to, its stats, and erasure of what it recorded. */

/** Posts to a public campaign route as the loader does (`text/plain` JSON, from a page of `origin`). */
export async function publicPost(
  desk: Desk,
  path: '/v1/campaigns/event' | '/v1/campaigns/start',
  body: unknown,
  origin = 'https://shop.example',
): Promise<{
  status: number;
  body: { error?: { code: string; message: string }; seq?: number } | null;
  headers: Headers;
}> {
  const response = await fetch(`${desk.httpUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

/** A new visitor's connection (not started: no conversation stored). */
export async function newVisitor(desk: Desk): Promise<{ client: TestClient; conversationId: string }> {
  const { client, welcome } = await TestClient.hello(desk.wsUrl, { siteKey }, { protocol: 'parley.v3' });
  return { client, conversationId: welcome.conversationId! };
}

/**
 * A campaign with two variants and a button, shown and clicked, replied to by a visitor who then writes and rates
 * the conversation (ratings turned on: the desk's automation settings change):
 * the conversation starts with the variant's text from the bot, and the stats count it per variant.
 */
export async function campaignRepliedTo(desk: Desk): Promise<void> {
  const created = await desk.call('POST', '/v1/admin/campaigns', {
    name: 'Pricing',
    variants: ['Questions about plans?', 'Need a hand choosing?'],
    buttons: ['Yes please'],
    urls: ['/pricing*'],
    delaySeconds: 5,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id as string;

  for (const kind of ['shown', 'shown', 'opened'])
    assert.equal(
      (await publicPost(desk, '/v1/campaigns/event', { site: siteKey, campaign: id, variant: 1, kind })).status,
      204,
    );
  assert.equal(
    (await publicPost(desk, '/v1/campaigns/event', { site: siteKey, campaign: id, variant: 0, kind: 'shown' })).status,
    204,
  );

  const { client, conversationId } = await newVisitor(desk);
  try {
    const started = await publicPost(desk, '/v1/campaigns/start', {
      site: siteKey,
      campaign: id,
      variant: 1,
      conversation: conversationId,
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    assert.equal(started.body?.seq, 1);
    assert.equal(started.headers.get('access-control-allow-origin'), 'https://shop.example');
    const live = await client.next('message');
    assert.equal(live.message.text, 'Need a hand choosing?');
    assert.equal(live.message.author.role, 'bot');

    // Once only: the conversation has a message now.
    const again = await publicPost(desk, '/v1/campaigns/start', {
      site: siteKey,
      campaign: id,
      variant: 0,
      conversation: conversationId,
    });
    assert.equal(again.status, 409);

    await client.say('m1', 'Yes, which plan has SSO?');
    const messages = await desk.call('GET', `/v1/admin/conversations/${conversationId}/messages`);
    const items = messages.body.items as Message[];
    assert.deepEqual(
      items.map((m) => [m.seq, m.author.role, m.text]),
      [
        [1, 'bot', 'Need a hand choosing?'],
        [2, 'visitor', 'Yes, which plan has SSO?'],
      ],
    );
    assert.deepEqual(
      items[0]!.buttons?.map((b) => b.label),
      ['Yes please'],
    );

    // Resolved with ratings on, the visitor rates the conversation: its CSAT is the campaign's.
    const automations = await desk.call('GET', '/v1/admin/automations');
    const csatOn = await desk.call('PUT', '/v1/admin/automations', {
      ...automations.body.settings,
      csat: { enabled: true, texts: {} },
    });
    assert.equal(csatOn.status, 200, JSON.stringify(csatOn.body));
    assert.equal(
      (await desk.call('PATCH', `/v1/admin/conversations/${conversationId}`, { status: 'resolved' })).status,
      200,
    );
    const asked = await client.next('message', (frame) => frame.message.automation === 'csat');
    await client.say(`rating-${asked.message.seq}`, 'Helpful', { rating: { seq: asked.message.seq, score: 4 } });
  } finally {
    client.close();
  }

  const stats = await desk.call('GET', `/v1/admin/campaigns/${id}/stats`);
  assert.equal(stats.status, 200);
  assert.deepEqual(stats.body.total, { shown: 3, opened: 1, conversations: 1, replied: 1, ratings: 1, csat: 4 });
  assert.deepEqual(
    stats.body.variants.map((v: { variant: number; counts: { shown: number; conversations: number } }) => [
      v.variant,
      v.counts.shown,
      v.counts.conversations,
    ]),
    [
      [0, 1, 0],
      [1, 2, 1],
    ],
  );
}

/**
 * A campaign's button clicked (issue #81): the start names it, and its label follows the campaign's message as the
 * visitor's choice of that quick reply, delivered to the visitor's socket and stored once: a second start, or the
 * widget sending the same choice (`reply-1`), stores nothing more. A button the campaign does not have is refused,
 * naming the field, and stores nothing.
 */
export async function campaignButtonChosen(desk: Desk): Promise<void> {
  const created = await desk.call('POST', '/v1/admin/campaigns', {
    name: 'Plans',
    variants: ['Can we help you choose?'],
    buttons: ['See pricing', 'Talk to sales'],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id as string;
  const { client, conversationId } = await newVisitor(desk);
  const start = (body: Record<string, unknown>) =>
    publicPost(desk, '/v1/campaigns/start', {
      site: siteKey,
      campaign: id,
      variant: 0,
      conversation: conversationId,
      ...body,
    });
  const messages = async () => {
    const answer = await desk.call('GET', `/v1/admin/conversations/${conversationId}/messages`);
    return answer.status === 404 ? [] : (answer.body.items as Message[]);
  };
  try {
    for (const button of [2, -1, '1']) {
      const refused = await start({ button });
      assert.equal(refused.status, 400, JSON.stringify(button));
      assert.match(refused.body?.error?.message ?? '', /body\.button/);
    }
    assert.deepEqual(await messages(), [], 'nothing stored');

    const started = await start({ button: 1 });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    assert.equal(started.body?.seq, 1);
    const [asked, chose] = await client.collect('message', 2);
    assert.deepEqual(
      [asked!.message.seq, asked!.message.author.role, asked!.message.text],
      [1, 'bot', 'Can we help you choose?'],
    );
    assert.deepEqual(
      [chose!.message.seq, chose!.message.author.role, chose!.message.text, chose!.message.clientId],
      [2, 'visitor', 'Talk to sales', 'reply-1'],
    );
    assert.deepEqual(chose!.message.reply, { seq: 1, id: 'b2' });

    // Once: a second start is refused; the widget sending the same choice is told it is stored already.
    assert.equal((await start({ button: 0 })).status, 409);
    const ack = await client.say('reply-1', 'Talk to sales', { reply: { seq: 1, id: 'b2' } });
    assert.equal(ack.duplicate, true);
    assert.equal(ack.seq, 2);
    assert.deepEqual(
      (await messages()).map((m) => [m.seq, m.author.role, m.text]),
      [
        [1, 'bot', 'Can we help you choose?'],
        [2, 'visitor', 'Talk to sales'],
      ],
    );
  } finally {
    client.close();
  }
  const stats = await desk.call('GET', `/v1/admin/campaigns/${id}/stats`);
  assert.deepEqual(
    [stats.body.total.conversations, stats.body.total.replied],
    [1, 1],
    'the choice is the visitor’s reply',
  );
}
