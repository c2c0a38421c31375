import type { ConversationPriority } from '@parley/protocol';
import type { SlaMatch, SlaPolicy, SlaTarget } from '@parley/protocol/admin';
import type { OutboxInsert } from '../outbox/outbox.js';
import { placeholders } from '../store/sql/admin-rows.js';
import { enqueue } from '../store/sql/outbox-rows.js';
import type { SqlDb, SqlValue } from '../store/sql/sql-db.js';

/** Priorities from the lowest: a breach only ever raises one. */
const PRIORITY_ORDER: readonly ConversationPriority[] = ['none', 'low', 'medium', 'high', 'urgent'];

/** A policy as stored (the contract's shape). */
export type PolicyRecord = SlaPolicy;

/** The fields a policy is written with. */
export type PolicyFields = Omit<SlaPolicy, 'id' | 'position' | 'isDefault' | 'createdAt' | 'updatedAt'>;

/** One clock of a conversation: a target's cycle. */
export interface ClockRecord {
  readonly conversationId: string;
  readonly target: SlaTarget;
  readonly cycle: number;
  readonly siteId: string;
  readonly policyId: string;
  readonly startedAt: number;
  readonly dueAt: number;
  readonly warnAt: number | null;
  readonly pausedSince: number | null;
  /** Counted time left when it was paused (ms). */
  readonly remainingMs: number | null;
  readonly pausedMs: number;
  readonly warnedAt: number | null;
  readonly metAt: number | null;
  readonly breachedAt: number | null;
}

/** A clock to start, with its timers (written only if the clock is new). */
export interface NewClock {
  readonly clock: Omit<ClockRecord, 'pausedSince' | 'remainingMs' | 'pausedMs' | 'warnedAt' | 'metAt' | 'breachedAt'>;
  readonly timers: readonly OutboxInsert[];
}

/** A conversation's SLA: which policy applied and since when. */
export interface SlaConversation {
  readonly conversationId: string;
  readonly policyId: string;
  readonly startedAt: number;
}

/** What a breach came to. */
export type BreachOutcome =
  | { readonly status: 'breached'; readonly previous: ConversationPriority; readonly priority: ConversationPriority }
  | { readonly status: 'stale'; readonly detail: string };

interface PolicyRow {
  id: string;
  site_id: string;
  name: string;
  position: number | string;
  is_default: number | string;
  business_hours: number | string;
  first_response_minutes: number | null;
  next_response_minutes: number | null;
  resolution_minutes: number | null;
  warn_percent: number | null;
  raise_priority_to: ConversationPriority | null;
  notify_email: number | string;
  match: string;
  created_at: number | string;
  updated_at: number | string;
}

interface ClockRow {
  conversation_id: string;
  target: SlaTarget;
  cycle: number | string;
  site_id: string;
  policy_id: string;
  started_at: number | string;
  due_at: number | string;
  warn_at: number | string | null;
  paused_since: number | string | null;
  remaining_ms: number | string | null;
  paused_ms: number | string;
  warned_at: number | string | null;
  met_at: number | string | null;
  breached_at: number | string | null;
}

const num = (value: number | string | null): number | null => (value === null ? null : Number(value));

function toPolicy(row: PolicyRow): PolicyRecord & { siteId: string } {
  let match: SlaMatch = {};
  try {
    match = JSON.parse(row.match) as SlaMatch;
  } catch {
    // A damaged document matches everything rather than breaking the site's SLA.
  }
  return {
    id: row.id,
    siteId: row.site_id,
    name: row.name,
    position: Number(row.position),
    isDefault: Number(row.is_default) !== 0,
    businessHours: Number(row.business_hours) !== 0,
    firstResponseMinutes: num(row.first_response_minutes),
    nextResponseMinutes: num(row.next_response_minutes),
    resolutionMinutes: num(row.resolution_minutes),
    warnAtPercent: num(row.warn_percent),
    raisePriorityTo: row.raise_priority_to,
    notifyEmail: Number(row.notify_email) !== 0,
    match,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toClock(row: ClockRow): ClockRecord {
  return {
    conversationId: row.conversation_id,
    target: row.target,
    cycle: Number(row.cycle),
    siteId: row.site_id,
    policyId: row.policy_id,
    startedAt: Number(row.started_at),
    dueAt: Number(row.due_at),
    warnAt: num(row.warn_at),
    pausedSince: num(row.paused_since),
    remainingMs: num(row.remaining_ms),
    pausedMs: Number(row.paused_ms),
    warnedAt: num(row.warned_at),
    metAt: num(row.met_at),
    breachedAt: num(row.breached_at),
  };
}

const CLOCK_COLUMNS = `conversation_id, target, cycle, site_id, policy_id, started_at, due_at, warn_at, paused_since,
  remaining_ms, paused_ms, warned_at, met_at, breached_at`;

/** The clock's key, for a compare-and-set. */
const KEY = 'conversation_id = ? AND target = ? AND cycle = ?';
const keyOf = (clock: Pick<ClockRecord, 'conversationId' | 'target' | 'cycle'>): SqlValue[] => [
  clock.conversationId,
  clock.target,
  clock.cycle,
];

/**
 * The SLA feature's tables (docs/sla.md): the policies and each conversation's clocks, on both stores. Every change
 * to a clock is a compare-and-set on what its caller read, so two relays (or a job delivered twice) decide once.
 */
export class SlaRepository {
  constructor(private readonly db: SqlDb) {}

  // ---- policies ---------------------------------------------------------------------------------------------

  /** Every site's policies (the cache's refresh), in each site's order. */
  async allPolicies(): Promise<Array<PolicyRecord & { siteId: string }>> {
    const rows = await this.db.all<PolicyRow>('SELECT * FROM sla_policies ORDER BY site_id, is_default, position, id');
    return rows.map(toPolicy);
  }

  /** The site's policies in the order they are tried, the default last. */
  async listPolicies(siteId: string): Promise<PolicyRecord[]> {
    const rows = await this.db.all<PolicyRow>(
      'SELECT * FROM sla_policies WHERE site_id = ? ORDER BY is_default, position, id',
      [siteId],
    );
    return rows.map(toPolicy);
  }

  /** Adds a policy: last before the default, or as the default (replacing the default there was, which stays a policy). */
  async createPolicy(
    siteId: string,
    id: string,
    fields: PolicyFields,
    isDefault: boolean,
    now: number,
  ): Promise<PolicyRecord> {
    await this.db.transaction(async (db) => {
      if (isDefault)
        await db.run('UPDATE sla_policies SET is_default = 0, updated_at = ? WHERE site_id = ? AND is_default = 1', [
          now,
          siteId,
        ]);
      const [row] = await db.all<{ n: number | string | null }>(
        'SELECT max(position) AS n FROM sla_policies WHERE site_id = ?',
        [siteId],
      );
      const position = row?.n === null || row?.n === undefined ? 0 : Number(row.n) + 1;
      await db.run(
        `INSERT INTO sla_policies (id, site_id, name, position, is_default, business_hours, first_response_minutes,
           next_response_minutes, resolution_minutes, warn_percent, raise_priority_to, notify_email, match, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [id, siteId, fields.name, position, isDefault ? 1 : 0, ...fieldValues(fields), now, now],
      );
    });
    return (await this.listPolicies(siteId)).find((policy) => policy.id === id)!;
  }

  /** Changes a policy's fields; `undefined` when the site has no such policy. */
  async updatePolicy(siteId: string, id: string, fields: PolicyFields, now: number): Promise<PolicyRecord | undefined> {
    const changed = await this.db.run(
      `UPDATE sla_policies SET name = ?, business_hours = ?, first_response_minutes = ?, next_response_minutes = ?,
         resolution_minutes = ?, warn_percent = ?, raise_priority_to = ?, notify_email = ?, match = ?, updated_at = ?
       WHERE site_id = ? AND id = ?`,
      [fields.name, ...fieldValues(fields), now, siteId, id],
    );
    if (changed === 0) return undefined;
    return (await this.listPolicies(siteId)).find((policy) => policy.id === id);
  }

  /** Deletes a policy (its clocks keep their record of it); false when there is none. */
  async deletePolicy(siteId: string, id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM sla_policies WHERE site_id = ? AND id = ?', [siteId, id])) > 0;
  }

  /**
   * Puts the site's policies in the order of `ids` (every policy but the default, each once): `'mismatch'` when
   * `ids` is not exactly that set.
   */
  async reorder(siteId: string, ids: readonly string[], now: number): Promise<'ok' | 'mismatch'> {
    return this.db.transaction(async (db) => {
      const rows = await db.all<{ id: string }>('SELECT id FROM sla_policies WHERE site_id = ? AND is_default = 0', [
        siteId,
      ]);
      const known = new Set(rows.map((row) => row.id));
      if (ids.length !== known.size || new Set(ids).size !== ids.length || ids.some((id) => !known.has(id)))
        return 'mismatch' as const;
      for (const [position, id] of ids.entries())
        await db.run('UPDATE sla_policies SET position = ?, updated_at = ? WHERE site_id = ? AND id = ?', [
          position,
          now,
          siteId,
          id,
        ]);
      await db.run('UPDATE sla_policies SET position = ?, updated_at = ? WHERE site_id = ? AND is_default = 1', [
        ids.length,
        now,
        siteId,
      ]);
      return 'ok' as const;
    });
  }

  /**
   * Sets the site's default policy's first-response target, breach priority and email, making the default if there
   * is none: what the old `sla` field of `PUT /v1/admin/routing` says.
   */
  async putLegacyDefault(
    siteId: string,
    sla: { firstResponseMinutes: number; raisePriorityTo: ConversationPriority; notifyEmail: boolean },
    now: number,
  ): Promise<void> {
    await this.db.transaction(async (db) => {
      const changed = await db.run(
        `UPDATE sla_policies SET first_response_minutes = ?, raise_priority_to = ?, notify_email = ?, updated_at = ?
         WHERE site_id = ? AND is_default = 1`,
        [sla.firstResponseMinutes, sla.raisePriorityTo, sla.notifyEmail ? 1 : 0, now, siteId],
      );
      if (changed > 0) return;
      const [row] = await db.all<{ n: number | string | null }>(
        'SELECT max(position) AS n FROM sla_policies WHERE site_id = ?',
        [siteId],
      );
      await db.run(
        `INSERT INTO sla_policies (id, site_id, name, position, is_default, first_response_minutes, warn_percent,
           raise_priority_to, notify_email, match, created_at, updated_at)
         VALUES (?, ?, 'Default', ?, 1, ?, 80, ?, ?, '{}', ?, ?) ON CONFLICT (id) DO NOTHING`,
        [
          `slp_default_${siteId}`,
          siteId,
          row?.n === null || row?.n === undefined ? 0 : Number(row.n) + 1,
          sla.firstResponseMinutes,
          sla.raisePriorityTo,
          sla.notifyEmail ? 1 : 0,
          now,
          now,
        ],
      );
    });
  }

  // ---- clocks -----------------------------------------------------------------------------------------------

  /** The conversations' SLA records (which policy applied), by conversation id. */
  async conversations(ids: readonly string[]): Promise<Map<string, SlaConversation>> {
    const found = new Map<string, SlaConversation>();
    if (ids.length === 0) return found;
    const rows = await this.db.all<{ conversation_id: string; policy_id: string; started_at: number | string }>(
      `SELECT conversation_id, policy_id, started_at FROM sla_conversations WHERE conversation_id IN (${placeholders(ids.length)})`,
      ids,
    );
    for (const row of rows)
      found.set(row.conversation_id, {
        conversationId: row.conversation_id,
        policyId: row.policy_id,
        startedAt: Number(row.started_at),
      });
    return found;
  }

  /** The conversations' clocks, every cycle, by conversation id. */
  async clocksOf(ids: readonly string[]): Promise<Map<string, ClockRecord[]>> {
    const found = new Map<string, ClockRecord[]>();
    if (ids.length === 0) return found;
    const rows = await this.db.all<ClockRow>(
      `SELECT ${CLOCK_COLUMNS} FROM sla_clocks WHERE conversation_id IN (${placeholders(ids.length)})
       ORDER BY conversation_id, target, cycle`,
      ids,
    );
    for (const row of rows) {
      const list = found.get(row.conversation_id) ?? [];
      list.push(toClock(row));
      found.set(row.conversation_id, list);
    }
    return found;
  }

  /** One conversation's clocks of the site. */
  async clocks(siteId: string, conversationId: string): Promise<ClockRecord[]> {
    const rows = await this.db.all<ClockRow>(
      `SELECT ${CLOCK_COLUMNS} FROM sla_clocks WHERE site_id = ? AND conversation_id = ? ORDER BY target, cycle`,
      [siteId, conversationId],
    );
    return rows.map(toClock);
  }

  /**
   * What a batch of messages did to clocks, in one transaction: conversations whose SLA starts (with their first
   * clocks), clocks started (next-response cycles), clocks met, first replies recorded on the conversation (its
   * `firstResponseAt`) and first-response due times (its `dueAt`). Every write is a compare-and-set, and a clock's
   * timers are written only with the clock, so the same batch handled twice writes nothing the second time.
   */
  async applyMessages(
    changes: {
      readonly started: ReadonlyArray<SlaConversation & { readonly siteId: string; readonly dueAt: number | null }>;
      readonly clocks: readonly NewClock[];
      readonly met: ReadonlyArray<Pick<ClockRecord, 'conversationId' | 'target' | 'cycle'> & { readonly at: number }>;
      readonly firstReplies: ReadonlyArray<{
        readonly siteId: string;
        readonly conversationId: string;
        readonly at: number;
      }>;
    },
    now: number,
  ): Promise<number> {
    const { started, clocks, met, firstReplies } = changes;
    if (started.length + clocks.length + met.length + firstReplies.length === 0) return 0;
    return this.db.transaction(async (db) => {
      let timers = 0;
      for (const conversation of started) {
        await db.run(
          `INSERT INTO sla_conversations (conversation_id, site_id, policy_id, started_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (conversation_id) DO NOTHING`,
          [conversation.conversationId, conversation.siteId, conversation.policyId, conversation.startedAt],
        );
        if (conversation.dueAt !== null)
          await db.run('UPDATE conversations SET sla_due_at = ? WHERE site_id = ? AND id = ? AND sla_due_at IS NULL', [
            conversation.dueAt,
            conversation.siteId,
            conversation.conversationId,
          ]);
      }
      for (const { clock, timers: jobs } of clocks) {
        const inserted = await db.run(
          `INSERT INTO sla_clocks (conversation_id, target, cycle, site_id, policy_id, started_at, due_at, warn_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (conversation_id, target, cycle) DO NOTHING`,
          [...keyOf(clock), clock.siteId, clock.policyId, clock.startedAt, clock.dueAt, clock.warnAt],
        );
        if (inserted > 0 && jobs.length > 0) {
          await enqueue(db, jobs, now);
          timers += jobs.length;
        }
      }
      for (const clock of met)
        await db.run(`UPDATE sla_clocks SET met_at = ? WHERE ${KEY} AND met_at IS NULL AND started_at <= ?`, [
          clock.at,
          ...keyOf(clock),
          clock.at,
        ]);
      for (const reply of firstReplies)
        await db.run(
          `UPDATE conversations SET first_response_at = ?
           WHERE site_id = ? AND id = ? AND (first_response_at IS NULL OR first_response_at > ?)`,
          [reply.at, reply.siteId, reply.conversationId, reply.at],
        );
      return timers;
    });
  }

  /** Marks a clock met at `at` if it is still running (a reply found by a timer). */
  async meet(clock: ClockRecord, at: number): Promise<boolean> {
    return (
      (await this.db.run(`UPDATE sla_clocks SET met_at = ? WHERE ${KEY} AND met_at IS NULL`, [at, ...keyOf(clock)])) > 0
    );
  }

  /** The first staff reply (text, never the bot's nor a note) at or after `since` (ms), if any. */
  async staffReplySince(conversationId: string, since: number): Promise<number | undefined> {
    const [row] = await this.db.all<{ at: number | string | null }>(
      `SELECT min(ts) AS at FROM messages WHERE conversation_id = ? AND author_role = 'staff' AND kind = 'text' AND ts >= ?`,
      [conversationId, since],
    );
    return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
  }

  /** Records the warning, once, if the clock is still as read (running, not moved by a pause). */
  async warn(clock: ClockRecord, now: number): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE sla_clocks SET warned_at = ? WHERE ${KEY} AND due_at = ? AND warned_at IS NULL AND met_at IS NULL
         AND breached_at IS NULL AND paused_since IS NULL`,
      [now, ...keyOf(clock), clock.dueAt],
    );
    return changed > 0;
  }

  /**
   * Records a breach, once, if the clock is still as read, and in the same transaction raises the conversation's
   * priority to at least `raiseTo`, marks it overdue (a first reply's breach: the inbox's Overdue view) and writes
   * the `effects` the change causes.
   */
  async breach(
    clock: ClockRecord,
    raiseTo: ConversationPriority | null,
    now: number,
    effects: (previous: ConversationPriority, next: ConversationPriority) => readonly OutboxInsert[] | undefined,
  ): Promise<BreachOutcome> {
    return this.db.transaction(async (db) => {
      const changed = await db.run(
        `UPDATE sla_clocks SET breached_at = ? WHERE ${KEY} AND due_at = ? AND met_at IS NULL AND breached_at IS NULL
           AND paused_since IS NULL`,
        [now, ...keyOf(clock), clock.dueAt],
      );
      if (changed === 0) return { status: 'stale', detail: 'met, paused or moved meanwhile' } as const;
      const [conversation] = await db.all<{ priority: ConversationPriority; status: string }>(
        'SELECT priority, status FROM conversations WHERE site_id = ? AND id = ?',
        [clock.siteId, clock.conversationId],
      );
      if (!conversation) return { status: 'stale', detail: 'no such conversation' } as const;
      const previous = conversation.priority;
      const next =
        raiseTo !== null && PRIORITY_ORDER.indexOf(raiseTo) > PRIORITY_ORDER.indexOf(previous) ? raiseTo : previous;
      const overdue = clock.target === 'firstResponse' ? ', overdue = 1' : '';
      await db.run(`UPDATE conversations SET priority = ?, updated_at = ?${overdue} WHERE site_id = ? AND id = ?`, [
        next,
        now,
        clock.siteId,
        clock.conversationId,
      ]);
      const written = effects(previous, next);
      if (written && written.length > 0) await enqueue(db, written, now);
      return { status: 'breached', previous, priority: next } as const;
    });
  }

  /**
   * Pauses the conversation's running clocks at `at` (each with the counted time it had left, `remaining`), and
   * meets its resolution clock when it was resolved; one transaction, each clock only if still as read.
   */
  async pause(
    clocks: ReadonlyArray<{ readonly clock: ClockRecord; readonly remainingMs: number }>,
    at: number,
    resolved: ReadonlyArray<ClockRecord>,
  ): Promise<void> {
    if (clocks.length + resolved.length === 0) return;
    await this.db.transaction(async (db) => {
      for (const { clock, remainingMs } of clocks)
        await db.run(
          `UPDATE sla_clocks SET paused_since = ?, remaining_ms = ? WHERE ${KEY} AND due_at = ? AND paused_since IS NULL
             AND met_at IS NULL AND breached_at IS NULL`,
          [at, remainingMs, ...keyOf(clock), clock.dueAt],
        );
      for (const clock of resolved)
        await db.run(`UPDATE sla_clocks SET met_at = ? WHERE ${KEY} AND met_at IS NULL AND breached_at IS NULL`, [
          at,
          ...keyOf(clock),
        ]);
    });
  }

  /** Resumes paused clocks with their new due and warning times, and writes their timers; one transaction. */
  async resume(
    clocks: ReadonlyArray<{
      readonly clock: ClockRecord;
      readonly dueAt: number;
      readonly warnAt: number | null;
      readonly timers: readonly OutboxInsert[];
    }>,
    at: number,
  ): Promise<void> {
    if (clocks.length === 0) return;
    await this.db.transaction(async (db) => {
      for (const { clock, dueAt, warnAt, timers } of clocks) {
        const changed = await db.run(
          `UPDATE sla_clocks SET paused_ms = paused_ms + (? - paused_since), paused_since = NULL, remaining_ms = NULL,
             due_at = ?, warn_at = ? WHERE ${KEY} AND paused_since = ?`,
          [at, dueAt, warnAt, ...keyOf(clock), clock.pausedSince],
        );
        if (changed > 0 && timers.length > 0) await enqueue(db, timers, at);
      }
    });
  }

  /**
   * Moves a conversation to another policy (its priority, team or labels changed), if it still has `from`: its
   * running and paused clocks take the new targets (`clocks`: each with its new due and warning times, or while
   * paused what it has left, and its timers) and the targets the old policy lacked start (`started`). One
   * transaction; false when another relay moved it first.
   */
  async review(
    conversationId: string,
    from: string,
    to: string,
    clocks: ReadonlyArray<{
      readonly clock: ClockRecord;
      readonly dueAt: number;
      readonly warnAt: number | null;
      readonly remainingMs: number | null;
      readonly timers: readonly OutboxInsert[];
    }>,
    started: readonly NewClock[],
    now: number,
  ): Promise<boolean> {
    return this.db.transaction(async (db) => {
      const moved = await db.run(
        'UPDATE sla_conversations SET policy_id = ? WHERE conversation_id = ? AND policy_id = ?',
        [to, conversationId, from],
      );
      if (moved === 0) return false;
      for (const { clock, dueAt, warnAt, remainingMs, timers } of clocks) {
        const changed = await db.run(
          `UPDATE sla_clocks SET policy_id = ?, due_at = ?, warn_at = ?, remaining_ms = ?
           WHERE ${KEY} AND due_at = ? AND met_at IS NULL AND breached_at IS NULL`,
          [to, dueAt, warnAt, remainingMs, ...keyOf(clock), clock.dueAt],
        );
        if (changed > 0 && timers.length > 0) await enqueue(db, timers, now);
      }
      for (const { clock, timers } of started) {
        const inserted = await db.run(
          `INSERT INTO sla_clocks (conversation_id, target, cycle, site_id, policy_id, started_at, due_at, warn_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (conversation_id, target, cycle) DO NOTHING`,
          [...keyOf(clock), clock.siteId, clock.policyId, clock.startedAt, clock.dueAt, clock.warnAt],
        );
        if (inserted > 0 && timers.length > 0) await enqueue(db, timers, now);
      }
      return true;
    });
  }

  /**
   * Met and breached clocks due in `[from, to)`, counted by the split's key (the policy; the conversation's team or
   * assignee now) and target, narrowed by `narrowed` (the reports' filter set as SQL over `conversations c`: ` AND …`).
   * A read over many rows: `scan`.
   */
  async attainment(
    siteId: string,
    from: number,
    to: number,
    split: 'policy' | 'team' | 'agent',
    narrowed: { sql: string; params: SqlValue[] } = { sql: '', params: [] },
  ): Promise<Array<{ id: string | null; name: string | null; target: SlaTarget; met: number; breached: number }>> {
    const key = { policy: 'k.policy_id', team: 'c.team_id', agent: 'c.assignee_id' }[split];
    const name = {
      policy: '(SELECT p.name FROM sla_policies p WHERE p.id = g.id)',
      team: '(SELECT t.name FROM teams t WHERE t.id = g.id)',
      agent: '(SELECT s.name FROM staff s WHERE s.id = g.id)',
    }[split];
    const rows = await this.db.scan<{
      id: string | null;
      name: string | null;
      target: SlaTarget;
      met: number | string;
      breached: number | string;
    }>(
      `SELECT g.id, ${name} AS name,
         g.target, g.met, g.breached
       FROM (SELECT ${key} AS id, k.target,
               sum(CASE WHEN k.breached_at IS NULL THEN 1 ELSE 0 END) AS met,
               sum(CASE WHEN k.breached_at IS NULL THEN 0 ELSE 1 END) AS breached
             FROM sla_clocks k LEFT JOIN conversations c ON c.id = k.conversation_id
             WHERE k.site_id = ? AND k.due_at >= ? AND k.due_at < ? AND (k.met_at IS NOT NULL OR k.breached_at IS NOT NULL)${narrowed.sql}
             GROUP BY ${key}, k.target) g
       ORDER BY g.target, g.id`,
      [siteId, from, to, ...narrowed.params],
    );
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      target: row.target,
      met: Number(row.met),
      breached: Number(row.breached),
    }));
  }
}

/** The columns from `business_hours` to `match`, in the order the statements above list them. */
function fieldValues(fields: PolicyFields): SqlValue[] {
  return [
    fields.businessHours ? 1 : 0,
    fields.firstResponseMinutes,
    fields.nextResponseMinutes,
    fields.resolutionMinutes,
    fields.warnAtPercent,
    fields.raisePriorityTo,
    fields.notifyEmail ? 1 : 0,
    JSON.stringify(fields.match),
  ];
}
