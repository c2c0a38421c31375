import {
  attributeWireValue,
  type AttributeDefinition,
  type AttributeScope,
  type AttributeSource,
  type AttributeType,
  type AttributeValue,
  type StoredAttribute,
} from '@parley/protocol/admin';
import { bool, placeholders } from '../store/sql/admin-rows.js';
import type { SqlDb } from '../store/sql/sql-db.js';

/** A definition as stored: the wire's shape and its site. */
export interface DefinitionRecord extends AttributeDefinition {
  readonly siteId: string;
}

interface DefinitionRow {
  id: string;
  site_id: string;
  scope: AttributeScope;
  key: string;
  type: AttributeType;
  label: string;
  description: string | null;
  options: string;
  position: number | string;
  archived: number | boolean;
  created_at: number | string;
  updated_at: number | string;
}

interface ValueRow {
  subject: string;
  definition_id: string;
  value_text: string;
  source: AttributeSource;
  updated_at: number | string;
  updated_by: string | null;
}

const definition = (row: DefinitionRow): DefinitionRecord => ({
  id: row.id,
  siteId: row.site_id,
  scope: row.scope,
  key: row.key,
  type: row.type,
  label: row.label,
  description: row.description,
  options: JSON.parse(row.options) as string[],
  position: Number(row.position),
  archived: bool(row.archived),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

/** The table and column of a scope's values. */
export const VALUES_OF = {
  contact: { table: 'contact_attributes', column: 'contact_id' },
  conversation: { table: 'conversation_attributes', column: 'conversation_id' },
} as const satisfies Record<AttributeScope, { table: string; column: string }>;

/**
 * Whether a value is verified: set by staff or by the site's signature, not a visitor's unsigned claim. The one
 * notion the visitor panel, rules, the list's filter and its search read ({@link VERIFIED_VALUE} in SQL).
 */
export const isVerified = (source: AttributeSource): boolean => source !== 'visitor';

/** {@link isVerified} as an SQL condition on a values table's row. */
export const VERIFIED_VALUE = "source <> 'visitor'";

/** One value to write: the stored value, or `null` to clear it. */
export interface ValueWrite {
  readonly definitionId: string;
  readonly value: StoredAttribute | null;
}

/** Who writes values, and whether they may replace verified ones (an unsigned claim may not). */
export interface ValueAuthor {
  readonly source: AttributeSource;
  /** The staff member's name (staff writes). */
  readonly by: string | null;
}

/** A value read with its definition, for rules. */
export interface AttributeFact {
  readonly type: AttributeType;
  readonly text: string;
  readonly num: number | null;
  /** False for a visitor's unsigned claim; true when staff or the site's signature set it. */
  readonly verified: boolean;
}

/** What rules read of a conversation's attributes: by `<scope>.<key>`, definitions not archived. */
export type AttributeFacts = ReadonlyMap<string, AttributeFact>;

/**
 * Custom attributes' tables: `attribute_definitions`, and the values in `contact_attributes` and
 * `conversation_attributes` (one row per subject and definition).
 */
export class AttributesRepository {
  constructor(readonly db: SqlDb) {}

  /** The site's definitions, contact ones first, each scope by position then creation. */
  async definitions(siteId: string): Promise<DefinitionRecord[]> {
    const rows = await this.db.all<DefinitionRow>(
      `SELECT * FROM attribute_definitions WHERE site_id = ? ORDER BY scope, position, created_at, id`,
      [siteId],
    );
    return rows.map(definition);
  }

  async definition(siteId: string, id: string): Promise<DefinitionRecord | undefined> {
    const [row] = await this.db.all<DefinitionRow>('SELECT * FROM attribute_definitions WHERE site_id = ? AND id = ?', [
      siteId,
      id,
    ]);
    return row ? definition(row) : undefined;
  }

  async definitionByKey(siteId: string, scope: AttributeScope, key: string): Promise<DefinitionRecord | undefined> {
    const [row] = await this.db.all<DefinitionRow>(
      'SELECT * FROM attribute_definitions WHERE site_id = ? AND scope = ? AND key = ?',
      [siteId, scope, key],
    );
    return row ? definition(row) : undefined;
  }

  /**
   * Adds a definition unless the site has `max` already or the key is taken in its scope (both checked in the
   * write's transaction): `'full'`, `'taken'` or the record.
   */
  async insert(record: DefinitionRecord, max: number): Promise<DefinitionRecord | 'full' | 'taken'> {
    return this.db.transaction(async (db) => {
      const [counted] = await db.all<{ n: number | string }>(
        'SELECT count(*) AS n FROM attribute_definitions WHERE site_id = ?',
        [record.siteId],
      );
      if (Number(counted?.n ?? 0) >= max) return 'full' as const;
      const [taken] = await db.all<{ id: string }>(
        'SELECT id FROM attribute_definitions WHERE site_id = ? AND scope = ? AND key = ?',
        [record.siteId, record.scope, record.key],
      );
      if (taken) return 'taken' as const;
      await db.run(
        `INSERT INTO attribute_definitions (id, site_id, scope, key, type, label, description, options, position,
           archived, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          record.id,
          record.siteId,
          record.scope,
          record.key,
          record.type,
          record.label,
          record.description,
          JSON.stringify(record.options),
          record.position,
          record.archived ? 1 : 0,
          record.createdAt,
          record.updatedAt,
        ],
      );
      return record;
    });
  }

  /** Writes a definition's changeable fields (label, description, options, position, archived). */
  async update(record: DefinitionRecord): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE attribute_definitions SET label = ?, description = ?, options = ?, position = ?, archived = ?,
         updated_at = ? WHERE site_id = ? AND id = ?`,
      [
        record.label,
        record.description,
        JSON.stringify(record.options),
        record.position,
        record.archived ? 1 : 0,
        record.updatedAt,
        record.siteId,
        record.id,
      ],
    );
    return changed > 0;
  }

  /** Deletes a definition and every value of it, in one transaction; resolves with the values deleted. */
  async delete(siteId: string, id: string): Promise<number | undefined> {
    return this.db.transaction(async (db) => {
      const [row] = await db.all<{ scope: AttributeScope }>(
        'SELECT scope FROM attribute_definitions WHERE site_id = ? AND id = ?',
        [siteId, id],
      );
      if (!row) return undefined;
      const { table } = VALUES_OF[row.scope];
      const values = await db.run(`DELETE FROM ${table} WHERE site_id = ? AND definition_id = ?`, [siteId, id]);
      await db.run('DELETE FROM attribute_definitions WHERE site_id = ? AND id = ?', [siteId, id]);
      return values;
    });
  }

  /** The values of one contact or conversation, by definition id. */
  async values(siteId: string, scope: AttributeScope, subjectId: string): Promise<Map<string, ValueRow>> {
    const { table, column } = VALUES_OF[scope];
    const rows = await this.db.all<ValueRow>(
      `SELECT ${column} AS subject, definition_id, value_text, source, updated_at, updated_by FROM ${table}
        WHERE site_id = ? AND ${column} = ?`,
      [siteId, subjectId],
    );
    return new Map(rows.map((row) => [row.definition_id, row]));
  }

  /** Every value of the given contacts or conversations (an export's), by subject, then definition. */
  async valuesOf(
    siteId: string,
    scope: AttributeScope,
    subjectIds: readonly string[],
  ): Promise<Map<string, Map<string, ValueRow>>> {
    const bySubject = new Map<string, Map<string, ValueRow>>();
    if (subjectIds.length === 0) return bySubject;
    const { table, column } = VALUES_OF[scope];
    // In slices: a contact's conversations are many at most in the hundreds, but a statement's parameters are bounded.
    for (let start = 0; start < subjectIds.length; start += 500) {
      const slice = subjectIds.slice(start, start + 500);
      const rows = await this.db.all<ValueRow>(
        `SELECT ${column} AS subject, definition_id, value_text, source, updated_at, updated_by FROM ${table}
          WHERE site_id = ? AND ${column} IN (${placeholders(slice.length)})`,
        [siteId, ...slice],
      );
      for (const row of rows) {
        let values = bySubject.get(row.subject);
        if (!values) bySubject.set(row.subject, (values = new Map()));
        values.set(row.definition_id, row);
      }
    }
    return bySubject;
  }

  /**
   * Writes values of one contact or conversation in one transaction. A `visitor` (unsigned) write neither replaces
   * nor clears a value that is not itself a `visitor` one. Resolves with the ids of the definitions it changed.
   */
  async write(
    siteId: string,
    scope: AttributeScope,
    subjectId: string,
    writes: readonly ValueWrite[],
    author: ValueAuthor,
    at: number,
  ): Promise<string[]> {
    const { table, column } = VALUES_OF[scope];
    const claim = author.source === 'visitor';
    return this.db.transaction(async (db) => {
      const changed: string[] = [];
      for (const write of writes) {
        let n: number;
        if (write.value === null) {
          n = await db.run(
            `DELETE FROM ${table} WHERE site_id = ? AND ${column} = ? AND definition_id = ?${claim ? " AND source = 'visitor'" : ''}`,
            [siteId, subjectId, write.definitionId],
          );
        } else {
          n = await db.run(
            `INSERT INTO ${table} (site_id, ${column}, definition_id, value_text, value_num, source, updated_at, updated_by)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (site_id, ${column}, definition_id) DO UPDATE SET value_text = excluded.value_text,
               value_num = excluded.value_num, source = excluded.source, updated_at = excluded.updated_at,
               updated_by = excluded.updated_by
             WHERE ${claim ? `${table}.source = 'visitor' AND ` : ''}(${table}.value_text <> excluded.value_text OR ${table}.source <> excluded.source)`,
            [siteId, subjectId, write.definitionId, write.value.text, write.value.num, author.source, at, author.by],
          );
        }
        if (n > 0) changed.push(write.definitionId);
      }
      return changed;
    });
  }

  /**
   * The attributes of conversations (their own and their contact's) as rules read them, by conversation id; only
   * definitions not archived.
   */
  async facts(siteId: string, conversationIds: readonly string[]): Promise<Map<string, Map<string, AttributeFact>>> {
    const facts = new Map<string, Map<string, AttributeFact>>();
    if (conversationIds.length === 0) return facts;
    const marks = placeholders(conversationIds.length);
    const rows = await this.db.all<{
      conversation_id: string;
      scope: AttributeScope;
      key: string;
      type: AttributeType;
      value_text: string;
      value_num: number | string | null;
      source: AttributeSource;
    }>(
      `SELECT v.conversation_id, d.scope, d.key, d.type, v.value_text, v.value_num, v.source
         FROM conversation_attributes v JOIN attribute_definitions d ON d.id = v.definition_id
        WHERE v.site_id = ? AND v.conversation_id IN (${marks}) AND d.archived = 0
       UNION ALL
       SELECT c.id AS conversation_id, d.scope, d.key, d.type, v.value_text, v.value_num, v.source
         FROM conversations c
         JOIN contact_attributes v ON v.site_id = c.site_id AND v.contact_id = c.visitor_id
         JOIN attribute_definitions d ON d.id = v.definition_id
        WHERE c.site_id = ? AND c.id IN (${marks}) AND d.archived = 0`,
      [siteId, ...conversationIds, siteId, ...conversationIds],
    );
    for (const id of conversationIds) facts.set(id, new Map());
    for (const row of rows)
      facts.get(row.conversation_id)?.set(`${row.scope}.${row.key}`, {
        type: row.type,
        text: row.value_text,
        num: row.value_num === null ? null : Number(row.value_num),
        verified: isVerified(row.source),
      });
    return facts;
  }

  /**
   * Conversations created in `[from, to)` per value of a definition (a conversation's own, or its contact's), and
   * how many have none.
   */
  async breakdown(
    record: DefinitionRecord,
    from: number,
    to: number,
  ): Promise<{ counts: Map<string, number>; unset: number }> {
    const join =
      record.scope === 'conversation'
        ? 'LEFT JOIN conversation_attributes v ON v.site_id = c.site_id AND v.conversation_id = c.id AND v.definition_id = ?'
        : 'LEFT JOIN contact_attributes v ON v.site_id = c.site_id AND v.contact_id = c.visitor_id AND v.definition_id = ?';
    const rows = await this.db.scan<{ value_text: string | null; n: number | string }>(
      `SELECT v.value_text, count(*) AS n FROM conversations c ${join}
        WHERE c.site_id = ? AND c.created_at >= ? AND c.created_at < ?
        GROUP BY v.value_text`,
      [record.id, record.siteId, from, to],
    );
    const counts = new Map<string, number>();
    let unset = 0;
    for (const row of rows) {
      if (row.value_text === null) unset += Number(row.n);
      else counts.set(row.value_text, Number(row.n));
    }
    return { counts, unset };
  }
}

/** A value as a contact's export holds it: archived attributes' values too (they are still kept), named in full. */
export interface ExportedValue {
  readonly key: string;
  readonly label: string;
  readonly type: AttributeType;
  readonly archived: boolean;
  readonly value: AttributeValue['value'];
  readonly source: AttributeSource;
  readonly updatedAt: number;
  readonly updatedBy: string | null;
}

/** Values as a contact's export holds them, in the definitions' order, archived ones included. */
export function exportedValues(
  definitions: readonly DefinitionRecord[],
  rows: ReadonlyMap<string, ValueRow> | undefined,
): ExportedValue[] {
  if (!rows) return [];
  return definitions.flatMap((found) => {
    const row = rows.get(found.id);
    if (!row) return [];
    return [
      {
        key: found.key,
        label: found.label,
        type: found.type,
        archived: found.archived,
        value: attributeWireValue(found.type, row.value_text),
        source: row.source,
        updatedAt: Number(row.updated_at),
        updatedBy: row.updated_by,
      },
    ];
  });
}

/** Values as the wire shows them, in the definitions' order; only definitions not archived. */
export function wireValues(
  definitions: readonly DefinitionRecord[],
  rows: ReadonlyMap<string, ValueRow>,
): AttributeValue[] {
  const items: AttributeValue[] = [];
  for (const found of definitions) {
    const row = rows.get(found.id);
    if (!row || found.archived) continue;
    items.push({
      key: found.key,
      value: attributeWireValue(found.type, row.value_text),
      verified: isVerified(row.source),
      source: row.source,
      updatedAt: Number(row.updated_at),
      updatedBy: row.updated_by,
    });
  }
  return items;
}
