import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const ivBytes = 12;
const tagBytes = 16;

/** Lower-cased and trimmed: the form whose keyed hash is stored, so lookups ignore case and spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * `jane.doe@example.com` → `j***@ex***.com`: the first letter of the local part, the first two of the domain,
 * and the top-level domain. Short or odd addresses still never show more than that.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : '';
  return `${[...local][0] ?? ''}***@${[...host].slice(0, 2).join('')}***${tld}`;
}

/** A random data key: 32 bytes, base64 (the form `PARLEY_DATA_KEY` takes). */
export function newDataKey(): string {
  return randomBytes(32).toString('base64');
}

/**
 * Encrypts contact emails at rest with AES-256-GCM (a random 12-byte IV per value; stored as base64 of
 * iv | ciphertext | tag) and derives the keyed hash used for exact lookups: HMAC-SHA256 of the normalized
 * email, under a key derived from the data key (so the hash never reveals the encryption key's output).
 *
 * @example
 * const cipher = new EmailCipher(config.dataKey);
 * const sealed = cipher.encrypt('Jane@Example.com'); // different every call
 * cipher.decrypt(sealed); // 'Jane@Example.com'
 * cipher.hash('jane@example.com ') === cipher.hash('JANE@example.com'); // true
 */
export class EmailCipher {
  readonly #key: Buffer;
  readonly #hashKey: Buffer;

  /** @param dataKey - 32 bytes, base64. */
  constructor(dataKey: string) {
    const key = Buffer.from(dataKey, 'base64');
    if (key.length !== 32) throw new RangeError('The data key must be 32 bytes, base64-encoded.');
    this.#key = key;
    this.#hashKey = createHmac('sha256', key).update('parley email lookup v1').digest();
  }

  encrypt(email: string): string {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(email, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
  }

  /** The email, or `undefined` when `sealed` was not made with this key (or was altered). */
  decrypt(sealed: string): string | undefined {
    const raw = Buffer.from(sealed, 'base64');
    if (raw.length < ivBytes + tagBytes) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, ivBytes));
      decipher.setAuthTag(raw.subarray(raw.length - tagBytes));
      return Buffer.concat([decipher.update(raw.subarray(ivBytes, raw.length - tagBytes)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      return undefined;
    }
  }

  /** HMAC-SHA256 of the normalized email, hex. */
  hash(email: string): string {
    return createHmac('sha256', this.#hashKey).update(normalizeEmail(email)).digest('hex');
  }

  /** The masked form of a sealed email, or `undefined`. */
  mask(sealed: string | undefined): string | undefined {
    if (sealed === undefined) return undefined;
    const email = this.decrypt(sealed);
    return email === undefined ? undefined : maskEmail(email);
  }
}
