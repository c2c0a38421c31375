import type { SsoDomain } from '@parley/protocol/admin';
import {
  confirmationCodeHash,
  confirmationCodeMatches,
  newConfirmationCode,
  resendAfterMs,
} from '../domains/confirmation-code.js';
import {
  DNS_VERIFICATION_LABEL,
  newVerificationToken,
  verificationRecord,
  type DnsVerifier,
} from '../domains/dns-verification.js';
import type { SsoDomainRecord, SsoDomainRepository } from './sso-domain-repository.js';

/** What asking for a mailed code came to: the code to mail, or why none is sent. */
export type DomainMailStart =
  | { readonly state: 'send'; readonly code: string; readonly codeHash: string }
  | { readonly state: 'unclaimed' }
  | { readonly state: 'verified' }
  | { readonly state: 'taken' }
  | { readonly state: 'wait'; readonly retryAfterMs: number };

/** What entering a mailed code came to. */
export type DomainMailOutcome =
  'verified' | 'taken' | 'wrong' | 'expired' | 'no_code' | 'unclaimed' | 'verified_already';

/**
 * The email domains a site's providers allow (docs/accounts.md, "Verifying a provider's email domains"): claimed when
 * a provider is saved, verified by a DNS record the site publishes or by a code mailed to an address at the domain,
 * one site a domain. A provider makes accounts just in time only for a verified one: any site's admin may type any
 * domain.
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

  /** The site's domains as the API shows them: verified or not, the record to publish, the code mailed. */
  async list(siteId: string): Promise<SsoDomain[]> {
    return (await this.repository.domains(siteId)).map(view);
  }

  /** One of the site's domains as the API shows it; `undefined` when the site never claimed it. */
  async one(siteId: string, domain: string): Promise<SsoDomain | undefined> {
    const found = await this.#claimed(siteId, domain);
    return found && view(found);
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
    const claimed = await this.#claimed(siteId, domain);
    if (!claimed) return undefined;
    let state: 'verified' | 'unverified' | 'taken' = 'verified';
    if (claimed.verifiedAt === null)
      state = (await this.verifier.verify(domain, claimed.token))
        ? await this.repository.markDomainVerified(siteId, domain, now)
        : 'unverified';
    return { state, domain: (await this.one(siteId, domain))! };
  }

  /**
   * A code to mail to `address` (at the domain) for the site's unverified `domain`, recorded by its hash (the one
   * before stops working); at most one every `resendAfterMs` (`wait`). Nothing is recorded when the site never
   * claimed the domain, has it verified already, or another site does (`taken`: one domain, one site).
   */
  async startMail(siteId: string, domain: string, address: string, now: number): Promise<DomainMailStart> {
    const claimed = await this.#claimed(siteId, domain);
    if (!claimed) return { state: 'unclaimed' };
    if (claimed.verifiedAt !== null) return { state: 'verified' };
    if (await this.repository.verifiedElsewhere(siteId, domain)) return { state: 'taken' };
    const code = newConfirmationCode();
    const codeHash = confirmationCodeHash(code);
    if (await this.repository.startMail(siteId, domain, address, codeHash, now, now - resendAfterMs))
      return { state: 'send', code, codeHash };
    const after = await this.#claimed(siteId, domain);
    if (!after) return { state: 'unclaimed' };
    if (after.verifiedAt !== null) return { state: 'verified' };
    return { state: 'wait', retryAfterMs: Math.max(1000, resendAfterMs - (now - (after.mail?.sentAt ?? now))) };
  }

  /** Forgets a code that could not be mailed, so that another may be asked for at once. */
  dropMail(siteId: string, domain: string, codeHash: string): Promise<void> {
    return this.repository.dropMail(siteId, domain, codeHash);
  }

  /**
   * Enters the code mailed for the site's `domain`: `verified` (for this site from now on); `wrong` (counted);
   * `expired` (a day old, or `maxCodeAttempts` tried: mail a new one); `taken` (another site verified it first);
   * `no_code`, `unclaimed` or `verified_already` when there is nothing to enter a code for.
   */
  async confirmMail(siteId: string, domain: string, code: string, now: number): Promise<DomainMailOutcome> {
    // The attempt is counted before the code is compared (one statement): concurrent ones never pass the limit.
    const hash = await this.repository.countMailAttempt(siteId, domain, now);
    if (hash === undefined) {
      const claimed = await this.#claimed(siteId, domain);
      if (!claimed) return 'unclaimed';
      if (claimed.verifiedAt !== null) return 'verified_already';
      return claimed.mail ? 'expired' : 'no_code';
    }
    if (!confirmationCodeMatches(code, hash)) return 'wrong';
    const marked = await this.repository.markMailVerified(siteId, domain, now, hash);
    return marked === 'stale' ? 'expired' : marked;
  }

  async #claimed(siteId: string, domain: string): Promise<SsoDomainRecord | undefined> {
    return (await this.repository.domains(siteId)).find((d) => d.domain === domain);
  }
}

/** A domain as the API shows it. */
function view(d: SsoDomainRecord): SsoDomain {
  return {
    domain: d.domain,
    verified: d.verifiedAt !== null,
    verifiedAt: d.verifiedAt,
    record: { name: `${DNS_VERIFICATION_LABEL}.${d.domain}`, type: 'TXT', value: verificationRecord(d.token) },
    mail: d.mail,
  };
}
