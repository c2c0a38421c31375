import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { AdminDb } from '../src/store/repositories.js';
import type { Store } from '../src/store/store.js';
import { contractSite } from './store-contract.js';

/**
 * A message store, an admin store and a way to run SQL (`?` placeholders) over the same fresh, empty storage
 * (none initialised): the cases seed rows with the times they need, which appends (stamped now) cannot give.
 */
export type ReportStoreFactory = () => Promise<{
  store: Store;
  admin: () => AdminDb;
  exec: (sql: string, params: ReadonlyArray<string | number | null>) => Promise<void>;
  close: () => Promise<void>;
}>;

const site = contractSite.id;
const otherSite = { ...contractSite, id: 'site_2', siteKey: 'pk_other' };
const at = (iso: string): number => Date.parse(iso);

/** The days around the end of daylight saving time in New York (Sunday 1 November 2026, 02:00 EDT → 01:00 EST). */
const range = { from: at('2026-10-30T04:00:00Z'), to: at('2026-11-03T05:00:00Z'), tz: 'America/New_York' };

interface Seed {
  readonly id: string;
  readonly siteId?: string;
  readonly createdAt: string;
  readonly status?: 'open' | 'resolved';
  readonly resolvedAt?: string;
  readonly assignee?: string;
  /** [time, role, author, kind, rating score] */
  readonly messages: ReadonlyArray<
    readonly [string, 'visitor' | 'staff' | 'bot', string?, ('text' | 'note')?, number?]
  >;
}

/**
 * Conversations whose figures are worked out by hand in the cases below. First replies (created in range):
 * c1 60 s (st_a, after a bot message and a note, neither a reply), c2 120 s (st_b), c3 300 s (st_a), c5 600 s
 * (st_b); c4 has none. Resolutions in range: c1 30 min, c2 2 h, c3 24 h, c6 25 h (created before the range);
 * c8 was resolved and reopened.
 */
const seeds: readonly Seed[] = [
  {
    id: 'c1',
    createdAt: '2026-10-30T10:00:00Z',
    status: 'resolved',
    resolvedAt: '2026-10-30T10:30:00Z',
    messages: [
      ['2026-10-30T10:00:00Z', 'visitor'],
      ['2026-10-30T10:00:01Z', 'bot', 'bot'],
      ['2026-10-30T10:00:30Z', 'staff', 'st_b', 'note'],
      ['2026-10-30T10:01:00Z', 'staff', 'st_a'],
      ['2026-10-30T10:02:00Z', 'visitor'],
    ],
  },
  {
    id: 'c2',
    createdAt: '2026-10-31T15:00:00Z',
    status: 'resolved',
    resolvedAt: '2026-10-31T17:00:00Z',
    messages: [
      ['2026-10-31T15:00:00Z', 'visitor'],
      ['2026-10-31T15:02:00Z', 'staff', 'st_b'],
      ['2026-10-31T15:03:00Z', 'staff', 'st_a'],
    ],
  },
  {
    id: 'c3',
    createdAt: '2026-11-01T05:30:00Z', // 01:30 EDT
    status: 'resolved',
    resolvedAt: '2026-11-02T05:30:00Z',
    messages: [
      ['2026-11-01T05:30:00Z', 'visitor'],
      ['2026-11-01T05:35:00Z', 'staff', 'st_a'],
      ['2026-11-01T06:30:00Z', 'visitor'], // 01:30 EST, the same local time an hour later
    ],
  },
  { id: 'c4', createdAt: '2026-11-02T12:00:00Z', assignee: 'st_b', messages: [['2026-11-02T12:00:00Z', 'visitor']] },
  {
    id: 'c5',
    createdAt: '2026-11-02T13:00:00Z',
    messages: [
      ['2026-11-02T13:00:00Z', 'visitor'],
      ['2026-11-02T13:10:00Z', 'staff', 'st_b'],
      ['2026-11-02T13:20:00Z', 'visitor', undefined, 'text', 5],
    ],
  },
  {
    id: 'c6',
    createdAt: '2026-10-29T12:00:00Z',
    status: 'resolved',
    resolvedAt: '2026-10-30T13:00:00Z',
    messages: [
      ['2026-10-29T12:00:00Z', 'visitor'],
      ['2026-10-29T12:05:00Z', 'staff', 'st_a'],
      ['2026-10-30T12:00:00Z', 'visitor', undefined, 'text', 3],
    ],
  },
  {
    id: 'c8',
    createdAt: '2026-10-31T20:00:00Z',
    resolvedAt: '2026-10-31T20:30:00Z',
    messages: [['2026-10-31T20:00:00Z', 'visitor']],
  },
  {
    id: 'x1',
    siteId: otherSite.id,
    createdAt: '2026-10-31T12:00:00Z',
    status: 'resolved',
    resolvedAt: '2026-10-31T12:10:00Z',
    assignee: 'st_x',
    messages: [
      ['2026-10-31T12:00:00Z', 'visitor'],
      ['2026-10-31T12:01:00Z', 'staff', 'st_x'],
      ['2026-10-31T12:02:00Z', 'visitor', undefined, 'text', 1],
    ],
  },
];

/**
 * The cases every {@link AdminDb} must pass for reports: buckets local to a time zone across a change of
 * offset, medians and 90th percentiles interpolated as PostgreSQL's `percentile_cont`, per-agent load, busiest
 * hours and CSAT — each against figures worked out by hand — and nothing from another site.
 */
export function reportStoreContract(name: string, make: ReportStoreFactory): void {
  describe(`${name} (report store contract)`, () => {
    const opened: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const close of opened.splice(0).reverse()) await close();
    });

    /** A store with the seeds; `alone`: only our site (its message queries then skip the join to conversations). */
    async function seeded(alone = false): Promise<AdminDb> {
      const made = await make();
      opened.push(() => made.store.close(), made.close);
      await made.store.init();
      await made.store.upsertSite(contractSite);
      if (!alone) await made.store.upsertSite(otherSite);
      for (const [id, name, siteId] of [
        ['st_a', 'Ada', site],
        ['st_b', 'Bo', site],
        ['st_x', 'Xena', otherSite.id],
      ] as const) {
        if (alone && siteId !== site) continue;
        await made.store.createStaff({
          id,
          siteId,
          name,
          role: 'agent',
          tokenHash: `hash-${id}`,
          createdAt: 0,
          revokedAt: null,
        });
      }
      const arrivals: Array<{ time: number; row: Array<string | number | null> }> = [];
      for (const seed of seeds) {
        const siteId = seed.siteId ?? site;
        if (alone && siteId !== site) continue;
        const visitor = `v_${seed.id}`;
        const created = at(seed.createdAt);
        await made.exec('INSERT INTO visitors (site_id, visitor_id, created_at, updated_at) VALUES (?, ?, ?, ?)', [
          siteId,
          visitor,
          created,
          created,
        ]);
        const last = at(seed.messages[seed.messages.length - 1]![0]);
        await made.exec(
          `INSERT INTO conversations (id, site_id, visitor_id, status, last_seq, created_at, updated_at, assignee_id, resolved_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            seed.id,
            siteId,
            visitor,
            seed.status ?? 'open',
            seed.messages.length,
            created,
            last,
            seed.assignee ?? null,
            seed.resolvedAt ? at(seed.resolvedAt) : null,
          ],
        );
        for (const [i, [time, role, author, kind, score]] of seed.messages.entries()) {
          arrivals.push({
            time: at(time),
            row: [
              seed.id,
              i + 1,
              `${seed.id}-${i}`,
              role,
              author ?? visitor,
              score ? '★'.repeat(score) : `message ${i}`,
              kind ?? 'text',
              at(time),
              score ? JSON.stringify({ rating: { score } }) : null,
            ],
          });
        }
      }
      // Messages get their ids in the order they arrive, as the relay's appends give them (SQLite's reports
      // find a range of time as a range of ids).
      for (const { row } of arrivals.sort((a, b) => a.time - b.time)) {
        await made.exec(
          `INSERT INTO messages (conversation_id, seq, client_id, author_role, author_id, text, kind, ts, extra)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          row,
        );
      }
      const admin = made.admin();
      opened.push(() => admin.close());
      return admin;
    }

    it('counts by local day across the end of daylight saving time, with percentiles, agents, hours and CSAT', async () => {
      const admin = await seeded();
      const report = await admin.repos.reports.report({ siteId: site, ...range, bucket: 'day' });
      // Local midnights: 30 and 31 October and 1 November at 04:00 UTC (EDT), 2 November at 05:00 UTC (EST).
      assert.deepEqual(report.conversations, [
        { t: at('2026-10-30T04:00:00Z'), count: 1 },
        { t: at('2026-10-31T04:00:00Z'), count: 2 },
        { t: at('2026-11-01T04:00:00Z'), count: 1 },
        { t: at('2026-11-02T05:00:00Z'), count: 2 },
      ]);
      assert.deepEqual(report.messages, [
        { t: at('2026-10-30T04:00:00Z'), visitor: 3, staff: 1, bot: 1 },
        { t: at('2026-10-31T04:00:00Z'), visitor: 2, staff: 2, bot: 0 },
        { t: at('2026-11-01T04:00:00Z'), visitor: 2, staff: 1, bot: 0 },
        { t: at('2026-11-02T05:00:00Z'), visitor: 3, staff: 1, bot: 0 },
      ]);
      // 60, 120, 300, 600 s: median at rank 1.5 = 120 + 0.5 × 180 = 210 s; p90 at rank 2.7 = 300 + 0.7 × 300 = 510 s.
      assert.deepEqual(report.firstResponse, { medianMs: 210_000, p90Ms: 510_000, count: 4 });
      // 0.5, 2, 24, 25 h: median 2 + 0.5 × 22 = 13 h; p90 24 + 0.7 × 1 = 24.7 h.
      assert.deepEqual(report.resolution, { medianMs: 46_800_000, p90Ms: 88_920_000, count: 4 });
      assert.deepEqual(report.agents, [
        { staffId: 'st_a', name: 'Ada', conversations: 3, assigned: 0, messages: 3, firstResponseMedianMs: 180_000 },
        { staffId: 'st_b', name: 'Bo', conversations: 2, assigned: 1, messages: 2, firstResponseMedianMs: 360_000 },
      ]);
      const expected = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
      expected[4]![6] = 2; // Friday 06:00 EDT: c1
      expected[4]![8] = 1; // Friday 08:00: c6's rating
      expected[5]![11] = 1; // Saturday: c2
      expected[5]![16] = 1; // Saturday: c8
      expected[6]![1] = 2; // Sunday 01:30, twice: c3
      expected[0]![7] = 1; // Monday 07:00 EST: c4
      expected[0]![8] = 2; // Monday 08:00: c5
      assert.deepEqual(report.busiestHours, expected);
      assert.deepEqual(report.csat, { count: 2, average: 4, distribution: [0, 0, 1, 0, 1] });
    });

    it('gives the same figures when the relay holds only this site', async () => {
      const alone = await seeded(true);
      const report = await alone.repos.reports.report({ siteId: site, ...range, bucket: 'day' });
      assert.deepEqual(
        report.messages.map((b) => [b.visitor, b.staff, b.bot]),
        [
          [3, 1, 1],
          [2, 2, 0],
          [2, 1, 0],
          [3, 1, 0],
        ],
      );
      assert.deepEqual(
        report.agents.map((a) => [a.staffId, a.messages, a.conversations]),
        [
          ['st_a', 3, 3],
          ['st_b', 2, 2],
        ],
      );
      assert.deepEqual(report.csat, { count: 2, average: 4, distribution: [0, 0, 1, 0, 1] });
      assert.equal(
        report.busiestHours.flat().reduce((a, b) => a + b, 0),
        10,
      );
    });

    it('counts by local hour, the repeated hour twice, and a single value is its own median and p90', async () => {
      const admin = await seeded();
      const report = await admin.repos.reports.report({
        siteId: site,
        from: at('2026-11-01T04:00:00Z'),
        to: at('2026-11-01T08:00:00Z'),
        tz: range.tz,
        bucket: 'hour',
      });
      // 00:00 EDT, 01:00 EDT, 01:00 EST, 02:00 EST.
      assert.deepEqual(report.messages, [
        { t: at('2026-11-01T04:00:00Z'), visitor: 0, staff: 0, bot: 0 },
        { t: at('2026-11-01T05:00:00Z'), visitor: 1, staff: 1, bot: 0 },
        { t: at('2026-11-01T06:00:00Z'), visitor: 1, staff: 0, bot: 0 },
        { t: at('2026-11-01T07:00:00Z'), visitor: 0, staff: 0, bot: 0 },
      ]);
      assert.deepEqual(
        report.conversations.map((b) => b.count),
        [0, 1, 0, 0],
      );
      assert.deepEqual(report.firstResponse, { medianMs: 300_000, p90Ms: 300_000, count: 1 });
      assert.deepEqual(report.resolution, { medianMs: null, p90Ms: null, count: 0 });
      assert.equal(report.csat, null);
      assert.deepEqual(
        report.agents.map((a) => [a.staffId, a.messages, a.firstResponseMedianMs]),
        [['st_a', 1, 300_000]],
      );
    });

    it('answers an empty range with zeros and nulls, and another site sees only its own rows', async () => {
      const admin = await seeded();
      const empty = await admin.repos.reports.report({
        siteId: site,
        from: at('2026-12-01T00:00:00Z'),
        to: at('2026-12-03T00:00:00Z'),
        tz: 'UTC',
        bucket: 'day',
      });
      assert.deepEqual(empty.conversations, [
        { t: at('2026-12-01T00:00:00Z'), count: 0 },
        { t: at('2026-12-02T00:00:00Z'), count: 0 },
      ]);
      assert.deepEqual(empty.firstResponse, { medianMs: null, p90Ms: null, count: 0 });
      assert.deepEqual(empty.agents, []);
      assert.equal(empty.csat, null);
      assert.equal(
        empty.busiestHours.flat().reduce((a, b) => a + b, 0),
        0,
      );

      const other = await admin.repos.reports.report({ siteId: otherSite.id, ...range, bucket: 'day' });
      assert.deepEqual(
        other.conversations.map((b) => b.count),
        [0, 1, 0, 0],
      );
      assert.deepEqual(other.firstResponse, { medianMs: 60_000, p90Ms: 60_000, count: 1 });
      assert.deepEqual(other.resolution, { medianMs: 600_000, p90Ms: 600_000, count: 1 });
      assert.deepEqual(other.agents, [
        { staffId: 'st_x', name: 'Xena', conversations: 1, assigned: 1, messages: 1, firstResponseMedianMs: 60_000 },
      ]);
      assert.deepEqual(other.csat, { count: 1, average: 1, distribution: [1, 0, 0, 0, 0] });
    });
  });
}
