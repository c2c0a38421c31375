// Links in visitors' messages (issue #39, docs/safety.md "The content filter and link rules"): found by one
// forward scan (no regular expression that could backtrack), each host compared in its ASCII (punycode) form
// with the site's domain lists; the longest matching domain wins. Pure and linear in the text's length.
import { domainToASCII } from 'node:url';
import type { LinkAction, LinkSettings } from '@parley/protocol/admin';
import { CharClass, charClass } from './text-fold.js';

/** What a link in a text asks for: the action, and the list's domain that matched (or the host, for `otherwise`). */
export interface LinkFinding {
  readonly action: Exclude<LinkAction, 'allow'>;
  readonly domain: string;
}

/** Top-level domains generic enough that `name.tld` in prose is surely a site (new gTLDs like `.zip` are not). */
const GENERIC_TLDS = [
  'com',
  'net',
  'org',
  'info',
  'biz',
  'edu',
  'gov',
  'mil',
  'int',
  'io',
  'co',
  'ai',
  'app',
  'dev',
  'me',
  'tv',
  'ly',
  'gg',
  'xyz',
  'online',
  'site',
  'shop',
  'store',
  'top',
  'club',
  'link',
  'live',
  'news',
  'blog',
  'cloud',
  'tech',
  'email',
  'page',
  'website',
  'space',
  'fun',
  'icu',
  'vip',
  'win',
  'bid',
  'click',
  'eu',
  'uk',
  'asia',
];
/**
 * Country codes that are also common file extensions or abbreviations, left out so `setup.sh`, `readme.md`,
 * `main.py`, `libc.so` and `build.rs` are not taken for links: `sh` (Saint Helena), `md` (Moldova), `py`
 * (Paraguay), `pl` (Poland), `rs` (Serbia), `ps` (Palestine), `so` (Somalia), `ts`, `js`, `cs`, `am`, `pm`.
 * Written with a scheme or `www.`, their sites are still found.
 */
const FILE_LIKE = new Set(['sh', 'md', 'py', 'pl', 'rs', 'ps', 'so', 'ts', 'js', 'cs', 'am', 'pm']);

/**
 * The two-letter country-code TLDs: ISO 3166-1 codes (the region names ICU knows) with a TLD, plus `.ac`, `.uk`
 * and `.su`, less {@link FILE_LIKE}; retired and reserved codes (`.yu`, `.tp`, `.an`, `.eh`, `.xk`) are not in it.
 */
const COUNTRY_TLDS = (
  'ac ad ae af ag ai al ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bv bw ' +
  'by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et ' +
  'fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie ' +
  'il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ' +
  'ly ma mc me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu ' +
  'nz om pa pe pf pg ph pk pn pr pt pw qa re ro ru rw sa sb sc sd se sg si sj sk sl sm sn sr ss st su ' +
  'sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn vu ' +
  'wf ws ye yt za zm zw '
)
  .split(' ')
  .filter((code) => code !== '' && !FILE_LIKE.has(code));

/** The top-level domains that make a bare `name.tld` a link. */
export const LINK_TLDS: ReadonlySet<string> = new Set([...GENERIC_TLDS, ...COUNTRY_TLDS]);

const STRENGTH: Readonly<Record<LinkAction, number>> = { allow: 0, flag: 1, refuse: 2 };

/** A site's link rules, compiled once. */
export class LinkRules {
  /** Each listed domain (ASCII form) with its action; a domain in two lists keeps the stronger. */
  private readonly domains = new Map<string, LinkAction>();

  constructor(private readonly settings: LinkSettings) {
    for (const action of ['allow', 'flag', 'refuse'] as const) {
      for (const entry of settings[action]) {
        const domain = asciiHost(entry);
        if (domain === '') continue;
        const before = this.domains.get(domain);
        if (before === undefined || STRENGTH[action] > STRENGTH[before]) this.domains.set(domain, action);
      }
    }
  }

  /** True when no link can ever be anything but allowed. */
  get allowsAll(): boolean {
    return this.settings.otherwise === 'allow' && ![...this.domains.values()].some((action) => action !== 'allow');
  }

  /** What a host asks for: the longest listed domain it equals or is under, or `otherwise`. */
  rule(host: string): { action: LinkAction; domain: string } {
    for (let suffix = host; ;) {
      const action = this.domains.get(suffix);
      if (action !== undefined) return { action, domain: suffix };
      const dot = suffix.indexOf('.');
      if (dot === -1) return { action: this.settings.otherwise, domain: host };
      suffix = suffix.slice(dot + 1);
    }
  }

  /** The strongest action the links in `text` ask for (the first link with it), or `undefined` when all are allowed. */
  check(text: string): LinkFinding | undefined {
    let strongest: LinkFinding | undefined;
    let refused: LinkFinding | undefined;
    const seen = new Set<string>();
    eachLinkHost(text, (host) => {
      if (seen.has(host)) return true;
      seen.add(host);
      const { action, domain } = this.rule(host);
      if (action === 'refuse') refused = { action, domain };
      else if (action === 'flag') strongest ??= { action, domain };
      return refused === undefined;
    });
    return refused ?? strongest;
  }
}

const MAX_HOST = 253;
const ASCII_HOST_CHAR = /^[a-z0-9.-]*$/;

/** A host in lower-case ASCII (IDN labels in punycode, `xn--…`); '' when it is not a valid host name. */
export function asciiHost(host: string): string {
  const lowered = host.toLowerCase();
  const lower = lowered.endsWith('.') ? lowered.replace(/\.+$/, '') : lowered;
  if (lower.length > MAX_HOST * 4) return '';
  const ascii = ASCII_HOST_CHAR.test(lower) ? lower : domainToASCII(lower);
  if (ascii === '' || ascii.length > MAX_HOST || ascii.startsWith('.') || ascii.includes('..')) return '';
  return ascii;
}

/** Dots as IDNA reads them: the full stop, the ideographic, fullwidth and halfwidth ones. */
function isDot(code: number): boolean {
  return code === 46 || code === 0x3002 || code === 0xff0e || code === 0xff61;
}

function isHostChar(code: number): boolean {
  if (code < 128) {
    return (
      (code >= 97 && code <= 122) ||
      (code >= 65 && code <= 90) ||
      (code >= 48 && code <= 57) ||
      code === 45 ||
      code === 46
    );
  }
  const kind = charClass(code);
  return kind === CharClass.word || kind === CharClass.mark || isDot(code);
}

/** The end of what a URL's authority can be: whitespace, or the start of a path, query or fragment. */
function authorityEnd(text: string, from: number): number {
  let at = from;
  while (at < text.length) {
    const c = text.charCodeAt(at);
    if (c === 47 || c === 63 || c === 35 || c === 92 || isSpace(c)) break;
    at += 1;
  }
  return at;
}

function nextSpace(text: string, from: number): number {
  let at = from;
  while (at < text.length && !isSpace(text.charCodeAt(at))) at += 1;
  return at;
}

function isSpace(code: number): boolean {
  return code < 128 ? code === 32 || (code >= 9 && code <= 13) : charClass(code) === CharClass.space;
}

/** True when the text just before `end` (and after `start`) is `http` or `https`, in any case. */
function endsWithScheme(text: string, start: number, end: number): boolean {
  let at = end;
  if (at - start >= 5 && (text.charCodeAt(at - 1) | 32) === 115) at -= 1; // s
  if (at - start < 4) return false;
  return (
    (text.charCodeAt(at - 4) | 32) === 104 && // h
    (text.charCodeAt(at - 3) | 32) === 116 && // t
    (text.charCodeAt(at - 2) | 32) === 116 && // t
    (text.charCodeAt(at - 1) | 32) === 112 // p
  );
}

/**
 * The hosts of the links in a text, in order, in lower-case ASCII: `http://` and `https://` URLs (the host after
 * any `user:password@`, without the port), `www.` hosts, and bare `name.tld` hosts whose last label is a known TLD
 * ({@link LINK_TLDS}). Not links: email addresses (`bob@example.com`), names inside a URL's path, `e.g.`,
 * `file.txt`, version numbers.
 */
export function linkHosts(text: string): string[] {
  const hosts: string[] = [];
  eachLinkHost(text, (host) => {
    hosts.push(host);
    return true;
  });
  return hosts;
}

/**
 * Calls `visit` with the host of each link in `text`, in order ({@link linkHosts} says which); stops when `visit`
 * returns false.
 */
export function eachLinkHost(text: string, visit: (host: string) => boolean): void {
  let at = 0;
  while (at < text.length) {
    if (!isHostChar(text.charCodeAt(at))) {
      at += 1;
      continue;
    }
    const start = at;
    let dotted = false;
    for (; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (!isHostChar(code)) break;
      if (isDot(code)) dotted = true;
    }
    if (text.startsWith('://', at)) {
      if (endsWithScheme(text, start, at)) {
        const from = at + 3;
        const end = authorityEnd(text, from);
        let hostStart = from;
        for (let back = end - 1; back >= from; back--) {
          if (text.charCodeAt(back) === 64) {
            hostStart = back + 1;
            break;
          }
        }
        const host = hostAt(text, hostStart, end);
        if (host !== '' && !visit(host)) return;
      }
      at = nextSpace(text, at);
      continue;
    }
    if (!dotted) continue;
    const before = start > 0 ? text[start - 1] : '';
    if (before === '@' || before === '/' || before === '\\' || text[at] === '@') continue;
    const host = bareHost(text, start, at);
    if (host === '') continue;
    if (!visit(host)) return;
    // The rest of a link (a path, a port) is not read for more hosts.
    if (text[at] === '/' || text[at] === ':' || text[at] === '?' || text[at] === '#') at = nextSpace(text, at);
  }
}

/** The host of an authority from `start` (after any userinfo) to `end`: brackets kept, port dropped. */
function hostAt(text: string, start: number, end: number): string {
  if (text.charCodeAt(start) === 91) {
    const close = text.indexOf(']', start);
    return close === -1 || close >= end ? '' : text.slice(start, close + 1).toLowerCase();
  }
  let hostEnd = start;
  while (hostEnd < end && isHostChar(text.charCodeAt(hostEnd))) hostEnd += 1;
  let first = start;
  while (first < hostEnd && isEdge(text.charCodeAt(first))) first += 1;
  while (hostEnd > first && isEdge(text.charCodeAt(hostEnd - 1))) hostEnd -= 1;
  return first === hostEnd ? '' : asciiHost(text.slice(first, hostEnd));
}

/** Dots and dashes, which neither start nor end a host. */
function isEdge(code: number): boolean {
  return code === 45 || isDot(code);
}

/** A run of letters, digits, dots and dashes as a host, when it reads as one ('' when not). */
function bareHost(text: string, start: number, end: number): string {
  if (end - start > MAX_HOST * 4) return '';
  const host = hostAt(text, start, end);
  if (host === '') return '';
  const lastDot = host.lastIndexOf('.');
  if (lastDot <= 0) return '';
  if (host.startsWith('www.')) return host;
  const tld = host.slice(lastDot + 1);
  if (!LINK_TLDS.has(tld) && !tld.startsWith('xn--')) return '';
  return /[a-z]/.test(host.slice(0, lastDot)) || host.slice(0, lastDot).includes('xn--') ? host : '';
}
