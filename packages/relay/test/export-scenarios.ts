/**
 * Export a conversation (issue #40, docs/export.md): the scenarios every store runs (`export.test.ts` on SQLite,
 * `test-services/export-postgres.test.ts` on PostgreSQL). A real relay on port 0, real WebSocket clients, the admin
 * API over HTTP.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import * as z from 'zod/mini';
import { ConversationExport, DEFAULT_SAFETY, EXPORT_CSV_COLUMNS } from '@parley/protocol/admin';
import { PDF } from './support/attachment-files.js';
import { TestClient } from './support/client.js';
import { parseCsv } from './support/csv-parse.js';
import { adminToken, siteKey, type Desk } from './support/desk.js';

const CARD = '4242 4242 4242 4242';
const ARABIC = 'مرحبا، أحتاج مساعدة في طلبي رقم ١٢٣ 🙂';
const FORMULA = '=HYPERLINK("http://evil.example","click"), then "quoted"\nand a second line';

/** A response's body, its status and headers, read whole. */
async function download(desk: Desk, path: string, token = adminToken) {
  const response = await fetch(`${desk.httpUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: bytes.toString('utf8') };
}

/** Runs the export scenarios against the desk `start` makes (once, shared by them). */
export function exportScenarios(start: () => Promise<Desk>): void {
  let desk: Desk;
  let conversationId: string;
  let agent: { id: string; token: string };
  let visitor: TestClient;

  before(async () => {
    desk = await start();
    agent = await desk.agent('Ana Agent');
    // The content filter hides a visitor's message on its words (kept, marked `hidden`).
    const safety = await desk.call('PUT', '/v1/admin/safety', {
      ...DEFAULT_SAFETY,
      filter: { ...DEFAULT_SAFETY.filter, patterns: ['crypto\\s*deal'], action: 'hide' },
    });
    assert.equal(safety.status, 200, JSON.stringify(safety.body));
    const hello = await TestClient.hello(
      desk.wsUrl,
      { siteKey, name: 'Jane Roe', email: 'jane.roe@example.com' },
      { protocol: 'parley.v3' },
    );
    visitor = hello.client;
    conversationId = hello.welcome.conversationId!;
    const token = hello.welcome.visitorToken!;
    await visitor.say('v-1', 'Hello, my order has not arrived');
    await visitor.say('v-2', ARABIC);
    await visitor.say('v-3', `my card is ${CARD}`);
    await visitor.say('v-4', FORMULA);
    await visitor.say('v-5', 'a CRYPTO deal for you');
    const uploaded = await fetch(`${desk.httpUrl}/v1/attachments?clientId=v-6&name=invoice.pdf`, {
      method: 'POST',
      body: PDF,
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(uploaded.status, 201);
    const file = (await uploaded.json()) as { id: string };
    visitor.send({ type: 'send', id: 'v-6', text: 'the invoice', attachments: [{ id: file.id }] });
    await visitor.next('ack', (frame) => frame.id === 'v-6');
    // The assignee is the PATCH's below alone: a reply that assigned it too would race it in the timeline.
    const routing = (await desk.call('GET', '/v1/admin/routing')).body.settings;
    assert.equal((await desk.call('PUT', '/v1/admin/routing', { ...routing, assignOnReply: false })).status, 200);
    const path = `/v1/admin/conversations/${conversationId}`;
    assert.equal((await desk.call('POST', `${path}/messages`, { id: 's-1', text: 'We are on it.' })).status, 201);
    assert.equal(
      (await desk.call('POST', `${path}/messages`, { id: 's-2', text: 'Internal: refund if lost', note: true })).status,
      201,
    );
    const patched = await desk.call('PATCH', path, { labels: ['billing'], assigneeId: agent.id, status: 'pending' });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
  });

  after(async () => {
    visitor.close();
    await desk.close();
  });

  it('gives the conversation as JSON valid against the contract: header, events, every message in order', async () => {
    const got = await download(desk, `/v1/admin/conversations/${conversationId}/export?notes=include`);
    assert.equal(got.status, 200, got.text);
    assert.equal(got.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(got.headers.get('content-disposition'), `attachment; filename="conversation-${conversationId}.json"`);
    assert.equal(got.headers.get('cache-control'), 'no-store');
    const parsed = z.safeParse(ConversationExport, JSON.parse(got.text));
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
    const body = parsed.data!;
    assert.equal(body.schema, 'parley.conversation-export/1');
    assert.equal(body.exportedBy.name !== '', true);
    assert.equal(body.includesNotes, true);
    const c = body.conversation;
    assert.deepEqual(
      [c.id, c.status, c.channel, c.subject, c.labels, c.assignee?.name, c.team, c.resolvedAt],
      [conversationId, 'pending', 'chat', null, ['billing'], 'Ana Agent', null, null],
    );
    assert.equal(c.contact.name, 'Jane Roe');
    // The email as staff see it, masked: never the address itself.
    assert.ok(c.contact.emailMasked && !c.contact.emailMasked.includes('jane.roe'), c.contact.emailMasked ?? 'none');
    assert.ok(!got.text.includes('jane.roe@example.com'));
    assert.deepEqual(
      body.events.map((event) => event.type),
      ['assigned', 'label_added', 'status'],
    );
    // Every message, in order, as stored.
    const stored = await desk.store.messagesAfter(conversationId, 0, 100, { includeNotes: true });
    assert.deepEqual(
      body.messages.map((m) => [m.seq, m.text]),
      stored.map((m) => [m.seq, m.text]),
    );
    const bySeqText = (text: string) => body.messages.find((m) => m.text.startsWith(text))!;
    assert.equal(bySeqText(ARABIC).text, ARABIC);
    assert.deepEqual(bySeqText('my card is').redacted, ['card']);
    assert.ok(!got.text.includes(CARD), 'the card number stays redacted');
    assert.equal(bySeqText('a CRYPTO deal').hidden, true);
    const note = bySeqText('Internal:');
    assert.deepEqual([note.kind, note.author.kind], ['note', 'staff']);
    const withFile = bySeqText('the invoice');
    assert.equal(withFile.files.length, 1);
    assert.equal(withFile.files[0]!.name, 'invoice.pdf');
    assert.equal(withFile.files[0]!.type, 'application/pdf');
    assert.equal(withFile.files[0]!.path, `/v1/attachments/${withFile.files[0]!.id}`);
    assert.deepEqual([bySeqText('Hello').author.kind, bySeqText('Hello').author.name], ['visitor', 'Jane Roe']);
  });

  it('gives the messages as CSV: BOM, RFC 4180, formulas defused, parsing back to the stored messages', async () => {
    const got = await download(desk, `/v1/admin/conversations/${conversationId}/export?format=csv&notes=include`);
    assert.equal(got.status, 200, got.text);
    assert.equal(got.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(got.headers.get('content-disposition'), `attachment; filename="conversation-${conversationId}.csv"`);
    assert.deepEqual([...got.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
    const rows = parseCsv(got.text.slice(1));
    assert.deepEqual(rows[0], [...EXPORT_CSV_COLUMNS]);
    const stored = await desk.store.messagesAfter(conversationId, 0, 100, { includeNotes: true });
    assert.equal(rows.length - 1, stored.length);
    const column = (name: (typeof EXPORT_CSV_COLUMNS)[number]) => EXPORT_CSV_COLUMNS.indexOf(name);
    for (const [i, message] of stored.entries()) {
      const row = rows[i + 1]!;
      assert.equal(row.length, EXPORT_CSV_COLUMNS.length);
      assert.equal(row[column('seq')], String(message.seq));
      assert.equal(row[column('time')], new Date(message.ts).toISOString());
      assert.equal(row[column('kind')], message.kind);
      // What a spreadsheet would run as a formula starts with an apostrophe; everything else is as stored.
      assert.equal(row[column('text')], message.text === FORMULA ? `'${FORMULA}` : message.text);
    }
    const find = (text: string) => rows.find((row) => row[column('text')]!.startsWith(text))!;
    assert.equal(find('a CRYPTO')[column('hidden')], 'yes');
    assert.equal(find('my card')[column('redacted')], 'card');
    assert.match(
      find('the invoice')[column('files')]!,
      /^invoice\.pdf \(application\/pdf, \d+ bytes\) \/v1\/attachments\//,
    );
    assert.equal(find('Internal:')[column('kind')], 'note');
  });

  it('leaves private notes out unless asked for, in JSON and in CSV (issue #81)', async () => {
    const json = await download(desk, `/v1/admin/conversations/${conversationId}/export`);
    const body = JSON.parse(json.text) as ConversationExport;
    assert.equal(body.includesNotes, false);
    assert.ok(body.messages.length > 0);
    assert.ok(body.messages.every((m) => m.kind !== 'note'));
    const csv = await download(desk, `/v1/admin/conversations/${conversationId}/export?format=csv`);
    assert.ok(!csv.text.includes('Internal: refund'));
    assert.equal(parseCsv(csv.text.slice(1)).length - 1, body.messages.length);
  });

  it('leaves private notes out when asked, in JSON and in CSV', async () => {
    const json = await download(desk, `/v1/admin/conversations/${conversationId}/export?notes=exclude`);
    const body = JSON.parse(json.text) as ConversationExport;
    assert.equal(body.includesNotes, false);
    assert.ok(body.messages.length > 0);
    assert.ok(body.messages.every((m) => m.kind !== 'note'));
    const csv = await download(desk, `/v1/admin/conversations/${conversationId}/export?format=csv&notes=exclude`);
    assert.ok(!csv.text.includes('Internal: refund'));
    assert.equal(parseCsv(csv.text.slice(1)).length - 1, body.messages.length);
  });

  it('lets agents export; refuses another site’s conversation (404), a token without read (403), bad queries (400)', async () => {
    assert.equal((await download(desk, `/v1/admin/conversations/${conversationId}/export`, agent.token)).status, 200);
    const site = await desk.call('POST', '/v1/admin/sites', { name: 'Other shop' });
    assert.equal(site.status, 201, JSON.stringify(site.body));
    const other = await download(desk, `/v1/admin/conversations/${conversationId}/export`, site.body.adminToken);
    assert.equal(other.status, 404);
    assert.equal(JSON.parse(other.text).error.code, 'not_found');
    assert.equal((await download(desk, '/v1/admin/conversations/conv_nope/export')).status, 404);
    const writer = await desk.call('POST', '/v1/admin/tokens', { name: 'Writer', scopes: ['write'] });
    assert.equal(writer.status, 201, JSON.stringify(writer.body));
    const refused = await download(desk, `/v1/admin/conversations/${conversationId}/export`, writer.body.token);
    assert.equal(refused.status, 403);
    const bad = await download(desk, `/v1/admin/conversations/${conversationId}/export?format=pdf`);
    assert.equal(bad.status, 400);
    assert.match(JSON.parse(bad.text).error.message, /query\.format/);
    const unknown = await download(desk, `/v1/admin/conversations/${conversationId}/export?as=csv`);
    assert.match(JSON.parse(unknown.text).error.message, /unknown parameter as/);
    const anonymous = await fetch(`${desk.httpUrl}/v1/admin/conversations/${conversationId}/export`);
    assert.equal(anonymous.status, 401);
  });

  it('records every export in the audit log: who, which conversation, which format', async () => {
    await download(desk, `/v1/admin/conversations/${conversationId}/export?format=csv&notes=exclude`, agent.token);
    const log = await desk.call('GET', '/v1/admin/audit?action=conversation.export&limit=200');
    assert.equal(log.status, 200);
    const entry = log.body.items[0];
    assert.deepEqual(
      [entry.actorName, entry.targetType, entry.targetId, entry.details.format, entry.details.notes],
      ['Ana Agent', 'conversation', conversationId, 'csv', 'exclude'],
    );
    // One entry per successful export above (refusals export nothing and record nothing).
    assert.ok(log.body.items.length >= 5);
  });
}
