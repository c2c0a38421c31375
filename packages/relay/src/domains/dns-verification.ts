import { Resolver } from 'node:dns/promises';
import { randomToken } from '../auth/tokens.js';

/** The TXT record's prefix: `parley-domain-verification=<token>`. */
export const DNS_VERIFICATION_PREFIX = 'parley-domain-verification=';
/** The label under the domain where the record may also be published (`_parley.example.com`). */
export const DNS_VERIFICATION_LABEL = '_parley';

/** What {@link DnsVerifier} is made with. */
export interface DnsVerifierOptions {
  /**
   * The DNS servers asked (`host` or `host:port`; `PARLEY_DNS_SERVERS`). Default: the system's. Tests answer from a
   * server of their own on 127.0.0.1.
   */
  readonly servers?: readonly string[] | undefined;
  /** How long one query may take, in ms. Default 3000 (and two tries). */
  readonly timeoutMs?: number | undefined;
}

/** A domain name as kept and compared: lower case, no trailing dot. */
export function normalizeDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, '');
}

/** A new verification token (what the TXT record must carry after the prefix). */
export function newVerificationToken(): string {
  return randomToken('pdv', 24);
}

/** The TXT record to publish for `token`. */
export function verificationRecord(token: string): string {
  return `${DNS_VERIFICATION_PREFIX}${token}`;
}

/**
 * Proof that whoever asks controls a domain's DNS: a TXT record `parley-domain-verification=<token>` at the domain or
 * at `_parley.<domain>`, looked up now through `node:dns`'s Resolver (its own servers when given). Not tied to single
 * sign-on: any feature that needs to know a site owns a domain (support addresses) can ask it.
 */
export class DnsVerifier {
  readonly #resolver: Resolver;

  constructor(options: DnsVerifierOptions = {}) {
    this.#resolver = new Resolver({ timeout: options.timeoutMs ?? 3000, tries: 2 });
    if (options.servers && options.servers.length > 0) this.#resolver.setServers([...options.servers]);
  }

  /**
   * Whether `domain` (or `_parley.<domain>`) publishes the record of `token`. A name that does not resolve, or a
   * server that does not answer, is `false`: nothing is verified without an answer.
   */
  async verify(domain: string, token: string): Promise<boolean> {
    const wanted = verificationRecord(token);
    const name = normalizeDomain(domain);
    for (const host of [`${DNS_VERIFICATION_LABEL}.${name}`, name]) {
      let records: string[][];
      try {
        records = await this.#resolver.resolveTxt(host);
      } catch {
        continue;
      }
      // A TXT record may come in 255-byte strings: they are one value joined.
      if (records.some((strings) => strings.join('') === wanted)) return true;
    }
    return false;
  }
}
