import { countCodeAttempt } from '../domains/confirmation-code.js';
import type { SqlDb } from '../store/sql/sql-db.js';

/** An email domain a site claimed for its providers (`sso_domains`). */
export interface SsoDomainRecord {
  readonly siteId: string;
  readonly domain: string;
  /** What the TXT record carries after `parley-domain-verification=`. */
  readonly token: string;
  readonly createdAt: number;
  readonly verifiedAt: number | null;
  /** The address at the domain a code was mailed to, while the code may be entered; `null` otherwise. */
  readonly mail: { readonly address: string; readonly sentAt: number } | null;
}

/** The site's claim of a domain, by which the next two statements pick it while it is not verified. */
const WAITING = 'site_id = ? AND domain = ? AND verified_at IS NULL';

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
      mail_address: string | null;
      code_hash: string | null;
      code_sent_at: number | string | null;
    }>(
      `SELECT site_id, domain, token, created_at, verified_at, mail_address, code_hash, code_sent_at
       FROM sso_domains WHERE site_id = ? ORDER BY domain`,
      [siteId],
    );
    return rows.map((r) => ({
      siteId: r.site_id,
      domain: r.domain,
      token: r.token,
      createdAt: Number(r.created_at),
      verifiedAt: r.verified_at === null ? null : Number(r.verified_at),
      mail:
        r.verified_at === null && r.code_hash !== null && r.mail_address !== null && r.code_sent_at !== null
          ? { address: r.mail_address, sentAt: Number(r.code_sent_at) }
          : null,
    }));
  }

  /** Whether another site than `siteId` has `domain` verified. */
  async verifiedElsewhere(siteId: string, domain: string): Promise<boolean> {
    const rows = await this.db.all(
      'SELECT 1 FROM sso_domains WHERE domain = ? AND site_id <> ? AND verified_at IS NOT NULL',
      [domain, siteId],
    );
    return rows.length > 0;
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
    const marked = await this.#mark(siteId, domain, now);
    return marked === 'stale' ? 'taken' : marked;
  }

  /**
   * As {@link markDomainVerified}, by the mailed code whose hash is `codeHash`: only while it is still the domain's
   * (`stale` when another was sent since). The code is spent.
   */
  markMailVerified(
    siteId: string,
    domain: string,
    now: number,
    codeHash: string,
  ): Promise<'verified' | 'taken' | 'stale'> {
    return this.#mark(siteId, domain, now, codeHash);
  }

  async #mark(siteId: string, domain: string, now: number, codeHash?: string): Promise<'verified' | 'taken' | 'stale'> {
    if (await this.verifiedElsewhere(siteId, domain)) return 'taken';
    let changed: number;
    try {
      changed = await this.db.run(
        `UPDATE sso_domains SET verified_at = ?, code_hash = NULL, code_attempts = 0
         WHERE ${WAITING}${codeHash === undefined ? '' : ' AND code_hash = ?'}`,
        codeHash === undefined ? [now, siteId, domain] : [now, siteId, domain, codeHash],
      );
    } catch {
      return 'taken';
    }
    if (changed > 0 || (await this.domainVerified(siteId, domain))) return 'verified';
    return codeHash === undefined ? 'taken' : 'stale';
  }

  /**
   * Records a code mailed to `address` for the site's unverified `domain` (the one before stops working), unless one
   * was sent after `notAfter`: true when recorded. One statement, so two requests at once send one code.
   */
  async startMail(
    siteId: string,
    domain: string,
    address: string,
    codeHash: string,
    now: number,
    notAfter: number,
  ): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE sso_domains SET mail_address = ?, code_hash = ?, code_sent_at = ?, code_attempts = 0
       WHERE ${WAITING} AND (code_sent_at IS NULL OR code_sent_at <= ?)`,
      [address, codeHash, now, siteId, domain, notAfter],
    );
    return changed > 0;
  }

  /** Forgets a code that could not be mailed (while it is still the domain's), so that another may be sent at once. */
  async dropMail(siteId: string, domain: string, codeHash: string): Promise<void> {
    await this.db.run(
      `UPDATE sso_domains SET mail_address = NULL, code_hash = NULL, code_sent_at = NULL, code_attempts = 0
       WHERE ${WAITING} AND code_hash = ?`,
      [siteId, domain, codeHash],
    );
  }

  /** Counts an attempt at the domain's mailed code and hands its hash back; `undefined` when it may not be tried. */
  countMailAttempt(siteId: string, domain: string, now: number): Promise<string | undefined> {
    return countCodeAttempt(this.db, 'sso_domains', WAITING, [siteId, domain], now);
  }
}
