import {
  MAX_WIDGET_STRING_LOCALES,
  widgetStringsFor,
  widgetStringLocale,
  type WidgetStringTexts,
} from '@parley/protocol';
import type { ChatHooks, VisitorWelcomeExtras } from '../core/hooks.js';
import type { Logger } from '../log.js';
import type { SiteStrings, WidgetStringsRepository } from './widget-strings-repository.js';

/** How long a site's words are sent as last read before a welcome has them read again (other relays' saves). */
export const WIDGET_STRINGS_REFRESH_MS = 30_000;

export interface WidgetStringOverridesOptions {
  readonly repository: WidgetStringsRepository;
  readonly log: Logger;
  readonly now?: () => number;
}

/** A site's words as last read, and when. */
interface Entry {
  strings: SiteStrings;
  at: number;
}

/** A save the site may not make: `field` is the body's path it is about (`locale`, `texts.typing`). */
export class WidgetStringsRefusal extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The words each site changed in its widget, per locale (issue #85): saved from the inbox, sent in a visitor's
 * welcome for the visitor's locale (`welcome.strings`), so the widget shows them without a request of its own. Every
 * site's are read when the relay starts and kept in memory; a save through this relay is seen at once, one through
 * another relay once a welcome finds the site's words older than {@link WIDGET_STRINGS_REFRESH_MS} (that welcome
 * sends what there is, and the site is read again in the background).
 */
export class WidgetStringOverrides implements ChatHooks {
  readonly #repository: WidgetStringsRepository;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #sites = new Map<string, Entry>();
  readonly #pending = new Set<string>();
  #stopped = false;

  constructor(options: WidgetStringOverridesOptions) {
    this.#repository = options.repository;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
  }

  /** Reads every site's words (before the relay listens). */
  async start(): Promise<void> {
    const at = this.#now();
    for (const [siteId, strings] of await this.#repository.all()) this.#sites.set(siteId, { strings, at });
    this.#loadedAt = at;
  }

  /** When {@link start} read every site: a site without an entry had none then. */
  #loadedAt: number | undefined;

  stop(): void {
    this.#stopped = true;
  }

  /** The site's words, by locale, as stored. */
  get(siteId: string): Promise<SiteStrings> {
    return this.#repository.get(siteId);
  }

  /**
   * Replaces the site's words of `locale` (a tag, canonicalised: `pt-br` → `pt-BR`); an empty `texts` removes the
   * locale. Resolves with the tag saved under. Throws {@link WidgetStringsRefusal} for a tag that is not one, or a
   * locale past the site's {@link MAX_WIDGET_STRING_LOCALES}; the texts were checked by the route.
   */
  async put(siteId: string, tag: string, texts: WidgetStringTexts): Promise<string> {
    const locale = widgetStringLocale(tag);
    if (!locale) throw new WidgetStringsRefusal('locale', `“${tag}” is not a language tag (like de, pt-BR)`);
    if (
      Object.keys(texts).length > 0 &&
      (await this.#repository.otherLocales(siteId, locale)) >= MAX_WIDGET_STRING_LOCALES
    )
      throw new WidgetStringsRefusal('locale', `the site has words in ${MAX_WIDGET_STRING_LOCALES} locales already`);
    await this.#repository.put(siteId, locale, texts, this.#now());
    this.#sites.set(siteId, { strings: await this.#repository.get(siteId), at: this.#now() });
    return locale;
  }

  /** {@link ChatHooks.visitorWelcome}: the site's words for the visitor's locale, from memory. */
  visitorWelcome(siteId: string, locale: string | undefined): VisitorWelcomeExtras | undefined {
    const entry = this.#sites.get(siteId);
    // A site without an entry had no words when every site was read (start): it is read again as an entry would be.
    const readAt = entry?.at ?? this.#loadedAt ?? Number.NEGATIVE_INFINITY;
    if (this.#now() - readAt >= WIDGET_STRINGS_REFRESH_MS) this.#refresh(siteId);
    if (!entry) return undefined;
    const strings = widgetStringsFor(entry.strings, locale);
    return strings ? { strings: { locale: strings.locale, texts: { ...strings.texts } } } : undefined;
  }

  /** Reads the site's words again in the background; a failure is logged and keeps what there was. */
  #refresh(siteId: string): void {
    if (this.#stopped || this.#pending.has(siteId)) return;
    this.#pending.add(siteId);
    const entry = this.#sites.get(siteId);
    // Asked for now: the welcomes until it is read send what there is, without asking again.
    if (entry) entry.at = this.#now();
    else this.#sites.set(siteId, { strings: {}, at: this.#now() });
    void this.#repository
      .get(siteId)
      .then((strings) => {
        if (!this.#stopped) this.#sites.set(siteId, { strings, at: this.#now() });
      })
      .catch((error: unknown) => this.#log.warn('widget strings not read', { siteId, error: String(error) }))
      .finally(() => this.#pending.delete(siteId));
  }
}
