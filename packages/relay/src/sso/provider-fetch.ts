import { isIP, type LookupFunction } from 'node:net';
import type { Agent } from 'undici';
import { refusedAddress, refusedError, safeLookup } from '../webhooks/webhook-address.js';

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

let loading: Promise<typeof import('undici')> | undefined;

/**
 * A `fetch` for requests to identity providers (discovery, keys, the code's exchange): a site's admin chooses the
 * issuer, and the relay asks it from inside its own network, so without the address guard it is a port and service
 * oracle there. Literal addresses are judged before connecting; names through the guard's lookup, on the very
 * address connected to (no gap for DNS rebinding). No redirects are followed (a redirect would be a second, unchecked
 * hop), and answers are read up to `maxBytes`.
 */
export function providerFetch(options: ProviderFetchOptions): (url: string, init?: RequestInit) => Promise<Response> {
  const maxBytes = options.maxBytes ?? MAX_PROVIDER_RESPONSE_BYTES;
  let agent: Agent | undefined;
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
    // undici is loaded on the first request to a provider, not with the relay (its import holds the loop).
    const undici = await (loading ??= import('undici'));
    agent ??= new undici.Agent({
      connect: options.allowPrivate
        ? options.lookup
          ? { lookup: options.lookup }
          : {}
        : { lookup: safeLookup(options.lookup) },
    });
    const response = await undici.fetch(target, {
      method: init.method ?? 'GET',
      headers: init.headers as Record<string, string> | undefined,
      body: init.body as string | undefined,
      signal: init.signal ?? null,
      redirect: 'manual',
      dispatcher: agent,
    });
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw new ProviderFetchError(`the answer is larger than ${maxBytes} bytes`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body?.getReader();
    for (let read = await reader?.read(); read && !read.done; read = await reader!.read()) {
      size += read.value.byteLength;
      if (size > maxBytes) {
        await reader!.cancel().catch(() => undefined);
        throw new ProviderFetchError(`the answer is larger than ${maxBytes} bytes`);
      }
      chunks.push(read.value);
    }
    const headers = new Headers();
    for (const [name, value] of response.headers) headers.append(name, value);
    const status = response.status;
    // A Response of the platform's (openid-client and jose check the class), over the bytes read.
    return new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), {
      status,
      statusText: response.statusText,
      headers,
    });
  };
}
