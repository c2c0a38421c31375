/**
 * Snooze until a time (issue #35): the conversation is `snoozed` until then and goes back to open by itself, in the
 * site's time zone, with a timeline event and a `conversation.updated` webhook; a visitor who writes wakes it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningRelay, StartOptions } from '../src/index.js';
import { dateTime, presetTime } from '../src/snooze/snooze-time.js';
import { TestClient } from './support/client.js';
import { call, siteKey, startDesk } from './support/desk.js';
import { tempDir } from './support/temp.js';
import { until } from './support/until.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

const hour = 3_600_000;

/** The local wall-clock time of `t` in `tz`, as `YYYY-MM-DD HH:MM` and a weekday. */
function wallClock(t: number, tz: string): { text: string; weekday: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    })
      .formatToParts(t)
      .map((part) => [part.type, part.value]),
  );
  return { text: `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`, weekday: parts.weekday! };
}

describe('snooze times, in the site time zone', () => {
  it('tomorrow and next week are 09:00 local, across a change of the clocks', () => {
    // Saturday 2026-03-07 22:30 in New York; the clocks go forward on Sunday 2026-03-08 at 02:00.
    const now = Date.UTC(2026, 2, 8, 3, 30);
    assert.equal(
      wallClock(presetTime('tomorrow', now, 'America/New_York'), 'America/New_York').text,
      '2026-03-08 09:00',
    );
    const week = presetTime('next-week', now, 'America/New_York');
    assert.deepEqual(wallClock(week, 'America/New_York'), { text: '2026-03-09 09:00', weekday: 'Mon' });
    // Tokyo's Monday morning is next week's, not today's, when it is Monday already.
    const monday = Date.UTC(2026, 10, 23, 1, 0); // Monday 10:00 in Tokyo
    assert.equal(wallClock(presetTime('next-week', monday, 'Asia/Tokyo'), 'Asia/Tokyo').text, '2026-11-30 09:00');
    assert.equal(wallClock(presetTime('tomorrow', monday, 'Asia/Tokyo'), 'Asia/Tokyo').text, '2026-11-24 09:00');
  });

  it('later today is three hours on, to the quarter hour; a date is that morning; a date that does not exist is none', () => {
    const now = Date.UTC(2026, 10, 24, 10, 7);
    assert.equal(presetTime('later-today', now, 'UTC'), Date.UTC(2026, 10, 24, 13, 15));
    assert.equal(wallClock(dateTime('2026-12-01', 'Europe/Paris')!, 'Europe/Paris').text, '2026-12-01 09:00');
    assert.equal(dateTime('2026-02-30', 'UTC'), undefined);
    assert.equal(dateTime('1 Dec', 'UTC'), undefined);
  });
});

describe('snooze (admin API)', () => {
  let relay: RunningRelay;
  let receiver: WebhookReceiver;
  const clock = { offset: 0, now: () => Date.now() + clock.offset };
  const dataDir = tempDir('parley-snooze-');
  const options: StartOptions = {
    dataDir,
    ipRateLimitPerSecond: 0,
    newConversationsPerAddressPerHour: 10_000,
    webhookAllowPrivate: true,
    clock: clock.now,
    outboxClock: clock.now,
    outboxTiming: { pollMs: 50 },
  };

  before(async () => {
    receiver = await WebhookReceiver.start();
    relay = await startDesk(options);
    const hook = await call(relay, 'POST', '/v1/admin/webhooks', {
      url: receiver.url(),
      events: ['conversation.updated'],
    });
    assert.equal(hook.status, 201);
  });
  after(async () => {
    await relay.close();
    await receiver.close();
  });

  async function conversation(): Promise<{ id: string; client: TestClient }> {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v2' });
    await client.say('m-1', 'Can you call me back next week?');
    return { id: welcome.conversationId!, client };
  }

  /** The `conversation.updated` events received for `id`, as `previous → now` statuses. */
  function statusChanges(id: string): string[] {
    return receiver.requests
      .map((request) => JSON.parse(request.body) as { type: string; data: any })
      .filter((event) => event.type === 'conversation.updated' && event.data.conversation.id === id)
      .filter((event) => event.data.previous.status !== undefined)
      .map((event) => `${event.data.previous.status} → ${event.data.conversation.status}`);
  }

  it('snoozes until a time, then opens it by itself, with a timeline event and a webhook', async () => {
    const { id, client } = await conversation();
    const wakeAt = clock.now() + 2 * hour;
    const snoozed = await call(relay, 'PUT', `/v1/admin/conversations/${id}/snooze`, { until: wakeAt });
    assert.equal(snoozed.status, 200);
    assert.equal(snoozed.body.until, wakeAt);
    assert.equal(snoozed.body.conversation.status, 'snoozed');
    assert.equal((await call(relay, 'GET', `/v1/admin/conversations/${id}/snooze`)).body.until, wakeAt);
    await until(() => statusChanges(id).includes('open → snoozed'), 'the snooze webhook');
    // The worker records outcomes in batches a few ms after the receiver answers: moving the clock an hour on before
    // then would let the job's lease run out under it, and the job go again.
    await until(
      async () =>
        (await relay.admin.repos.outbox.listOutbox('default', { kind: 'webhook', status: 'pending' }, 100)).items
          .length === 0,
      'the snooze webhook recorded as delivered',
    );

    // An hour on, nothing yet; past its time, it opens.
    clock.offset += hour;
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await call(relay, 'GET', `/v1/admin/conversations/${id}`)).body.status, 'snoozed');
    clock.offset += hour + 1000;
    await until(
      async () => (await call(relay, 'GET', `/v1/admin/conversations/${id}`)).body.status === 'open',
      'the conversation to open',
    );
    await until(() => statusChanges(id).includes('snoozed → open'), 'the wake-up webhook');
    assert.deepEqual(statusChanges(id), ['open → snoozed', 'snoozed → open']);
    assert.equal((await call(relay, 'GET', `/v1/admin/conversations/${id}/snooze`)).body.until, null);
    const events = (await call(relay, 'GET', `/v1/admin/conversations/${id}/events`)).body.items;
    assert.deepEqual(
      events.map((event: { type: string; status: string; actor: { name: string } }) => [
        event.status,
        event.actor.name,
      ]),
      [
        ['snoozed', 'Admin'],
        ['open', 'Snooze'],
      ],
    );
    client.close();
  });

  it('a visitor who writes wakes it at once', async () => {
    const { id, client } = await conversation();
    const snoozed = await call(relay, 'PUT', `/v1/admin/conversations/${id}/snooze`, { preset: 'next-week' });
    assert.equal(snoozed.status, 200);
    await client.say('m-2', 'Actually, it is urgent');
    await until(
      async () => (await call(relay, 'GET', `/v1/admin/conversations/${id}`)).body.status === 'open',
      'the reply to open it',
    );
    client.close();
  });

  it('reads presets and dates in the site time zone (its business hours)', async () => {
    const saved = await call(relay, 'PUT', '/v1/admin/automations', {
      ...(await call(relay, 'GET', '/v1/admin/automations')).body.settings,
      hours: { timezone: 'Asia/Tokyo', weekly: [{ day: 1, open: '09:00', close: '17:00' }], holidays: [] },
    });
    assert.equal(saved.status, 200);
    const { id, client } = await conversation();
    const tomorrow = await call(relay, 'PUT', `/v1/admin/conversations/${id}/snooze`, { preset: 'tomorrow' });
    assert.equal(tomorrow.body.until, presetTime('tomorrow', clock.now(), 'Asia/Tokyo'));
    assert.equal(wallClock(tomorrow.body.until, 'Asia/Tokyo').text.slice(11), '09:00');
    const date = wallClock(clock.now() + 10 * 24 * hour, 'Asia/Tokyo').text.slice(0, 10);
    const dated = await call(relay, 'PUT', `/v1/admin/conversations/${id}/snooze`, { date });
    assert.equal(dated.status, 200);
    assert.equal(wallClock(dated.body.until, 'Asia/Tokyo').text, `${date} 09:00`);
    assert.equal((await call(relay, 'GET', `/v1/admin/conversations/${id}/snooze`)).body.timeZone, 'Asia/Tokyo');
    // Opened by hand before its time: the wake-up finds nothing to do.
    const opened = await call(relay, 'DELETE', `/v1/admin/conversations/${id}/snooze`);
    assert.equal(opened.status, 200);
    assert.equal(opened.body.conversation.status, 'open');
    client.close();
  });

  it('refuses bad input with a clear error, and changes nothing', async () => {
    const { id, client } = await conversation();
    const path = `/v1/admin/conversations/${id}/snooze`;
    const refusals: Array<[unknown, number, RegExp]> = [
      [{}, 400, /one of until, preset or date/],
      [{ preset: 'tomorrow', date: '2027-01-01' }, 400, /one of until, preset or date/],
      [{ until: clock.now() - 1000 }, 400, /has passed/],
      [{ until: clock.now() + 400 * 24 * hour }, 400, /a year/],
      [{ preset: 'someday' }, 400, /later-today, tomorrow, next-week/],
      [{ date: '2027-02-30' }, 400, /no such date/],
      [{ date: 'soon' }, 400, /body\.date/],
      [{ until: clock.now() + hour, extra: true }, 400, /extra/],
    ];
    for (const [body, status, message] of refusals) {
      const refused = await call(relay, 'PUT', path, body);
      assert.equal(refused.status, status, JSON.stringify(body));
      assert.match(refused.body.error.message, message, JSON.stringify(body));
    }
    assert.equal((await call(relay, 'GET', `/v1/admin/conversations/${id}`)).body.status, 'open');
    assert.equal((await call(relay, 'DELETE', path)).status, 409);
    assert.equal(
      (await call(relay, 'PUT', '/v1/admin/conversations/c_missing/snooze', { preset: 'tomorrow' })).status,
      404,
    );
    await call(relay, 'PATCH', `/v1/admin/conversations/${id}`, { status: 'resolved' });
    assert.equal((await call(relay, 'PUT', path, { preset: 'tomorrow' })).status, 409);
    client.close();
  });

  it('a snooze outlives a restart of the relay', async () => {
    const { id, client } = await conversation();
    const wakeAt = clock.now() + hour;
    assert.equal((await call(relay, 'PUT', `/v1/admin/conversations/${id}/snooze`, { until: wakeAt })).status, 200);
    client.close();
    await relay.close();
    clock.offset += 2 * hour;
    relay = await startDesk(options);
    await until(
      async () => (await call(relay, 'GET', `/v1/admin/conversations/${id}`)).body.status === 'open',
      'the conversation to open after the restart',
    );
  });
});
