import { DEFAULT_SITE_ID, type Staff } from '../store/store.js';

/**
 * The relay's public origin (`https://chat.example.com`): the one address it prints at start and builds every
 * address it hands out on — the setup, invitation and reset links, the links in emails (continue-link, transcript,
 * staff notifications and digests), the signed addresses of files. Never a request's `Host` (or
 * `X-Forwarded-Proto`): a visitor chooses those, and a file address built from them would send every staff member's
 * browser, and the file's signature, to the visitor's server (issue #33).
 *
 * In order: `PARLEY_PUBLIC_URL` when configured; else the origin learned once from the relay's own inbox, signed in
 * as an owner of the default site, the relay's operator (the `Origin` of the socket's upgrade, when it names the
 * host the upgrade was sent to: a page cannot forge it, a visitor has no such session); else the address the relay
 * listens on ({@link listeningOrigin}: `http://127.0.0.1:<port>` for a wildcard host), which works on the machine
 * itself and misleads nobody. Only the operator teaches it, and only once: the `Host` and `Origin` are the
 * browser's to choose, so an admin of another site (a tenant) could otherwise point every site's invitations,
 * resets, SSO callbacks and files at a host of their own, and a later socket could move them (issue #80). The
 * learned origin is kept in memory: after a restart it is learned again when the operator's inbox reconnects.
 *
 * Emails leave the machine and outlive the page, so links are emailed only on an origin nobody taught
 * ({@link PublicOrigin.forEmail}): the configured one, or the relay's own when it listens on loopback only.
 *
 * The other loopback names of a loopback origin (`localhost` for `127.0.0.1`, `[::1]`) are one machine but other
 * origins to a browser: another cookie jar, and a page whose `img-src 'self'` refuses the files' addresses. The
 * relay's pages redirect there ({@link PublicOrigin.redirectFor}), so every tab of the inbox shares one origin.
 */
export class PublicOrigin {
  readonly #configured: string | undefined;
  #learned: string | undefined;
  #listening: string | undefined;
  #listeningOnLoopback = false;

  /** `configured`: `PARLEY_PUBLIC_URL`, already checked ({@link publicUrlProblem}). */
  constructor(configured: string | undefined) {
    this.#configured = configured === undefined ? undefined : new URL(configured).origin;
  }

  /** `PARLEY_PUBLIC_URL`'s origin, when configured: one of the relay's own origins for origin checks. */
  get configured(): string | undefined {
    return this.#configured;
  }

  /** The origin to build addresses on, without a trailing slash. */
  get href(): string {
    return this.#configured ?? this.#learned ?? this.#listening ?? 'http://127.0.0.1';
  }

  /**
   * The origin links in emails may be built on, or undefined when none may: `PARLEY_PUBLIC_URL`, else (the relay
   * listening on loopback only, so that only this machine or its own proxy reaches it) {@link href}. A relay
   * reachable from elsewhere without `PARLEY_PUBLIC_URL` emails no link: its only other source is a browser's
   * headers.
   */
  get forEmail(): string | undefined {
    if (this.#configured !== undefined) return this.#configured;
    return this.#listeningOnLoopback ? this.href : undefined;
  }

  /** Where the relay listens, once it does (the last resort). */
  listening(host: string, port: number): void {
    this.#listening = listeningOrigin(host, port);
    this.#listeningOnLoopback = isLoopbackHost(host.includes(':') ? `[${host}]` : host);
  }

  /**
   * A signed-in member's inbox reached the relay from `origin` (its upgrade's `Origin`) at `host` (its `Host`):
   * learned when nothing was learned yet, the member is an owner of the default site (the operator: never another
   * site's admin), the two agree, i.e. the inbox is the relay's own page (another admin origin, allowed to embed the
   * inbox, is not where files are served), and it is not merely another loopback name of the address the relay
   * listens on (that one stays, as printed). The caller has checked the session.
   */
  learnFromInbox(origin: string, host: string, member: Pick<Staff, 'siteId' | 'role' | 'accountId'>): void {
    if (this.#configured !== undefined || this.#learned !== undefined) return;
    if (member.siteId !== DEFAULT_SITE_ID || member.role !== 'owner' || member.accountId == null) return;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return;
    }
    if (this.#listening !== undefined && loopbackAlias(url.origin, this.#listening)) return;
    if ((url.protocol === 'https:' || url.protocol === 'http:') && url.host === host.toLowerCase())
      this.#learned = url.origin;
  }

  /**
   * Where a page requested at `host` (its `Host` header; plain HTTP, the relay's own scheme) should be seen
   * instead: the public origin when `host` is another loopback name for it (`localhost:8787` for
   * `http://127.0.0.1:8787`), else undefined (served where asked).
   */
  redirectFor(host: string): string | undefined {
    const target = this.href;
    return loopbackAlias(`http://${host}`, target) ? target : undefined;
  }
}

/**
 * The origin of the address the relay listens on: `http://127.0.0.1:<port>` for a wildcard host (`0.0.0.0`, `::`),
 * else the host as configured (`http://[::1]:<port>` for an IPv6 one). `127.0.0.1` rather than `localhost`: the
 * relay's default `0.0.0.0` listens on IPv4 only, and `localhost` may resolve to `::1` first (and to whatever the
 * hosts file says); both are potentially trustworthy origins (secure contexts: service workers, push, the clipboard
 * work on either), but each has its own cookies, so one of them is chosen and used everywhere.
 */
export function listeningOrigin(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/** True for the names every machine gives itself: `localhost` (and `*.localhost`), 127.0.0.0/8, `[::1]`. */
export function isLoopbackHost(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return (
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    name === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
  );
}

/** True when `origin` is another loopback name for `target` (both plain HTTP on loopback, the same port). */
function loopbackAlias(origin: string, target: string): boolean {
  let a: URL;
  let b: URL;
  try {
    a = new URL(origin);
    b = new URL(target);
  } catch {
    return false;
  }
  return (
    a.protocol === 'http:' &&
    b.protocol === 'http:' &&
    a.host !== b.host &&
    a.port === b.port &&
    a.username === '' &&
    isLoopbackHost(a.hostname) &&
    isLoopbackHost(b.hostname)
  );
}

/**
 * What is wrong with a `PARLEY_PUBLIC_URL` value, in words, or undefined when it is an origin (`https://host[:port]`,
 * a trailing `/` allowed). The value is quoted only when it holds no user name, password or query (which may be
 * secrets).
 */
export function publicUrlProblem(value: string): string | undefined {
  const example = 'e.g. https://chat.example.com';
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim()))
    return `must start with http:// or https://, ${example}, got "${value}"`;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return `is not a URL, ${example}, got "${value}"`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `must start with http:// or https://, ${example}, got "${value}"`;
  if (url.username !== '' || url.password !== '') return 'must not hold a user name or password';
  if (url.search !== '' || value.includes('?')) return 'must not have a query (?…)';
  if (url.hash !== '' || value.includes('#')) return `must not have a fragment (#…), got "${value}"`;
  if (url.pathname !== '/')
    return `must be an origin, without a path (the relay serves /admin, /widget.js and /v1/ at its root; a proxy must pass them there), ${example}, got "${value}"`;
  return undefined;
}
