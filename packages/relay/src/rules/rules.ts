import type { RuleField, RuleTrigger } from '@parley/protocol/admin';
import type { ConversationChange, DeskHooks } from '../admin/public.js';
import type { Logger } from '../log.js';
import type { LoggedMessage } from '../message-log/message-log-queries.js';
import type { DeliveryOutcome, OutboxHandler, OutboxInsert, OutboxJob } from '../outbox/outbox.js';
import type { ContactTouch } from '../store/admin-store.js';
import { enqueue } from '../store/sql/outbox-rows.js';
import { TimeSlice } from '../time-slice.js';
import { ActionRetry, runActions, type ActionResult, type RunHost } from './rule-actions.js';
import {
  compileConditions,
  type ConditionKinds,
  conversationTexts,
  needsAttributes,
  needsConversation,
  ownReadsOf,
  readOwn,
  readsOf,
  RulePatterns,
  type CompiledConditions,
  type ConversationReads,
  type OwnFacts,
  type RuleAttributes,
  type RuleConversation,
  type RuleFacts,
} from './rule-conditions.js';
import { RUN_LOG_MS, type Firing, type RuleRecord, type RulesRepository } from './rules-repository.js';

/** The outbox kind of a rule's firing: its actions, run in order. */
export const RULE_FIRE = 'rules.fire';

/**
 * How many changes made by rules reacting to one another may lead to a firing: a rule's change is depth 1, a rule
 * firing on it makes a change of depth 2, and so on; at this depth, `conversation.updated` rules stop (logged).
 */
export const MAX_RULE_DEPTH = 3;

/** What a firing's job carries. */
export interface FireJob {
  readonly ruleId: string;
  readonly conversationId: string;
  /** Its event, recorded once (`<conversation>:<seq>`, `idle:…`); absent: the job's own id (a change's job). */
  readonly event?: string;
  /** The depth of the change that caused it (see {@link MAX_RULE_DEPTH}); 0 for anything else. */
  readonly depth: number;
  /** The conditions could not be tried when it was written (a new contact): they are tried at delivery. */
  readonly check?: boolean;
}

interface CompiledRule {
  readonly record: RuleRecord;
  readonly test: CompiledConditions;
  /** What its conditions read beside the conversation's row. */
  readonly reads: ConversationReads;
  /** The fields of its conditions that read for themselves (their kinds' `read`). */
  readonly own: readonly RuleField[];
  /** Whether an event's own facts can decide it (else every condition waits for the conversation: not tried first). */
  readonly byEvent: boolean;
  /** Whether it has `matches` conditions (a pattern not read in time leaves it undecided: tried again in its job). */
  readonly patterns: boolean;
}

/** A site's enabled rules by trigger, each list in the site's order. */
type SiteRules = Map<RuleTrigger, CompiledRule[]>;

export interface RulesOptions {
  readonly repository: RulesRepository;
  readonly host: RunHost;
  /** The conditions this relay's features contributed (`rules.conditions`). */
  readonly kinds: ConditionKinds;
  readonly log: Logger;
  /** Whether the site is open now (`undefined`: it keeps no hours). */
  readonly open: (siteId: string) => boolean | undefined;
  /** How often the rules other relays saved are read, ms. Default 10 s. */
  readonly pollMs?: number | undefined;
  /** How often idle conversations are looked for, ms. Default 30 s. */
  readonly idleSweepMs?: number | undefined;
}

/** The most conversations one idle sweep fires on, per rule (the next sweep takes the rest). */
const IDLE_BATCH = 200;

/**
 * The rules engine (docs/rules.md): each site's rules in memory, tried on the desk's events.
 *
 * - A conversation's change: tried on the change as it is written (`DeskHooks.conversationChanged`); a firing is an
 *   outbox job written in the change's transaction, so it exists exactly when the change does.
 * - Messages: read from the message log after the fact, in batches (the message path pays nothing); a firing is a row
 *   keyed by the rule and the message, written with its job in one transaction, so a batch read twice fires once.
 * - Idle conversations: a sweep; a firing is keyed by the conversation's last message, once per idle spell.
 * - New contacts: tried on the contact's conversation when the job runs.
 *
 * Each firing's actions run in order in its job ({@link RULE_FIRE}); the run log records its outcome.
 */
export class Rules implements DeskHooks {
  readonly #options: RulesOptions;
  readonly #repository: RulesRepository;
  #sites = new Map<string, SiteRules>();
  /** The enabled rules by id. */
  #byId = new Map<string, RuleRecord>();
  /** Each site's `matches` patterns (its enabled rules'), compiled into one set, with what they were made of. */
  #patterns = new Map<string, { key: string; set: RulePatterns }>();
  #version = '';
  #poll: NodeJS.Timeout | undefined;
  #sweep: NodeJS.Timeout | undefined;
  #sweeping: Promise<void> | undefined;
  #stopping = new AbortController();
  #pruned = 0;
  /** Warned once per rule and conversation: a loop stopped at the depth limit. */
  readonly #warned = new Set<string>();

  constructor(options: RulesOptions) {
    this.#options = options;
    this.#repository = options.repository;
  }

  get repository(): RulesRepository {
    return this.#repository;
  }

  async start(): Promise<void> {
    await this.refresh();
    const poll = (): void => {
      this.#poll = setTimeout(() => {
        void this.#pollOnce().finally(() => {
          if (this.#poll !== undefined) poll();
        });
      }, this.#options.pollMs ?? 10_000);
      this.#poll.unref();
    };
    poll();
    const sweep = (): void => {
      this.#sweep = setTimeout(() => {
        const sweeping = this.#housekeeping().catch((error: unknown) =>
          this.#options.log.warn('rules: the idle sweep failed', { error: String(error) }),
        );
        this.#sweeping = sweeping;
        void sweeping.finally(() => {
          this.#sweeping = undefined;
          if (this.#sweep !== undefined) sweep();
        });
      }, this.#options.idleSweepMs ?? 30_000);
      this.#sweep.unref();
    };
    sweep();
  }

  async stop(): Promise<void> {
    clearTimeout(this.#poll);
    clearTimeout(this.#sweep);
    this.#poll = undefined;
    this.#sweep = undefined;
    this.#stopping.abort(new Error('the relay is shutting down'));
    await this.#sweeping;
  }

  /** Reads every site's rules again (after a write on this relay: at once; others within `pollMs`). */
  async refresh(): Promise<void> {
    const version = await this.#repository.version();
    const sites = new Map<string, SiteRules>();
    const byId = new Map<string, RuleRecord>();
    const sitePatterns = new Map<string, string[]>();
    const slice = new TimeSlice();
    for (const record of await this.#repository.allRules()) {
      if (!record.enabled) continue;
      await slice.pass();
      const own = RulePatterns.of(record.conditions);
      if (own.length > 0) sitePatterns.set(record.siteId, [...(sitePatterns.get(record.siteId) ?? []), ...own]);
      byId.set(record.id, record);
      let site = sites.get(record.siteId);
      if (!site) sites.set(record.siteId, (site = new Map()));
      const list = site.get(record.trigger) ?? [];
      list.push({
        record,
        test: compileConditions(this.#options.kinds, record.conditions, record.match),
        reads: readsOf(this.#options.kinds, record.conditions),
        own: ownReadsOf(this.#options.kinds, record.conditions),
        byEvent:
          record.conditions.length === 0 ||
          !record.conditions.every((condition) => needsConversation(this.#options.kinds, condition)),
        patterns: own.length > 0,
      });
      site.set(record.trigger, list);
    }
    // A site's set is compiled again only when its patterns changed; each compile is bounded by the site's cap.
    const patterns = new Map<string, { key: string; set: RulePatterns }>();
    for (const [siteId, list] of sitePatterns) {
      const key = [...new Set(list)].sort().join('\n');
      const kept = this.#patterns.get(siteId);
      patterns.set(siteId, kept?.key === key ? kept : { key, set: await RulePatterns.build(list, slice) });
    }
    this.#sites = sites;
    this.#byId = byId;
    this.#patterns = patterns;
    this.#version = version;
  }

  async #pollOnce(): Promise<void> {
    try {
      if ((await this.#repository.version()) !== this.#version) await this.refresh();
    } catch (error) {
      this.#options.log.warn('rules: reading the rules failed', { error: String(error) });
    }
  }

  /** The enabled rules of a site for a trigger, in order (none: an empty list). */
  rulesFor(siteId: string, trigger: RuleTrigger): readonly CompiledRule[] {
    return this.#sites.get(siteId)?.get(trigger) ?? NONE;
  }

  /** A look-up of the site's `matches` patterns for one set of facts (see {@link RulePatterns.hits}). */
  #hits(siteId: string): RuleFacts['patterns'] {
    return this.#patterns.get(siteId)?.set.hits();
  }

  /** Whether any site has a rule on messages (the message log is read only then). */
  wantsMessages(): boolean {
    for (const site of this.#sites.values())
      if (site.has('message.visitor') || site.has('message.staff') || site.has('conversation.created')) return true;
    return false;
  }

  // ---- conversation changes: in the change's transaction -------------------------------------------------------

  conversationChanged(change: ConversationChange): readonly OutboxInsert[] | undefined {
    const rules = this.rulesFor(change.siteId, 'conversation.updated');
    if (rules.length === 0) return undefined;
    const { cause } = change;
    const byRule = cause.kind === 'feature' && cause.feature === 'rules' ? cause.reason : undefined;
    const depth = byRule !== undefined ? (cause.kind === 'feature' ? (cause.depth ?? 1) : 0) : 0;
    const facts: RuleFacts = {
      conversation: change.after,
      open: this.#options.open(change.siteId),
      patterns: this.#hits(change.siteId),
    };
    let jobs: OutboxInsert[] | undefined;
    for (const rule of rules) {
      // A rule's own change never fires it again.
      if (rule.record.id === byRule) continue;
      // Custom attributes and what conditions read for themselves are not in memory, and patterns are read here
      // within a budget: a rule they leave undecided is tried again when its job runs.
      const truth = rule.test(facts);
      if (truth === false || (truth === undefined && !rule.reads.attributes && rule.own.length === 0 && !rule.patterns))
        continue;
      if (depth >= MAX_RULE_DEPTH) {
        this.#warnDepth(rule.record, change.after.id, byRule);
        continue;
      }
      const check = truth === undefined ? { check: true } : {};
      (jobs ??= []).push(this.#job(change.siteId, rule.record.id, change.after.id, { depth, ...check }));
    }
    return jobs;
  }

  #warnDepth(rule: RuleRecord, conversationId: string, byRule: string | undefined): void {
    const key = `${rule.id}:${conversationId}`;
    if (this.#warned.has(key)) return;
    if (this.#warned.size > 10_000) this.#warned.clear();
    this.#warned.add(key);
    this.#options.log.warn(
      `rules: rule '${rule.name}' not fired: the change was made by rules ${MAX_RULE_DEPTH} deep (rules firing on each other's changes)`,
      { rule: rule.id, conversation: conversationId, causedBy: byRule },
    );
  }

  // ---- new contacts: in their transaction, tried when the job runs ----------------------------------------------

  wantsContactsCreated(siteIds: ReadonlySet<string>): boolean {
    for (const siteId of siteIds) if (this.rulesFor(siteId, 'contact.created').length > 0) return true;
    return false;
  }

  contactsCreated(created: readonly ContactTouch[]): readonly OutboxInsert[] | undefined {
    let jobs: OutboxInsert[] | undefined;
    for (const contact of created) {
      if (!contact.conversationHint) continue;
      for (const rule of this.rulesFor(contact.siteId, 'contact.created'))
        (jobs ??= []).push(
          this.#job(contact.siteId, rule.record.id, contact.conversationHint, { depth: 0, check: true }),
        );
    }
    return jobs;
  }

  // ---- messages: from the message log ---------------------------------------------------------------------------

  /**
   * Tries the rules on a batch of stored messages; writes each firing once (safe to repeat: see the class). Each
   * rule is tried on the message first; the conversations of the rules this left undecided are read at once, per
   * site, and those rules tried again.
   */
  async handleLog(batch: readonly LoggedMessage[]): Promise<void> {
    const firings: { firing: Firing; depth: number; order: number }[] = [];
    /** Per message, the rules its own fields left undecided (tried again once its conversation is read). */
    const undecided: {
      rules: CompiledRule[];
      facts: RuleFacts;
      siteId: string;
      message: LoggedMessage['message'];
      order: number;
    }[] = [];
    const now = this.#options.host.now();
    // A batch of long messages tried on a site's many rules is work in slices: the loop turns between them.
    const slice = new TimeSlice();
    const fire = (rule: CompiledRule, siteId: string, message: LoggedMessage['message'], order: number): void => {
      firings.push({
        firing: {
          ruleId: rule.record.id,
          event: `${message.conversationId}:${message.seq}`,
          siteId,
          conversationId: message.conversationId,
          at: now,
        },
        depth: 0,
        order,
      });
    };
    for (const [order, { siteId, message }] of batch.entries()) {
      const site = this.#sites.get(siteId);
      if (!site) continue;
      const triggers = triggersOf(message.author.role, message.kind, message.seq);
      if (triggers.length === 0) continue;
      let facts: RuleFacts | undefined;
      for (const trigger of triggers) {
        const rules = site.get(trigger);
        if (!rules) continue;
        facts ??= {
          message: { text: message.text, lower: message.text.toLowerCase(), seq: message.seq },
          open: this.#options.open(siteId),
          patterns: this.#hits(siteId),
        };
        await facts.patterns?.prepare([message.text], slice);
        let later: CompiledRule[] | undefined;
        for (const rule of rules) {
          await slice.pass();
          // A rule whose every condition reads the conversation waits for it without a try.
          const truth = rule.byEvent ? rule.test(facts) : undefined;
          if (truth === true) fire(rule, siteId, message, order);
          else if (truth === undefined) (later ??= []).push(rule);
        }
        if (later) undecided.push({ rules: later, facts, siteId, message, order });
      }
    }
    if (undecided.length > 0) {
      // Per site, its conversations and what the undecided rules read beside their rows.
      const bySite = new Map<string, { ids: Set<string>; reads: Reads; own: Set<RuleField> }>();
      for (const { siteId, message, rules } of undecided) {
        let site = bySite.get(siteId);
        if (!site) bySite.set(siteId, (site = { ids: new Set(), reads: noReads(), own: new Set() }));
        site.ids.add(message.conversationId);
        for (const { reads, own } of rules) {
          for (const field of own) site.own.add(field);
          site.reads.context ||= reads.context;
          site.reads.channel ||= reads.channel;
          site.reads.labels ||= reads.labels;
          site.reads.attributes ||= reads.attributes;
        }
      }
      const read = new Map<string, RuleConversation>();
      const attributes = new Map<string, RuleAttributes>();
      const ownFacts = new Map<string, OwnFacts>();
      let flushed = false;
      for (const [siteId, { ids: conversations, reads, own }] of bySite) {
        // Only what the undecided rules read: each part is a join, a statement or a write less when none does.
        // The page and language a visitor reported are held in memory a moment before they are written.
        if (reads.context && !flushed) {
          await this.#options.host.admin.flushContacts();
          flushed = true;
        }
        const ids = [...conversations];
        for (const [id, facts] of await this.#repository.conversationFacts(siteId, ids, reads)) read.set(id, facts);
        if (reads.attributes) for (const [id, facts] of await this.#attributes(siteId, ids)) attributes.set(id, facts);
        // Each condition's own read, once for the site's conversations of the batch.
        if (own.size > 0)
          for (const [id, facts] of await readOwn(this.#options.host.use, this.#options.kinds, own, siteId, ids))
            ownFacts.set(id, facts);
      }
      for (const { rules, facts, siteId, message, order } of undecided) {
        const conversation = read.get(message.conversationId);
        if (!conversation) continue;
        const known = {
          ...facts,
          conversation,
          attributes: attributes.get(message.conversationId),
          own: ownFacts.get(message.conversationId),
        };
        await known.patterns?.prepare(conversationTexts(conversation), slice);
        for (const rule of rules) {
          await slice.pass();
          if (rule.test(known) === true) fire(rule, siteId, message, order);
        }
      }
      // In the batch's order (stable: rules in theirs), so a conversation's firings run in its messages' order.
      firings.sort((a, b) => a.order - b.order);
    }
    await this.#fire(firings);
  }

  /** Writes firings not written before, each with its job, in one transaction. */
  async #fire(firings: readonly { firing: Firing; depth: number }[]): Promise<number> {
    if (firings.length === 0) return 0;
    const { db } = this.#repository;
    const written = await db.transaction(async (tx) => {
      const jobs: OutboxInsert[] = [];
      for (const { firing, depth } of firings) {
        if (!(await this.#repository.claim(tx, firing))) continue;
        jobs.push(this.#job(firing.siteId, firing.ruleId, firing.conversationId!, { depth, event: firing.event }));
      }
      if (jobs.length > 0) await enqueue(tx, jobs, this.#options.host.now());
      return jobs.length;
    });
    if (written > 0) this.#options.host.admin.outbox.nudge();
    return written;
  }

  #job(
    siteId: string,
    ruleId: string,
    conversationId: string,
    rest: { depth: number; event?: string; check?: boolean },
  ): OutboxInsert {
    return {
      kind: RULE_FIRE,
      siteId,
      // A conversation's firings run one at a time, in the order they were written.
      key: `rules:${conversationId}`,
      conversationId,
      payload: { ruleId, conversationId, ...rest } satisfies FireJob,
    };
  }

  // ---- idle conversations: a sweep -------------------------------------------------------------------------------

  /**
   * Conversations' custom attributes (their own and their contact's), by conversation id: from the attributes
   * feature, or none set when it is not part of this relay.
   */
  async #attributes(siteId: string, ids: readonly string[]): Promise<Map<string, RuleAttributes>> {
    const feature = this.#options.host.use('attributes');
    if (feature) return feature.facts(siteId, ids);
    return new Map(ids.map((id) => [id, new Map()]));
  }

  /** Fires the `conversation.idle` rules on conversations open or pending with nothing new for their minutes. */
  async sweepIdle(): Promise<number> {
    const now = this.#options.host.now();
    const slice = new TimeSlice();
    const firings: { firing: Firing; depth: number }[] = [];
    for (const [siteId, site] of this.#sites) {
      for (const rule of site.get('conversation.idle') ?? NONE) {
        const minutes = rule.record.idleMinutes;
        if (minutes === null) continue;
        const idle = await this.#repository.db.all<{ id: string; last_seq: number | string }>(
          `SELECT id, last_seq FROM conversations
             WHERE site_id = ? AND status IN ('open', 'pending') AND updated_at < ? AND updated_at >= ?
             ORDER BY updated_at DESC LIMIT ?`,
          // Activity older than the run log's window is not looked at again: its firing row may be gone.
          [siteId, now - minutes * 60_000, now - RUN_LOG_MS + 3_600_000, IDLE_BATCH],
        );
        if (idle.length === 0) continue;
        const needed = rule.record.conditions.length > 0;
        for (const { id, last_seq } of idle) {
          const event = `idle:${id}:${Number(last_seq)}`;
          if (needed) {
            const conversation = await this.#options.host.admin.repos.conversations.getConversation(siteId, id);
            if (!conversation) continue;
            const attributes = needsAttributes(this.#options.kinds, rule.record.conditions)
              ? (await this.#attributes(siteId, [id])).get(id)
              : undefined;
            const own =
              rule.own.length > 0
                ? (await readOwn(this.#options.host.use, this.#options.kinds, rule.own, siteId, [id])).get(id)
                : undefined;
            const facts = {
              conversation,
              open: this.#options.open(siteId),
              attributes,
              own,
              patterns: this.#hits(siteId),
            };
            await facts.patterns?.prepare(conversationTexts(conversation), slice);
            if (rule.test(facts) !== true) continue;
          }
          firings.push({ firing: { ruleId: rule.record.id, event, siteId, conversationId: id, at: now }, depth: 0 });
        }
      }
    }
    return this.#fire(firings);
  }

  // ---- the firing's job ------------------------------------------------------------------------------------------

  handler(): OutboxHandler<FireJob> {
    return {
      kind: RULE_FIRE,
      maxAttempts: 8,
      // An attempt cut short (a slow webhook among many actions) is not lost: the next starts where it stopped.
      timeoutMs: 15_000,
      deliver: (job, signal) => this.#deliver(job, signal),
      dead: async (job, error) => {
        const { payload } = job;
        await this.#repository.settle(this.#firingOf(job), 'failed', `gave up: ${error}`).catch(() => undefined);
        this.#options.log.warn('rules: a firing gave up', {
          rule: payload.ruleId,
          conversation: payload.conversationId,
        });
      },
    };
  }

  #firingOf(job: OutboxJob<FireJob>): Firing {
    return {
      ruleId: job.payload.ruleId,
      event: job.payload.event ?? job.id,
      siteId: job.siteId,
      conversationId: job.payload.conversationId,
      at: job.createdAt,
    };
  }

  async #deliver(job: OutboxJob<FireJob>, signal: AbortSignal): Promise<DeliveryOutcome> {
    const { payload } = job;
    // The rule as this relay holds it; one it does not hold (written on another relay a moment ago, turned off,
    // deleted) is read from the store.
    const rule =
      (this.#byId.get(payload.ruleId)?.siteId === job.siteId ? this.#byId.get(payload.ruleId) : undefined) ??
      (await this.#repository.rule(job.siteId, payload.ruleId));
    if (!rule) return { status: 'skipped', detail: 'the rule was deleted' };
    if (!rule.enabled) return { status: 'skipped', detail: 'the rule was turned off' };
    const { admin } = this.#options.host;
    if (payload.check) {
      await admin.flushContacts();
      const conversation = await admin.repos.conversations.getConversation(job.siteId, payload.conversationId);
      if (!conversation) return { status: 'skipped', detail: 'no such conversation' };
      const test = compileConditions(this.#options.kinds, rule.conditions, rule.match);
      const attributes = needsAttributes(this.#options.kinds, rule.conditions)
        ? (await this.#attributes(job.siteId, [conversation.id])).get(conversation.id)
        : undefined;
      const ownFields = ownReadsOf(this.#options.kinds, rule.conditions);
      const own =
        ownFields.length > 0
          ? (await readOwn(this.#options.host.use, this.#options.kinds, ownFields, job.siteId, [conversation.id])).get(
              conversation.id,
            )
          : undefined;
      const slice = new TimeSlice();
      const patterns = (await RulePatterns.build(RulePatterns.of(rule.conditions), slice)).hits();
      await patterns.prepare(conversationTexts(conversation), slice);
      if (test({ conversation, open: this.#options.open(job.siteId), attributes, own, patterns }) !== true)
        return { status: 'skipped', detail: 'its conditions do not hold' };
    }
    const firing = this.#firingOf(job);
    const from = await this.#repository.progress(firing.ruleId, firing.event);
    let results: ActionResult[];
    try {
      results = await runActions(this.#options.host, job.siteId, payload.conversationId, rule.actions, {
        cause: {
          kind: 'feature',
          feature: 'rules',
          reason: rule.id,
          actorName: `Rule '${rule.name}'`,
          depth: payload.depth + 1,
        },
        id: `ru-${job.id}`,
        event: { rule: { id: rule.id, name: rule.name, trigger: rule.trigger } },
        signal: AbortSignal.any([signal, this.#stopping.signal]),
        from,
        // After the last action the outcome says it all (recorded next).
        progress: async (next) => {
          if (next < rule.actions.length) await this.#repository.setProgress(firing, next);
        },
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof ActionRetry) await this.#repository.settle(firing, 'failed', message);
      return { status: 'failed', error: message };
    }
    const failed = results.filter((result) => !result.ok);
    const detail = results.map((result) => `${result.action}: ${result.detail}`).join('; ');
    await this.#repository.settle(firing, failed.length > 0 ? 'failed' : 'done', detail);
    return { status: 'delivered', detail };
  }

  /** The idle sweep, and once a day the run log's pruning. */
  async #housekeeping(): Promise<void> {
    await this.sweepIdle();
    const now = this.#options.host.now();
    if (now - this.#pruned < 24 * 3600 * 1000) return;
    this.#pruned = now;
    await this.prune();
  }

  /** Forgets run-log entries older than its window (once a day, and tests). */
  async prune(): Promise<number> {
    return this.#repository.prune(this.#options.host.now() - RUN_LOG_MS);
  }
}

const NONE: readonly CompiledRule[] = [];

type Reads = { -readonly [K in keyof ConversationReads]: ConversationReads[K] };
const noReads = (): Reads => ({ context: false, channel: false, labels: false, attributes: false });

/** The triggers a stored message is an event of: a visitor's or a member's message (a note is not one). */
function triggersOf(role: string, kind: string, seq: number): readonly RuleTrigger[] {
  if (kind !== 'text') return [];
  if (role === 'visitor') return seq === 1 ? VISITOR_FIRST : VISITOR;
  if (role === 'staff') return seq === 1 ? STAFF_FIRST : STAFF;
  return [];
}

const VISITOR: readonly RuleTrigger[] = ['message.visitor'];
const VISITOR_FIRST: readonly RuleTrigger[] = ['conversation.created', 'message.visitor'];
const STAFF: readonly RuleTrigger[] = ['message.staff'];
const STAFF_FIRST: readonly RuleTrigger[] = ['conversation.created', 'message.staff'];
