import { isIP } from 'node:net';

/**
 * The address a request came from, derived the same way for WebSocket upgrades and HTTP requests.
 *
 * Behind a trusted reverse proxy (`trustProxy`), the last `X-Forwarded-For` entry: the one the proxy appended,
 * which a client cannot choose (entries before it are whatever the client sent). Anything that is not an IP
 * address there (a misconfigured proxy, an empty header) falls back to the socket's address, so a limit is never
 * keyed by text a client wrote.
 *
 * @param remote the socket's peer address (`res.getRemoteAddressAsText()`)
 * @param forwardedFor the `X-Forwarded-For` header, or '' when absent
 */
export function clientAddress(remote: string, forwardedFor: string, trustProxy: boolean): string {
  if (!trustProxy || forwardedFor === '') return remote;
  const last = forwardedFor.slice(forwardedFor.lastIndexOf(',') + 1).trim();
  return isIP(last) !== 0 ? last : remote;
}
