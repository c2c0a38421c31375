import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const prefix = 'sealed:v1:';
const ivBytes = 12;
const tagBytes = 16;
/** Sealed values whose opening is remembered (sites' secrets: one per site, read on every visitor's hello). */
const rememberedOpenings = 256;

/**
 * Seals secrets kept in the database (a site's identity secret) with AES-256-GCM under a key derived from the
 * data key, so a copy of the database file alone does not let anyone sign visitor identities. A sealed value is
 * `sealed:v1:` + base64 of iv | ciphertext | tag; a value without the prefix is a plaintext one stored before
 * sealing existed, which {@link Store.sealSecrets} rewrites on start.
 *
 * @example
 * const sealer = new SecretSealer(config.dataKey);
 * const stored = sealer.seal('is_…'); // 'sealed:v1:…', different every call
 * sealer.open(stored); // 'is_…'
 */
export class SecretSealer {
  readonly #key: Buffer;
  /**
   * Sealed value → its secret. A restart's thousands of hellos each read their site, whose secret would otherwise
   * be decrypted again every time; a sealed value is authenticated (GCM), so one that opened once opens the same.
   */
  readonly #opened = new Map<string, string>();

  /**
   * @param dataKey - 32 bytes, base64 (the relay's data key).
   * @param purpose - what the sealer is for: each purpose seals under an AES key of its own.
   */
  constructor(dataKey: string, purpose = 'parley secret seal v1') {
    const key = Buffer.from(dataKey, 'base64');
    if (key.length !== 32) throw new RangeError('The data key must be 32 bytes, base64-encoded.');
    // A key of its own, so the same data key never encrypts emails and secrets under one AES key.
    this.#key = createHmac('sha256', key).update(purpose).digest();
  }

  /** Whether `stored` is a sealed value (as opposed to a plaintext one from before sealing). */
  static isSealed(stored: string): boolean {
    return stored.startsWith(prefix);
  }

  seal(secret: string): string {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return prefix + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
  }

  /**
   * The secret in `stored`: opened when sealed, as it is when plaintext. Throws when it was sealed under another
   * data key (or altered): a relay must not run with a secret it cannot read.
   */
  open(stored: string): string {
    if (!SecretSealer.isSealed(stored)) return stored;
    return this.#remembered(stored);
  }

  /** {@link open}, without keeping the secret in memory afterwards (what is read once, by a person). */
  openOnce(stored: string): string {
    return SecretSealer.isSealed(stored) ? this.#decrypt(stored) : stored;
  }

  #remembered(stored: string): string {
    const remembered = this.#opened.get(stored);
    if (remembered !== undefined) return remembered;
    const secret = this.#decrypt(stored);
    if (this.#opened.size >= rememberedOpenings) this.#opened.clear();
    this.#opened.set(stored, secret);
    return secret;
  }

  #decrypt(stored: string): string {
    const raw = Buffer.from(stored.slice(prefix.length), 'base64');
    try {
      if (raw.length < ivBytes + tagBytes) throw new Error('too short');
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, ivBytes));
      decipher.setAuthTag(raw.subarray(raw.length - tagBytes));
      return Buffer.concat([decipher.update(raw.subarray(ivBytes, raw.length - tagBytes)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new Error(
        'A sealed secret in the database cannot be opened with this data key (PARLEY_DATA_KEY or credentials.json changed?).',
      );
    }
  }
}
