import { createECDH, createHmac } from 'node:crypto';

/** The order of P-256: a private key is a number in [1, n). */
const P256_ORDER = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

/** A VAPID key pair, base64url: the public key uncompressed (65 bytes), the private key 32 bytes. */
export interface VapidKeys {
  readonly publicKey: string;
  readonly privateKey: string;
}

/**
 * The relay's VAPID keys (RFC 8292), derived from the relay secret: every relay of a deployment shares the secret,
 * so they all sign pushes with the same key — the one browsers subscribed with — without a key to configure or
 * store. A new relay secret means new keys: push services then refuse the old subscriptions, the relay forgets
 * them, and each inbox subscribes again when it next opens.
 */
export function vapidKeys(relaySecret: string): VapidKeys {
  for (let counter = 0; ; counter++) {
    const candidate = createHmac('sha256', relaySecret).update(`parley web push vapid ${counter}`).digest();
    const scalar = BigInt(`0x${candidate.toString('hex')}`);
    if (scalar === 0n || scalar >= P256_ORDER) continue;
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(candidate);
    return { publicKey: ecdh.getPublicKey().toString('base64url'), privateKey: candidate.toString('base64url') };
  }
}
