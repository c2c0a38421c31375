import type { WidgetLook } from '@parley/protocol/admin';
import type { AdminFor } from '../admin/public.js';
import type { ChatHooks } from '../core/hooks.js';
import { RememberedReads } from '../core/shared-reads.js';
import type { WidgetLookRepository } from './widget-look-repository.js';

/** How long a site's loader defaults are taken from memory before they are read again (other relays' saves). */
const TTL_MS = 10_000;

export interface WidgetLooksOptions {
  readonly admin: AdminFor<'retention'>;
  readonly repository: WidgetLookRepository;
  readonly now?: () => number;
}

/**
 * The site's look (issue #36, point 8): its theme, side and pre-chat form as the inbox saves them, and what a
 * site's loader sets from them with the site's colour. A save through this relay is seen at once; one through another
 * relay within {@link TTL_MS} (and browsers revalidate the loader every 5 minutes).
 */
export class WidgetLooks implements ChatHooks {
  readonly #admin: AdminFor<'retention'>;
  readonly #repository: WidgetLookRepository;
  readonly #now: () => number;
  readonly #defaults: RememberedReads<Readonly<Record<string, string>>>;

  constructor(options: WidgetLooksOptions) {
    this.#admin = options.admin;
    this.#repository = options.repository;
    this.#now = options.now ?? Date.now;
    this.#defaults = new RememberedReads((siteId) => this.#readDefaults(siteId), { ttlMs: TTL_MS, now: this.#now });
  }

  /** The site's look, every field (null: the widget's default). */
  get(siteId: string): Promise<Required<WidgetLook>> {
    return this.#repository.get(siteId);
  }

  /** Saves the site's look (an absent `replyTime` is its default); resolves with what is stored. */
  async put(siteId: string, look: WidgetLook): Promise<Required<WidgetLook>> {
    const stored = { ...look, replyTime: look.replyTime ?? null };
    await this.#repository.put(siteId, stored, this.#now());
    this.#defaults.forget(siteId);
    return stored;
  }

  /**
   * The `data-*` values the site's loader sets where the embed code sets none: the site's colour (`accent`), and
   * each look field it chose (a null field is the widget's default, so it is left out).
   */
  loaderDefaults(siteId: string): Promise<Readonly<Record<string, string>>> {
    return this.#defaults.get(siteId);
  }

  async #readDefaults(siteId: string): Promise<Readonly<Record<string, string>>> {
    const [look, settings] = await Promise.all([
      this.#repository.get(siteId),
      this.#admin.repos.retention.getSettings(siteId),
    ]);
    const value: Record<string, string> = {};
    if (settings.brandColor) value['accent'] = settings.brandColor;
    // The reply-time line is the relay's to send or not (reply-time/), not an attribute of the element.
    const { replyTime: _relays, ...attributes } = look;
    for (const [name, chosen] of Object.entries(attributes)) if (chosen !== null) value[name] = chosen;
    return value;
  }

  /** {@link ChatHooks.siteSettingsChanged}: the site's colour was saved here (`settings`); read it again. */
  siteSettingsChanged(siteId: string, area: string): void {
    if (area === 'settings') this.#defaults.forget(siteId);
  }
}
