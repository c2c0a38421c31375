import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../features/config-section.js';

/** What nodemailer's `dkim` option takes: the signing domain, the selector and the RSA private key (PEM). */
export interface DkimSigning {
  readonly domainName: string;
  readonly keySelector: string;
  /** PEM. A secret: never logged, never part of an error. */
  readonly privateKey: string;
}

/** The DKIM settings of the email configuration (`PARLEY_DKIM_*`). */
export interface DkimConfig {
  readonly dkimDomain?: string | undefined;
  readonly dkimSelector?: string | undefined;
  readonly dkimPrivateKeyFile?: string | undefined;
  readonly dkimPrivateKey?: string | undefined;
}

/** The smallest RSA key taken (bits): RFC 8301 makes 1024 the least a verifier accepts; 2048 is what to use. */
const minModulusBits = 1024;

/**
 * Reads and checks the DKIM key once, at start-up: `undefined` when DKIM is not configured; a {@link ConfigError}
 * when the file cannot be read or does not hold an RSA private key of 1,024 bits or more. The error names the
 * variable and the file, never the key (nodemailer would otherwise send every email unsigned without a word).
 */
export function loadDkim(config: DkimConfig): DkimSigning | undefined {
  const { dkimDomain, dkimSelector, dkimPrivateKeyFile, dkimPrivateKey } = config;
  if (dkimDomain === undefined || dkimSelector === undefined) return undefined;
  let pem: string;
  let source: string;
  if (dkimPrivateKeyFile !== undefined) {
    source = `PARLEY_DKIM_PRIVATE_KEY_FILE (${dkimPrivateKeyFile})`;
    try {
      pem = readFileSync(dkimPrivateKeyFile, 'utf8');
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new ConfigError(`${source}: cannot read the file${typeof code === 'string' ? ` (${code})` : ''}.`);
    }
  } else if (dkimPrivateKey !== undefined) {
    source = 'PARLEY_DKIM_PRIVATE_KEY';
    pem = dkimPrivateKey.replace(/\\n/g, '\n');
  } else return undefined;
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new ConfigError(`${source}: not a private key in PEM form (-----BEGIN PRIVATE KEY----- or RSA PRIVATE KEY).`);
  }
  if (key.asymmetricKeyType !== 'rsa')
    throw new ConfigError(`${source}: the key must be an RSA key (DKIM with nodemailer signs rsa-sha256).`);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < minModulusBits) throw new ConfigError(`${source}: the RSA key has ${bits} bits; use 2048.`);
  return { domainName: dkimDomain.toLowerCase(), keySelector: dkimSelector, privateKey: pem };
}

/**
 * The DNS TXT record that publishes the public half of `signing`'s key: its name and its value.
 *
 * @example
 * dkimRecord(signing); // { name: 'parley._domainkey.shop.example', value: 'v=DKIM1; k=rsa; p=MIIBIjAN…' }
 */
export function dkimRecord(signing: DkimSigning): { readonly name: string; readonly value: string } {
  const publicKey = createPublicKey(signing.privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
  return { name: `${signing.keySelector}._domainkey.${signing.domainName}`, value: `v=DKIM1; k=rsa; p=${publicKey}` };
}
