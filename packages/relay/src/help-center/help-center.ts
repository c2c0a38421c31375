import type { HelpSearchResult } from '@parley/protocol/admin';
import { RememberedReads } from '../core/shared-reads.js';
import type { Site } from '../store/store.js';
import type { HelpDomains } from './help-domains.js';
import type { HelpFeedback } from './help-feedback.js';
import type { ArticleRecord, HelpRepository } from './help-repository.js';
import { queryWords } from './help-text.js';
import { correctWords } from './help-typos.js';
import { ThreadTypoIndexBuilder, TypoIndexes, type TypoIndexBuilder } from './help-typo-indexes.js';
import { MarkdownRenderer, type RenderRefusal, type RenderedBody } from './markdown-renderer.js';

/** How long a site's typo index, and a site by its key, are taken from memory (other relays' writes age out). */
const TTL_MS = 10_000;
/**
 * Words the typo indexes of all sites hold together (about 175 bytes a word: docs/performance.md); past it the least
 * recently searched indexes are dropped, and built again when next searched.
 */
export const MAX_INDEXED_WORDS = 500_000;
/** How long reads are counted in memory before they are added to the store. */
const READS_FLUSH_MS = 5_000;

export interface HelpCenterOptions {
  readonly repository: HelpRepository;
  /** "Did this help?" votes. */
  readonly feedback: HelpFeedback;
  /** The sites' custom portal domains. */
  readonly domains: HelpDomains;
  /** A site by its public key (the portal's and the search's addresses name it). */
  readonly siteByKey: (key: string) => Promise<Site | undefined>;
  /** A site by its id (the FAQ bot's links name its key). */
  readonly siteById: (id: string) => Promise<Site | undefined>;
  /** The site's colour (`#rrggbb`), the widget look's. */
  readonly accent: (siteId: string) => Promise<string | undefined>;
  readonly now?: () => number;
  /** Longest a body may take to render (tests shorten it). */
  readonly renderTimeoutMs?: number;
  /** Words the typo indexes hold in all (default {@link MAX_INDEXED_WORDS}). */
  readonly maxIndexedWords?: number;
  /** What builds the typo indexes (default: a thread of their own). */
  readonly typoIndexBuilder?: TypoIndexBuilder;
}

/** A search of the published articles (docs/help-center.md, "Search"). */
export interface HelpSearch {
  readonly query: string;
  readonly locale: string;
  /** Search as you type: the last word may be unfinished. */
  readonly prefix?: boolean;
  readonly limit?: number;
}

/**
 * The help center (issue #42): a site's articles, rendered (on a thread) and searched;
 * the vocabulary typos are corrected against is indexed per site and locale, checked for changes every
 * {@link TTL_MS} (in the background), and forgotten at once on a write through this relay.
 */
export class HelpCenter {
  readonly repository: HelpRepository;
  readonly feedback: HelpFeedback;
  readonly domains: HelpDomains;
  readonly now: () => number;
  readonly #typos: TypoIndexes;
  readonly #sites: RememberedReads<Site | undefined>;
  /** Reads counted and not yet added to the store, by `site id \n article id`. */
  readonly #reads = new Map<string, number>();
  #readsTimer: ReturnType<typeof setTimeout> | undefined;
  /** Whether a site has a published article, by site id. */
  readonly #published: RememberedReads<boolean>;
  /** The last answer of {@link #published} per site, for the FAQ bot's decision on the message path (synchronous). */
  readonly #publishedSeen = new Map<string, { readonly has: boolean; readonly at: number }>();
  readonly #renderer: MarkdownRenderer;
  readonly #accent: (siteId: string) => Promise<string | undefined>;
  readonly #siteById: (id: string) => Promise<Site | undefined>;
  readonly #maxIndexedWords: number;
  #closed = false;

  constructor(options: HelpCenterOptions) {
    this.repository = options.repository;
    this.feedback = options.feedback;
    this.domains = options.domains;
    this.now = options.now ?? Date.now;
    this.#accent = options.accent;
    this.#siteById = options.siteById;
    this.#maxIndexedWords = options.maxIndexedWords ?? MAX_INDEXED_WORDS;
    this.#renderer = new MarkdownRenderer(
      options.renderTimeoutMs === undefined ? {} : { timeoutMs: options.renderTimeoutMs },
    );
    this.#typos = new TypoIndexes(
      {
        words: (siteId, locale, after, limit) => this.repository.publishedWords(siteId, locale, after, limit),
        fingerprint: (siteId, locale) => this.repository.publishedFingerprint(siteId, locale),
      },
      options.typoIndexBuilder ?? new ThreadTypoIndexBuilder(),
      { ttlMs: TTL_MS, maxWords: options.maxIndexedWords ?? MAX_INDEXED_WORDS, now: this.now },
    );
    this.#sites = new RememberedReads((key) => options.siteByKey(key), { ttlMs: TTL_MS, max: 1000, now: this.now });
    this.#published = new RememberedReads((siteId) => this.repository.hasPublished(siteId), {
      ttlMs: TTL_MS,
      max: 10_000,
      now: this.now,
    });
  }

  /**
   * Whether the site has a published article, as last read (at most {@link TTL_MS} old, or being read again): the
   * FAQ bot asks on the message path, which must not wait. A site not read yet answers false, and is read for the
   * next message.
   */
  hasArticlesNow(siteId: string): boolean {
    const seen = this.#publishedSeen.get(siteId);
    // Read again only once the last answer has aged: a fresh one costs the message path a map lookup, no promise.
    if (seen === undefined || this.now() - seen.at >= TTL_MS)
      void this.#published.get(siteId).then(
        (has) => {
          if (this.#publishedSeen.size >= 10_000) this.#publishedSeen.clear();
          this.#publishedSeen.set(siteId, { has, at: this.now() });
        },
        () => undefined,
      );
    return seen?.has ?? false;
  }

  /**
   * Up to `limit` published articles that may answer a visitor's `text`, in the visitor's `language`, else in English,
   * each with its address on the portal (`origin`): what the FAQ bot offers when no entry answers
   * (docs/help-center.md, "The FAQ bot").
   */
  async answers(
    siteId: string,
    text: string,
    language: string,
    origin: string,
    limit = 3,
  ): Promise<Array<{ title: string; url: string }>> {
    const found = await this.related(siteId, text, language, limit);
    if (found.length === 0) return [];
    const site = await this.#siteById(siteId);
    if (!site) return [];
    const base = this.portalBase(site, origin);
    return found.map((article) => ({
      title: article.title,
      url: `${base}/${encodeURIComponent(article.locale)}/${encodeURIComponent(article.slug)}`,
    }));
  }

  /**
   * Up to `limit` published articles related to a visitor's `text`, in `language`, else in English (listed without
   * their bodies); none for a text of no words, which would list the latest articles. The FAQ bot's list and the AI
   * agent's sources.
   */
  async related(siteId: string, text: string, language: string, limit = 3): Promise<ArticleRecord[]> {
    const query = text.slice(0, 200);
    for (const locale of language === 'en' ? ['en'] : [language, 'en']) {
      if (queryWords(query, locale).length === 0) continue;
      const found = await this.search(siteId, { query, locale, limit });
      if (found.items.length > 0) return found.items;
    }
    return [];
  }

  /**
   * What the site's loader sets on its widget (`data-help`): a Help tab, once the site has a published article.
   * Remembered {@link TTL_MS}: the loader is asked on every page view.
   */
  async loaderDefaults(siteId: string): Promise<Readonly<Record<string, string>> | undefined> {
    return (await this.#published.get(siteId)) ? { help: '' } : undefined;
  }

  /**
   * A published article was read (the widget's panel, the portal's page): counted in memory, added to the store
   * within {@link READS_FLUSH_MS} (one transaction for all), so that a read costs no write of its own.
   */
  read(siteId: string, articleId: string): void {
    const key = `${siteId}\n${articleId}`;
    this.#reads.set(key, (this.#reads.get(key) ?? 0) + 1);
    this.#readsTimer ??= setTimeout(() => void this.flushReads().catch(() => undefined), READS_FLUSH_MS).unref();
  }

  /** Adds the reads counted since the last time to the store. */
  async flushReads(): Promise<void> {
    clearTimeout(this.#readsTimer);
    this.#readsTimer = undefined;
    if (this.#reads.size === 0) return;
    const reads = [...this.#reads].map(([key, count]) => {
      const [siteId, articleId] = key.split('\n') as [string, string];
      return { siteId, articleId, count };
    });
    this.#reads.clear();
    await this.repository.addReads(reads);
  }

  /**
   * The address of a site's portal, without a trailing slash: `https://<its custom domain>`, else
   * `<origin>/help/<site key>` on the relay's public origin (never a request's Host).
   */
  portalBase(site: Pick<Site, 'id' | 'siteKey'>, origin: string): string {
    const host = this.domains.of(site.id);
    return host ? `https://${host}` : `${origin}/help/${encodeURIComponent(site.siteKey)}`;
  }

  /** A site by its id. */
  siteById(id: string): Promise<Site | undefined> {
    return this.#siteById(id);
  }

  /** A site by its public key (remembered a while). */
  siteByKey(key: string): Promise<Site | undefined> {
    return this.#sites.get(key);
  }

  /** The site's colour, if it chose one. */
  accent(siteId: string): Promise<string | undefined> {
    return this.#accent(siteId);
  }

  /** A body rendered off the event loop, or why not (too complex to render in time, or no thread). */
  render(body: string): Promise<RenderedBody | RenderRefusal> {
    return this.#renderer.render(body);
  }

  /**
   * Builds the typo indexes of the sites' published locales, one after another, until they hold
   * {@link MAX_INDEXED_WORDS}: at start, so that the first searches after it find them made (a search that comes
   * first waits for its own, made in slices as warming makes it). Resolves once done; never rejects.
   */
  async warm(): Promise<void> {
    try {
      for (const { siteId, locale } of await this.repository.publishedLocales()) {
        if (this.#closed) return;
        await this.#typos.get(siteId, locale);
        if (this.#typos.words >= this.#maxIndexedWords) return;
      }
    } catch {
      // Warming is a head start only: a search builds what it needs.
    }
  }

  /** Ends the rendering thread. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flushReads().catch(() => undefined);
    await this.#typos.close();
    return this.#renderer.close();
  }

  /** A write through this relay to a site's articles: its vocabularies are read again. */
  changed(siteId: string, locales: readonly string[]): void {
    for (const locale of locales) this.#typos.forget(siteId, locale);
    this.#published.forget(siteId);
    // The FAQ bot's last answer is kept, aged: the next message reads it again.
    const seen = this.#publishedSeen.get(siteId);
    if (seen) this.#publishedSeen.set(siteId, { has: seen.has, at: Number.NEGATIVE_INFINITY });
  }

  /** The site's published articles that answer `search.query`, best first, and the query as corrected. */
  async search(
    siteId: string,
    search: HelpSearch,
  ): Promise<{ readonly items: ArticleRecord[]; readonly corrected: HelpSearchResult['corrected'] }> {
    const words = queryWords(search.query, search.locale);
    // No words: the most read articles, which the widget's Help tab lists before the visitor searches.
    if (words.length === 0)
      return {
        items: await this.repository.popularPublished(siteId, search.locale, search.limit ?? 10),
        corrected: null,
      };
    // Without its index (the typo thread failed), the query is searched as typed rather than not at all.
    const index = await this.#typos.get(siteId, search.locale).catch(() => undefined);
    const prefix = search.prefix ?? false;
    const corrected = index ? await correctWords(words, index, prefix) : [...words];
    const items = await this.repository.search({
      siteId,
      locale: search.locale,
      words: corrected,
      prefix,
      limit: search.limit ?? 10,
    });
    const changed = corrected.some((word, index) => word !== words[index]);
    return { items, corrected: changed ? corrected.join(' ') : null };
  }
}
