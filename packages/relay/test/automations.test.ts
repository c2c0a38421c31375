import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Message } from '@parley/protocol';
import type { RunningRelay, StartOptions } from '../src/index.js';
import { TestClient } from './support/client.js';
import { adminToken, call, siteKey, startDesk } from './support/desk.js';
import { tempDir } from './support/temp.js';
import { until } from './support/until.js';

// Monday 23 November 2026. Paris is UTC+1: the desk opens 09:00–17:00 local, Monday to Friday.
const mondayMorning = Date.parse('2026-11-23T07:00:00Z'); // 08:00 in Paris: closed, opens at 09:00
const mondayNoon = Date.parse('2026-11-23T11:00:00Z'); // open until 17:00
const opensAt = Date.parse('2026-11-23T08:00:00Z');

const settings = {
  botName: 'Ada',
  hours: {
    timezone: 'Europe/Paris',
    weekly: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })),
    holidays: ['2026-12-25'],
  },
  welcome: { enabled: true, texts: { en: 'Welcome to the shop!' } },
  away: { enabled: true, texts: {}, emailTexts: {} },
  csat: { enabled: true, texts: {} },
};

/** A relay on a clock the test moves, with a quick outbox. */
function start(clock: { now: number }, options: StartOptions = {}): Promise<RunningRelay> {
  return startDesk({
    ipRateLimitPerSecond: 0,
    // The relay sends email (nothing is due within these tests: a reply email waits two minutes).
    smtpUrl: 'smtp://127.0.0.1:9',
    emailFrom: 'Shop <support@shop.example>',
    clock: () => clock.now,
    outboxTiming: { pollMs: 50 },
    ...options,
  });
}

/** No automation job is pending (the relay's other jobs, such as a reply email minutes away, may be). */
async function automationsIdle(relay: RunningRelay): Promise<boolean> {
  const { byKind } = await relay.admin.repos.outbox.outboxCounts(Date.now());
  return byKind.every((count) => !count.kind.startsWith('automation.') || count.status !== 'pending');
}

async function messages(relay: RunningRelay, conversationId: string): Promise<Message[]> {
  return relay.store.messagesAfter(conversationId, 0, 100, { includeNotes: true });
}

describe('automations', () => {
  const clock = { now: mondayMorning };
  let relay: RunningRelay;
  before(async () => {
    relay = await start(clock);
    const saved = await call(relay, 'PUT', '/v1/admin/automations', settings);
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
  });
  after(() => relay.close());

  it('shows the settings, the built-in texts and whether the site is open, and audits a change', async () => {
    const got = await call(relay, 'GET', '/v1/admin/automations');
    assert.equal(got.status, 200);
    assert.deepEqual(got.body.settings, settings);
    assert.equal(got.body.defaults.away.fr.includes('{time}'), true);
    const audit = await call(relay, 'GET', '/v1/admin/audit?action=automations.update');
    assert.equal(audit.body.items.length, 1);
    assert.deepEqual(audit.body.items[0].details, { hours: true, welcome: true, away: true, csat: true });
  });

  it('refuses bad settings with the field named, and changes nothing', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ ...settings, hours: { ...settings.hours, timezone: 'Mars/Olympus' } }, /timezone/],
      [{ ...settings, hours: { ...settings.hours, weekly: [{ day: 1, open: '18:00', close: '09:00' }] } }, /weekly/],
      [{ ...settings, hours: { ...settings.hours, holidays: ['25/12/2026'] } }, /holidays/],
      [{ ...settings, away: { ...settings.away, texts: { en: '' } } }, /away/],
      [{ ...settings, extra: true }, /^Invalid body/],
    ];
    for (const [body, field] of cases) {
      const refused = await call(relay, 'PUT', '/v1/admin/automations', body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.match(refused.body.error.message, field);
    }
    assert.deepEqual((await call(relay, 'GET', '/v1/admin/automations')).body.settings, settings);
  });

  it('tells a visitor the site is away and until when, with the greeting in their language', async () => {
    const { client, welcome } = await TestClient.hello(
      relay.wsUrl,
      { siteKey, context: { locale: 'fr-FR', timezone: 'Europe/Paris' } },
      { protocol: 'parley.v2' },
    );
    assert.equal(welcome.protocol, 'parley.v2');
    assert.deepEqual(welcome.hours, { open: false, until: opensAt });
    // The site has an English text only: French visitors get the built-in French one.
    assert.deepEqual(welcome.greeting, { text: 'Bonjour ! Comment pouvons-nous vous aider ?', name: 'Ada' });
    client.close();
  });

  it('welcomes a new conversation, and answers out of hours exactly once per away period', async () => {
    const { client, welcome } = await TestClient.hello(
      relay.wsUrl,
      { siteKey, context: { locale: 'en-GB', timezone: 'Europe/London' } },
      { protocol: 'parley.v2' },
    );
    const conversationId = welcome.conversationId!;
    await client.say('m-1', 'Hello, anyone there?');
    const bot = await client.collect('message', 2);
    assert.deepEqual(
      bot.map((frame) => [frame.message.seq, frame.message.author, frame.message.automation]),
      [
        [2, { role: 'bot', id: 'bot', name: 'Ada' }, 'welcome'],
        [3, { role: 'bot', id: 'bot', name: 'Ada' }, 'away'],
      ],
    );
    assert.equal(bot[0]!.message.text, 'Welcome to the shop!');
    // The next opening, in the visitor's language and zone: 09:00 in Paris is 08:00 in London — today, Monday, not a
    // weekday that reads as next week (issue #36, point 14).
    assert.match(bot[1]!.message.text, /back today 8:00:/);
    await client.say('m-2', 'Still there?');
    await client.say('m-3', 'Hello?');
    // The worker is idle once nothing is pending; only then is "no second reply" a fact.
    await until(() => automationsIdle(relay), 'the automations’ jobs done');
    const stored = await messages(relay, conversationId);
    assert.deepEqual(
      stored.map((message) => message.author.role),
      ['visitor', 'bot', 'bot', 'visitor', 'visitor'],
    );
    client.close();
  });

  it('stores the welcome and the away reply once each, after the first message, at the SDK outbox’s pace (issue #44)', async () => {
    // An outbox flushing three queued messages sends each the moment the previous one is acknowledged. The bot's
    // replies are jobs written with the first message and stored when they run: after it, once each, but not
    // necessarily before the visitor's next messages (docs/automations.md says so; the widget shows the greeting
    // first from the welcome frame whatever the stored order).
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v2' });
    for (const [id, text] of [
      ['q-1', 'Hello?'],
      ['q-2', 'I have a question about my order'],
      ['q-3', 'It is 1234'],
    ] as const)
      await client.say(id, text);
    await until(() => automationsIdle(relay), 'the automations’ jobs done');
    const stored = await messages(relay, welcome.conversationId!);
    const kinds = stored.map((message) => message.automation ?? message.clientId);
    assert.equal(stored[0]!.clientId, 'q-1', 'the first message opens the conversation');
    assert.equal(kinds.filter((kind) => kind === 'welcome').length, 1, kinds.join());
    assert.equal(kinds.filter((kind) => kind === 'away').length, 1, kinds.join());
    assert.deepEqual(
      kinds.filter((kind) => kind.startsWith('q-')),
      ['q-1', 'q-2', 'q-3'],
      'the visitor’s messages in the order sent',
    );
    assert.deepEqual(
      stored.map((message) => message.seq),
      stored.map((_, i) => i + 1),
      'one sequence, no gap',
    );
    assert.ok(kinds.indexOf('welcome') < kinds.indexOf('away'), 'the welcome before the away reply');
    client.close();
  });

  it('says the answer comes by email when the visitor gave one', async () => {
    const { client, welcome } = await TestClient.hello(
      relay.wsUrl,
      { siteKey, email: 'vera@example.com', context: { locale: 'es-ES' } },
      { protocol: 'parley.v2' },
    );
    await client.say('m-1', 'Hola');
    const away = await client.next('message', (frame) => frame.message.automation === 'away');
    assert.match(away.message.text, /te responderemos por correo electrónico/);
    assert.equal((await messages(relay, welcome.conversationId!)).length, 3);
    client.close();
  });

  it('sends nothing out of hours once the site is open, and the welcome only to a new conversation', async () => {
    clock.now = mondayNoon;
    try {
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v2' });
      assert.deepEqual(welcome.hours, { open: true, until: Date.parse('2026-11-23T16:00:00Z') });
      await client.say('m-1', 'Hi');
      await client.next('message', (frame) => frame.message.automation === 'welcome');
      await client.say('m-2', 'Anyone?');
      await until(() => automationsIdle(relay), 'the automations’ jobs done');
      assert.deepEqual(
        (await messages(relay, welcome.conversationId!)).map((message) => message.automation ?? message.author.role),
        ['visitor', 'welcome', 'visitor'],
      );
      client.close();
    } finally {
      clock.now = mondayMorning;
    }
  });

  it('sends a v1 client the bot as staff, with the same name', async () => {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v1' });
    assert.equal(welcome.protocol, 'parley.v1');
    const { client: tab } = await TestClient.hello(
      relay.wsUrl,
      { siteKey, visitorToken: welcome.visitorToken! },
      { protocol: 'parley.v1' },
    );
    const staff = await TestClient.hello(relay.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v1' });
    await client.say('m-1', 'Hello');
    const live = await tab.next('message', (frame) => frame.message.seq === 2);
    assert.deepEqual(live.message.author, { role: 'staff', id: 'bot', name: 'Ada' });
    const toStaff = await staff.client.next(
      'message',
      (frame) => frame.message.seq === 2 && frame.message.conversationId === welcome.conversationId,
    );
    assert.equal(toStaff.message.author.role, 'staff');
    client.send({ type: 'history', ref: 'h1' });
    const page = await client.next('history');
    assert.ok(page.messages.length >= 2);
    assert.ok(page.messages.every((message) => (message.author.role as string) !== 'bot'));
    // Versions mixed on one conversation: a v2 tab's message reaches the v1 tabs, and the v2 tab sees the bot.
    const { client: v2 } = await TestClient.hello(
      relay.wsUrl,
      { siteKey, visitorToken: welcome.visitorToken!, resume: { [welcome.conversationId!]: 0 } },
      { protocol: 'parley.v2' },
    );
    assert.equal((await v2.next('message', (frame) => frame.message.seq === 2)).message.author.role, 'bot');
    const ack = await v2.say('m-2', 'From the new tab');
    for (const other of [client, tab]) {
      const got = await other.next('message', (frame) => frame.message.seq === ack.seq);
      assert.equal(got.message.text, 'From the new tab');
    }
    for (const c of [client, tab, staff.client, v2]) c.close();
  });

  it('lets staff add quick replies, and the visitor answer with one', async () => {
    clock.now = mondayNoon;
    try {
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v2' });
      await client.say('m-1', 'Which size?');
      const staff = await TestClient.hello(relay.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v2' });
      const buttons = [{ label: 'Small' }, { label: 'Large' }];
      const ack = await staff.client.say('s-1', 'Pick one:', { conversationId: welcome.conversationId, buttons });
      const shown = await client.next('message', (frame) => frame.message.seq === ack.seq);
      assert.deepEqual(shown.message.buttons, buttons);
      // A visitor may not send buttons; five are too many; a note has none.
      client.send({ type: 'send', id: 'm-x', text: 'x', buttons });
      assert.equal((await client.next('error', (frame) => frame.ref === 'm-x')).code, 'forbidden');
      staff.client.send({
        type: 'send',
        id: 's-x',
        conversationId: welcome.conversationId,
        text: 'x',
        buttons: ['a', 'b', 'c', 'd', 'e'].map((label) => ({ label })),
      });
      assert.equal((await staff.client.next('error', (frame) => frame.ref === 's-x')).code, 'bad_frame');
      // The choice is the visitor's message; history keeps the buttons.
      await client.say('m-2', 'Large');
      const stored = await messages(relay, welcome.conversationId!);
      assert.deepEqual(stored.find((message) => message.seq === ack.seq)!.buttons, buttons);
      assert.equal(stored.at(-1)!.text, 'Large');
      // The admin API sends them too.
      const posted = await call(relay, 'POST', `/v1/admin/conversations/${welcome.conversationId}/messages`, {
        id: 'api-1',
        text: 'Delivery?',
        buttons: [{ label: 'Home' }, { label: 'Pick-up' }],
      });
      assert.equal(posted.status, 201);
      assert.deepEqual(posted.body.message.buttons, [{ label: 'Home' }, { label: 'Pick-up' }]);
      for (const c of [client, staff.client]) c.close();
    } finally {
      clock.now = mondayMorning;
    }
  });

  it('asks for a rating once per resolution, takes one answer, and counts it in stats', async () => {
    clock.now = mondayNoon;
    try {
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v2' });
      const conversationId = welcome.conversationId!;
      await client.say('m-1', 'Thanks, all good');
      const path = `/v1/admin/conversations/${conversationId}`;
      // Resolved twice at once, and again: one request.
      const patches = await Promise.all([
        call(relay, 'PATCH', path, { status: 'resolved' }),
        call(relay, 'PATCH', path, { status: 'resolved' }),
      ]);
      assert.deepEqual(
        patches.map((p) => p.status),
        [200, 200],
      );
      const asked = await client.next('message', (frame) => frame.message.automation === 'csat');
      assert.equal(asked.message.text, 'How would you rate this conversation?');
      await call(relay, 'PATCH', path, { status: 'resolved' });

      // Wrong id, wrong seq: refused, nothing stored.
      client.send({ type: 'send', id: 'r1', text: 'x', rating: { seq: asked.message.seq, score: 5 } });
      assert.equal((await client.next('error', (frame) => frame.ref === 'r1')).code, 'bad_frame');
      client.send({ type: 'send', id: 'rating-1', text: 'x', rating: { seq: 1, score: 5 } });
      assert.equal((await client.next('error', (frame) => frame.ref === 'rating-1')).code, 'not_found');

      const id = `rating-${asked.message.seq}`;
      const first = await client.say(id, '★★★★☆ Quick and kind', { rating: { seq: asked.message.seq, score: 4 } });
      client.send({ type: 'send', id, text: '★★★★★', rating: { seq: asked.message.seq, score: 5 } });
      await until(
        () => client.frames.filter((frame) => frame.type === 'ack' && frame.id === id).length === 2,
        'two acks',
      );
      const again = client.frames.filter((frame) => frame.type === 'ack' && frame.id === id)[1] as typeof first;
      assert.equal(again.duplicate, true);
      assert.equal(again.seq, first.seq);
      await until(() => automationsIdle(relay), 'the automations’ jobs done');
      const stored = await messages(relay, conversationId);
      assert.equal(stored.filter((message) => message.automation === 'csat').length, 1);
      assert.deepEqual(stored.at(-1)!.rating, { seq: asked.message.seq, score: 4 });
      // A rating answers the resolution; it is no new question: the conversation stays resolved (issue #81).
      const reopenings = await relay.admin.repos.outbox.listOutbox('default', { kind: 'conversation.reopen' }, 100);
      assert.ok(!reopenings.items.some((job) => job.conversationId === conversationId));
      assert.equal((await call(relay, 'GET', path)).body.status, 'resolved');

      // Reopened and resolved again: a new request.
      await call(relay, 'PATCH', path, { status: 'open' });
      await call(relay, 'PATCH', path, { status: 'resolved' });
      await client.next('message', (frame) => frame.message.automation === 'csat' && frame.message.seq > first.seq);

      const stats = await call(relay, 'GET', '/v1/admin/stats');
      assert.deepEqual(stats.body.csat, { count: 1, average: 4 });
      // The contact's export holds the request and the rating.
      const exported = await call(relay, 'GET', `/v1/admin/contacts/${welcome.visitorId}/export`);
      const ratings = (exported.body.messages as Message[]).filter((message) => message.rating);
      assert.deepEqual(
        ratings.map((message) => [message.text, message.rating]),
        [['★★★★☆ Quick and kind', { seq: asked.message.seq, score: 4 }]],
      );
      client.close();
    } finally {
      clock.now = mondayMorning;
    }
  });

  it('never counts the bot as a staff reply', async () => {
    const stats = await call(relay, 'GET', '/v1/admin/stats');
    // Every conversation so far got bot messages only (and one staff reply, in the quick-replies test).
    assert.ok(stats.body.medianFirstReplySeconds !== undefined);
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v2' });
    await client.say('m-1', 'Hello');
    await client.collect('message', 2);
    const list = await call(relay, 'GET', `/v1/admin/conversations/${welcome.conversationId}`);
    // The list previews the visitor's message, not the bot's reply after it (issue #36, point 7).
    assert.equal(list.body.lastMessage.authorRole, 'visitor');
    client.close();
  });
});

describe('automations on a relay that sends no email', () => {
  it('never promises an answer by email', async () => {
    const clock = { now: mondayMorning };
    const relay = await startDesk({ ipRateLimitPerSecond: 0, clock: () => clock.now, outboxTiming: { pollMs: 50 } });
    try {
      await call(relay, 'PUT', '/v1/admin/automations', settings);
      const { client } = await TestClient.hello(
        relay.wsUrl,
        { siteKey, email: 'vera@example.com' },
        { protocol: 'parley.v2' },
      );
      await client.say('m-1', 'Hello');
      const away = await client.next('message', (frame) => frame.message.automation === 'away');
      assert.match(away.message.text, /leave your message and we'll answer then/);
      client.close();
    } finally {
      await relay.close();
    }
  });
});

describe('automations across a restart', () => {
  it('a timer pending when the relay stops acts once after it starts again', async () => {
    const clock = { now: mondayMorning };
    const dataDir = tempDir('parley-automations-restart-');
    // A worker that never looks: the jobs are written, and wait.
    let relay = await start(clock, { dataDir, outboxTiming: { pollMs: 60_000 } });
    await call(relay, 'PUT', '/v1/admin/automations', settings);
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v2' });
    const visitorToken = welcome.visitorToken!;
    await client.say('m-1', 'Hello?');
    client.close();
    await relay.close();

    relay = await start(clock, { dataDir });
    try {
      const { client: back } = await TestClient.hello(
        relay.wsUrl,
        { siteKey, visitorToken, resume: { [welcome.conversationId!]: 1 } },
        { protocol: 'parley.v2' },
      );
      const replies = await back.collect('message', 2);
      assert.deepEqual(
        replies.map((frame) => frame.message.automation),
        ['welcome', 'away'],
      );
      await back.say('m-2', 'Still closed?');
      await until(() => automationsIdle(relay), 'the automations’ jobs done');
      const stored = await messages(relay, welcome.conversationId!);
      assert.deepEqual(
        stored.map((message) => message.automation ?? message.author.role),
        ['visitor', 'welcome', 'away', 'visitor'],
      );
      back.close();
    } finally {
      await relay.close();
    }
  });
});
