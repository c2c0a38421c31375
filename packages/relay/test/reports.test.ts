import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashToken } from '../src/auth/tokens.js';
import type { RunningRelay } from '../src/index.js';
import { TestClient } from './support/client.js';
import { adminToken, siteKey, startDesk } from './support/desk.js';

const agentToken = 'st_agent_test_reports_0123456789abc';
const otherToken = 'st_other_test_reports_0123456789abc';
const DAY = 86_400_000;

async function get(relay: RunningRelay, path: string, token?: string): Promise<Response> {
  return fetch(`${relay.httpUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

describe('reports over HTTP', () => {
  let relay: RunningRelay;
  let siteId: string;
  let agentId: string;
  const from = Date.now() - DAY;
  const to = Date.now() + 3_600_000;
  const range = `from=${from}&to=${to}`;

  before(async () => {
    relay = await startDesk({ ipRateLimitPerSecond: 0 });
    const site = (await relay.store.getSiteByKey(siteKey))!;
    siteId = site.id;
    agentId = 'staff_reports_agent';
    // A name a spreadsheet would run as a formula.
    await relay.store.createStaff({
      id: agentId,
      siteId,
      name: '=HYPERLINK("x")',
      role: 'agent',
      tokenHash: hashToken(agentToken),
      createdAt: Date.now(),
      revokedAt: null,
    });
    await relay.store.upsertSite({ ...site, id: 'site_other', siteKey: 'pk_other_reports' });
    await relay.store.createStaff({
      id: 'staff_other',
      siteId: 'site_other',
      name: 'Other',
      role: 'admin',
      tokenHash: hashToken(otherToken),
      createdAt: Date.now(),
      revokedAt: null,
    });
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    await client.say('m-1', 'hello');
    await client.say('m-2', 'anyone there?');
    const reply = await fetch(`${relay.httpUrl}/v1/admin/conversations/${welcome.conversationId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agentToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'r-1', text: 'Yes, how can I help?' }),
    });
    assert.equal(reply.status, 201);
    client.close();
  });
  after(() => relay.close());

  it('answers any staff member with the figures of their own site', async () => {
    const response = await get(relay, `/v1/admin/reports?${range}&bucket=hour&tz=Europe/Paris`, agentToken);
    assert.equal(response.status, 200);
    const report = (await response.json()) as any;
    assert.deepEqual(report.range, { from, to, bucket: 'hour', tz: 'Europe/Paris' });
    assert.ok(report.conversations.length >= 25 && report.conversations.length <= 27);
    const sum = (key: string, rows: any[]) => rows.reduce((n: number, row: any) => n + row[key], 0);
    assert.equal(sum('count', report.conversations), 1);
    assert.equal(sum('visitor', report.messages), 2);
    assert.equal(sum('staff', report.messages), 1);
    assert.equal(report.firstResponse.count, 1);
    assert.equal(typeof report.firstResponse.medianMs, 'number');
    assert.deepEqual(
      report.agents.map((a: any) => [a.staffId, a.messages, a.conversations]),
      [[agentId, 1, 1]],
    );
    assert.equal(
      report.busiestHours.flat().reduce((a: number, b: number) => a + b, 0),
      2,
    );
    assert.equal(report.csat, null);

    const other = (await (await get(relay, `/v1/admin/reports?${range}`, otherToken)).json()) as any;
    assert.deepEqual(
      other.conversations.map((b: any) => b.count).filter((n: number) => n > 0),
      [],
    );
    assert.deepEqual(other.agents, []);
    assert.equal((await get(relay, `/v1/admin/reports?${range}`)).status, 401);
  });

  it('refuses a bad range, bucket or time zone with a clear 400', async () => {
    const cases: Array<[string, RegExp]> = [
      [`to=${to}`, /query\.from/],
      [`from=${from}&to=${from}`, /after query\.from/],
      [`from=abc&to=${to}`, /query\.from/],
      [`from=${to - 32 * DAY}&to=${to}&bucket=hour`, /at most 31 days with bucket=hour/],
      [`from=${to - 401 * DAY}&to=${to}`, /at most 400 days with bucket=day/],
      [`${range}&bucket=week`, /query\.bucket/],
      [`${range}&tz=Mars/Olympus`, /IANA time zone/],
    ];
    for (const [query, message] of cases) {
      for (const path of ['/v1/admin/reports', '/v1/admin/reports.csv']) {
        const response = await get(relay, `${path}?${query}`, adminToken);
        assert.equal(response.status, 400, `${path}?${query}`);
        const body = (await response.json()) as { error: { code: string; message: string } };
        assert.equal(body.error.code, 'bad_request');
        assert.match(body.error.message, message, query);
      }
    }
  });

  it('exports CSV as an attachment, a section per table, formulas defused', async () => {
    const response = await get(relay, `/v1/admin/reports.csv?${range}&tz=UTC`, agentToken);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(
      response.headers.get('content-disposition') ?? '',
      /^attachment; filename="parley-report-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv"$/,
    );
    const text = await response.text();
    const sections = text.trimEnd().split('\r\n\r\n');
    assert.deepEqual(
      sections.map((s) => s.split('\r\n')[0]!.split(',')[0]),
      [
        'Report from ' +
          new Date(from).toISOString().slice(0, 19) +
          'Z to ' +
          new Date(to).toISOString().slice(0, 19) +
          'Z by day in UTC',
        'Conversations',
        'Messages',
        'Response times',
        'Agents',
        'Busiest hours (visitor messages)',
        'CSAT',
      ],
    );
    const agents = sections[4]!.split('\r\n');
    assert.equal(agents[1], 'staff_id,name,conversations,assigned,messages,first_response_median_ms');
    // Assigned 1: the agent's reply took the unassigned conversation (routing's assignOnReply, on by default).
    assert.match(agents[2]!, new RegExp(`^${agentId},"'=HYPERLINK\\(""x""\\)",1,1,1,\\d+$`));
  });
});
