import { RememberedReads } from '../core/shared-reads.js';
import type { Site } from '../store/store.js';
import type { StaticVariant } from './static-folder.js';

/** How long a site key's site is taken from memory (what the features set, they keep fresh themselves). */
const TTL_MS = 10_000;
/** Site keys the relay makes: `pk_` and base64url. Anything else is not looked up. */
const SITE_KEY = /^pk_[A-Za-z0-9_-]{1,100}$/;
/** Sites remembered at most (their answers are small; the oldest go first). */
const MAX_REMEMBERED = 10_000;

export interface SiteLoaderOptions {
  readonly siteByKey: (siteKey: string) => Promise<Site | undefined>;
  /** What the features set for the site (`FeatureHost.loaderDefaults`). */
  readonly defaults: (siteId: string) => Promise<Readonly<Record<string, string>>>;
  readonly now?: () => number;
}

/**
 * A site's loader (issue #36, point 8): `/widget.js?site=<site key>` is the loader (which reads the site key from
 * that query) with a first line that writes what the site chose in the inbox (its colour, theme, side, pre-chat
 * form) onto the loader's own `<script>` as `data-*` values, each only where the embed code set none — so the embed
 * code needs only the key, its own `data-*` attributes still override, and the stand-in launcher is drawn in the
 * site's colour on the first visit. A site that chose nothing gets the plain loader, byte for byte.
 */
export class SiteLoader {
  readonly #options: SiteLoaderOptions;
  readonly #sites: RememberedReads<Site | undefined>;

  constructor(options: SiteLoaderOptions) {
    this.#options = options;
    this.#sites = new RememberedReads(options.siteByKey, {
      ttlMs: TTL_MS,
      max: MAX_REMEMBERED,
      ...(options.now ? { now: options.now } : {}),
    });
  }

  /** The variant of the loader for `siteKey`; `undefined` (the plain loader) for a site that chose nothing, or no site. */
  async variant(siteKey: string): Promise<StaticVariant | undefined> {
    return (await this.loader(siteKey))?.variant;
  }

  /**
   * The loader for `siteKey`: which build of it (`widget.js`, or {@link CAMPAIGNS_LOADER} for a site with live
   * campaigns) and its variant; `undefined` (the plain loader) for a site that chose nothing, or no site.
   */
  async loader(siteKey: string): Promise<{ readonly file: string; readonly variant: StaticVariant } | undefined> {
    if (!SITE_KEY.test(siteKey)) return undefined;
    const site = await this.#sites.get(siteKey);
    if (!site) return undefined;
    const defaults = await this.#options.defaults(site.id);
    const variant = siteVariant(defaults);
    if (!variant) return undefined;
    return { file: defaults['campaigns'] === undefined ? 'widget.js' : CAMPAIGNS_LOADER, variant };
  }
}

/**
 * The loader built with the campaigns' rule evaluator and bubble (the widget's `loader-campaigns.ts`): served, with
 * its first line, to a site with live campaigns (`data-campaigns`), so that every other site's first visit pays
 * not one byte for them, and a campaign costs no request of its own until it fires (docs/campaigns.md).
 */
export const CAMPAIGNS_LOADER = 'widget-campaigns.js';

/** The loader's variant for a site: its first line sets `defaults` where the `<script>` has none; none for none. */
export function siteVariant(defaults: Readonly<Record<string, string>>): StaticVariant | undefined {
  if (Object.keys(defaults).length === 0) return undefined;
  const prefix = loaderPrefix(defaults);
  return { key: prefix, transform: (loader) => prefix + loader };
}

/**
 * `data-*` values (by `dataset` name) set on the running `<script>` where it has none. JSON strings: a value can
 * hold nothing that escapes them. `document.currentScript` is the loader's `<script>` while its first line runs
 * (the loader needs ES2022 anyway: `??=` costs nothing).
 */
export function loaderPrefix(values: Readonly<Record<string, string>>): string {
  const sets = Object.entries(values)
    .map(([name, value]) => `d[${JSON.stringify(name)}]??=${JSON.stringify(value)};`)
    .join('');
  return `(d=>{${sets}})(document.currentScript?.dataset??{});\n`;
}
