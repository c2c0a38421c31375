import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { refusedAddress, refusedError, safeLookup } from '../../outbound/address-guard.js';

/** How an operator lets sites reach a model server on their own machine or network, told with every refusal. */
const ALLOW_HINT = 'the relay’s operator may allow loopback and private model servers with PARLEY_AI_ALLOW_PRIVATE=1';

/** Reasons {@link refusedAddress} gives that name an address of one's own machine or network (Ollama's home). */
const LOCAL_REASONS = new Set([
  'loopback',
  'private',
  'private (CGNAT)',
  'private (unique local) or metadata',
  'link-local or metadata',
  'site-local',
]);

/** The host of a URL as the guard judges it: lower case, no trailing dot, no brackets. */
const bareHost = (url: URL): string =>
  url.hostname
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[|\]$/g, '');

const isLoopbackName = (host: string): boolean => host === 'localhost' || host.endsWith('.localhost');

/**
 * A provider's base URL as it may be stored, or why not (a sentence naming what is wrong). `https:` only, except
 * `http:` to a model server on the operator's machine or network when they allowed private addresses; literal
 * addresses and `localhost` are judged now, names again at every connection ({@link providerLookup}).
 */
export function checkBaseUrl(raw: string, allowPrivate: boolean): { url: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { error: 'not a valid absolute URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: 'only https: URLs' };
  if (url.username !== '' || url.password !== '')
    return { error: 'no credentials in the URL (give the key as apiKey)' };
  if (url.search !== '' || url.hash !== '') return { error: 'no query (?…) or fragment (#…): the key goes in apiKey' };
  const host = bareHost(url);
  const literal = isIP(host) !== 0;
  const local = isLoopbackName(host) || (literal && LOCAL_REASONS.has(refusedAddress(host) ?? ''));
  if (literal && !local && refusedAddress(host) !== undefined)
    return { error: `the relay does not call ${refusedAddress(host)} addresses (${url.hostname})` };
  if (local && !allowPrivate)
    return { error: `the relay does not call loopback or private addresses (${url.hostname}); ${ALLOW_HINT}` };
  if (url.protocol === 'http:' && !allowPrivate)
    return { error: `https: is required (http: only to a loopback or private model server, which ${ALLOW_HINT})` };
  if (url.protocol === 'http:' && literal && !local)
    return { error: `https: is required for a public address (${url.hostname}); http: only to a local model server` };
  return { url: url.href.replace(/\/+$/, '') };
}

/**
 * The name resolution a connection to a provider uses, or a refusal before connecting. Without the operator's
 * opt-in, the guard's (public unicast addresses only, judged on the very address connected to); with it, over
 * `https:` any address, and over `http:` only loopback and private ones, so a key never crosses the internet in
 * the clear.
 */
export function providerLookup(
  url: URL,
  allowPrivate: boolean,
  resolve: LookupFunction = dnsLookup as LookupFunction,
): { lookup: LookupFunction } | { refused: string } {
  const checked = checkBaseUrl(url.href, allowPrivate);
  if ('error' in checked) return { refused: checked.error };
  if (!allowPrivate) return { lookup: safeLookup(resolve) };
  if (url.protocol === 'https:') return { lookup: resolve };
  return {
    lookup: (hostname, options, callback) => {
      resolve(hostname, { ...options, all: true }, (error, found) => {
        if (error) {
          callback(error, '', 0);
          return;
        }
        const addresses = (Array.isArray(found) ? found : []) as LookupAddress[];
        const local = addresses.filter((entry) => LOCAL_REASONS.has(refusedAddress(entry.address) ?? ''));
        if (local.length === 0) {
          const first = addresses[0]?.address ?? 'no address';
          callback(refusedError(hostname, first, 'public (http: only reaches local model servers)'), '', 0);
          return;
        }
        if (options.all) (callback as (error: null, addresses: LookupAddress[]) => void)(null, local);
        else callback(null, local[0]!.address, local[0]!.family);
      });
    },
  };
}
