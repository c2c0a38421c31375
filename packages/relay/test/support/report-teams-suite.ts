/**
 * Reports by team, agent, label and custom attribute, and the per-conversation export (issue #86, docs/reports.md
 * "Filters", "Per-conversation export"): the filters over HTTP, one value or several, their refusals (another site's
 * team, staff member and label are unknown here), the splits, the filtered day summaries a move forgets, and the
 * export streamed over a long range. Run on SQLite (test/report-teams.test.ts) and PostgreSQL
 * (test-services/report-teams-postgres.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { REPORT_EXPORT_COLUMNS, type Report, type ReportConversationExport } from '@parley/protocol/admin';
import type { StartOptions } from '../../src/index.js';
import type { AdminDb } from '../../src/store/repositories.js';
import { REPORT_EXPORT_PAGE } from '../../src/admin/reports/report-export.js';
import { TestClient } from './client.js';
import { adminToken, siteKey, startDesk, type Desk } from './desk.js';
import { addOtherSite } from './other-site.js';
import { until } from './until.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const otherToken = 'st_other_admin_reports_0123456789abcdef';

const created = (report: Pick<Report, 'conversations'>): number =>
  report.conversations.reduce((n, bucket) => n + bucket.count, 0);

/** How a suite's relay is started, and a second handle on its database (rows a test writes as they were long ago). */
export interface ReportTeamsStorage {
  options(): Promise<StartOptions>;
  open(relay: Desk): AdminDb;
}

export function reportTeamsSuite(name: string, storage: ReportTeamsStorage): void {
  describe(`reports by team, agent, label and attribute, and the export (${name})`, () => {
    let relay: Desk;
    let db: AdminDb;
    let siteId = '';
    let ada: { id: string; token: string };
    const ids = { billing: '', sales: '', otherTeam: '', c1: '', c2: '', c3: '' };
    const clients: TestClient[] = [];
    const from = Date.now() - DAY;
    const to = Date.now() + HOUR;
    const range = `from=${from}&to=${to}&tz=UTC`;
    const report = async (query: string) => {
      const answer = await relay.call('GET', `/v1/admin/reports?${range}${query}`);
      assert.equal(answer.status, 200, `${query}: ${JSON.stringify(answer.body)}`);
      return answer.body as Report;
    };
    const download = async (query: string, token = adminToken) => {
      const response = await fetch(`${relay.httpUrl}/v1/admin/reports/conversations?${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return { response, text: await response.text() };
    };
    /**
     * A message written now as if long ago: on SQLite, whose reports find a time's messages by their ids (ids grow
     * with time, report-queries.ts `idsAtTimes`), it takes an id below every other, in the order of its time.
     */
    const early = (id: number, value = false): string =>
      db.sql.dialect === 'sqlite' ? (value ? `${id}, ` : 'id, ') : '';
    const visitor = async (hello: Record<string, unknown>, texts: string[]) => {
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, ...hello });
      clients.push(client);
      for (const [i, text] of texts.entries()) await client.say(`m-${i}`, text);
      return welcome.conversationId!;
    };

    before(async () => {
      relay = await startDesk({
        ipRateLimitPerSecond: 0,
        adminRateLimitPerSecond: 0,
        newConversationsPerAddressPerHour: 10_000,
        adminExportsPerHour: 0,
        ...(await storage.options()),
      });
      db = storage.open(relay);
      siteId = (await db.sql.all<{ id: string }>('SELECT id FROM sites WHERE site_key = ?', [siteKey]))[0]!.id;
      await addOtherSite(relay, 'pk_other_reports', otherToken);
      ada = await relay.agent('Ada');
      ids.billing = (await relay.call('POST', '/v1/admin/teams', { name: 'Billing', memberIds: [ada.id] })).body.id;
      ids.sales = (await relay.call('POST', '/v1/admin/teams', { name: 'Sales', memberIds: [] })).body.id;
      ids.otherTeam = (
        await relay.call('POST', '/v1/admin/teams', { name: 'Other Secret Team', memberIds: [] }, otherToken)
      ).body.id;
      const made = await relay.call('POST', '/v1/admin/attributes', {
        key: 'order_number',
        label: 'Order number',
        type: 'number',
        scope: 'conversation',
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));

      // c1: Billing's, Ada answers it (and so has it), labelled vip, order 5. c2: Sales', unassigned, refund. c3: none.
      ids.c1 = await visitor({ name: 'Cleo', email: 'cleo@example.com' }, ['My invoice is wrong']);
      ids.c2 = await visitor({ name: 'Dan' }, ['Can I get a refund?', 'Please']);
      ids.c3 = await visitor({ name: '=HYPERLINK("http://evil")' }, ['Hi']);
      const reply = await relay.call(
        'POST',
        `/v1/admin/conversations/${ids.c1}/messages`,
        { id: 'r-1', text: 'Let me fix it' },
        ada.token,
      );
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
      await until(
        async () => (await relay.call('GET', `/v1/admin/conversations/${ids.c1}`)).body.assigneeId === ada.id,
        'the reply to assign the conversation to Ada',
      );
      for (const [id, patch] of [
        [ids.c1, { teamId: ids.billing, labels: ['vip'] }],
        [ids.c2, { teamId: ids.sales, labels: ['refund'] }],
      ] as const) {
        const changed = await relay.call('PATCH', `/v1/admin/conversations/${id}`, patch);
        assert.equal(changed.status, 200, JSON.stringify(changed.body));
      }
      const set = await relay.call('PATCH', `/v1/admin/conversations/${ids.c1}/attributes`, {
        values: { order_number: '5' },
      });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      // Another site's conversation, team and label: never counted, never offered, unknown here.
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey: 'pk_other_reports' });
      clients.push(client);
      await client.say('o-1', 'other site');
      await relay.call(
        'PATCH',
        `/v1/admin/conversations/${welcome.conversationId}`,
        { labels: ['other-secret-label'], teamId: ids.otherTeam },
        otherToken,
      );
    });
    after(async () => {
      for (const client of clients) client.close();
      await db?.close();
      await relay?.close();
    });

    it('narrows every figure by team, agent, label and attribute, one value or several, members together', async () => {
      const all = await report('');
      assert.equal(created(all), 3);
      const cases: Array<[string, number, Record<string, unknown>]> = [
        [`&team=${ids.billing}`, 1, { team: [ids.billing] }],
        ['&team=none', 1, { team: ['none'] }],
        [`&team=${ids.sales},${ids.billing}`, 2, { team: [ids.billing, ids.sales].sort() }],
        [`&agent=${ada.id}`, 1, { agent: [ada.id] }],
        ['&agent=none', 2, { agent: ['none'] }],
        ['&label=vip', 1, { label: ['vip'] }],
        ['&label=vip,refund', 2, { label: ['refund', 'vip'] }],
        [`&team=${ids.sales}&label=vip`, 0, { team: [ids.sales], label: ['vip'] }],
        [
          '&attribute=conversation.order_number:is:5',
          1,
          { listFilters: { attribute: 'conversation.order_number:is:5' } },
        ],
        [
          '&attribute=conversation.order_number:gt:5',
          0,
          { listFilters: { attribute: 'conversation.order_number:gt:5' } },
        ],
      ];
      for (const [query, count, filters] of cases) {
        const one = await report(query);
        assert.equal(created(one), count, query);
        assert.deepEqual(one.filters, filters, query);
      }
      const adas = await report(`&agent=${ada.id}`);
      assert.equal(adas.firstResponse.count, 1);
      assert.notEqual(adas.firstResponse.medianMs, null);
      assert.notEqual(adas.firstResponse.p90Ms, null);
      assert.deepEqual(
        adas.messages.reduce((n, b) => ({ visitor: n.visitor + b.visitor, staff: n.staff + b.staff }), {
          visitor: 0,
          staff: 0,
        }),
        { visitor: 1, staff: 1 },
      );
      const refunds = await report('&label=refund');
      assert.equal(refunds.firstResponse.count, 0);
      assert.equal(
        refunds.messages.reduce((n, b) => n + b.visitor, 0),
        2,
      );
    });

    it('splits by team, agent and label: a row per value of the site, within the filter', async () => {
      const byTeam = await report('&split=team');
      assert.deepEqual(
        byTeam.split!.rows.map((row) => [row.id, row.label, row.conversations]),
        [
          [ids.billing, 'Billing', 1],
          [ids.sales, 'Sales', 1],
          ['none', 'No team', 1],
        ],
      );
      const byAgent = await report('&split=agent');
      const adaRow = byAgent.split!.rows.find((row) => row.id === ada.id)!;
      assert.equal(adaRow.label, 'Ada');
      assert.equal(adaRow.conversations, 1);
      assert.equal(adaRow.firstResponse.count, 1);
      assert.equal(byAgent.split!.rows.find((row) => row.id === 'none')!.conversations, 2);
      assert.ok(!byAgent.split!.rows.some((row) => row.id === 'other_admin'), 'another site’s staff are no row');
      const byLabel = await report('&split=label');
      assert.deepEqual(byLabel.split!.rows.map((row) => [row.id, row.conversations]).sort(), [
        ['refund', 1],
        ['vip', 1],
      ]);
      const within = await report(`&split=team&team=${ids.sales}`);
      assert.deepEqual(
        within.split!.rows.map((row) => row.id),
        [ids.sales],
      );
      const csv = await fetch(`${relay.httpUrl}/v1/admin/reports.csv?${range}&split=team&label=vip`, {
        headers: { authorization: `Bearer ${adminToken}` },
      });
      const sections = (await csv.text()).trimEnd().split('\r\n\r\n');
      assert.match(sections[0]!, /labels vip/);
      const teams = sections[sections.length - 1]!.split('\r\n');
      assert.equal(teams[0], 'Teams');
      assert.match(teams[1]!, /^team,label,conversations,/);
      assert.deepEqual(
        teams.slice(2).map((line) => line.split(',').slice(0, 3)),
        [
          [ids.billing, 'Billing', '1'],
          [ids.sales, 'Sales', '0'],
          ['none', 'No team', '0'],
        ],
      );
    });

    it('lists what a report can be filtered by: the site’s teams, staff and labels, none of another site’s', async () => {
      const answer = await relay.call('GET', '/v1/admin/reports/filters');
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.deepEqual(answer.body.team, [
        { id: ids.billing, label: 'Billing' },
        { id: ids.sales, label: 'Sales' },
      ]);
      assert.ok(answer.body.agent.some((a: { id: string; label: string }) => a.id === ada.id && a.label === 'Ada'));
      assert.ok(!answer.body.agent.some((a: { id: string }) => a.id === 'other_admin'));
      assert.deepEqual(answer.body.label.map((l: { id: string }) => l.id).sort(), ['refund', 'vip']);
      assert.ok(answer.body.channel.some((c: { id: string }) => c.id === 'chat'));
      const theirs = await relay.call('GET', '/v1/admin/reports/filters', undefined, otherToken);
      assert.deepEqual(theirs.body.team, [{ id: ids.otherTeam, label: 'Other Secret Team' }]);
      assert.deepEqual(theirs.body.label, [{ id: 'other-secret-label', label: 'other-secret-label' }]);
    });

    it('refuses a team, agent or label the site does not have, another site’s too, naming the field and some it has', async () => {
      const cases: Array<[string, RegExp]> = [
        ['team=nope', /^Invalid query\.team: no team nope on this site \(.*Billing.*Sales.*, none\)\.$/],
        [`team=${ids.otherTeam}`, /^Invalid query\.team: no team \S+ on this site \(/],
        ['agent=other_admin', /^Invalid query\.agent: no staff member other_admin on this site \(.*Ada/],
        ['label=other-secret-label', /^Invalid query\.label: no label other-secret-label on this site \(.*vip/],
        ['label=', /^Invalid query\.label: an empty label/],
        [`team=${ids.billing},`, /^Invalid query\.team/],
        ['attribute=conversation.nope:is:1', /^Invalid query\.attribute: no conversation attribute nope/],
        ['attribute=bad', /^Invalid query\.attribute/],
        ['split=contact', /query\.split/],
        ['teams=x', /unknown parameter teams/],
      ];
      for (const [query, message] of cases) {
        for (const path of ['/v1/admin/reports', '/v1/admin/reports.csv', '/v1/admin/reports/conversations']) {
          const answer = await relay.call('GET', `${path}?${range}&${query}`);
          assert.equal(answer.status, 400, `${path}?${query}: ${JSON.stringify(answer.body)}`);
          assert.equal(answer.body.error.code, 'bad_request');
          assert.match(answer.body.error.message, message, `${path}?${query}`);
          assert.doesNotMatch(answer.body.error.message, /Other Secret Team|Olga/);
        }
      }
      const split = await relay.call('GET', `/v1/admin/reports/conversations?${range}&split=team`);
      assert.equal(split.status, 400);
      assert.match(split.body.error.message, /^Invalid query\.split/);
      const format = await relay.call('GET', `/v1/admin/reports/conversations?${range}&format=xlsx`);
      assert.equal(format.status, 400);
      assert.match(format.body.error.message, /query\.format/);
      // The other site sees its own team, and nothing of this one's.
      const theirs = await relay.call('GET', `/v1/admin/reports?${range}&team=${ids.otherTeam}`, undefined, otherToken);
      assert.equal(theirs.status, 200);
      assert.equal(created(theirs.body as Report), 1);
      const ours = await relay.call('GET', `/v1/admin/reports?${range}&team=${ids.billing}`, undefined, otherToken);
      assert.equal(ours.status, 400);
    });

    it('exports one row per conversation as CSV and JSON, filtered, the email masked and formulas defused', async () => {
      const csv = await download(`${range}&team=${ids.billing},none`);
      assert.equal(csv.response.status, 200, csv.text);
      assert.match(csv.response.headers.get('content-type')!, /^text\/csv/);
      assert.match(
        csv.response.headers.get('content-disposition')!,
        /^attachment; filename="parley-conversations-.*\.csv"$/,
      );
      const lines = csv.text
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      assert.equal(lines[0], REPORT_EXPORT_COLUMNS.join(','));
      assert.equal(lines.length, 3, csv.text);
      const header = lines[0]!.split(',');
      const cells = (line: string) => Object.fromEntries(line.split(',').map((cell, i) => [header[i], cell]));
      const c1 = cells(lines.find((line) => line.startsWith(ids.c1))!);
      assert.equal(c1.team, 'Billing');
      assert.equal(c1.assignee, 'Ada');
      assert.equal(c1.labels, 'vip');
      assert.equal(c1.channel, 'chat');
      assert.equal(c1.customer_messages, '1');
      assert.equal(c1.staff_messages, '1');
      assert.match(c1.first_response_seconds!, /^\d+(\.\d)?$/);
      assert.equal(c1.contact_name, 'Cleo');
      assert.notEqual(c1.contact_email_masked, 'cleo@example.com');
      assert.match(c1.contact_email_masked!, /\*/);
      assert.doesNotMatch(csv.text, /cleo@example\.com/);
      // A name a spreadsheet would run is defused.
      assert.match(csv.text, /"'=HYPERLINK\(""http:\/\/evil""\)"/);

      const json = await download(`${range}&format=json&label=refund`);
      assert.equal(json.response.status, 200);
      const body = JSON.parse(json.text) as ReportConversationExport;
      assert.deepEqual(body.filters, { label: ['refund'] });
      assert.deepEqual(
        body.conversations.map((row) => [row.id, row.team, row.assignee, row.labels, row.customerMessages]),
        [[ids.c2, 'Sales', null, ['refund'], 2]],
      );
      assert.equal(body.conversations[0]!.firstResponseSeconds, null);
      // Audited.
      const log = await relay.call('GET', '/v1/admin/audit?action=report.export');
      assert.equal(log.status, 200);
      assert.ok((log.body.items as unknown[]).length >= 2);
      // Another site's export holds its own conversation only.
      const other = await download(`${range}&format=json`, otherToken);
      const theirs = JSON.parse(other.text) as ReportConversationExport;
      assert.equal(theirs.conversations.length, 1);
      assert.ok(!theirs.conversations.some((row) => [ids.c1, ids.c2, ids.c3].includes(row.id)));
    });

    it('streams a long range page by page: every conversation once, oldest first, ratings and their comments', async () => {
      const sql = db.sql;
      const now = Date.now();
      const start = now - 390 * DAY;
      const count = REPORT_EXPORT_PAGE * 2 + 37;
      for (let i = 0; i < count; i++) {
        const at = start + Math.floor((i * 385 * DAY) / count);
        await sql.run(
          'INSERT INTO visitors (site_id, visitor_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
          [siteId, `bulk-v-${i}`, `Bulk ${i}`, at, at],
        );
        await sql.run(
          `INSERT INTO conversations (id, site_id, visitor_id, status, last_seq, created_at, updated_at, resolved_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            `bulk-${String(i).padStart(5, '0')}`,
            siteId,
            `bulk-v-${i}`,
            i % 2 ? 'resolved' : 'open',
            2,
            at,
            at,
            i % 2 ? at + 90_000 : null,
          ],
        );
      }
      // One rated: the visitor's message with a score, its text the comment.
      await sql.run(
        `INSERT INTO messages (${early(-100)}conversation_id, seq, client_id, author_role, author_id, text, kind, ts, extra)
         VALUES (${early(-100, true)}'bulk-00003', 1, 'rate', 'visitor', 'bulk-v-3', '=SUM(A1) great help', 'text', ?, ?)`,
        [start + DAY, JSON.stringify({ rating: { seq: 0, score: 4 } })],
      );
      const longRange = `from=${now - 399 * DAY}&to=${now + HOUR}&tz=Europe/Paris`;
      const json = await download(`${longRange}&format=json`);
      assert.equal(json.response.status, 200);
      const rows = (JSON.parse(json.text) as ReportConversationExport).conversations;
      assert.equal(rows.length, count + 3);
      assert.equal(new Set(rows.map((row) => row.id)).size, rows.length, 'no conversation twice');
      const bulk = rows.filter((row) => row.id.startsWith('bulk-'));
      assert.deepEqual(
        bulk.map((row) => row.id),
        bulk.map((row) => row.id).sort(),
        'oldest first',
      );
      assert.match(bulk[0]!.createdAt, /[+-]0[12]:00$/, 'local to the zone asked');
      const rated = rows.find((row) => row.id === 'bulk-00003')!;
      assert.equal(rated.csatScore, 4);
      assert.equal(rated.csatComment, '=SUM(A1) great help');
      assert.equal(rated.resolutionSeconds, 90);
      const csv = await download(longRange);
      assert.equal(
        csv.text
          .replace(/^\uFEFF/, '')
          .trimEnd()
          .split('\r\n').length,
        count + 4,
      );
      assert.match(csv.text, /,4,'=SUM\(A1\) great help,/);
    });

    it('forgets a filtered day’s summary when a conversation of it moves to another team', async () => {
      const sql = db.sql;
      const day = Date.UTC(2026, 0, 5);
      await sql.run('INSERT INTO visitors (site_id, visitor_id, created_at, updated_at) VALUES (?, ?, ?, ?)', [
        siteId,
        'moved-v',
        day,
        day,
      ]);
      await sql.run(
        `INSERT INTO conversations (id, site_id, visitor_id, status, last_seq, created_at, updated_at, team_id)
         VALUES ('moved', ?, 'moved-v', 'open', 1, ?, ?, ?)`,
        [siteId, day + HOUR, day + 2 * DAY + HOUR, ids.billing],
      );
      await sql.run(
        `INSERT INTO messages (${early(-50)}conversation_id, seq, client_id, author_role, author_id, text, kind, ts)
         VALUES (${early(-50, true)}'moved', 1, 'mv-1', 'visitor', 'moved-v', 'later', 'text', ?)`,
        [day + 2 * DAY + HOUR],
      );
      const query = `from=${day}&to=${day + 3 * DAY}&tz=UTC&team=${ids.billing}`;
      const before = await relay.call('GET', `/v1/admin/reports?${query}`);
      assert.equal(created(before.body), 1);
      assert.equal((before.body as Report).messages[2]!.visitor, 1);
      const kept = await sql.all<{ n: number | string }>(
        "SELECT count(*) AS n FROM report_days WHERE site_id = ? AND filters <> ''",
        [siteId],
      );
      assert.ok(Number(kept[0]!.n) >= 3, 'the filtered days are kept');
      const moved = await relay.call('PATCH', '/v1/admin/conversations/moved', { teamId: ids.sales });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      const after = (await relay.call('GET', `/v1/admin/reports?${query}`)).body as Report;
      assert.equal(created(after), 0);
      assert.equal(after.messages[2]!.visitor, 0, 'the day of its later message too');
      const sales = (await relay.call('GET', `/v1/admin/reports?${query.replace(ids.billing, ids.sales)}`))
        .body as Report;
      assert.equal(created(sales), 1);
      // A label added forgets them as well.
      await relay.call('GET', `/v1/admin/reports?from=${day}&to=${day + 3 * DAY}&tz=UTC&label=vip`);
      await relay.call('PATCH', '/v1/admin/conversations/moved', { labels: ['vip'] });
      const labelled = (await relay.call('GET', `/v1/admin/reports?from=${day}&to=${day + 3 * DAY}&tz=UTC&label=vip`))
        .body as Report;
      assert.equal(created(labelled), 1);
      assert.equal(labelled.messages[2]!.visitor, 1);
    });
  });
}
