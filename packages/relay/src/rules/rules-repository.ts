import { RuleAction, RuleCondition, type Macro, type Rule, type RuleRun, type RuleRuns } from '@parley/protocol/admin';
import * as z from 'zod/mini';
import type { ContactContext } from '../store/admin-store.js';
import type { SqlDb } from '../store/sql/sql-db.js';
import type { ConversationReads, RuleConversation } from './rule-conditions.js';

/** A rule as stored, without its run counts. */
export type RuleRecord = Omit<Rule, 'runs'> & { readonly siteId: string };

/** A firing's outcome, as the run log keeps it. */
export type FiringStatus = RuleRun['status'];

interface RuleRow {
  id: string;
  site_id: string;
  name: string;
  enabled: number;
  position: number;
  trigger: string;
  idle_minutes: number | null;
  match: string;
  conditions: string;
  actions: string;
  created_at: number | string;
  updated_at: number | string;
}

const Conditions = z.array(RuleCondition);
const Actions = z.array(RuleAction);

const ruleRecord = (row: RuleRow): RuleRecord => ({
  id: row.id,
  siteId: row.site_id,
  name: row.name,
  enabled: row.enabled === 1,
  position: Number(row.position),
  trigger: row.trigger as Rule['trigger'],
  idleMinutes: row.idle_minutes === null ? null : Number(row.idle_minutes),
  match: row.match === 'any' ? 'any' : 'all',
  // Written through the API's schema; read back through it, so a row edited by hand cannot run as something else.
  conditions: Conditions.parse(JSON.parse(row.conditions)),
  actions: Actions.parse(JSON.parse(row.actions)),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

interface MacroRow {
  id: string;
  site_id: string;
  owner_id: string | null;
  name: string;
  sender: string;
  actions: string;
  created_at: number | string;
  updated_at: number | string;
}

export type MacroRecord = Macro & { readonly siteId: string };

const macroRecord = (row: MacroRow): MacroRecord => ({
  id: row.id,
  siteId: row.site_id,
  name: row.name,
  shared: row.owner_id === null,
  ownerId: row.owner_id,
  sender: row.sender === 'agent' ? 'agent' : 'bot',
  actions: Actions.parse(JSON.parse(row.actions)),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

/** A firing to record: the rule, its event, and the conversation it was about. */
export interface Firing {
  readonly ruleId: string;
  readonly event: string;
  readonly siteId: string;
  readonly conversationId: string | null;
  readonly at: number;
}

/** How long the run log keeps firings (30 days): its counts are of that window. */
export const RUN_LOG_MS = 30 * 24 * 3600 * 1000;

/** The rules feature's tables: `rules`, `rule_firings` (the run log, and each event's once), `macros`. */
export class RulesRepository {
  constructor(readonly db: SqlDb) {}

  /**
   * What the rules' conditions read of several conversations of a site, in at most two statements (off the event
   * loop on SQLite): the message log's batch asks once, not once per message. Only what `reads` asks for beside the
   * conversation's row (a part not read is left empty: no rule asking for it reads it). Without the last message (a
   * message's event has its own text).
   */
  async conversationFacts(
    siteId: string,
    ids: readonly string[],
    reads: Pick<ConversationReads, 'context' | 'channel' | 'labels'>,
  ): Promise<Map<string, RuleConversation>> {
    const facts = new Map<string, RuleConversation>();
    if (ids.length === 0) return facts;
    // The ids as one JSON array: one statement whatever their number, prepared once (a list of placeholders made a
    // statement per batch size).
    const each = this.db.dialect === 'postgres' ? 'json_array_elements_text(?::json)' : 'json_each(?)';
    const list = JSON.stringify(ids);
    const rows = await this.db.scan<{
      id: string;
      status: RuleConversation['status'];
      priority: RuleConversation['priority'];
      assignee_id: string | null;
      team_id: string | null;
      channel?: 'email' | 'api' | null;
      provider?: string | null;
      subject?: string | null;
      context?: string | null;
    }>(
      `SELECT c.id, c.status, c.priority, c.assignee_id, c.team_id${reads.channel ? ', ch.channel, ch.subject, ch.provider' : ''}${
        reads.context ? ', k.context' : ''
      }
         FROM conversations c${reads.channel ? ' LEFT JOIN conversation_channels ch ON ch.conversation_id = c.id' : ''}${
           reads.context ? ' LEFT JOIN contacts k ON k.site_id = c.site_id AND k.contact_id = c.visitor_id' : ''
         }
        WHERE c.site_id = ? AND c.id IN (SELECT value FROM ${each})`,
      [siteId, list],
    );
    const labels = new Map<string, string[]>();
    if (reads.labels)
      for (const row of await this.db.scan<{ conversation_id: string; label: string }>(
        `SELECT conversation_id, label FROM conversation_labels WHERE conversation_id IN (SELECT value FROM ${each})`,
        [list],
      )) {
        const list = labels.get(row.conversation_id);
        if (list) list.push(row.label);
        else labels.set(row.conversation_id, [row.label]);
      }
    for (const row of rows)
      facts.set(row.id, {
        id: row.id,
        status: row.status,
        priority: row.priority,
        labels: labels.get(row.id) ?? [],
        assigneeId: row.assignee_id,
        teamId: row.team_id,
        channel: row.channel ?? 'chat',
        provider: row.provider ?? null,
        subject: row.subject ?? null,
        lastMessage: undefined,
        visitor: { context: row.context ? (JSON.parse(row.context) as ContactContext) : undefined },
      });
    return facts;
  }

  /** Every live rule of every site (the cache's fill), in each site's order. */
  async allRules(): Promise<RuleRecord[]> {
    const rows = await this.db.all<RuleRow>('SELECT * FROM rules WHERE deleted = 0 ORDER BY site_id, position, id');
    return rows.map(ruleRecord);
  }

  /** What changes when any rule is written: other relays compare it to know when to read the rules again. */
  async version(): Promise<string> {
    const [row] = await this.db.all<{ n: number | string; at: number | string | null }>(
      'SELECT COUNT(*) AS n, MAX(updated_at) AS at FROM rules',
    );
    return `${row?.n ?? 0}:${row?.at ?? 0}`;
  }

  async siteRules(siteId: string): Promise<RuleRecord[]> {
    const rows = await this.db.all<RuleRow>(
      'SELECT * FROM rules WHERE site_id = ? AND deleted = 0 ORDER BY position, id',
      [siteId],
    );
    return rows.map(ruleRecord);
  }

  async rule(siteId: string, id: string): Promise<RuleRecord | undefined> {
    const [row] = await this.db.all<RuleRow>('SELECT * FROM rules WHERE site_id = ? AND id = ? AND deleted = 0', [
      siteId,
      id,
    ]);
    return row ? ruleRecord(row) : undefined;
  }

  async countRules(siteId: string): Promise<number> {
    const [row] = await this.db.all<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM rules WHERE site_id = ? AND deleted = 0',
      [siteId],
    );
    return Number(row?.n ?? 0);
  }

  async putRule(rule: RuleRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO rules (id, site_id, name, enabled, position, trigger, idle_minutes, match, conditions, actions,
         created_at, updated_at, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, enabled = excluded.enabled, position = excluded.position,
         trigger = excluded.trigger, idle_minutes = excluded.idle_minutes, match = excluded.match,
         conditions = excluded.conditions, actions = excluded.actions, updated_at = excluded.updated_at`,
      [
        rule.id,
        rule.siteId,
        rule.name,
        rule.enabled ? 1 : 0,
        rule.position,
        rule.trigger,
        rule.idleMinutes,
        rule.match,
        JSON.stringify(rule.conditions),
        JSON.stringify(rule.actions),
        rule.createdAt,
        rule.updatedAt,
      ],
    );
  }

  async deleteRule(siteId: string, id: string, at: number): Promise<boolean> {
    const changed = await this.db.run(
      'UPDATE rules SET deleted = 1, updated_at = ? WHERE site_id = ? AND id = ? AND deleted = 0',
      [at, siteId, id],
    );
    return changed > 0;
  }

  /** Puts the site's rules in the order of `ids` (every live rule's id, each once), in one transaction. */
  async reorder(siteId: string, ids: readonly string[], at: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const [position, id] of ids.entries())
        await tx.run('UPDATE rules SET position = ?, updated_at = ? WHERE site_id = ? AND id = ? AND deleted = 0', [
          position,
          at,
          siteId,
          id,
        ]);
    });
  }

  /** The counts of the rules' firings in the run log's window, and each rule's last errors. */
  async runs(siteId: string, since: number): Promise<Map<string, RuleRuns>> {
    const counts = await this.db.all<{
      rule_id: string;
      fired: number | string;
      failed: number | string;
      last: number | string;
    }>(
      `SELECT rule_id, COUNT(*) AS fired, SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed, MAX(at) AS last
         FROM rule_firings WHERE site_id = ? AND at >= ? GROUP BY rule_id`,
      [siteId, since],
    );
    const errors = await this.db.all<{
      rule_id: string;
      at: number | string;
      conversation_id: string | null;
      detail: string | null;
    }>(
      `SELECT rule_id, at, conversation_id, detail FROM rule_firings
         WHERE site_id = ? AND at >= ? AND status = 'failed' ORDER BY at DESC LIMIT 200`,
      [siteId, since],
    );
    const runs = new Map<string, RuleRuns>();
    for (const row of counts)
      runs.set(row.rule_id, {
        fired: Number(row.fired),
        failed: Number(row.failed ?? 0),
        lastFiredAt: Number(row.last),
        lastErrors: [],
      });
    for (const row of errors) {
      const run = runs.get(row.rule_id);
      if (run && run.lastErrors.length < 5)
        (run.lastErrors as RuleRuns['lastErrors'][number][]).push({
          at: Number(row.at),
          conversationId: row.conversation_id ?? '',
          error: row.detail ?? '',
        });
    }
    return runs;
  }

  /** A rule's latest firings, newest first. */
  async firings(ruleId: string, limit: number): Promise<RuleRun[]> {
    const rows = await this.db.all<{
      at: number | string;
      conversation_id: string | null;
      status: string;
      detail: string | null;
    }>('SELECT at, conversation_id, status, detail FROM rule_firings WHERE rule_id = ? ORDER BY at DESC LIMIT ?', [
      ruleId,
      limit,
    ]);
    return rows.map((row) => ({
      at: Number(row.at),
      conversationId: row.conversation_id,
      status: row.status === 'failed' ? 'failed' : row.status === 'done' ? 'done' : 'pending',
      detail: row.detail,
    }));
  }

  /**
   * Records a firing as pending on `db` (the transaction that writes its job); false when the rule already fired
   * for that event (read twice: the message log after a relay died, two relays' idle sweeps).
   */
  async claim(db: SqlDb, firing: Firing): Promise<boolean> {
    const changed = await db.run(
      `INSERT INTO rule_firings (rule_id, event, site_id, conversation_id, at, status) VALUES (?, ?, ?, ?, ?, 'pending')
       ON CONFLICT DO NOTHING`,
      [firing.ruleId, firing.event, firing.siteId, firing.conversationId, firing.at],
    );
    return changed > 0;
  }

  /** A firing's outcome (inserted when its job was written with its cause instead: a conversation's change). */
  async settle(firing: Firing, status: FiringStatus, detail: string): Promise<void> {
    await this.db.run(
      `INSERT INTO rule_firings (rule_id, event, site_id, conversation_id, at, status, detail) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (rule_id, event) DO UPDATE SET status = excluded.status, detail = excluded.detail`,
      [firing.ruleId, firing.event, firing.siteId, firing.conversationId, firing.at, status, detail.slice(0, 500)],
    );
  }

  /** The index of the next action of a firing to run (0 when none ran, or the firing is not recorded). */
  async progress(ruleId: string, event: string): Promise<number> {
    const [row] = await this.db.all<{ progress: number | string }>(
      'SELECT progress FROM rule_firings WHERE rule_id = ? AND event = ?',
      [ruleId, event],
    );
    return Number(row?.progress ?? 0);
  }

  /** Records that a firing's actions before `next` are done (the firing's row is written first: see the handler). */
  async setProgress(firing: Firing, next: number): Promise<void> {
    await this.db.run(
      `INSERT INTO rule_firings (rule_id, event, site_id, conversation_id, at, status, progress)
         VALUES (?, ?, ?, ?, ?, 'pending', ?)
       ON CONFLICT (rule_id, event) DO UPDATE SET progress = excluded.progress`,
      [firing.ruleId, firing.event, firing.siteId, firing.conversationId, firing.at, next],
    );
  }

  /** Forgets firings older than the run log's window; idle firings are kept while their conversation is idle. */
  async prune(before: number): Promise<number> {
    return this.db.run('DELETE FROM rule_firings WHERE at < ?', [before]);
  }

  async macros(siteId: string, staffId: string): Promise<MacroRecord[]> {
    const rows = await this.db.all<MacroRow>(
      'SELECT * FROM macros WHERE site_id = ? AND (owner_id IS NULL OR owner_id = ?) ORDER BY name, id',
      [siteId, staffId],
    );
    return rows.map(macroRecord);
  }

  async macro(siteId: string, id: string): Promise<MacroRecord | undefined> {
    const [row] = await this.db.all<MacroRow>('SELECT * FROM macros WHERE site_id = ? AND id = ?', [siteId, id]);
    return row ? macroRecord(row) : undefined;
  }

  async countMacros(siteId: string): Promise<number> {
    const [row] = await this.db.all<{ n: number | string }>('SELECT COUNT(*) AS n FROM macros WHERE site_id = ?', [
      siteId,
    ]);
    return Number(row?.n ?? 0);
  }

  async putMacro(macro: MacroRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO macros (id, site_id, owner_id, name, sender, actions, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET owner_id = excluded.owner_id, name = excluded.name, sender = excluded.sender,
         actions = excluded.actions, updated_at = excluded.updated_at`,
      [
        macro.id,
        macro.siteId,
        macro.ownerId,
        macro.name,
        macro.sender,
        JSON.stringify(macro.actions),
        macro.createdAt,
        macro.updatedAt,
      ],
    );
  }

  async deleteMacro(siteId: string, id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM macros WHERE site_id = ? AND id = ?', [siteId, id])) > 0;
  }
}
