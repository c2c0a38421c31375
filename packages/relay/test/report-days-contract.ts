import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { ReportQuery } from '../src/admin/reports/report-store.js';
import type { AdminDb } from '../src/store/repositories.js';
import { liveReport } from '../src/admin/reports/report-queries.js';
import { contractSite } from './store-contract.js';
import type { ReportStoreFactory } from './report-store-contract.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const site = contractSite.id;
const otherSite = { ...contractSite, id: 'site_2', siteKey: 'pk_other' };
const STAFF = ['st_a', 'st_b', 'st_c'];
const ZONES = ['UTC', 'America/New_York', 'Europe/Paris', 'Asia/Kolkata', 'Australia/Lord_Howe'];
/** The channels the desk's conversations come in on (report filters, issue #84): a kind or a provider's id. */
const CHANNELS = ['chat', 'email', 'api', 'whatsapp', 'telegram'] as const;
/** Filter sets the reports are also asked for: one channel, several, and one no conversation came in on. */
const FILTER_SETS: ReadonlyArray<ReportQuery['filters']> = [
  { channel: ['whatsapp'] },
  { channel: ['chat', 'email'] },
  { channel: ['twilio'] },
];

/** A small deterministic generator: the same desk for a seed on both stores. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Reports from day summaries (report-days.ts) against the computation from the rows alone (report-queries.ts
 * `liveReport`, what every report was before them), on a seeded random desk of two sites over the last 40 days:
 * for ranges in several time zones (half-hour offsets and daylight saving changes among them), by day and by hour,
 * first when the summaries are made, then when they are read, then after each change that alters days already
 * summarised — a reassignment, a resolution and a reopening, a late first reply, a contact's erasure and a retention
 * cut in the middle of a day. The conversations come in on several channels, and each range is also asked for
 * narrowed by filter sets (kept as day summaries of their own): the same as from the rows, and the channels' reports
 * add up to the whole site's.
 */
export function reportDaysContract(name: string, make: ReportStoreFactory): void {
  describe(`${name} (reports from day summaries = reports from the rows)`, () => {
    const opened: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const close of opened.splice(0).reverse()) await close();
    });

    const seed = 3_707;
    const now = Date.now();

    async function desk(): Promise<{
      admin: AdminDb;
      exec: (sql: string, params: Array<string | number | null>) => Promise<void>;
      conversations: Array<{
        id: string;
        siteId: string;
        visitor: string;
        createdAt: number;
        answered: boolean;
        last: number;
        seq: number;
      }>;
    }> {
      const made = await make();
      opened.push(() => made.store.close(), made.close);
      await made.store.init();
      await made.store.upsertSite(contractSite);
      await made.store.upsertSite(otherSite);
      for (const [i, id] of STAFF.entries()) {
        await made.store.createStaff({
          id,
          siteId: site,
          name: `Agent ${'CBA'[i]}`,
          role: 'agent',
          tokenHash: `hash-${id}`,
          createdAt: 0,
          revokedAt: null,
        });
      }
      const rand = random(seed);
      // Channels from a generator of their own: the rest of the desk stays what it was.
      const channelRand = random(seed + 2);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
      const conversations = [];
      const arrivals: Array<Array<string | number | null>> = [];
      for (let i = 0; i < 160; i++) {
        const siteId = rand() < 0.8 ? site : otherSite.id;
        const id = `c${String(i).padStart(3, '0')}`;
        const visitor = `v${i % 50}`;
        const createdAt = Math.floor(now - 40 * DAY + rand() * 40 * DAY - HOUR);
        let ts = createdAt;
        const count = 1 + Math.floor(rand() * 8);
        let answered = false;
        let seenVisitor = false;
        for (let seq = 1; seq <= count; seq++) {
          const role = seq === 1 && rand() < 0.9 ? 'visitor' : pick(['visitor', 'staff', 'staff', 'bot'] as const);
          const kind = role === 'staff' && rand() < 0.2 ? 'note' : 'text';
          if (role === 'visitor') seenVisitor = true;
          if (role === 'staff' && kind === 'text' && seenVisitor) answered = true;
          const score = role === 'visitor' && rand() < 0.15 ? 1 + Math.floor(rand() * 5) : null;
          arrivals.push([
            id,
            seq,
            `${id}-${seq}`,
            role,
            role === 'visitor' ? visitor : role === 'bot' ? 'bot' : pick(STAFF),
            score ? '★'.repeat(score) : `message ${seq}`,
            kind,
            ts,
            score ? JSON.stringify({ rating: { score } }) : null,
          ]);
          ts += Math.floor(rand() * 8 * HOUR);
        }
        const last = Math.min(ts, now - 1);
        const resolved = rand() < 0.6 ? Math.min(last + Math.floor(rand() * DAY), now - 1) : null;
        const reopened = resolved !== null && rand() < 0.2;
        await made.exec(
          'INSERT INTO visitors (site_id, visitor_id, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
          [siteId, visitor, createdAt, createdAt],
        );
        await made.exec(
          `INSERT INTO conversations (id, site_id, visitor_id, status, last_seq, created_at, updated_at, assignee_id, resolved_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            id,
            siteId,
            visitor,
            resolved !== null && !reopened ? 'resolved' : 'open',
            count,
            createdAt,
            last,
            rand() < 0.7 ? pick(STAFF) : null,
            resolved,
          ],
        );
        const channel = CHANNELS[Math.floor(channelRand() * CHANNELS.length)]!;
        if (channel !== 'chat') {
          const provider = channel === 'whatsapp' || channel === 'telegram' ? channel : null;
          await made.exec(
            `INSERT INTO conversation_channels (conversation_id, site_id, channel, subject, address, provider, created_at)
             VALUES (?, ?, ?, NULL, NULL, ?, ?)`,
            [id, siteId, provider ? 'api' : channel, provider, createdAt],
          );
        }
        conversations.push({ id, siteId, visitor, createdAt, answered, last, seq: count });
      }
      // Messages get their ids in the order of their times, as the relay's appends give them; none in the future.
      for (const row of arrivals
        .filter((r) => (r[7] as number) < now)
        .sort((a, b) => (a[7] as number) - (b[7] as number))) {
        await made.exec(
          `INSERT INTO messages (conversation_id, seq, client_id, author_role, author_id, text, kind, ts, extra)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          row,
        );
      }
      const admin = made.admin();
      opened.push(() => admin.close());
      return { admin, exec: made.exec, conversations };
    }

    /** Ranges: whole local days, parts of days, up to now and past it, by day and by hour. */
    function queries(): ReportQuery[] {
      const rand = random(seed + 1);
      const out: ReportQuery[] = [];
      for (const tz of ZONES) {
        const midnight = Math.floor(now / DAY) * DAY;
        out.push({ siteId: site, from: midnight - 30 * DAY, to: midnight + DAY, bucket: 'day', tz });
        out.push({ siteId: site, from: now - 35 * DAY, to: now, bucket: 'day', tz });
        const from = Math.floor(now - 38 * DAY + rand() * 20 * DAY);
        out.push({
          siteId: site,
          from,
          to: from + Math.floor(rand() * 15 * DAY) + 1,
          bucket: rand() < 0.5 ? 'hour' : 'day',
          tz,
        });
        out.push({ siteId: otherSite.id, from: now - 40 * DAY, to: now + DAY, bucket: 'day', tz });
      }
      return out;
    }

    async function same(admin: AdminDb, when: string): Promise<void> {
      for (const query of queries()) {
        const expected = await liveReport(admin.sql, query);
        assert.deepEqual(await admin.repos.reports.report(query), expected, `${when}: ${JSON.stringify(query)}`);
        // Filtered in one zone, to keep the suite's time (the filters add nothing zone-dependent).
        if (query.tz !== 'UTC') continue;
        for (const filters of FILTER_SETS) {
          const narrowed = { ...query, filters };
          const rows = await liveReport(admin.sql, narrowed);
          assert.deepEqual(await admin.repos.reports.report(narrowed), rows, `${when}: ${JSON.stringify(narrowed)}`);
        }
        if (when !== 'summaries read' && when !== 'retention cut mid-day') continue;
        // Every conversation came in on one channel: the channels' reports add up to the whole site's.
        const parts = await Promise.all(
          CHANNELS.map((channel) => admin.repos.reports.report({ ...query, filters: { channel: [channel] } })),
        );
        const total = (report: typeof expected, pick: (b: (typeof expected)['messages'][number]) => number) =>
          report.messages.reduce((n, b) => n + pick(b), 0);
        const created = (report: typeof expected) => report.conversations.reduce((n, b) => n + b.count, 0);
        assert.equal(
          parts.reduce((n, part) => n + created(part), 0),
          created(expected),
          `${when}: conversations by channel, ${JSON.stringify(query)}`,
        );
        for (const role of ['visitor', 'staff', 'bot'] as const) {
          assert.equal(
            parts.reduce((n, part) => n + total(part, (b) => b[role]), 0),
            total(expected, (b) => b[role]),
            `${when}: ${role} messages by channel`,
          );
        }
        assert.equal(
          parts.reduce((n, part) => n + part.resolution.count + part.firstResponse.count, 0),
          expected.resolution.count + expected.firstResponse.count,
          `${when}: durations by channel`,
        );
      }
    }

    it('gives the same reports as the rows, before and after every change that alters a day already summarised', async () => {
      const { admin, exec, conversations } = await desk();
      const ours = conversations.filter((c) => c.siteId === site && c.createdAt < now - 3 * DAY);
      await same(admin, 'summaries made');
      await same(admin, 'summaries read');
      // Each filter set's whole days are kept apart from the whole site's, under the set's key.
      const keys = (
        await admin.sql.all<{ filters: string }>('SELECT DISTINCT filters FROM report_days WHERE site_id = ?', [site])
      ).map((row) => row.filters);
      assert.deepEqual(
        keys.sort(),
        [
          '',
          ...[...FILTER_SETS.map((f) => f!.channel!), ...CHANNELS.map((c) => [c])].map((channel) =>
            JSON.stringify({ channel: [...channel].sort() }),
          ),
        ]
          .filter((key, i, all) => all.indexOf(key) === i)
          .sort(),
      );

      await exec('UPDATE conversations SET assignee_id = ? WHERE id = ?', ['st_c', ours[0]!.id]);
      await exec('UPDATE conversations SET assignee_id = NULL WHERE id = ?', [ours[1]!.id]);
      await same(admin, 'reassigned');

      await exec("UPDATE conversations SET status = 'resolved', resolved_at = ? WHERE id = ?", [
        ours[2]!.createdAt + HOUR,
        ours[2]!.id,
      ]);
      await exec("UPDATE conversations SET status = 'open' WHERE id = ? AND status = 'resolved'", [ours[3]!.id]);
      await same(admin, 'resolved and reopened');

      // A first reply, today, in a conversation created weeks ago that had none.
      const waiting = ours.find((c) => !c.answered)!;
      assert.ok(waiting, 'the desk has an unanswered conversation');
      await exec(
        `INSERT INTO messages (conversation_id, seq, client_id, author_role, author_id, text, kind, ts, extra)
         VALUES (?, ?, ?, 'visitor', ?, 'late', 'text', ?, NULL)`,
        [waiting.id, waiting.seq + 1, `${waiting.id}-late-v`, waiting.visitor, now - 2],
      );
      await exec(
        `INSERT INTO messages (conversation_id, seq, client_id, author_role, author_id, text, kind, ts, extra)
         VALUES (?, ?, ?, 'staff', 'st_b', 'late reply', 'text', ?, NULL)`,
        [waiting.id, waiting.seq + 2, `${waiting.id}-late-s`, now - 1],
      );
      await exec('UPDATE conversations SET last_seq = ?, updated_at = ? WHERE id = ?', [
        waiting.seq + 2,
        now - 1,
        waiting.id,
      ]);
      await same(admin, 'answered late');

      const erased = await admin.repos.contacts.eraseContact(site, ours[4]!.visitor);
      assert.ok(erased && erased.conversations > 0, 'the contact had conversations');
      await same(admin, 'contact erased');

      // A retention cut in the middle of a day that is summarised: that day is then partly before it.
      const cut = now - 20 * DAY + 7 * HOUR;
      let more = true;
      while (more) more = (await admin.repos.retention.eraseExpired(site, cut, 10)).more;
      await same(admin, 'retention cut mid-day');
    });
  });
}
