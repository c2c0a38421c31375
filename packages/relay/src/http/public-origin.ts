/**
 * The relay's public origin (`https://chat.example.com`), where the addresses it hands out point: the signed
 * addresses of files, and the links in invitations and reset links. Never a request's `Host` (or
 * `X-Forwarded-Proto`): a visitor chooses those, and a file address built from them would send every staff member's
 * browser, and the file's signature, to the visitor's server (issue #33).
 *
 * In order: `PARLEY_PUBLIC_URL` when configured; else the origin learned from the relay's own inbox, signed in as
 * an owner or admin (the `Origin` of the socket's upgrade, when it names the host the upgrade was sent to: a page
 * cannot forge it, a visitor has no such session, and an agent cannot move it); else the address the relay
 * listens on (`http://127.0.0.1:<port>` for a wildcard host), which works on the machine itself and misleads nobody.
 * The learned origin is kept in memory: after a restart it is learned again when an admin's inbox reconnects.
 */
export class PublicOrigin {
  readonly #configured: string | undefined;
  #learned: string | undefined;
  #listening: string | undefined;

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

  /** Where the relay listens, once it does (the last resort). */
  listening(host: string, port: number): void {
    const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    this.#listening = `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
  }

  /**
   * An owner's or admin's inbox reached the relay from `origin` (its upgrade's `Origin`) at `host` (its `Host`):
   * learned when the two agree, i.e. the inbox is the relay's own page (another admin origin, allowed to embed the
   * inbox, is not where files are served). The caller has checked the session and the role.
   */
  learnFromInbox(origin: string, host: string): void {
    if (this.#configured !== undefined) return;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return;
    }
    if ((url.protocol === 'https:' || url.protocol === 'http:') && url.host === host.toLowerCase())
      this.#learned = url.origin;
  }
}
