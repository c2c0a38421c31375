/**
 * Reports narrowed by channel (issue #84, docs/reports.md "Filters"): the reports' `channel` over HTTP, as the
 * conversation list takes it (a kind or a messaging provider's id, one or several), its refusals, the split by
 * channel and the CSV; and the migration that gives the day summaries their filter set, keeping the summaries from
 * before as the whole site's. Run on SQLite (test/report-filters.test.ts) and PostgreSQL
 * (test-services/report-filters-postgres.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Report } from '@parley/protocol/admin';
import { TestClient } from './client.js';
import type { StartOptions } from '../../src/index.js';
import { MIGRATIONS } from '../../src/features/features.js';
import type { Migration } from '../../src/store/migration.js';
import type { AdminDb } from '../../src/store/repositories.js';
import type { Store } from '../../src/store/store.js';
import { adminToken, siteKey, startDesk, type Desk } from './desk.js';
import { TelegramBotApi, textUpdate } from './telegram-bot-api.js';
import { contractSite } from '../store-contract.js';
import { until } from './until.js';

const TOKEN = '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const DAY = 86_400_000;
const HOUR = 3_600_000;

const created = (report: Pick<Report, 'conversations'>): number =>
  report.conversations.reduce((n, bucket) => n + bucket.count, 0);
const sent = (report: Pick<Report, 'messages'>, role: 'visitor' | 'staff' | 'bot'): number =>
  report.messages.reduce((n, bucket) => n + bucket[role], 0);

export function reportFiltersSuite(name: string, options: () => Promise<StartOptions>): void {
  describe(`reports by channel over HTTP (${name})`, () => {
    let relay: Desk;
    let telegram: TelegramBotApi;
    const from = Date.now() - DAY;
    const to = Date.now() + HOUR;
    const range = `from=${from}&to=${to}&tz=UTC`;
    const report = async (query: string) => {
      const answer = await relay.call('GET', `/v1/admin/reports?${range}${query}`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return answer.body as Report;
    };

    before(async () => {
      telegram = await TelegramBotApi.start();
      telegram.addBot(TOKEN, 'parley_help_bot', 'Parley Help');
      relay = await startDesk({
        ipRateLimitPerSecond: 0,
        adminRateLimitPerSecond: 0,
        telegramApiUrl: telegram.url,
        ...(await options()),
      });
      const made = await relay.call('POST', '/v1/admin/messaging-channels', {
        provider: 'telegram',
        credentials: { token: TOKEN },
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const { client: staff } = await TestClient.hello(
        relay.wsUrl,
        { staffToken: adminToken },
        { protocol: 'parley.v3' },
      );
      // A Telegram customer writes once; a chat visitor twice, and staff answer the chat.
      assert.equal((await telegram.deliver(TOKEN, textUpdate(10, 'Is my parcel on its way?'))).status, 200);
      await staff.next('message', (frame) => frame.message.text === 'Is my parcel on its way?');
      staff.close();
      const { client: visitor } = await TestClient.hello(relay.wsUrl, { siteKey });
      const ack = await visitor.say('c-1', 'A chat from the page');
      await visitor.say('c-2', 'Still there?');
      visitor.close();
      const reply = await relay.call('POST', `/v1/admin/conversations/${ack.conversationId}/messages`, {
        id: 'r-1',
        text: 'Yes, how can I help?',
      });
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
      // The reply assigns the chat (routing's assignOnReply) after it is answered: the reports count it assigned.
      await until(
        async () =>
          typeof (await relay.call('GET', `/v1/admin/conversations/${ack.conversationId}`)).body.assigneeId ===
          'string',
        'the reply to assign the chat',
      );
    });
    after(async () => {
      await relay?.close();
      await telegram?.close();
    });

    it('narrows every figure to the channels given, one or several, as the conversation list names them', async () => {
      const all = await report('');
      assert.deepEqual(all.filters, {});
      assert.equal(all.split, undefined);
      assert.equal(created(all), 2);
      assert.equal(sent(all, 'visitor'), 3);

      const tg = await report('&channel=telegram');
      assert.deepEqual(tg.filters, { channel: ['telegram'] });
      assert.equal(created(tg), 1);
      assert.equal(sent(tg, 'visitor'), 1);
      assert.equal(sent(tg, 'staff'), 0);
      assert.equal(tg.firstResponse.count, 0);
      assert.deepEqual(tg.agents, []);
      assert.equal(
        tg.busiestHours.flat().reduce((a, b) => a + b, 0),
        1,
      );

      const chat = await report('&channel=chat');
      assert.equal(created(chat), 1);
      assert.equal(sent(chat, 'visitor'), 2);
      assert.equal(sent(chat, 'staff'), 1);
      assert.equal(chat.firstResponse.count, 1);
      assert.equal(chat.agents.length, 1);

      // Several: any of them; the order given does not matter, and a value given twice counts once.
      const both = await report('&channel=telegram,chat,telegram');
      assert.deepEqual(both.filters, { channel: ['chat', 'telegram'] });
      assert.deepEqual({ ...both, filters: {} }, all);

      // `api` is an API channel's own conversations, not a provider's; none came by email.
      for (const channel of ['api', 'email', 'api,email']) {
        const none = await report(`&channel=${channel}`);
        assert.equal(created(none), 0, channel);
        assert.equal(sent(none, 'visitor'), 0, channel);
      }
    });

    it('splits the range by channel: a row per channel of the relay, within the filter, adding up to the whole', async () => {
      const channels = (await relay.call('GET', '/v1/admin/conversation-channels')).body as {
        items: Array<{ id: string; label: string }>;
      };
      const split = await report('&split=channel');
      assert.equal(split.split?.by, 'channel');
      assert.deepEqual(
        split.split!.rows.map((row) => [row.id, row.label]),
        channels.items.map((channel) => [channel.id, channel.label]),
      );
      const row = (id: string) => split.split!.rows.find((r) => r.id === id)!;
      assert.equal(row('telegram').label, 'Telegram');
      assert.deepEqual(
        [row('chat').conversations, row('telegram').conversations, row('email').conversations],
        [1, 1, 0],
      );
      assert.deepEqual(row('chat').messages, { visitor: 2, staff: 1, bot: 0 });
      assert.equal(row('chat').firstResponse.count, 1);
      assert.equal(
        split.split!.rows.reduce((n, r) => n + r.conversations, 0),
        created(split),
      );
      const within = await report('&split=channel&channel=telegram,email');
      assert.deepEqual(
        within.split!.rows.map((r) => [r.id, r.conversations]),
        [
          ['email', 0],
          ['telegram', 1],
        ],
      );
    });

    it('exports the filtered report as CSV, its title naming the channels, a split ending with a row per channel', async () => {
      const response = await fetch(`${relay.httpUrl}/v1/admin/reports.csv?${range}&channel=telegram&split=channel`, {
        headers: { authorization: `Bearer ${adminToken}` },
      });
      assert.equal(response.status, 200);
      const sections = (await response.text()).trimEnd().split('\r\n\r\n');
      assert.match(sections[0]!, /^"Report from .* by day in UTC, channels telegram"$/);
      const channels = sections[sections.length - 1]!.split('\r\n');
      assert.equal(channels[0], 'Channels');
      assert.match(channels[1]!, /^channel,label,conversations,visitor_messages,/);
      assert.deepEqual(
        channels.slice(2).map((line) => line.split(',').slice(0, 4)),
        [['telegram', 'Telegram', '1', '1']],
      );
    });

    it('refuses a channel the relay does not have, naming the field and the channels there are, on both routes', async () => {
      const cases: Array<[string, RegExp]> = [
        ['channel=fax', /^Invalid query\.channel: no channel fax on this relay \(chat, email, api, .*telegram.*\)\.$/],
        ['channel=chat,fax', /query\.channel: no channel fax on this relay \(chat, email, api/],
        ['channel=Telegram', /query\.channel/],
        ['channel=', /query\.channel/],
        ['channel=chat,', /query\.channel/],
        [
          `channel=${Array.from({ length: 21 }, (_, i) => 'abcdefghijklmnopqrstu'.slice(0, i + 1)).join(',')}`,
          /query\.channel/,
        ],
        ['split=contact', /query\.split/],
      ];
      for (const [query, message] of cases) {
        for (const path of ['/v1/admin/reports', '/v1/admin/reports.csv']) {
          const answer = await relay.call('GET', `${path}?${range}&${query}`);
          assert.equal(answer.status, 400, `${path}?${query}`);
          assert.equal(answer.body.error.code, 'bad_request');
          assert.match(answer.body.error.message, message, `${path}?${query}`);
        }
      }
    });
  });
}

/** What the backfill case needs of a store: one opened with a list of migrations, SQL on it, its admin DB. */
export interface BackfillStorage {
  open(migrations: readonly Migration[]): Store;
  exec(sql: string, params: ReadonlyArray<string | number>): Promise<void>;
  /** The columns of `report_days`' primary key, in order. */
  primaryKey(): Promise<string[]>;
  admin(): AdminDb;
}

/** The migration that gives the day summaries their filter set. */
export const FILTERS_MIGRATION = 'desk.report-days-filters';

/**
 * A database whose day summaries were kept before filters: after the migration they are the whole site's (a report
 * reads them, nothing computed again), a filtered report computes and keeps its own beside them, and the triggers
 * still forget a changed day of every filter set.
 */
export async function reportDaysBackfillCase(storage: BackfillStorage): Promise<void> {
  // Without it, and without what came after it (issue #86's triggers).
  const later = new Set([FILTERS_MIGRATION, 'desk.report-days-moves']);
  const older = storage.open(MIGRATIONS.filter((migration) => !later.has(migration.name)));
  await older.init();
  await older.upsertSite(contractSite);
  await older.close();
  const day = Date.parse('2026-11-02T00:00:00Z');
  // A summary no row backs (no conversation exists): only reading it can give these figures.
  const summary = {
    hours: [[day / HOUR + 10, 0, 4, 0, 0]],
    created: [[day / HOUR + 10, 0, 7]],
    sent: {},
    wrote: {},
    replies: [],
    unanswered: [],
    assigned: {},
    resolved: [],
    csat: [0, 0, 0, 0, 0],
  };
  await storage.exec('INSERT INTO report_days (site_id, tz, day_start, day_end, summary) VALUES (?, ?, ?, ?, ?)', [
    contractSite.id,
    'UTC',
    day,
    day + DAY,
    JSON.stringify(summary),
  ]);
  const store = storage.open(MIGRATIONS);
  await store.init();
  await store.close();
  assert.deepEqual(await storage.primaryKey(), ['site_id', 'tz', 'filters', 'day_start']);
  const admin = storage.admin();
  try {
    const rows = await admin.sql.all<{ filters: string; n: number | string }>(
      'SELECT filters, count(*) AS n FROM report_days GROUP BY filters',
    );
    assert.deepEqual(
      rows.map((row) => [row.filters, Number(row.n)]),
      [['', 1]],
      'the summary from before is the whole site’s',
    );
    const query = { siteId: contractSite.id, from: day, to: day + DAY, bucket: 'day' as const, tz: 'UTC' };
    const whole = await admin.repos.reports.report(query);
    assert.deepEqual(whole.conversations, [{ t: day, count: 7 }]);
    assert.deepEqual(whole.messages, [{ t: day, visitor: 4, staff: 0, bot: 0 }]);
    const narrowed = await admin.repos.reports.report({ ...query, filters: { channel: ['whatsapp'] } });
    assert.deepEqual(narrowed.conversations, [{ t: day, count: 0 }], 'computed from the rows, not the old summary');
    const kept = await admin.sql.all<{ filters: string }>('SELECT filters FROM report_days ORDER BY filters');
    assert.deepEqual(
      kept.map((row) => row.filters),
      ['', '{"channel":["whatsapp"]}'],
    );
    // The triggers, made again, still forget the day (of every set) when a conversation created in it changes.
    await admin.sql.run(`INSERT INTO visitors (site_id, visitor_id, created_at, updated_at) VALUES (?, 'v1', ?, ?)`, [
      contractSite.id,
      day,
      day,
    ]);
    await admin.sql.run(
      `INSERT INTO conversations (id, site_id, visitor_id, status, last_seq, created_at, updated_at)
       VALUES ('c1', ?, 'v1', 'open', 0, ?, ?)`,
      [contractSite.id, day + HOUR, day + HOUR],
    );
    await admin.sql.run(`UPDATE conversations SET status = 'resolved', resolved_at = ? WHERE id = 'c1'`, [
      day + 2 * HOUR,
    ]);
    assert.deepEqual(await admin.sql.all('SELECT filters FROM report_days'), []);
  } finally {
    await admin.close();
  }
}
