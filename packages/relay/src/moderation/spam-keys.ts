import { createHash, createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * What the spam limits key their memory by (docs/safety.md, "Spam and review"): a visitor text made comparable,
 * the set of links in it, and the network an address is in. None of them keeps what it was made from: texts and
 * link sets are kept as digests, networks as keyed hashes (a raw address is never kept, in memory or stored).
 */

/** Texts shorter than this, once normalized, are not compared: "hi" and "thanks" are sent everywhere. */
export const MIN_REPEAT_TEXT = 24;

/** Links a message's link set is made of, at most (the rest are ignored). */
const MAX_LINKS = 20;

/** `http(s)://…` and `www.…` links; linear, and each match ends at white space or a quote. */
const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"'`]{1,2000}/giu;

/** A text as compared: NFKC, lower case, white space collapsed, trimmed. */
export function normalizedText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** The sorted set of links in a text, without scheme, `www.` or trailing punctuation; empty when none. */
export function linkSet(text: string): string[] {
  const links = new Set<string>();
  for (const match of text.matchAll(LINK)) {
    const link = match[0]
      .toLowerCase()
      .replace(/^https?:\/\//u, '')
      .replace(/^www\./u, '')
      .replace(/[.,;:!?)\]}]+$/u, '')
      .replace(/\/$/u, '');
    if (link) links.add(link);
    if (links.size >= MAX_LINKS) break;
  }
  return [...links].sort();
}

/** A short digest of `value` (what the repeat limit remembers instead of the text). */
export function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 22);
}

/**
 * The network an address is in, as text: IPv4 `/24` (`203.0.113`), IPv6 `/48` (its first three groups, expanded);
 * an IPv4-mapped IPv6 address counts as its IPv4 one. `undefined` for anything that is not an address.
 */
export function networkOf(address: string): string | undefined {
  const mapped = /^(?:0{1,4}:){0,5}(?:0{0,4}:)?:?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/iu.exec(address);
  const ip = mapped ? mapped[1]! : address;
  if (isIPv4(ip)) return `v4:${ip.slice(0, ip.lastIndexOf('.'))}`;
  if (!isIPv6(ip)) return undefined;
  const [head = '', tail] = ip.toLowerCase().split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  // uWebSockets.js writes every group out (`0000:…:ffff:7f00:0001`): an IPv4 tail is not expected, but counted.
  const missing = 8 - left.length - right.length;
  const groups = (
    tail === undefined ? left : [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right]
  ).map((group) => parseInt(group || '0', 16).toString(16));
  const joined = groups.join(':');
  const v4 = /^0:0:0:0:0:ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/u.exec(joined);
  if (v4) {
    const high = parseInt(v4[1]!, 16);
    const low = parseInt(v4[2]!, 16);
    return `v4:${high >> 8}.${high & 255}.${low >> 8}`;
  }
  return `v6:${groups.slice(0, 3).join(':')}`;
}

/**
 * Whether an address is the relay's own host (`127.0.0.0/8`, `::1`, as written by Node or uWebSockets.js): a local
 * proxy the relay does not trust (`PARLEY_TRUST_PROXY` off), a test, the benchmark. Every visitor would share it.
 */
export function isLoopback(address: string): boolean {
  const network = networkOf(address);
  if (network === undefined) return false;
  if (network.startsWith('v4:127.')) return true;
  return network === 'v6:0:0:0' && /^[0:]*:0*1$/u.test(address);
}

/** How many addresses {@link NetworkKeys} remembers. */
const KNOWN_ADDRESSES = 10_000;

/**
 * Keyed hashes of networks: HMAC-SHA-256 under a key derived from the relay's secret, so what is kept (in memory,
 * and with a conversation when it opens) cannot be turned back into an address by trying every one. Addresses
 * are never stored; in memory, the addresses of recent messages are kept with their reading (a bounded map, as the
 * rate limiters keep theirs), because a connection's address is the same for every message it sends and reading it
 * again (a parse, an HMAC) would be most of a message's cost here.
 */
export class NetworkKeys {
  readonly #key: Buffer;
  /**
   * Addresses already read, with their network's keyed hash and whether they are loopback: a connection's address
   * is the same for every message it sends, and reading one (a parse, an HMAC) is most of a message's cost here.
   * Bounded: emptied when full.
   */
  readonly #known = new Map<string, { readonly key: string | undefined; readonly loopback: boolean }>();

  constructor(relaySecret: string) {
    this.#key = createHmac('sha256', relaySecret).update('parley:moderation:network').digest();
  }

  /** The keyed hash of the network `address` is in; `undefined` when it is not an address. */
  of(address: string): string | undefined {
    return this.#read(address).key;
  }

  /** Whether `address` is a loopback address ({@link isLoopback}), remembered. */
  loopback(address: string): boolean {
    return this.#read(address).loopback;
  }

  #read(address: string): { readonly key: string | undefined; readonly loopback: boolean } {
    const known = this.#known.get(address);
    if (known) return known;
    const network = networkOf(address);
    const read = {
      key:
        network === undefined
          ? undefined
          : createHmac('sha256', this.#key).update(network).digest('base64url').slice(0, 27),
      loopback: isLoopback(address),
    };
    if (this.#known.size >= KNOWN_ADDRESSES) this.#known.clear();
    this.#known.set(address, read);
    return read;
  }
}
