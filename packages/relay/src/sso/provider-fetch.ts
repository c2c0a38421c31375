import { isIP, type LookupFunction } from 'node:net';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { refusedAddress, refusedError, safeLookup } from '../outbound/address-guard.js';

/**
 * The most of an identity provider's answer the relay reads (discovery document, keys, token response). Real ones
 * are a few kilobytes; a hostile issuer's megabytes would hold the event loop in `JSON.parse`.
 */
export const MAX_PROVIDER_RESPONSE_BYTES = 256 * 1024;

/** Why a request to an identity provider was not made or not read (its message is for the log, never an admin). */
export class ProviderFetchError extends Error {
  override name = 'ProviderFetchError';
}

/** What {@link providerFetch} is made with. */
export interface ProviderFetchOptions {
  /**
   * Reach loopback and private addresses (`PARLEY_SSO_ALLOW_PRIVATE`: a provider on the operator's own network,
   * tests). Without it only public unicast addresses are reached, as webhooks' (docs/webhooks.md).
   */
  readonly allowPrivate: boolean;
  /** The name resolution the guard checks (tests pass their own). */
  readonly lookup?: LookupFunction | undefined;
  /** At most this many bytes of an answer. Default {@link MAX_PROVIDER_RESPONSE_BYTES}. */
  readonly maxBytes?: number | undefined;
}

/**
 * A `fetch` for requests to identity providers (discovery, keys, the code's exchange): a site's admin chooses the
 * issuer, and the relay asks it from inside its own network, so without the address guard it is a port and service
 * oracle there. Literal addresses are judged before connecting; names through the guard's lookup, on the very
 * address connected to (no gap for DNS rebinding). No redirects are followed (a redirect would be a second, unchecked
 * hop), and answers are read up to `maxBytes`: `node:http` hands the body over a socket read at a time, so reading
 * stops, and the connection closes, as soon as the answer passes it (undici's fetch read megabytes ahead).
 */
export function providerFetch(options: ProviderFetchOptions): (url: string, init?: RequestInit) => Promise<Response> {
  const maxBytes = options.maxBytes ?? MAX_PROVIDER_RESPONSE_BYTES;
  const lookup = options.allowPrivate ? options.lookup : safeLookup(options.lookup);
  return async (url, init = {}) => {
    const target = new URL(url);
    if (!options.allowPrivate) {
      const host = target.hostname.toLowerCase().replace(/\.$/, '');
      if (host === 'localhost' || host.endsWith('.localhost'))
        throw new ProviderFetchError(`refused: ${host} is a loopback name (PARLEY_SSO_ALLOW_PRIVATE allows it)`);
      const bare = host.replace(/^\[|\]$/g, '');
      if (isIP(bare) !== 0) {
        const reason = refusedAddress(bare);
        if (reason) throw refusedError(host, bare, reason);
      }
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:')
      throw new ProviderFetchError(`refused: ${target.protocol} is not http: or https:`);
    const headers = new Headers(init.headers);
    const body = init.body === undefined || init.body === null ? undefined : String(init.body);
    return new Promise<Response>((resolve, reject) => {
      const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(
        target,
        {
          method: init.method ?? 'GET',
          headers: Object.fromEntries(headers),
          ...(lookup ? { lookup } : {}),
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (response) => {
          const declared = Number(response.headers['content-length'] ?? '0');
          const tooLarge = () => {
            response.destroy();
            reject(new ProviderFetchError(`the answer is larger than ${maxBytes} bytes`));
          };
          if (declared > maxBytes) {
            tooLarge();
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) tooLarge();
            else chunks.push(chunk);
          });
          response.on('error', reject);
          response.on('end', () => {
            const out = new Headers();
            for (const [name, value] of Object.entries(response.headers))
              for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) out.append(name, v);
            const status = response.statusCode ?? 502;
            // A Response of the platform's (openid-client and jose check the class), over the bytes read.
            resolve(
              new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), {
                status,
                statusText: response.statusMessage ?? '',
                headers: out,
              }),
            );
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  };
}
