import type { Message, Redacted } from '@parley/protocol';
import {
  DEFAULT_SAFETY,
  SAFETY_KINDS,
  type SafetyFlag,
  type SafetyKind,
  type SafetySettings,
} from '@parley/protocol/admin';
import { findSensitive, redact, type SensitiveKind, type SensitiveMatch } from '@parley/protocol/sensitive';
import type { ChatHooks, VisitorWelcomeExtras } from '../core/hooks.js';
import type { Screening, ScreenVerdict } from '../core/screening.js';
import type { Logger } from '../log.js';
import { SecretSealer } from '../store/secret-sealer.js';
import { compileFilter, type CompiledFilter, type FilterVerdict } from './content-filter.js';
import type { SafetyRepository } from './safety-repository.js';

/** How often a relay reads the settings other relays saved (ms): a save elsewhere applies here within this. */
export const SETTINGS_POLL_MS = 10_000;

/** How far back each read of the saves looks again (ms): relays' clocks differ, and two saves can share a ms. */
const CLOCK_SKEW_MS = 60_000;

/** The detector's kinds each of the settings' kinds covers. */
const DETECTED: Readonly<Record<SafetyKind, readonly SensitiveKind[]>> = {
  card: ['card'],
  iban: ['iban'],
  ssn: ['ssn'],
  secret: ['aws-key', 'github-token', 'slack-token', 'stripe-key', 'google-api-key', 'private-key', 'jwt'],
};

/** A site's settings, made ready for the message path. */
interface SiteSafety {
  readonly settings: SafetySettings;
  /** The detector's kinds to look for: those whose action is not `allow` (none: nothing is scanned). */
  readonly detect: readonly SensitiveKind[];
  /** The detector's kinds whose action is `mask`. */
  readonly masked: ReadonlySet<SensitiveKind>;
  /** What a visitor's `welcome` says: the kinds the site hides; `undefined` when none. */
  readonly welcome: VisitorWelcomeExtras | undefined;
  /** The content filter and link rules, on visitors' messages; `undefined` when they check nothing. */
  readonly filter: CompiledFilter | undefined;
}

/** Makes a site's settings ready for the message path. */
function siteSafety(settings: SafetySettings): SiteSafety {
  const detect: SensitiveKind[] = [];
  const masked = new Set<SensitiveKind>();
  const hides: SafetyKind[] = [];
  for (const kind of SAFETY_KINDS) {
    const action = settings.sensitive[kind];
    if (action === 'allow') continue;
    hides.push(kind);
    detect.push(...DETECTED[kind]);
    if (action === 'mask') for (const detected of DETECTED[kind]) masked.add(detected);
  }
  return {
    settings,
    detect,
    masked,
    welcome: hides.length > 0 ? { safety: { hides } } : undefined,
    filter: compileFilter(settings.filter, settings.links),
  };
}

export interface MessageSafetyOptions {
  readonly repository: SafetyRepository;
  /** 32 bytes, base64: seals masked messages' revealable text. */
  readonly dataKey: string;
  readonly log: Logger;
  /** Raises a review flag on a conversation (the moderation feature's), when this relay keeps them. */
  readonly flag?: ((siteId: string, conversationId: string, flag: Omit<SafetyFlag, 'at'>) => void) | undefined;
  readonly now?: (() => number) | undefined;
  /** How often other relays' saves are read (tests shorten it); default {@link SETTINGS_POLL_MS}. */
  readonly pollMs?: number | undefined;
}

/**
 * Message safety (issue #39, docs/safety.md): screens every visitor and staff message before it is stored — the
 * sensitive data a site hides is replaced, the original kept nowhere (`redact`) or sealed for staff to reveal
 * (`mask`) — and tells visitors' widgets what the site hides, so they warn before sending.
 *
 * The settings of every site that saved some are held in memory (read at start, then every {@link SETTINGS_POLL_MS}
 * for other relays' saves), so the screening is synchronous; a site that saved none has the defaults.
 */
export class MessageSafety implements ChatHooks {
  readonly #repository: SafetyRepository;
  readonly #sealer: SecretSealer;
  readonly #log: Logger;
  readonly #flag: MessageSafetyOptions['flag'];
  readonly #now: () => number;
  readonly #pollMs: number;
  readonly #sites = new Map<string, SiteSafety>();
  readonly #defaults = siteSafety(DEFAULT_SAFETY);
  /** The newest save read so far (its `updated_at`). */
  #seen = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: MessageSafetyOptions) {
    this.#repository = options.repository;
    this.#sealer = new SecretSealer(options.dataKey, 'parley message seal v1');
    this.#log = options.log;
    this.#flag = options.flag;
    this.#now = options.now ?? Date.now;
    this.#pollMs = options.pollMs ?? SETTINGS_POLL_MS;
  }

  /** Reads every site's saved settings, then keeps reading other relays' saves. */
  async start(): Promise<void> {
    await this.#read();
    this.#timer = setInterval(() => {
      this.#read().catch((error: unknown) => this.#log.warn('safety: settings not read', { error: String(error) }));
    }, this.#pollMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** A site's settings (the defaults when it saved none), from memory. */
  settings(siteId: string): SafetySettings {
    return this.#site(siteId).settings;
  }

  /** Saves a site's settings; they apply on this relay at once. */
  async put(siteId: string, settings: SafetySettings): Promise<void> {
    await this.#repository.put(siteId, settings, this.#now());
    this.#sites.set(siteId, siteSafety(settings));
  }

  /** {@link ChatHooks.screenMessage}: see the class. */
  screenMessage(message: Screening): ScreenVerdict | undefined {
    const { role, text } = message;
    // What a rule or a macro writes (the bot's messages and notes) is a member's text sent by the bot: screened as
    // staff messages are. The fixed automations' and campaigns' answers are not (docs/safety.md).
    const screened = role === 'visitor' || role === 'staff' || (role === 'bot' && message.via === 'rules');
    if (!screened || text === '') return undefined;
    const site = this.#site(message.siteId);
    const filtered = role === 'visitor' ? site.filter?.check(text) : undefined;
    if (filtered?.action === 'refuse')
      return { refused: { code: 'content_refused', message: refusalText(site.settings, filtered) } };
    const sensitive = site.detect.length === 0 ? undefined : this.#sensitive(message, site);
    if (!filtered) return sensitive;
    const { siteId, conversationId } = message;
    const flag = { reason: filtered.reason, detail: filtered.detail };
    return {
      ...sensitive,
      ...(filtered.action === 'hide' ? { hidden: true } : {}),
      stored: (stored) => this.#flag?.(siteId, conversationId, { ...flag, seq: stored.seq }),
    };
  }

  /** The sensitive data of a message the site hides, replaced: see the class. */
  #sensitive(message: Screening, site: SiteSafety): ScreenVerdict | undefined {
    const { text } = message;
    const matches = findSensitive(text, site.detect);
    if (matches.length === 0) return undefined;
    const redacted: Redacted = { kinds: [...new Set(matches.map((match) => match.kind))] };
    const masked = matches.filter((match) => site.masked.has(match.kind));
    if (masked.length === 0) return { text: redact(text, matches), redacted };
    // What staff may reveal: the masked parts as written, the redacted ones still replaced (never sealed).
    const revealable = redact(
      text,
      matches.filter((match) => !site.masked.has(match.kind)),
    );
    const sealed = this.#sealer.seal(revealable);
    const { siteId, conversationId, clientId } = message;
    return {
      text: redact(text, matches),
      redacted: { ...redacted, sealed: true },
      before: () => this.#repository.seal(siteId, conversationId, clientId, sealed, this.#now()),
    };
  }

  /**
   * The text staff may reveal of a stored message whose `redacted` is `sealed`: its masked parts as written;
   * `undefined` when none is kept (the message was not masked, or was erased).
   */
  async revealable(siteId: string, message: Message): Promise<string | undefined> {
    if (!message.redacted?.sealed) return undefined;
    const sealed = await this.#repository.sealed(siteId, message.conversationId, message.clientId);
    return sealed === undefined ? undefined : this.#sealer.openOnce(sealed);
  }

  /**
   * {@link ChatHooks.redactAside}: a file's name or an email's subject, every kind the site hides replaced (such a
   * text has no revealable copy: `mask` replaces as `redact` does).
   */
  redactAside(siteId: string, text: string, shape?: 'name'): string | undefined {
    const site = this.#site(siteId);
    if (site.detect.length === 0) return undefined;
    const matches: SensitiveMatch[] = findSensitive(text, site.detect, { name: shape === 'name' });
    return matches.length === 0 ? undefined : redact(text, matches);
  }

  /**
   * The detector's kinds the site hides (redacted or masked), for text screened off the event loop (an email's
   * original, on the inbound parser's thread); empty when it hides none.
   */
  hiddenKinds(siteId: string): readonly SensitiveKind[] {
    return this.#site(siteId).detect;
  }

  /** {@link ChatHooks.visitorWelcome}: the kinds the site hides, for the widget's warning. */
  visitorWelcome(siteId: string): VisitorWelcomeExtras | undefined {
    return this.#site(siteId).welcome;
  }

  #site(siteId: string): SiteSafety {
    return this.#sites.get(siteId) ?? this.#defaults;
  }

  async #read(): Promise<void> {
    for (const saved of await this.#repository.savedSince(this.#seen - CLOCK_SKEW_MS)) {
      this.#sites.set(saved.siteId, siteSafety(saved.settings));
      if (saved.updatedAt > this.#seen) this.#seen = saved.updatedAt;
    }
  }
}

/** What a visitor whose message the filter refused reads: the site's own words, else a plain default. */
function refusalText(settings: SafetySettings, verdict: FilterVerdict): string {
  if (settings.filter.message) return settings.filter.message;
  return verdict.reason === 'link'
    ? `This message was not sent: links to ${verdict.detail} are not accepted here.`
    : 'This message was not sent: it contains words this site does not accept.';
}
