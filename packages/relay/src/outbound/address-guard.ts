import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { MAX_WEBHOOK_URL_LENGTH } from '@parley/protocol/admin';

/**
 * Where the relay's own requests may go (issues #16, #33): webhooks, browser pushes, the rules' HTTP action, the API
 * channels' bridges and identity providers, through this kit (`outbound/`, with the signed requests of
 * `signed-request.ts`) that no feature owns. A webhook URL is chosen by a site's admin, a push
 * endpoint by any staff member's browser, and the relay makes the request from inside its own network: without
 * these checks they could reach the relay's loopback services, the private network or a cloud metadata endpoint
 * (server-side request forgery). Addresses are checked when an endpoint is saved (literal IPs and `localhost`) and
 * again at every delivery, after DNS resolution, on the very address the request connects to (see
 * {@link safeLookup}), so a name that resolves elsewhere later (DNS rebinding) gains nothing.
 * `PARLEY_WEBHOOK_ALLOW_PRIVATE` lifts them (tests, receivers on a private network).
 *
 * Which addresses are special is not written here: `ipaddr.js` classifies them after the IANA special-purpose
 * address registries (docs/decisions/0014-address-guard-ipaddr.md), and only what it calls `unicast` is reached.
 */

/** The error code of a connection refused by {@link safeLookup}. */
export const REFUSED_ADDRESS = 'EWEBHOOKADDRESS';

/** Words for the ranges `ipaddr.js` names, for error messages ("a loopback address"); others read `special-purpose`. */
const reasons: Readonly<Record<string, string>> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  loopback: 'loopback',
  private: 'private',
  carrierGradeNat: 'private (CGNAT)',
  uniqueLocal: 'private (unique local) or metadata',
  linkLocal: 'link-local or metadata',
  deprecatedSiteLocal: 'site-local',
  reserved: 'reserved',
  benchmarking: 'benchmarking',
  rfc6145: 'IPv4-translated',
  rfc6052: 'NAT64 local-use',
  '6to4': '6to4',
  teredo: 'Teredo',
};

/** Global unicast IPv6 (IANA's IPv6 address space): everything outside it is reserved or special. */
const globalUnicast = ipaddr.IPv6.parseCIDR('2000::/3');
/** The NAT64 well-known prefix (RFC 6052): the IPv4 address in its last 32 bits is the one reached. */
const nat64 = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

function judgeIpv4(address: ipaddr.IPv4): string | undefined {
  const range = address.range();
  return range === 'unicast' ? undefined : (reasons[range] ?? `special-purpose (${range})`);
}

/**
 * Why the relay refuses to connect to `address` (an IP literal, brackets allowed): `'loopback'`, `'private'`, …
 * or `undefined` when it may. Only addresses `ipaddr.js` calls `unicast` pass, and an IPv6 one only inside
 * 2000::/3. Two IPv6 forms stand for an IPv4 address and are judged by it: IPv4-mapped (`::ffff:a.b.c.d`, how a
 * dual-stack socket names an IPv4 peer) and NAT64's well-known prefix (`64:ff9b::a.b.c.d`, what DNS64 answers on
 * an IPv6-only network). Every other form that carries an IPv4 address is refused outright, whatever it carries:
 * IPv4-compatible (`::a.b.c.d`), IPv4-translated (`::ffff:0:a.b.c.d`), NAT64 local-use (`64:ff9b:1::/48`), 6to4
 * (`2002::/16`) and Teredo (`2001::/32`) — all deprecated or local, none a webhook receiver's address.
 */
export function refusedAddress(address: string): string | undefined {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  // Node's strict syntax first: ipaddr.js would also read forms like `0x7f.1`, which no resolver returns.
  const version = isIP(bare);
  if (version === 0) return 'not an IP address';
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // IPv6 in hex first, as the URL standard writes it (a zone only ever names a link-local address, refused
    // anyway): ipaddr.js would read the dotted IPv4-compatible `::a.b.c.d` as the mapped `::ffff:a.b.c.d`.
    parsed = ipaddr.parse(version === 4 ? bare : new URL(`http://[${bare.replace(/%.*$/, '')}]`).hostname.slice(1, -1));
  } catch {
    return 'not an IP address';
  }
  if (parsed.kind() === 'ipv4') return judgeIpv4(parsed as ipaddr.IPv4);
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return judgeIpv4(v6.toIPv4Address());
  if (v6.match(nat64)) {
    const [high, low] = v6.parts.slice(-2) as [number, number];
    return judgeIpv4(new ipaddr.IPv4([high >> 8, high & 255, low >> 8, low & 255]));
  }
  const range = v6.range();
  if (range !== 'unicast') return reasons[range] ?? `special-purpose (${range})`;
  return v6.match(globalUnicast) ? undefined : 'reserved';
}

/** How an owner lifts the address rule (a receiver on their own machine or network), told with every refusal. */
const allowHint = '; set PARLEY_WEBHOOK_ALLOW_PRIVATE=1 on the relay to allow local and private addresses';

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
      return { error: `the relay does not send webhooks to loopback addresses (localhost)${allowHint}` };
    if (isIP(host.replace(/^\[|\]$/g, '')) !== 0) {
      const reason = refusedAddress(host);
      if (reason)
        return { error: `the relay does not send webhooks to ${reason} addresses (${url.hostname})${allowHint}` };
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
