import type { SqlDb } from '../store/sql/sql-db.js';

/** How often each relay reads the custom domains again (another relay's change reaches it within this). */
const REFRESH_MS = 10_000;

/** The host of a request's `Host` header: lower case, without its port. */
export function requestHost(header: string): string {
  return header.trim().toLowerCase().replace(/:\d+$/, '');
}

/**
 * The sites' custom portal domains (docs/help-center.md, "A custom domain"): stored in `help_domains`, one per site
 * and unique across sites, and held in memory so that the HTTP router can tell a portal's request by its `Host`
 * synchronously (uWS decides whether a route takes a request before any await). Read again every
 * {@link REFRESH_MS}, and at once after a change through this relay.
 */
export class HelpDomains {
  readonly #db: SqlDb;
  #bySite = new Map<string, string>();
  #byHost = new Map<string, string>();
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(db: SqlDb) {
    this.#db = db;
  }

  /** Reads them, then again every {@link REFRESH_MS}. */
  async start(): Promise<void> {
    await this.load();
    this.#timer = setInterval(() => void this.load().catch(() => undefined), REFRESH_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async load(): Promise<void> {
    const rows = await this.#db.all<{ site_id: string; host: string }>('SELECT site_id, host FROM help_domains');
    this.#bySite = new Map(rows.map((row) => [row.site_id, row.host]));
    this.#byHost = new Map(rows.map((row) => [row.host, row.site_id]));
  }

  /** The site whose portal is served at `host`, if any (synchronous: the router asks). */
  siteAt(host: string): string | undefined {
    return this.#byHost.size === 0 ? undefined : this.#byHost.get(requestHost(host));
  }

  /** The site's custom domain, if it has one. */
  of(siteId: string): string | undefined {
    return this.#bySite.get(siteId);
  }

  /** Sets (or with `null` removes) the site's domain. A host another site has throws the store's unique violation. */
  async set(siteId: string, host: string | null, now: number): Promise<void> {
    await this.#db.transaction(async (db) => {
      await db.run('DELETE FROM help_domains WHERE site_id = ?', [siteId]);
      if (host !== null)
        await db.run('INSERT INTO help_domains (site_id, host, created_at) VALUES (?, ?, ?)', [siteId, host, now]);
    });
    await this.load();
  }
}
