import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { after, before, describe, it } from 'node:test';
import type { LoaderRules } from '@parley/protocol/admin';
import { campaignButtonChosen, campaignRepliedTo, newVisitor, publicPost } from './support/campaigns-scenario.js';
import { siteKey, startDesk, type Desk } from './support/desk.js';
import { tempDir } from './support/temp.js';

// Campaigns (issue #42, docs/campaigns.md): the admin API, the site's loader with the live campaigns' rules, and the
// public routes the loader calls. A real relay on port 0 serving loader files of the test's own.

// Long enough to be compressed (the relay does not compress what is under 1 KiB).
const LOADER = `/* the plain loader${' of the test'.repeat(200)} */(function(){window.loaded=true})();\n`;
const CAMPAIGNS_LOADER = `/* the loader with campaigns${' of the test'.repeat(200)} */(function(){})();\n`;

/** The `data-campaigns` the loader's first line sets on a `<script>` without one. */
function rulesOf(script: string): LoaderRules | undefined {
  const data: Record<string, string> = {};
  runInNewContext(script, { document: { currentScript: { dataset: data } }, window: {} });
  return data['campaigns'] === undefined ? undefined : (JSON.parse(data['campaigns']) as LoaderRules);
}

describe('campaigns', () => {
  let desk: Desk;
  let agent: { id: string; token: string };
  before(async () => {
    const widgetDir = tempDir('parley-campaigns-widget-');
    writeFileSync(join(widgetDir, 'widget.js'), LOADER);
    writeFileSync(join(widgetDir, 'widget-campaigns.js'), CAMPAIGNS_LOADER);
    desk = await startDesk({ ipRateLimitPerSecond: 0, widgetDir });
    agent = await desk.agent('Ana');
  });
  after(() => desk.close());

  const loader = async () => (await fetch(`${desk.httpUrl}/widget.js?site=${siteKey}`)).text();
  const list = async () => (await desk.call('GET', '/v1/admin/campaigns')).body.items as { id: string }[];

  it('a site without live campaigns gets the plain loader, byte for byte', async () => {
    assert.equal(await loader(), LOADER);
  });

  it('refuses what the contract does not allow, with the field named, and stores nothing', async () => {
    for (const [body, field] of [
      [{ name: 'x' }, /body\.variants/],
      [{ name: 'x', variants: [] }, /body\.variants/],
      [{ name: 'x', variants: ['a', 'b', 'c', 'd'] }, /body\.variants/],
      [{ name: 'x', variants: ['hi'], urls: ['pricing'] }, /body\.urls\.0/],
      [{ name: 'x', variants: ['hi'], delaySeconds: -1 }, /body\.delaySeconds/],
      [{ name: 'x', variants: ['hi'], scrollPercent: 101 }, /body\.scrollPercent/],
      [{ name: 'x', variants: ['hi'], frequency: { kind: 'days', days: 0 } }, /body\.frequency/],
      [{ name: 'x', variants: ['hi'], startAt: 2000, endAt: 1000 }, /body\.endAt/],
      [{ name: 'x', variants: ['hi'], sender: { kind: 'member', staffId: 'st_nobody' } }, /body\.sender\.staffId/],
      [{ name: 'x', variants: ['hi'], colour: 'red' }, /unknown field colour/],
      [{ name: 'x', variants: ['hi'], buttons: ['a'.repeat(41)] }, /body\.buttons\.0/],
    ] as const) {
      const answer = await desk.call('POST', '/v1/admin/campaigns', body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.error.code, 'bad_request');
      assert.match(answer.body.error.message, field);
    }
    assert.deepEqual(await list(), []);
    assert.equal(await loader(), LOADER);
  });

  it('is changed by members who manage settings only; every member reads it', async () => {
    const refused = await desk.call('POST', '/v1/admin/campaigns', { name: 'x', variants: ['hi'] }, agent.token);
    assert.equal(refused.status, 403);
    assert.equal((await desk.call('GET', '/v1/admin/campaigns', undefined, agent.token)).status, 200);
  });

  it('a live campaign puts its rules in the site’s loader, which is the campaigns build; paused, the plain one again', async () => {
    const created = await desk.call('POST', '/v1/admin/campaigns', {
      name: 'Welcome back',
      variants: ['Hello again!'],
      sender: { kind: 'member', staffId: agent.id },
      urls: ['/pricing', '/docs/*'],
      delaySeconds: 30,
      scrollPercent: 50,
      visitors: 'returning',
      languages: ['en', 'de'],
      frequency: { kind: 'days', days: 7 },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;
    assert.match(id, /^cmp_/);
    assert.equal(created.body.status, 'live');

    const text = await loader();
    assert.ok(text.endsWith(CAMPAIGNS_LOADER), 'the campaigns build');
    assert.deepEqual(rulesOf(text), {
      campaigns: [
        {
          id,
          texts: ['Hello again!'],
          buttons: [],
          from: 'Ana',
          urls: ['/pricing', '/docs/*'],
          delay: 30,
          scroll: 50,
          exit: false,
          visitors: 'returning',
          identified: 'all',
          languages: ['en', 'de'],
          start: null,
          end: null,
          hours: false,
          every: 7,
        },
      ],
    });

    const paused = await desk.call('PATCH', `/v1/admin/campaigns/${id}`, { status: 'paused' });
    assert.equal(paused.status, 200);
    assert.equal(paused.body.status, 'paused');
    assert.equal(paused.body.delaySeconds, 30, 'the other fields kept');
    assert.equal(await loader(), LOADER);
    // A paused campaign counts nothing and starts nothing.
    const event = await publicPost(desk, '/v1/campaigns/event', {
      site: siteKey,
      campaign: id,
      variant: 0,
      kind: 'shown',
    });
    assert.equal(event.status, 404);

    const audit = await desk.call('GET', '/v1/admin/audit');
    const actions = (audit.body.items as { action: string; targetId: string }[])
      .filter((entry) => entry.targetId === id)
      .map((entry) => entry.action);
    assert.deepEqual(actions.sort(), ['campaign.create', 'campaign.update']);

    assert.equal((await desk.call('DELETE', `/v1/admin/campaigns/${id}`)).status, 204);
    assert.equal((await desk.call('GET', `/v1/admin/campaigns/${id}`)).status, 404);
    assert.equal((await desk.call('DELETE', `/v1/admin/campaigns/${id}`)).status, 404);
  });

  it('the site’s business hours ride with a campaign that keeps to them', async () => {
    const settings = await desk.call('GET', '/v1/admin/automations');
    const saved = await desk.call('PUT', '/v1/admin/automations', {
      ...settings.body.settings,
      hours: {
        timezone: 'Europe/Paris',
        weekly: [{ day: 1, open: '09:00', close: '17:30' }],
        holidays: ['2026-12-25'],
      },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const created = await desk.call('POST', '/v1/admin/campaigns', {
      name: 'Office hours',
      variants: ['We are here'],
      businessHoursOnly: true,
    });
    assert.equal(created.status, 201);
    const rules = rulesOf(await loader());
    assert.deepEqual(rules?.hours, { zone: 'Europe/Paris', weekly: [[1, 540, 1050]], holidays: ['2026-12-25'] });
    assert.equal(rules?.campaigns[0]?.from, 'Parley', 'the bot’s name');
    assert.equal((await desk.call('DELETE', `/v1/admin/campaigns/${created.body.id}`)).status, 204);
    assert.equal(await loader(), LOADER);
  });

  it('a reply starts the visitor’s conversation with the campaign’s message; stats count it per variant', async () => {
    await campaignRepliedTo(desk);
  });

  it('the public routes refuse bad input, unknown campaigns and conversations, and change nothing', async () => {
    const created = await desk.call('POST', '/v1/admin/campaigns', { name: 'Docs', variants: ['Stuck?'] });
    const id = created.body.id as string;
    for (const body of [
      'not json',
      {},
      { site: siteKey, campaign: id, variant: 0, kind: 'clicked' },
      { site: siteKey, campaign: id, variant: 3, kind: 'shown' },
      { site: siteKey, campaign: id, variant: 0, kind: 'shown', extra: 1 },
      { site: 'nope', campaign: id, variant: 0, kind: 'shown' },
    ]) {
      const answer = await publicPost(desk, '/v1/campaigns/event', body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body?.error?.code, 'bad_request');
    }
    for (const body of [
      { site: siteKey, campaign: 'cmp_unknown', variant: 0, kind: 'shown' },
      { site: 'pk_unknown', campaign: id, variant: 0, kind: 'shown' },
      { site: siteKey, campaign: id, variant: 1, kind: 'shown' },
    ])
      assert.equal((await publicPost(desk, '/v1/campaigns/event', body)).status, 404, JSON.stringify(body));

    const { client, conversationId } = await newVisitor(desk);
    try {
      const start = (body: Record<string, unknown>, origin?: string) =>
        publicPost(desk, '/v1/campaigns/start', { site: siteKey, campaign: id, variant: 0, ...body }, origin);
      assert.equal((await start({ conversation: 'c_neverGivenToAnyone' })).status, 409);
      assert.equal((await start({ conversation: conversationId, campaign: 'cmp_unknown' })).status, 404);
      assert.equal((await start({ conversation: conversationId, variant: 1 })).status, 404);
      assert.equal((await start({ conversation: 'v_not_a_conversation' })).status, 400);
      assert.equal((await start({ conversation: conversationId, site: 'pk_unknown' })).status, 404);
      const messages = await desk.call('GET', `/v1/admin/conversations/${conversationId}/messages`);
      assert.equal(messages.status, 404, 'no conversation was stored');
      await client.roundTrip();
      assert.equal(client.frames.filter((frame) => frame.type === 'message').length, 0);
    } finally {
      client.close();
    }
    const stats = await desk.call('GET', `/v1/admin/campaigns/${id}/stats`);
    assert.deepEqual(stats.body.total, { shown: 0, opened: 0, conversations: 0, replied: 0, ratings: 0, csat: null });
  });

  it('limits the public routes per client address', async () => {
    // The tests above spent some of this address's starts: a burst of 10 at most, then 429 with when to retry.
    let refused: Awaited<ReturnType<typeof publicPost>> | undefined;
    for (let i = 0; i < 11 && !refused; i++) {
      const answer = await publicPost(desk, '/v1/campaigns/start', {
        site: siteKey,
        campaign: 'cmp_unknown',
        variant: 0,
        conversation: 'c_x',
      });
      if (answer.status === 429) refused = answer;
      else assert.equal(answer.status, 404);
    }
    assert.ok(refused, 'refused within 11 requests');
    assert.equal(refused.body?.error?.code, 'rate_limited');
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
  });
});

describe('a campaign’s button (issue #81)', () => {
  // A desk of its own: the starts it makes would spend the other desk's per-address allowance.
  let desk: Desk;
  before(async () => {
    desk = await startDesk({ ipRateLimitPerSecond: 0 });
  });
  after(() => desk.close());

  it('sends its label as the visitor’s reply to the campaign’s message, once; refuses a button it does not have', async () => {
    await campaignButtonChosen(desk);
  });
});

describe('campaigns with a widget folder of an older build (no widget-campaigns.js)', () => {
  let desk: Desk;
  before(async () => {
    const widgetDir = tempDir('parley-campaigns-old-widget-');
    writeFileSync(join(widgetDir, 'widget.js'), LOADER);
    desk = await startDesk({ ipRateLimitPerSecond: 0, widgetDir });
  });
  after(() => desk.close());

  it('still serves the plain loader, so the chat works', async () => {
    const created = await desk.call('POST', '/v1/admin/campaigns', { name: 'Hi', variants: ['Hello'] });
    assert.equal(created.status, 201);
    const response = await fetch(`${desk.httpUrl}/widget.js?site=${siteKey}`);
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.ok(text.endsWith(LOADER), 'the plain build');
    assert.equal(rulesOf(text)?.campaigns[0]?.texts[0], 'Hello');
  });
});
