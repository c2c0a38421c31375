import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Ids are made below the kits that store them (random-id.ts); tokens and the rest of the relay take them from here.
export { randomId } from '../random-id.js';

/** A random url-safe secret with a readable prefix, e.g. `pk_…` for site keys, `st_…` for staff tokens. */
export function randomToken(prefix: string, bytes = 24): string {
  return `${prefix}_${randomBytes(bytes).toString('base64url')}`;
}

/** SHA-256 of a staff token, hex. Only this is stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function safeEqualHex(a: string, b: string): boolean {
  const left = Buffer.from(a.toLowerCase(), 'utf8');
  const right = Buffer.from(b.toLowerCase(), 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The hash a site's backend computes for an identified user: HMAC-SHA256(identity secret, user id), hex. */
export function identityHash(identitySecret: string, userId: string): string {
  return createHmac('sha256', identitySecret).update(userId).digest('hex');
}

/**
 * The signature of the attributes a site's backend passes with an identified user (`attributesSigningText`):
 * HMAC-SHA256(identity secret, that text), hex.
 */
export function attributesHash(identitySecret: string, signingText: string): string {
  return createHmac('sha256', identitySecret).update(signingText).digest('hex');
}

/** Checks an attributes signature in constant time. */
export function verifyAttributesHash(identitySecret: string, signingText: string, hash: string): boolean {
  return safeEqualHex(attributesHash(identitySecret, signingText), hash);
}

/** Checks a user hash in constant time. */
export function verifyIdentity(identitySecret: string, userId: string, hash: string): boolean {
  return safeEqualHex(identityHash(identitySecret, userId), hash);
}

/** What a visitor token proves: this visitor of this site, owning this conversation. */
export interface VisitorClaims {
  readonly siteId: string;
  readonly visitorId: string;
  readonly conversationId: string;
  /**
   * The visitor asked for a new conversation (past conversations' `continue`, docs/protocol.md): an identified
   * visitor's hello then starts it, rather than finding their newest. Absent on the tokens a welcome issues.
   */
  readonly fresh?: true;
  /** Issued at, seconds since the epoch. */
  readonly iat: number;
}

/** Signs and checks visitor tokens: `v1.<base64url JSON claims>.<base64url HMAC-SHA256>`. */
export class VisitorTokens {
  constructor(
    private readonly secret: string,
    /** Tokens older than this are refused (the visitor starts afresh); each welcome issues a new one. */
    private readonly maxAgeSeconds = 400 * 24 * 3600,
  ) {}

  sign(claims: Omit<VisitorClaims, 'iat'>, now = Date.now()): string {
    const body = Buffer.from(
      JSON.stringify({
        s: claims.siteId,
        v: claims.visitorId,
        c: claims.conversationId,
        t: Math.floor(now / 1000),
        ...(claims.fresh ? { n: 1 } : {}),
      }),
    ).toString('base64url');
    return `v1.${body}.${this.mac(body)}`;
  }

  /** The claims of a genuine, unexpired token; `undefined` for anything else. */
  verify(token: string, now = Date.now()): VisitorClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== 'v1') return undefined;
    const [, body, mac] = parts as [string, string, string];
    // Bytes, not characters: a signature of the right length in characters with non-ASCII in it has more bytes
    // than the real one, and timingSafeEqual throws on buffers of different lengths.
    const given = Buffer.from(mac, 'utf8');
    const expected = Buffer.from(this.mac(body), 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let raw: { s?: unknown; v?: unknown; c?: unknown; t?: unknown; n?: unknown };
    try {
      raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof raw;
    } catch {
      return undefined;
    }
    if (
      typeof raw.s !== 'string' ||
      typeof raw.v !== 'string' ||
      typeof raw.c !== 'string' ||
      typeof raw.t !== 'number'
    ) {
      return undefined;
    }
    if (now / 1000 - raw.t > this.maxAgeSeconds) return undefined;
    const claims = { siteId: raw.s, visitorId: raw.v, conversationId: raw.c, iat: raw.t };
    return raw.n === 1 ? { ...claims, fresh: true } : claims;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
