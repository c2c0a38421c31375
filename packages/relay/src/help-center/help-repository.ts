import type { ArticleStatus, HelpArticleSummary, HelpCollection } from '@parley/protocol/admin';
import { createHash } from 'node:crypto';
import type { SqlDb, SqlValue } from '../store/sql/sql-db.js';
import { foldedWords, regconfigOf, stemOf, stemmedText } from './help-text.js';
import { loadSnowball } from '../snowball.js';

/** An article as stored. */
export interface ArticleRecord extends HelpArticleSummary {
  readonly siteId: string;
  readonly body: string;
  /** The body rendered (empty in lists). */
  readonly html: string;
}

/** What an article is written from (the repository derives its index). */
export interface ArticleInput {
  readonly collectionId: string | null;
  readonly locale: string;
  readonly slug: string;
  readonly title: string;
  readonly summary: string | null;
  readonly body: string;
  readonly status: ArticleStatus;
}

interface ArticleRow {
  id: string;
  site_id: string;
  collection_id: string | null;
  locale: string;
  slug: string;
  title: string;
  summary: string | null;
  body?: string;
  html?: string;
  status: string;
  author_id: string;
  updated_by: string;
  created_at: number | string;
  updated_at: number | string;
  published_at: number | string | null;
}

interface CollectionRow {
  id: string;
  site_id: string;
  name: string;
  slug: string;
  description: string | null;
  position: number;
  created_at: number | string;
  updated_at: number | string;
}

const article = (row: ArticleRow): ArticleRecord => ({
  id: row.id,
  siteId: row.site_id,
  collectionId: row.collection_id,
  locale: row.locale,
  slug: row.slug,
  title: row.title,
  summary: row.summary,
  body: row.body ?? '',
  html: row.html ?? '',
  status: row.status as ArticleStatus,
  authorId: row.author_id,
  updatedBy: row.updated_by,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
  publishedAt: row.published_at === null ? null : Number(row.published_at),
});

const collection = (row: CollectionRow): HelpCollection => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  description: row.description,
  position: Number(row.position),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

const SUMMARY_COLUMNS =
  'id, site_id, collection_id, locale, slug, title, summary, status, author_id, updated_by, created_at, updated_at, published_at';

/** The FTS5 token of a site's articles in one locale: letters and digits only, one token for `unicode61`. */
export const scopeToken = (siteId: string, locale: string): string =>
  `s${createHash('sha256').update(`${siteId}\n${locale}`).digest('hex').slice(0, 24)}`;

/** True for a unique index's refusal, on either store. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint/.test(e.message ?? '');
}

/** A search of one site's published articles in one locale. */
export interface ArticleQuery {
  readonly siteId: string;
  readonly locale: string;
  /** Folded words, misspellings corrected; all are ORed and ranked. */
  readonly words: readonly string[];
  /** The last word may be unfinished: it matches as a prefix. */
  readonly prefix: boolean;
  readonly limit: number;
}

/**
 * The help center's tables: `help_collections`, `help_articles`, and on SQLite `help_articles_fts`. Each write of
 * an article writes its search index in the same transaction.
 */
export class HelpRepository {
  constructor(private readonly db: SqlDb) {}

  async listCollections(siteId: string): Promise<HelpCollection[]> {
    const rows = await this.db.all<CollectionRow>(
      'SELECT * FROM help_collections WHERE site_id = ? ORDER BY position, name, id',
      [siteId],
    );
    return rows.map(collection);
  }

  async getCollection(siteId: string, id: string): Promise<HelpCollection | undefined> {
    const [row] = await this.db.all<CollectionRow>('SELECT * FROM help_collections WHERE site_id = ? AND id = ?', [
      siteId,
      id,
    ]);
    return row ? collection(row) : undefined;
  }

  async createCollection(siteId: string, value: HelpCollection): Promise<void> {
    await this.db.run(
      `INSERT INTO help_collections (id, site_id, name, slug, description, position, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [value.id, siteId, value.name, value.slug, value.description, value.position, value.createdAt, value.updatedAt],
    );
  }

  async updateCollection(siteId: string, value: HelpCollection): Promise<void> {
    await this.db.run(
      `UPDATE help_collections SET name = ?, slug = ?, description = ?, position = ?, updated_at = ?
       WHERE site_id = ? AND id = ?`,
      [value.name, value.slug, value.description, value.position, value.updatedAt, siteId, value.id],
    );
  }

  /** Deletes a collection; its articles stay, in no collection. False when there was none. */
  deleteCollection(siteId: string, id: string, now: number): Promise<boolean> {
    return this.db.transaction(async (db) => {
      const deleted = await db.run('DELETE FROM help_collections WHERE site_id = ? AND id = ?', [siteId, id]);
      if (deleted > 0)
        await db.run(
          'UPDATE help_articles SET collection_id = NULL, updated_at = ? WHERE site_id = ? AND collection_id = ?',
          [now, siteId, id],
        );
      return deleted > 0;
    });
  }

  /**
   * Articles without their bodies, newest change first (read off the loop: a site may have thousands), at most
   * `limit` (default 10,000, a site's most).
   */
  async listArticles(
    siteId: string,
    filter: { readonly status?: ArticleStatus; readonly locale?: string; readonly collectionId?: string },
    limit = 10_000,
  ): Promise<ArticleRecord[]> {
    const where = ['site_id = ?'];
    const params: SqlValue[] = [siteId];
    for (const [column, value] of [
      ['status', filter.status],
      ['locale', filter.locale],
      ['collection_id', filter.collectionId],
    ] as const)
      if (value !== undefined) {
        where.push(`${column} = ?`);
        params.push(value);
      }
    const rows = await this.db.scan<ArticleRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM help_articles WHERE ${where.join(' AND ')} ORDER BY updated_at DESC, id LIMIT ?`,
      [...params, limit],
    );
    return rows.map(article);
  }

  /**
   * The site's published articles in `locale`, the most read first (then the newest change): what the widget lists
   * before a search.
   */
  async popularPublished(siteId: string, locale: string, limit: number): Promise<ArticleRecord[]> {
    const rows = await this.db.scan<ArticleRow>(
      `SELECT ${SUMMARY_COLUMNS.split(', ')
        .map((column) => `a.${column}`)
        .join(', ')}
       FROM help_articles a LEFT JOIN help_article_reads r ON r.article_id = a.id
       WHERE a.site_id = ? AND a.locale = ? AND a.status = 'published'
       ORDER BY COALESCE(r.reads, 0) DESC, a.updated_at DESC, a.id LIMIT ?`,
      [siteId, locale, limit],
    );
    return rows.map(article);
  }

  /** Adds reads to articles (`count` by article id), in one transaction. */
  async addReads(
    reads: ReadonlyArray<{ readonly siteId: string; readonly articleId: string; readonly count: number }>,
  ) {
    await this.db.transaction(
      async (db) => {
        for (const { siteId, articleId, count } of reads)
          await db.run(
            `INSERT INTO help_article_reads (article_id, site_id, reads) VALUES (?, ?, ?)
             ON CONFLICT (article_id) DO UPDATE SET reads = help_article_reads.reads + excluded.reads`,
            [articleId, siteId, count],
          );
      },
      { durable: false },
    );
  }

  /** How often each of the site's articles was read, by article id (those never read are absent). */
  async reads(siteId: string): Promise<Map<string, number>> {
    const rows = await this.db.scan<{ article_id: string; reads: number | string }>(
      'SELECT article_id, reads FROM help_article_reads WHERE site_id = ?',
      [siteId],
    );
    return new Map(rows.map((row) => [row.article_id, Number(row.reads)]));
  }

  /** How many published articles the site has in each locale, by locale name. */
  async publishedCounts(siteId: string): Promise<Array<{ locale: string; count: number }>> {
    const rows = await this.db.scan<{ locale: string; n: number | string }>(
      "SELECT locale, COUNT(*) AS n FROM help_articles WHERE site_id = ? AND status = 'published' GROUP BY locale ORDER BY locale",
      [siteId],
    );
    return rows.map((row) => ({ locale: row.locale, count: Number(row.n) }));
  }

  /**
   * What the sitemap lists of each published article: its locale, slug, collection and last change (no other
   * column).
   */
  async sitemapEntries(
    siteId: string,
  ): Promise<Array<{ locale: string; slug: string; collectionId: string | null; updatedAt: number }>> {
    const rows = await this.db.scan<{
      locale: string;
      slug: string;
      collection_id: string | null;
      updated_at: number | string;
    }>(
      "SELECT locale, slug, collection_id, updated_at FROM help_articles WHERE site_id = ? AND status = 'published' ORDER BY updated_at DESC, id LIMIT 10000",
      [siteId],
    );
    return rows.map((row) => ({
      locale: row.locale,
      slug: row.slug,
      collectionId: row.collection_id,
      updatedAt: Number(row.updated_at),
    }));
  }

  /**
   * Sites with a published article, by id, at most `limit` (the relay's robots.txt names their sitemaps): a seek in
   * the articles' index per site, however many articles each has.
   */
  async sitesWithPublished(limit: number): Promise<Array<{ siteId: string; siteKey: string }>> {
    const rows = await this.db.scan<{ id: string; site_key: string }>(
      `SELECT s.id, s.site_key FROM sites s
       WHERE EXISTS (SELECT 1 FROM help_articles a WHERE a.site_id = s.id AND a.status = 'published')
       ORDER BY s.id LIMIT ?`,
      [limit],
    );
    return rows.map((row) => ({ siteId: row.id, siteKey: row.site_key }));
  }

  /** Whether the site has a published article in any locale (its widget then offers a Help tab). */
  async hasPublished(siteId: string): Promise<boolean> {
    const rows = await this.db.all<{ one: number }>(
      "SELECT 1 AS one FROM help_articles WHERE site_id = ? AND status = 'published' LIMIT 1",
      [siteId],
    );
    return rows.length > 0;
  }

  /** How many articles the site has, in any state. */
  async countArticles(siteId: string): Promise<number> {
    const [row] = await this.db.all<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM help_articles WHERE site_id = ?',
      [siteId],
    );
    return Number(row?.n ?? 0);
  }

  async getArticle(siteId: string, id: string): Promise<ArticleRecord | undefined> {
    const [row] = await this.db.all<ArticleRow>('SELECT * FROM help_articles WHERE site_id = ? AND id = ?', [
      siteId,
      id,
    ]);
    return row ? article(row) : undefined;
  }

  async getArticleBySlug(siteId: string, locale: string, slug: string): Promise<ArticleRecord | undefined> {
    const [row] = await this.db.all<ArticleRow>(
      'SELECT * FROM help_articles WHERE site_id = ? AND locale = ? AND slug = ?',
      [siteId, locale, slug],
    );
    return row ? article(row) : undefined;
  }

  /** Writes a new article or replaces one, with its search index, in one transaction; `text`: its body's words. */
  async putArticle(record: ArticleRecord, isNew: boolean, text: string): Promise<void> {
    // SQLite's index holds the words stemmed here.
    if (this.db.dialect === 'sqlite') await loadSnowball();
    const words = [...new Set(foldedWords(`${record.title} ${record.summary ?? ''} ${text}`))].join(' ');
    const values: SqlValue[] = [
      record.collectionId,
      record.locale,
      record.slug,
      record.title,
      record.summary,
      record.body,
      record.html,
      record.status,
      record.updatedBy,
      words,
      record.updatedAt,
      record.publishedAt,
    ];
    await this.db.transaction(async (db) => {
      if (isNew)
        await db.run(
          `INSERT INTO help_articles (id, site_id, author_id, created_at, collection_id, locale, slug, title, summary,
             body, html, status, updated_by, words, updated_at, published_at ${db.dialect === 'postgres' ? ', search' : ''})
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? ${db.dialect === 'postgres' ? ", ''" : ''})`,
          [record.id, record.siteId, record.authorId, record.createdAt, ...values],
        );
      else
        await db.run(
          `UPDATE help_articles SET collection_id = ?, locale = ?, slug = ?, title = ?, summary = ?, body = ?,
             html = ?, status = ?, updated_by = ?, words = ?, updated_at = ?, published_at = ?
           WHERE site_id = ? AND id = ?`,
          [...values, record.siteId, record.id],
        );
      const indexed = `${record.summary ?? ''} ${text}`;
      if (db.dialect === 'postgres') {
        const config = regconfigOf(record.locale);
        await db.run(
          `UPDATE help_articles SET search = setweight(to_tsvector(?::regconfig, title), 'A')
             || setweight(to_tsvector(?::regconfig, ?), 'B') WHERE id = ?`,
          [config, config, indexed, record.id],
        );
      } else {
        const [row] = await db.all<{ seq: number }>('SELECT seq FROM help_articles WHERE id = ?', [record.id]);
        await db.run('DELETE FROM help_articles_fts WHERE rowid = ?', [row!.seq]);
        // Only what visitors may find is indexed.
        if (record.status === 'published')
          await db.run('INSERT INTO help_articles_fts (rowid, scope, title, body) VALUES (?, ?, ?, ?)', [
            row!.seq,
            scopeToken(record.siteId, record.locale),
            stemmedText(record.title, record.locale),
            stemmedText(indexed, record.locale),
          ]);
      }
    });
  }

  async deleteArticle(siteId: string, id: string): Promise<boolean> {
    return this.db.transaction(async (db) => {
      if (db.dialect === 'sqlite')
        await db.run(
          'DELETE FROM help_articles_fts WHERE rowid IN (SELECT seq FROM help_articles WHERE site_id = ? AND id = ?)',
          [siteId, id],
        );
      await db.run('DELETE FROM help_article_reads WHERE site_id = ? AND article_id = ?', [siteId, id]);
      await db.run('DELETE FROM help_article_feedback WHERE site_id = ? AND article_id = ?', [siteId, id]);
      return (await db.run('DELETE FROM help_articles WHERE site_id = ? AND id = ?', [siteId, id])) > 0;
    });
  }

  /**
   * The words of up to `limit` of a site's published articles in `locale` (each article's distinct words,
   * space-separated), those whose id comes after `after`, in id order: a page of what a typo index is built from.
   */
  async publishedWords(
    siteId: string,
    locale: string,
    after: string,
    limit: number,
  ): Promise<Array<{ id: string; words: string }>> {
    return this.db.scan<{ id: string; words: string }>(
      `SELECT id, words FROM help_articles WHERE site_id = ? AND locale = ? AND status = 'published' AND id > ?
       ORDER BY id LIMIT ?`,
      [siteId, locale, after, limit],
    );
  }

  /**
   * What changes whenever the site's published articles in `locale` do (how many, and when each last changed): a
   * typo index is built again only when it differs. Read from the list index alone.
   */
  async publishedFingerprint(siteId: string, locale: string): Promise<string> {
    const [row] = await this.db.scan<{
      n: number | string;
      last: number | string | null;
      total: number | string | null;
    }>(
      `SELECT COUNT(*) AS n, MAX(updated_at) AS last, SUM(updated_at) AS total FROM help_articles
       WHERE site_id = ? AND status = 'published' AND locale = ?`,
      [siteId, locale],
    );
    return `${row?.n ?? 0}:${row?.last ?? ''}:${row?.total ?? ''}`;
  }

  /** Every site and locale with a published article, the sites with the most published articles first. */
  async publishedLocales(): Promise<Array<{ siteId: string; locale: string }>> {
    const rows = await this.db.scan<{ site_id: string; locale: string }>(
      `SELECT site_id, locale FROM help_articles WHERE status = 'published'
       GROUP BY site_id, locale ORDER BY COUNT(*) DESC, site_id, locale LIMIT 10000`,
    );
    return rows.map((row) => ({ siteId: row.site_id, locale: row.locale }));
  }

  /**
   * Published articles matching any of the query's words, best first: BM25 with the title weighing 4 times the text
   * (SQLite), `ts_rank` with weights A 1.0, B 0.25 (PostgreSQL).
   */
  async search(query: ArticleQuery): Promise<ArticleRecord[]> {
    if (query.words.length === 0) return [];
    const last = query.words.length - 1;
    if (this.db.dialect === 'postgres') {
      const tsquery = query.words
        .map((word, index) => (query.prefix && index === last ? `${word}:*` : word))
        .join(' | ');
      const rows = await this.db.scan<ArticleRow>(
        `SELECT ${SUMMARY_COLUMNS} FROM help_articles, to_tsquery(?::regconfig, ?) q
         WHERE site_id = ? AND locale = ? AND status = 'published' AND search @@ q
         ORDER BY ts_rank('{0.1, 0.2, 0.25, 1.0}', search, q) DESC, updated_at DESC LIMIT ?`,
        [regconfigOf(query.locale), tsquery, query.siteId, query.locale, query.limit],
      );
      return rows.map(article);
    }
    await loadSnowball();
    const terms = query.words
      .map((word, index) => {
        const stem = stemOf(word, query.locale);
        // A stem is folded letters and digits only: safe as an FTS5 bareword once quoted.
        return query.prefix && index === last ? `("${stem}" OR "${word}"*)` : `"${stem}"`;
      })
      .join(' OR ');
    const match = `scope : ${scopeToken(query.siteId, query.locale)} AND (${terms})`;
    const rows = await this.db.scan<ArticleRow>(
      `SELECT ${SUMMARY_COLUMNS.split(', ')
        .map((column) => `a.${column}`)
        .join(', ')}
       FROM (SELECT rowid, bm25(help_articles_fts, 0.0, 4.0, 1.0) AS score FROM help_articles_fts
             WHERE help_articles_fts MATCH ? ORDER BY score LIMIT ?) f
         JOIN help_articles a ON a.seq = f.rowid
       WHERE a.site_id = ? AND a.locale = ? AND a.status = 'published'
       ORDER BY f.score, a.updated_at DESC`,
      [match, query.limit, query.siteId, query.locale],
    );
    return rows.map(article);
  }
}
