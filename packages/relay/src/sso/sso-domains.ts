import type { SsoDomain } from '@parley/protocol/admin';
import {
  DNS_VERIFICATION_LABEL,
  newVerificationToken,
  verificationRecord,
  type DnsVerifier,
} from '../domains/dns-verification.js';
import type { SsoDomainRepository } from './sso-domain-repository.js';

/**
 * The email domains a site's providers allow (docs/accounts.md, "Verifying a provider's email domains"): claimed when
 * a provider is saved, verified by a DNS record the site publishes, one site a domain. A provider makes accounts just
 * in time only for a verified one: any site's admin may type any domain.
 */
export class SsoDomains {
  constructor(
    readonly repository: SsoDomainRepository,
    readonly verifier: DnsVerifier,
  ) {}

  /** Claims a provider's allowed domains for its site (a verification token each, kept while claimed). */
  claim(siteId: string, domains: readonly string[], now: number): Promise<void> {
    return this.repository.claimDomains(siteId, domains, newVerificationToken, now);
  }

  /** Whether `domain` is verified for `siteId`. */
  verified(siteId: string, domain: string): Promise<boolean> {
    return this.repository.domainVerified(siteId, domain);
  }

  /** The site's domains as the API shows them: verified or not, and the record to publish. */
  async list(siteId: string): Promise<SsoDomain[]> {
    return (await this.repository.domains(siteId)).map((d) => ({
      domain: d.domain,
      verified: d.verifiedAt !== null,
      verifiedAt: d.verifiedAt,
      record: { name: `${DNS_VERIFICATION_LABEL}.${d.domain}`, type: 'TXT', value: verificationRecord(d.token) },
    }));
  }

  /**
   * Looks the domain's record up now, and marks it verified for the site when found. `taken`: verified by another
   * site of the relay (one domain, one site). `undefined`: the site never claimed it.
   */
  async verify(
    siteId: string,
    domain: string,
    now: number,
  ): Promise<{ state: 'verified' | 'unverified' | 'taken'; domain: SsoDomain } | undefined> {
    const claimed = (await this.repository.domains(siteId)).find((d) => d.domain === domain);
    if (!claimed) return undefined;
    let state: 'verified' | 'unverified' | 'taken' = 'verified';
    if (claimed.verifiedAt === null)
      state = (await this.verifier.verify(domain, claimed.token))
        ? await this.repository.markDomainVerified(siteId, domain, now)
        : 'unverified';
    const view = (await this.list(siteId)).find((d) => d.domain === domain)!;
    return { state, domain: view };
  }
}
