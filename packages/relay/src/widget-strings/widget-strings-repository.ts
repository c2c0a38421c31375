import { isWidgetStringKey, type WidgetStringTexts } from '@parley/protocol';
import type { SqlDb } from '../store/sql/sql-db.js';

/** A site's overrides: by locale tag, each key's text. */
export type SiteStrings = Readonly<Record<string, WidgetStringTexts>>;

interface Row {
  site_id: string;
  locale: string;
  texts: string;
}

/** Each stored text of a row whose key the catalogue still has (a key dropped from it is no longer sent). */
function textsOf(json: string): WidgetStringTexts {
  const texts: WidgetStringTexts = {};
  for (const [key, text] of Object.entries(JSON.parse(json) as Record<string, unknown>))
    if (isWidgetStringKey(key) && typeof text === 'string') texts[key] = text;
  return texts;
}

/** The widget strings' table, `widget_strings`: one row per site and locale it changed words in. */
export class WidgetStringsRepository {
  constructor(private readonly db: SqlDb) {}

  /** The site's overrides, by locale. */
  async get(siteId: string): Promise<SiteStrings> {
    const rows = await this.db.all<Row>(
      'SELECT site_id, locale, texts FROM widget_strings WHERE site_id = ? ORDER BY locale',
      [siteId],
    );
    return Object.fromEntries(rows.map((row) => [row.locale, textsOf(row.texts)]));
  }

  /** Every site's overrides (when the relay starts: sites with none have no row). */
  async all(): Promise<ReadonlyMap<string, SiteStrings>> {
    const rows = await this.db.scan<Row>('SELECT site_id, locale, texts FROM widget_strings ORDER BY site_id, locale');
    const sites = new Map<string, Record<string, WidgetStringTexts>>();
    for (const row of rows) {
      let site = sites.get(row.site_id);
      if (!site) sites.set(row.site_id, (site = {}));
      site[row.locale] = textsOf(row.texts);
    }
    return sites;
  }

  /** How many locales the site has overrides in, `locale` aside. */
  async otherLocales(siteId: string, locale: string): Promise<number> {
    const [row] = await this.db.all<{ n: number }>(
      'SELECT COUNT(*) AS n FROM widget_strings WHERE site_id = ? AND locale <> ?',
      [siteId, locale],
    );
    return Number(row?.n ?? 0);
  }

  /** Replaces the site's overrides of `locale` (none: the locale's row goes). */
  async put(siteId: string, locale: string, texts: WidgetStringTexts, now: number): Promise<void> {
    if (Object.keys(texts).length === 0) {
      await this.db.run('DELETE FROM widget_strings WHERE site_id = ? AND locale = ?', [siteId, locale]);
      return;
    }
    await this.db.run(
      `INSERT INTO widget_strings (site_id, locale, texts, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (site_id, locale) DO UPDATE SET texts = excluded.texts, updated_at = excluded.updated_at`,
      [siteId, locale, JSON.stringify(texts), now],
    );
  }
}
