import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where webhooks may go (issue #16). A webhook URL is chosen by a site's admin, and the relay makes the request
 * from inside its own network: without these checks an admin could reach the relay's loopback services, the
 * private network or a cloud metadata endpoint (server-side request forgery). Addresses are checked when an
 * endpoint is saved (literal IPs and `localhost`) and again at every delivery, after DNS resolution, on the very
 * address the request connects to (see {@link safeLookup}), so a name that resolves elsewhere later (DNS
 * rebinding) gains nothing. `PARLEY_WEBHOOK_ALLOW_PRIVATE` lifts them (tests, receivers on a private network).
 */

/** Longest webhook URL accepted. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** The error code of a connection refused by {@link safeLookup}. */
export const REFUSED_ADDRESS = 'EWEBHOOKADDRESS';

const ranges: ReadonlyArray<readonly [string, number, 'ipv4' | 'ipv6', string]> = [
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'private (CGNAT)'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local or metadata'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['fc00::', 7, 'ipv6', 'private (unique local) or metadata'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['fec0::', 10, 'ipv6', 'site-local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];

const blocked = ranges.map(([network, prefix, family, reason]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { list, family, reason };
});

/** The IPv4 address an IPv6 one embeds (`::ffff:a.b.c.d` mapped, `::a.b.c.d` compatible), if it does. */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^::(?:ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^::(?:ffff:)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return undefined;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/**
 * Why the relay refuses to send webhooks to `address` (an IP literal): `'loopback'`, `'private'`, … or
 * `undefined` when it may. IPv4-mapped IPv6 addresses are judged by the IPv4 address they carry.
 */
export function refusedAddress(address: string): string | undefined {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const version = isIP(bare);
  if (version === 0) return 'not an IP address';
  const v4 = version === 6 ? embeddedIpv4(bare) : bare;
  const family = v4 !== undefined ? 'ipv4' : 'ipv6';
  const checked = v4 ?? bare;
  if (checked === '255.255.255.255') return 'broadcast';
  for (const range of blocked) if (range.family === family && range.list.check(checked, family)) return range.reason;
  return undefined;
}

/** The URL to store, or why it is refused (a sentence for the API's error message). */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): { url: string } | { error: string } {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) return { error: `at most ${MAX_WEBHOOK_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { error: 'not a valid absolute URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: 'only http: and https: URLs' };
  if (url.username !== '' || url.password !== '')
    return { error: 'no credentials in the URL (verify the Parley-Signature header instead)' };
  if (url.hash !== '') return { error: 'no fragment (#…)' };
  if (url.href.length > MAX_WEBHOOK_URL_LENGTH) return { error: `at most ${MAX_WEBHOOK_URL_LENGTH} characters` };
  if (!allowPrivate) {
    const host = url.hostname.toLowerCase().replace(/\.$/, '');
    if (host === 'localhost' || host.endsWith('.localhost'))
      return { error: 'the relay does not send webhooks to loopback addresses (localhost)' };
    if (isIP(host.replace(/^\[|\]$/g, '')) !== 0) {
      const reason = refusedAddress(host);
      if (reason) return { error: `the relay does not send webhooks to ${reason} addresses (${url.hostname})` };
    }
  }
  return { url: url.href };
}

/** An error for a connection the relay refuses to make; `code` is {@link REFUSED_ADDRESS}. */
export function refusedError(host: string, address: string, reason: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(
    `refused: ${host} resolves to ${address}, a ${reason} address (set PARLEY_WEBHOOK_ALLOW_PRIVATE to allow)`,
  );
  error.code = REFUSED_ADDRESS;
  return error;
}

/**
 * A `lookup` for `node:http`/`node:https` requests that resolves the name and hands the socket only addresses
 * the relay may reach: the check and the connection use the same answer, so there is no gap for DNS rebinding.
 * When every address is refused, the lookup fails with {@link REFUSED_ADDRESS}.
 */
export function safeLookup(resolve: LookupFunction = dnsLookup as LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, found) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const addresses = (Array.isArray(found) ? found : []) as LookupAddress[];
      let refusal: { address: string; reason: string } | undefined;
      const allowed = addresses.filter((entry) => {
        const reason = refusedAddress(entry.address);
        if (reason) refusal ??= { address: entry.address, reason };
        return reason === undefined;
      });
      if (allowed.length === 0) {
        const refused = refusal ?? { address: 'no address', reason: 'unknown' };
        callback(refusedError(hostname, refused.address, refused.reason), '', 0);
        return;
      }
      if (options.all) (callback as (error: null, addresses: LookupAddress[]) => void)(null, allowed);
      else callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}
