import type { SqlDb } from '../store/sql/sql-db.js';

/** An email domain a site claimed for its providers (`sso_domains`). */
export interface SsoDomainRecord {
  readonly siteId: string;
  readonly domain: string;
  /** What the TXT record carries after `parley-domain-verification=`. */
  readonly token: string;
  readonly createdAt: number;
  readonly verifiedAt: number | null;
}

/**
 * The email domains sites claimed for their providers, and which site verified each (`sso_domains`): one domain is
 * verified for one site of the relay at most.
 */
export class SsoDomainRepository {
  constructor(readonly db: SqlDb) {}

  /** Claims domains for a site (a token each); a domain claimed before keeps its token and state. */
  async claimDomains(siteId: string, domains: readonly string[], tokenOf: () => string, now: number): Promise<void> {
    for (const domain of domains)
      await this.db.run(
        `INSERT INTO sso_domains (site_id, domain, token, created_at, verified_at) VALUES (?, ?, ?, ?, NULL)
         ON CONFLICT (site_id, domain) DO NOTHING`,
        [siteId, domain, tokenOf(), now],
      );
  }

  async domains(siteId: string): Promise<SsoDomainRecord[]> {
    const rows = await this.db.all<{
      site_id: string;
      domain: string;
      token: string;
      created_at: number | string;
      verified_at: number | string | null;
    }>('SELECT * FROM sso_domains WHERE site_id = ? ORDER BY domain', [siteId]);
    return rows.map((r) => ({
      siteId: r.site_id,
      domain: r.domain,
      token: r.token,
      createdAt: Number(r.created_at),
      verifiedAt: r.verified_at === null ? null : Number(r.verified_at),
    }));
  }

  /** Whether `domain` is verified for `siteId`. */
  async domainVerified(siteId: string, domain: string): Promise<boolean> {
    const rows = await this.db.all(
      'SELECT 1 FROM sso_domains WHERE site_id = ? AND domain = ? AND verified_at IS NOT NULL',
      [siteId, domain],
    );
    return rows.length > 0;
  }

  /**
   * Marks a claimed domain verified for the site: `taken` when another site of the relay has it verified (the unique
   * index decides between two at once).
   */
  async markDomainVerified(siteId: string, domain: string, now: number): Promise<'verified' | 'taken'> {
    const taken = await this.db.all(
      'SELECT 1 FROM sso_domains WHERE domain = ? AND site_id <> ? AND verified_at IS NOT NULL',
      [domain, siteId],
    );
    if (taken.length > 0) return 'taken';
    try {
      await this.db.run(
        'UPDATE sso_domains SET verified_at = ? WHERE site_id = ? AND domain = ? AND verified_at IS NULL',
        [now, siteId, domain],
      );
    } catch {
      return 'taken';
    }
    return (await this.domainVerified(siteId, domain)) ? 'verified' : 'taken';
  }
}
