import {
  ATTRIBUTE_LIMITS,
  ATTRIBUTE_VALUES,
  attributeOpsFor,
  checkAttributeValue,
  parseAttributeFilter,
  type AttributeInput,
  type AttributeScope,
  type AttributeType,
  type AttributeValues,
} from '@parley/protocol/admin';
import type { ListParams, SqlCondition } from '../admin/public.js';
import type { VisitorSeen } from '../core/hooks.js';
import { claimedAttributes } from './identified-attributes.js';
import { ApiError } from '../http/admin-http.js';
import { placeholders } from '../store/sql/admin-rows.js';
import type { Logger } from '../log.js';
import {
  VALUES_OF,
  VERIFIED_VALUE,
  exportedValues,
  wireValues,
  type ExportedValue,
  type AttributeFacts,
  type AttributesRepository,
  type DefinitionRecord,
  type ValueAuthor,
  type ValueWrite,
} from './attributes-repository.js';

/** The attributes whose values the list's search reads: words and numbers, not dates or checkboxes. */
const SEARCHED_TYPES: ReadonlySet<AttributeType> = new Set(['text', 'list', 'link', 'number']);

/** A LIKE pattern (escaped with `\\`) of values holding `text`, case aside (values are compared lower-cased). */
const containing = (text: string): string => `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/**
 * Whether the conversation list's request reads verified attribute values only (`attributeValues=verified`: its
 * `attribute` filter, a saved view's criteria, its search). Throws `bad_request` naming the parameter for another value.
 */
export function verifiedOnly(params: ListParams): boolean {
  const read = params.attributeValues;
  if (read === undefined) return false;
  if (!(ATTRIBUTE_VALUES as readonly string[]).includes(read))
    throw new ApiError('bad_request', `Invalid query.attributeValues: ${ATTRIBUTE_VALUES.join(' or ')}.`);
  return read === 'verified';
}

/** How long, and for how many visitors, what a silent visitor's `identify()` said is held for their first message. */
const HOLD_MS = 60 * 60 * 1000;
const HOLD_MAX = 10_000;
/** Hellos held per silent visitor (the last ones): each is written in turn, so a claim cannot undo a signature. */
const HOLD_PER_VISITOR = 4;

/** What a write of values changed: the keys, for the audit log. */
export interface ValuesChanged {
  readonly keys: readonly string[];
}

interface Held {
  readonly siteId: string;
  readonly contactId: string;
  readonly values: Readonly<Record<string, string | number | boolean | null>>;
  readonly signed: boolean;
  readonly at: number;
}

/**
 * Custom attributes' running part (docs/attributes.md): definitions, values checked against them, the values
 * `identify()` brings, the conversation list's `attribute` filter and what rules read.
 */
export class Attributes {
  readonly repository: AttributesRepository;
  readonly #log: Logger;
  readonly #now: () => number;
  /**
   * Silent visitors' identified attributes, by contact (`<site>\0<contact>`), until their first message (or an
   * hour): each hello's in order, so that an unsigned one after a signed one is written after it (and cannot replace
   * it), whichever conversation id each hello was given.
   */
  readonly #held = new Map<string, { hellos: Held[]; conversations: string[] }>();
  /** The contact each held conversation id is of. */
  readonly #heldBy = new Map<string, string>();
  /** Writes of identified attributes under way (awaited when the relay stops). */
  readonly #writing = new Set<Promise<void>>();

  constructor(options: { repository: AttributesRepository; log: Logger; now?: () => number }) {
    this.repository = options.repository;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
  }

  now(): number {
    return this.#now();
  }

  /**
   * Checks values against the definitions of their scope on the site, all before any is written, and writes them
   * in one transaction. Throws `bad_request` naming the first bad one (`body.values.<key>`).
   */
  async setValues(
    siteId: string,
    scope: AttributeScope,
    subjectId: string,
    values: Readonly<Record<string, AttributeInput | null>>,
    author: ValueAuthor,
  ): Promise<ValuesChanged> {
    const definitions = (await this.repository.definitions(siteId)).filter((found) => found.scope === scope);
    const byKey = new Map(definitions.map((found) => [found.key, found]));
    const writes: ValueWrite[] = [];
    const keys = new Map<string, string>();
    for (const [key, input] of Object.entries(values)) {
      const found = byKey.get(key);
      if (!found)
        throw new ApiError('bad_request', `Invalid body.values.${key}: no such ${scope} attribute on this site.`);
      if (found.archived)
        throw new ApiError('bad_request', `Invalid body.values.${key}: the attribute “${found.label}” is archived.`);
      if (input === null) writes.push({ definitionId: found.id, value: null });
      else {
        const checked = checkAttributeValue(found, input);
        if ('error' in checked)
          throw new ApiError('bad_request', `Invalid body.values.${key}: ${found.label} ${checked.error}.`);
        writes.push({ definitionId: found.id, value: checked.value });
      }
      keys.set(found.id, key);
    }
    const changed = await this.repository.write(siteId, scope, subjectId, writes, author, this.#now());
    return { keys: changed.map((id) => keys.get(id)!) };
  }

  /** The values of one contact or conversation, as the wire shows them. */
  async values(siteId: string, scope: AttributeScope, subjectId: string): Promise<AttributeValues> {
    const [definitions, rows] = await Promise.all([
      this.repository.definitions(siteId),
      this.repository.values(siteId, scope, subjectId),
    ]);
    return { scope, id: subjectId, items: wireValues(definitions, rows) };
  }

  // ---- identify(): from the visitor's hello ------------------------------------------------------------------

  /**
   * {@link ChatHooks.visitorSeen}: the attributes an identified visitor's hello carried (their signature checked
   * here, {@link claimedAttributes}) or the pre-chat form gave, written in the background (a hello never waits for
   * them), or held until their first message while they have not written.
   */
  visitorSeen(visitor: VisitorSeen): void {
    const claimed = claimedAttributes(visitor);
    if (!claimed) return;
    const held: Held = {
      siteId: visitor.site.id,
      contactId: visitor.visitorId,
      values: claimed.values,
      signed: claimed.signed,
      at: this.#now(),
    };
    if (!visitor.started) {
      const key = `${held.siteId}\0${held.contactId}`;
      const before = this.#held.get(key);
      const conversations = [...(before?.conversations ?? []), visitor.conversationId].slice(-HOLD_PER_VISITOR);
      const hellos = [...(before?.hellos ?? []), held].slice(-HOLD_PER_VISITOR);
      this.#forget(key); // re-inserted last: the map stays ordered by last hello
      this.#held.set(key, { hellos, conversations });
      for (const id of conversations) this.#heldBy.set(id, key);
      for (const [oldest, { hellos: old }] of this.#held) {
        if (this.#held.size <= HOLD_MAX && held.at - old[old.length - 1]!.at < HOLD_MS) break;
        this.#forget(oldest);
      }
      return;
    }
    this.#write([held]);
  }

  /** {@link ChatHooks.conversationCreated}: a silent visitor wrote; what their hellos said is theirs now. */
  conversationCreated(_siteId: string, conversationId: string): void {
    const key = this.#heldBy.get(conversationId);
    const held = key === undefined ? undefined : this.#held.get(key);
    if (!key || !held) return;
    this.#forget(key);
    this.#write(held.hellos);
  }

  #forget(key: string): void {
    for (const id of this.#held.get(key)?.conversations ?? []) this.#heldBy.delete(id);
    this.#held.delete(key);
  }

  /** Silent visitors' attributes held in memory (tests). */
  get heldVisitors(): number {
    return this.#held.size;
  }

  /** Until the writes under way are done (the relay's stop; tests). */
  async settled(): Promise<void> {
    while (this.#writing.size > 0) await Promise.all([...this.#writing]);
  }

  /** Writes hellos' attributes in the background, one after the other (in the order they came). */
  #write(hellos: readonly Held[]): void {
    const writing = (async () => {
      for (const held of hellos)
        await this.identify(held.siteId, held.contactId, held.values, held.signed).catch((error: unknown) =>
          this.#log.warn('attributes: could not store a visitor’s attributes', {
            siteId: held.siteId,
            error: String(error),
          }),
        );
    })().finally(() => this.#writing.delete(writing));
    this.#writing.add(writing);
  }

  /**
   * Stores what `identify()` passed for a contact: values of the site's contact attributes (not archived) that
   * pass their checks; the rest is dropped (the page cannot be told). Signed values replace anything; unsigned ones
   * are the visitor's claim: they never replace or clear a value staff or a signature set.
   */
  async identify(
    siteId: string,
    contactId: string,
    values: Readonly<Record<string, string | number | boolean | null>>,
    signed: boolean,
  ): Promise<ValuesChanged> {
    const entries = Object.entries(values).slice(0, ATTRIBUTE_LIMITS.identify);
    if (entries.length === 0) return { keys: [] };
    const definitions = await this.repository.definitions(siteId);
    const byKey = new Map(
      definitions.filter((found) => found.scope === 'contact' && !found.archived).map((found) => [found.key, found]),
    );
    const writes: ValueWrite[] = [];
    const keys = new Map<string, string>();
    for (const [key, input] of entries) {
      const found = byKey.get(key);
      if (!found) continue;
      if (input === null) writes.push({ definitionId: found.id, value: null });
      else {
        const checked = checkAttributeValue(found, input);
        if ('error' in checked) continue;
        writes.push({ definitionId: found.id, value: checked.value });
      }
      keys.set(found.id, key);
    }
    if (writes.length === 0) return { keys: [] };
    const author: ValueAuthor = { source: signed ? 'signed' : 'visitor', by: null };
    const changed = await this.repository.write(siteId, 'contact', contactId, writes, author, this.#now());
    return { keys: changed.map((id) => keys.get(id)!) };
  }

  // ---- a contact's export ---------------------------------------------------------------------------------------

  /**
   * What the site keeps of a contact's attributes and their conversations' (a contact's export): every value,
   * archived attributes' included, with its key, label, type, source and time; conversations without values left out.
   */
  async contactExport(
    siteId: string,
    contactId: string,
    conversationIds: readonly string[],
  ): Promise<{ contact: ExportedValue[]; conversations: Record<string, ExportedValue[]> }> {
    const definitions = await this.repository.definitions(siteId);
    const ofContacts = definitions.filter((found) => found.scope === 'contact');
    const ofConversations = definitions.filter((found) => found.scope === 'conversation');
    const contact = await this.repository.valuesOf(siteId, 'contact', [contactId]);
    const conversations: Record<string, ExportedValue[]> = {};
    for (const [id, rows] of await this.repository.valuesOf(siteId, 'conversation', conversationIds)) {
      const values = exportedValues(ofConversations, rows);
      if (values.length > 0) conversations[id] = values;
    }
    return { contact: exportedValues(ofContacts, contact.get(contactId)), conversations };
  }

  // ---- the conversation list's filter ---------------------------------------------------------------------------

  /**
   * The conversation list's `attribute` parameter (`<scope>.<key>:<op>[:<value>]`, see `formatAttributeFilter`) as
   * an SQL condition on `c`. Numbers and dates compare by number; text, lists and links without regard to case.
   * `verified`: a visitor's unsigned claim counts as not set (as a rule's condition reads it: `not_set` and `is_not`
   * hold for it).
   */
  async listCondition(siteId: string, text: string, verified = false): Promise<SqlCondition> {
    const bad = (why: string): ApiError => new ApiError('bad_request', `Invalid query.attribute: ${why}`);
    const filter = parseAttributeFilter(text);
    if (!filter)
      throw bad(
        'write <scope>.<key>:<op>[:<value>], e.g. contact.plan:is:Pro (ops: is, is_not, contains, gt, lt, is_set, not_set).',
      );
    const found = await this.repository.definitionByKey(siteId, filter.scope, filter.key);
    if (!found || found.archived) throw bad(`no ${filter.scope} attribute ${filter.key} on this site.`);
    if (!attributeOpsFor(found.type).includes(filter.op))
      throw bad(`${found.label} (${found.type}) takes ${attributeOpsFor(found.type).join(', ')}.`);
    const { table, column } = VALUES_OF[found.scope];
    const subject = found.scope === 'conversation' ? 'c.id' : 'c.visitor_id';
    // By definition and value first (the indexes on `(definition_id, value_…)`); the site is the definition's.
    const having = (condition: string, params: readonly (string | number)[]): SqlCondition => ({
      sql: `${subject} IN (SELECT ${column} FROM ${table} WHERE definition_id = ? AND ${condition}${verified ? ` AND ${VERIFIED_VALUE}` : ''})`,
      params: [found.id, ...params],
    });
    const lacking = (condition: string, params: readonly (string | number)[]): SqlCondition => {
      const inner = having(condition, params);
      return { sql: `NOT ${inner.sql}`, params: inner.params };
    };
    if (filter.op === 'is_set') return having('1 = 1', []);
    if (filter.op === 'not_set') return lacking('1 = 1', []);
    const raw = filter.value ?? '';
    if (filter.op === 'contains') {
      return having(`lower(value_text) LIKE ? ESCAPE '\\'`, [containing(raw)]);
    }
    const checked = checkAttributeValue(found, raw);
    if ('error' in checked) throw bad(`${found.label} ${checked.error}.`);
    const { text: canonical, num } = checked.value;
    if (filter.op === 'gt') return having('value_num > ?', [num!]);
    if (filter.op === 'lt') return having('value_num < ?', [num!]);
    const equal =
      found.type === 'number' || found.type === 'date'
        ? { sql: 'value_num = ?', params: [num!] }
        : found.type === 'text' || found.type === 'link'
          ? { sql: 'lower(value_text) = ?', params: [canonical.toLowerCase()] }
          : { sql: 'value_text = ?', params: [canonical] };
    return filter.op === 'is' ? having(equal.sql, equal.params) : lacking(equal.sql, equal.params);
  }

  /**
   * The conversation list's search (`q`) in attribute values: a conversation matches when each word is in one of
   * its values or its contact's (text, list, link and number attributes not archived; case aside, anywhere in the
   * value: `ord-778` finds `ORD-77812`); `verified`: only in verified values, not a visitor's unsigned claims.
   * Undefined when the site has no such attribute. Each word is a range read of the site's values, inside the list's
   * own read (off the event loop).
   */
  async searchCondition(siteId: string, terms: readonly string[], verified = false): Promise<SqlCondition | undefined> {
    const searched = (await this.repository.definitions(siteId)).filter(
      (found) => !found.archived && SEARCHED_TYPES.has(found.type),
    );
    if (searched.length === 0 || terms.length === 0) return undefined;
    const scopes = (['conversation', 'contact'] as const)
      .map((scope) => ({ scope, ids: searched.filter((found) => found.scope === scope).map((found) => found.id) }))
      .filter(({ ids }) => ids.length > 0);
    const sql: string[] = [];
    const params: (string | number)[] = [];
    for (const term of terms) {
      const like = containing(term);
      const holders = scopes.map(({ scope, ids }) => {
        const { table, column } = VALUES_OF[scope];
        params.push(siteId, ...ids, like);
        return `${scope === 'conversation' ? 'c.id' : 'c.visitor_id'} IN (SELECT ${column} FROM ${table} WHERE site_id = ? AND definition_id IN (${placeholders(ids.length)}) AND lower(value_text) LIKE ? ESCAPE '\\'${verified ? ` AND ${VERIFIED_VALUE}` : ''})`;
      });
      sql.push(holders.length === 1 ? holders[0]! : `(${holders.join(' OR ')})`);
    }
    return { sql: sql.length === 1 ? sql[0]! : `(${sql.join(' AND ')})`, params };
  }

  // ---- rules ------------------------------------------------------------------------------------------------------

  /** What rules read of conversations' attributes (their own and their contact's), by conversation id. */
  async facts(siteId: string, conversationIds: readonly string[]): Promise<Map<string, AttributeFacts>> {
    return this.repository.facts(siteId, conversationIds);
  }

  /** The definition named by an id on a site. */
  async definition(siteId: string, id: string): Promise<DefinitionRecord | undefined> {
    return this.repository.definition(siteId, id);
  }
}
