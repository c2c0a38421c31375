import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a signed address gives: the file itself, or its thumbnail. */
export type SignedVariant = 'file' | 'thumbnail';

/** Why a signed address was refused. */
export type SignatureCheck = 'ok' | 'expired' | 'invalid';

/**
 * Signs short-lived download addresses for `<img>` (which cannot send an `Authorization` header):
 * `?exp=<unix seconds>&sig=<base64url HMAC-SHA256>` over the attachment id, the variant and the expiry. The key is
 * derived from the relay's data key (HMAC with a label of its own), so every relay sharing the data key checks
 * every other's addresses, and the data key itself never signs anything a client sees. No token is ever put in a
 * URL: an address grants one file for a few minutes, nothing else.
 */
export class UrlSigner {
  private readonly key: Buffer;

  constructor(
    dataKey: string,
    /** How long an address stays valid, in seconds. */
    readonly ttlSeconds: number,
  ) {
    this.key = createHmac('sha256', Buffer.from(dataKey, 'base64')).update('parley/attachment-urls/v1').digest();
  }

  /** The query string (`exp=…&sig=…`) of an address valid for {@link ttlSeconds} from `now`. */
  sign(id: string, variant: SignedVariant, now = Date.now()): { query: string; expiresAt: number } {
    const exp = Math.floor(now / 1000) + this.ttlSeconds;
    return { query: `exp=${exp}&sig=${this.mac(id, variant, exp)}`, expiresAt: exp * 1000 };
  }

  /** Checks an address's `exp` and `sig` in constant time. */
  verify(id: string, variant: SignedVariant, exp: string, sig: string, now = Date.now()): SignatureCheck {
    if (!/^\d{1,12}$/.test(exp)) return 'invalid';
    const given = Buffer.from(sig, 'utf8');
    const expected = Buffer.from(this.mac(id, variant, Number(exp)), 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    // Checked after the signature, so an expired answer says the address was genuine once.
    return Number(exp) * 1000 < now ? 'expired' : 'ok';
  }

  private mac(id: string, variant: SignedVariant, exp: number): string {
    return createHmac('sha256', this.key).update(`${id}\n${variant}\n${exp}`).digest('base64url');
  }
}
