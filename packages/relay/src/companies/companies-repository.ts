import type { CompanySource } from '@parley/protocol/admin';
import type { ActivityCursor } from '../store/admin-store.js';
import { placeholders } from '../store/sql/admin-rows.js';
import type { SqlCondition } from '../store/sql/sql-condition.js';
import type { SqlDb } from '../store/sql/sql-db.js';

/** A company attribute's value. */
export type CompanyValue = string | number | boolean;

/** A company, as stored. */
export interface CompanyRecord {
  readonly id: string;
  readonly siteId: string;
  readonly externalId: string | null;
  readonly name: string;
  readonly domains: readonly string[];
  readonly attributes: Readonly<Record<string, CompanyValue>>;
  readonly source: CompanySource;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A contact's membership of a company. */
export interface Membership {
  readonly contactId: string;
  readonly companyId: string;
  readonly source: CompanySource;
  readonly updatedAt: number;
}

/** A conversation of a company's contact, as the company's page lists it. */
export interface MemberConversation {
  readonly id: string;
  readonly contactId: string;
  readonly status: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

interface CompanyRow {
  id: string;
  site_id: string;
  external_id: string | null;
  name: string;
  domains: string;
  attributes: string;
  source: CompanySource;
  created_at: number | string;
  updated_at: number | string;
}

const company = (row: CompanyRow): CompanyRecord => ({
  id: row.id,
  siteId: row.site_id,
  externalId: row.external_id,
  name: row.name,
  domains: JSON.parse(row.domains) as string[],
  attributes: JSON.parse(row.attributes) as Record<string, CompanyValue>,
  source: row.source,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

/** A LIKE pattern (escaped with `\\`) of values holding `text`. */
const containing = (text: string): string => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/** Companies' tables, `companies` and `company_members` (the feature's migrations make them). */
export class CompaniesRepository {
  constructor(private readonly db: SqlDb) {}

  /**
   * A page of a site's companies, most recently changed first; `q` finds a name or a domain holding it (case aside)
   * or the site's id of a company exactly. Read off the event loop (`scan`).
   */
  async list(
    siteId: string,
    q: string | undefined,
    after: ActivityCursor | undefined,
    limit: number,
  ): Promise<CompanyRecord[]> {
    const where = ['site_id = ?'];
    const params: (string | number)[] = [siteId];
    if (q) {
      const like = containing(q.toLowerCase());
      where.push(`(name_lower LIKE ? ESCAPE '\\' OR domains LIKE ? ESCAPE '\\' OR external_id = ?)`);
      params.push(like, like, q);
    }
    if (after) {
      where.push('(updated_at < ? OR (updated_at = ? AND id < ?))');
      params.push(after.at, after.at, after.id);
    }
    const rows = await this.db.scan<CompanyRow>(
      `SELECT * FROM companies WHERE ${where.join(' AND ')} ORDER BY updated_at DESC, id DESC LIMIT ?`,
      [...params, limit],
    );
    return rows.map(company);
  }

  async get(siteId: string, id: string): Promise<CompanyRecord | undefined> {
    const [row] = await this.db.all<CompanyRow>('SELECT * FROM companies WHERE site_id = ? AND id = ?', [siteId, id]);
    return row ? company(row) : undefined;
  }

  async byExternalId(siteId: string, externalId: string): Promise<CompanyRecord | undefined> {
    const [row] = await this.db.all<CompanyRow>('SELECT * FROM companies WHERE site_id = ? AND external_id = ?', [
      siteId,
      externalId,
    ]);
    return row ? company(row) : undefined;
  }

  /** Stores a new company; false when the site has one of that `externalId` already. */
  async insert(record: CompanyRecord): Promise<boolean> {
    const rows = await this.db.run(
      `INSERT INTO companies (id, site_id, external_id, name, name_lower, domains, attributes, source, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (site_id, external_id) DO NOTHING`,
      [
        record.id,
        record.siteId,
        record.externalId,
        record.name,
        record.name.toLowerCase(),
        JSON.stringify(record.domains),
        JSON.stringify(record.attributes),
        record.source,
        record.createdAt,
        record.updatedAt,
      ],
    );
    return rows > 0;
  }

  /** Writes a company's fields as they are now; false when another of the site has its `externalId`. */
  async update(record: CompanyRecord): Promise<boolean> {
    if (record.externalId !== null) {
      const holder = await this.byExternalId(record.siteId, record.externalId);
      if (holder && holder.id !== record.id) return false;
    }
    await this.db.run(
      `UPDATE companies SET external_id = ?, name = ?, name_lower = ?, domains = ?, attributes = ?, source = ?,
         updated_at = ? WHERE site_id = ? AND id = ?`,
      [
        record.externalId,
        record.name,
        record.name.toLowerCase(),
        JSON.stringify(record.domains),
        JSON.stringify(record.attributes),
        record.source,
        record.updatedAt,
        record.siteId,
        record.id,
      ],
    );
    return true;
  }

  /** Deletes a company and its memberships (its contacts stay, in no company), in one transaction. */
  async delete(siteId: string, id: string): Promise<boolean> {
    return this.db.transaction(async (db) => {
      await db.run('DELETE FROM company_members WHERE site_id = ? AND company_id = ?', [siteId, id]);
      return (await db.run('DELETE FROM companies WHERE site_id = ? AND id = ?', [siteId, id])) > 0;
    });
  }

  /** How many contacts each company of `ids` has. */
  async contactCounts(siteId: string, ids: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (ids.length === 0) return counts;
    const rows = await this.db.all<{ company_id: string; n: number | string }>(
      `SELECT company_id, COUNT(*) AS n FROM company_members WHERE site_id = ? AND company_id IN (${placeholders(ids.length)})
       GROUP BY company_id`,
      [siteId, ...ids],
    );
    for (const row of rows) counts.set(row.company_id, Number(row.n));
    return counts;
  }

  /** A contact's membership, if they belong to a company. */
  async membership(siteId: string, contactId: string): Promise<Membership | undefined> {
    const [row] = await this.db.all<{ company_id: string; source: CompanySource; updated_at: number | string }>(
      'SELECT company_id, source, updated_at FROM company_members WHERE site_id = ? AND contact_id = ?',
      [siteId, contactId],
    );
    return row
      ? { contactId, companyId: row.company_id, source: row.source, updatedAt: Number(row.updated_at) }
      : undefined;
  }

  /**
   * The company of each conversation's contact (conversations of `conversationIds`, a site's), by conversation id: a
   * conversation whose contact is in none is left out. With who put the contact in it (`visitor`: a claim). Read in chunks of bound statements.
   */
  async companiesOfConversations(
    siteId: string,
    conversationIds: readonly string[],
  ): Promise<Map<string, { readonly companyId: string; readonly source: CompanySource }>> {
    const companies = new Map<string, { readonly companyId: string; readonly source: CompanySource }>();
    for (let at = 0; at < conversationIds.length; at += 500) {
      const chunk = conversationIds.slice(at, at + 500);
      const rows = await this.db.all<{ id: string; company_id: string; source: CompanySource }>(
        `SELECT c.id, m.company_id, m.source FROM conversations c
           JOIN company_members m ON m.site_id = c.site_id AND m.contact_id = c.visitor_id
         WHERE c.site_id = ? AND c.id IN (${placeholders(chunk.length)})`,
        [siteId, ...chunk],
      );
      for (const row of rows) companies.set(row.id, { companyId: row.company_id, source: row.source });
    }
    return companies;
  }

  /** Puts a contact in a company (replacing the one they were in), or takes them out of theirs (`null`). */
  async setMembership(
    siteId: string,
    contactId: string,
    companyId: string | null,
    source: CompanySource,
    by: string | null,
    at: number,
  ): Promise<void> {
    if (companyId === null) {
      await this.db.run('DELETE FROM company_members WHERE site_id = ? AND contact_id = ?', [siteId, contactId]);
      return;
    }
    await this.db.run(
      `INSERT INTO company_members (site_id, contact_id, company_id, source, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (site_id, contact_id) DO UPDATE SET company_id = excluded.company_id, source = excluded.source,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [siteId, contactId, companyId, source, by, at],
    );
  }

  /**
   * A page of a company's contacts (those stored: a silent visitor is no contact), most recently seen first, with
   * who put each in it.
   */
  async members(
    siteId: string,
    companyId: string,
    after: ActivityCursor | undefined,
    limit: number,
  ): Promise<Array<{ contactId: string; source: CompanySource; lastSeenAt: number }>> {
    const params: (string | number)[] = [siteId, companyId];
    let page = '';
    if (after) {
      page = 'AND (ct.last_seen_at < ? OR (ct.last_seen_at = ? AND ct.contact_id < ?))';
      params.push(after.at, after.at, after.id);
    }
    const rows = await this.db.scan<{ contact_id: string; source: CompanySource; last_seen_at: number | string }>(
      `SELECT m.contact_id, m.source, ct.last_seen_at FROM company_members m
         JOIN contacts ct ON ct.site_id = m.site_id AND ct.contact_id = m.contact_id
       WHERE m.site_id = ? AND m.company_id = ? ${page}
       ORDER BY ct.last_seen_at DESC, ct.contact_id DESC LIMIT ?`,
      [...params, limit],
    );
    return rows.map((row) => ({ contactId: row.contact_id, source: row.source, lastSeenAt: Number(row.last_seen_at) }));
  }

  /**
   * The conversations of `contactIds` (a site's) that `scope` lets the caller see (a condition on `c`), most recently
   * changed first, at most `perContact` each.
   */
  async conversationsOf(
    siteId: string,
    contactIds: readonly string[],
    scope: SqlCondition | undefined,
    perContact: number,
  ): Promise<MemberConversation[]> {
    if (contactIds.length === 0) return [];
    const rows = await this.db.scan<{
      id: string;
      visitor_id: string;
      status: string;
      created_at: number | string;
      updated_at: number | string;
    }>(
      `SELECT c.id, c.visitor_id, c.status, c.created_at, c.updated_at FROM conversations c
       WHERE c.site_id = ? AND c.visitor_id IN (${placeholders(contactIds.length)})${scope ? ` AND ${scope.sql}` : ''}
       ORDER BY c.updated_at DESC, c.id DESC`,
      [siteId, ...contactIds, ...(scope?.params ?? [])],
    );
    const seen = new Map<string, number>();
    const out: MemberConversation[] = [];
    for (const row of rows) {
      const count = seen.get(row.visitor_id) ?? 0;
      if (count >= perContact) continue;
      seen.set(row.visitor_id, count + 1);
      out.push({
        id: row.id,
        contactId: row.visitor_id,
        status: row.status,
        createdAt: Number(row.created_at),
        updatedAt: Number(row.updated_at),
      });
    }
    return out;
  }
}
