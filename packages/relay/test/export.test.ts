/**
 * Export a conversation (issue #40, docs/export.md) on SQLite: the scenarios every store runs, and one conversation
 * of 100,000 messages exported while a probe watches the relay's event loop.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { MIGRATIONS } from '../src/features/features.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { DEFAULT_SITE_ID } from '../src/store/store.js';
import type { Message } from '@parley/protocol';
import { ConversationExport, EXPORT_CSV_COLUMNS } from '@parley/protocol/admin';
import * as z from 'zod/mini';
import { EXPORT_PAGE, exportCsv, exportHeader, exportJson, messagePages } from '../src/export/conversation-export.js';
import { exportScenarios } from './export-scenarios.js';
import { adminToken, siteKey, startDesk } from './support/desk.js';
import { watchStall } from './support/loop-probe.js';
import { RelayProcess } from './support/relay-process.js';
import { tempDir } from './support/temp.js';

describe('export pages and documents', () => {
  const message = (seq: number, kind: Message['kind'] = 'text'): Message => ({
    id: `m${seq}`,
    clientId: `c${seq}`,
    conversationId: 'conv',
    seq,
    ts: seq * 1000,
    author: { role: 'visitor', id: 'v' },
    text: `text ${seq}`,
    kind,
  });
  const header = exportHeader({
    at: 0,
    by: { id: 'st', name: 'Ana' },
    site: { id: 's', name: 'Shop' },
    conversation: {
      id: 'conv',
      status: 'open',
      priority: 'none',
      channel: 'chat',
      subject: null,
      contact: { id: 'v', name: null, emailMasked: null, verified: false },
      assignee: null,
      team: null,
      labels: [],
      createdAt: 0,
      resolvedAt: null,
      lastSeq: 0,
    },
    includesNotes: false,
    events: [],
  });
  const collect = async (source: AsyncIterable<string>) => {
    let text = '';
    for await (const chunk of source) text += chunk;
    return text;
  };

  it('reads a page at a time up to the last message when it began, never one written after', async () => {
    let stored = Array.from({ length: EXPORT_PAGE * 2 + 5 }, (_, i) => message(i + 1));
    const reads: number[] = [];
    const read = async (after: number, limit: number) => {
      reads.push(after);
      const page = stored.filter((m) => m.seq > after).slice(0, limit);
      // A message arrives while the export runs: past the export's end, it is left out.
      stored = [...stored, message(stored.length + 1)];
      return page;
    };
    const seqs: number[] = [];
    for await (const page of messagePages(read, EXPORT_PAGE * 2 + 5)) seqs.push(...page.map((m) => m.seq));
    assert.deepEqual(
      seqs,
      Array.from({ length: EXPORT_PAGE * 2 + 5 }, (_, i) => i + 1),
    );
    assert.deepEqual(reads, [0, EXPORT_PAGE, EXPORT_PAGE * 2]);
  });

  it('makes one valid document however many pages, none included', async () => {
    const none = async function* (): AsyncGenerator<readonly Message[]> {};
    const empty = JSON.parse(await collect(exportJson(header, none())));
    assert.ok(z.safeParse(ConversationExport, empty).success);
    assert.deepEqual(empty.messages, []);
    const two = async function* () {
      yield [message(1), message(2, 'note')];
      yield [message(3)];
    };
    const body = JSON.parse(await collect(exportJson(header, two())));
    assert.deepEqual(
      body.messages.map((m: { seq: number; kind: string }) => [m.seq, m.kind]),
      [
        [1, 'text'],
        [2, 'note'],
        [3, 'text'],
      ],
    );
    const csv = await collect(exportCsv(none()));
    assert.equal(csv, `\uFEFF${EXPORT_CSV_COLUMNS.join(',')}\r\n`);
  });
});

describe('export a conversation (SQLite)', () => {
  exportScenarios(() => startDesk({ ipRateLimitPerSecond: 0 }));
});

/** Messages of the long conversation: a year of a busy shared inbox, in one thread. */
const LONG = 100_000;
/** The promise: an export blocks the event loop no longer than this. */
const BUDGET_MS = 50;

describe(`export of a conversation of ${LONG.toLocaleString('en')} messages`, { timeout: 300_000 }, () => {
  let relay: RelayProcess;
  const dataDir = tempDir('parley-export-long-');
  const env = {
    PARLEY_DATA_DIR: dataDir,
    PARLEY_SITE_KEY: siteKey,
    PARLEY_ADMIN_TOKEN: adminToken,
    PARLEY_IP_RATE_LIMIT_PER_SECOND: '0',
  };

  before(async () => {
    // The first start makes the database and the site; the seed then writes to the same file while no relay runs.
    const first = await RelayProcess.start(env);
    await first.kill('SIGTERM');
    const store = new SqliteStore({ path: `${dataDir}/parley.db`, synchronous: 'normal', migrations: MIGRATIONS });
    await store.init();
    for (let batch = 0; batch < LONG / 1000; batch += 1) {
      const appends = [];
      for (let m = batch * 1000; m < (batch + 1) * 1000; m += 1)
        appends.push(
          store.append({
            siteId: DEFAULT_SITE_ID,
            conversationId: 'conv_long',
            visitorId: 'visitor_long',
            clientId: `long-${m}`,
            author:
              m % 2 === 0
                ? { role: 'visitor', id: 'visitor_long', name: 'Long Talker' }
                : { role: 'staff', id: 'staff_long', name: 'Agent' },
            text: `message ${m}: ${'lorem ipsum, dolor "sit" amet '.repeat(3)}`,
            kind: m % 50 === 49 ? 'note' : 'text',
          }),
        );
      await Promise.all(appends);
    }
    // Staff have read it (a conversation this long has been answered all along): the conversation's unread count,
    // which every read of it computes, is the store's cost, not the export's.
    await store.markRead('conv_long', 'staff', LONG);
    await store.close();
    relay = await RelayProcess.start(env);
    // Readers of the message log (rules, email, push) catch up with the seeded messages after a start: wait until
    // the relay is idle, so that what is measured below is the export's.
    const deadline = Date.now() + 120_000;
    while ((await watchStall(relay, () => new Promise((resolve) => setTimeout(resolve, 300)))).relayMaxMs >= 20)
      if (Date.now() > deadline) throw new Error('the relay never went quiet after its start');
  });

  after(async () => {
    await relay?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  for (const format of ['json', 'csv'] as const)
    it(`streams it as ${format.toUpperCase()}, whole and in order, never holding the loop ${BUDGET_MS} ms`, async (t) => {
      let rows = 0;
      let bytes = 0;
      let text = '';
      // On a shared machine one attempt may be delayed by others' work: the export's own stall shows in every attempt.
      const seen: string[] = [];
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const stall = await watchStall(relay, async () => {
          const response = await fetch(
            `${relay.httpUrl}/v1/admin/conversations/conv_long/export?format=${format}&notes=include`,
            {
              headers: { authorization: `Bearer ${adminToken}` },
            },
          );
          assert.equal(response.status, 200);
          text = await response.text();
        });
        bytes = Buffer.byteLength(text);
        // Read after the measure: the test's own parsing must not take the machine's time from the relay's.
        if (format === 'json') {
          const body = JSON.parse(text) as { messages: Array<{ seq: number }> };
          rows = body.messages.length;
          assert.ok(body.messages.every((message, i) => message.seq === i + 1));
        } else rows = text.split('\r\n').filter((line) => /^\d+,/.test(line)).length;
        const detail = `${(bytes / 1e6).toFixed(1)} MB in ${stall.workMs.toFixed(0)} ms; probe gap ${stall.probeGapMs.toFixed(1)} ms, relay loop max ${stall.relayMaxMs.toFixed(1)} ms (${stall.probes} probes)`;
        t.diagnostic(detail);
        seen.push(detail);
        assert.equal(rows, LONG);
        assert.ok(stall.probes >= 3, 'the probe saw too few answers');
        if (stall.relayMaxMs < BUDGET_MS && stall.probeGapMs < BUDGET_MS) return;
      }
      assert.fail(`the export held the loop ${BUDGET_MS} ms or more in every attempt: ${seen.join('; ')}`);
    });
});
