import type { AiFeature, AiStatus } from '@parley/protocol/admin';
import type { CSSResult } from 'lit';
import { AdminApiError } from '../admin-api.js';
import { AdminRegion } from '../admin-region.js';
import { errorText } from '../kit/error-text.js';
import { AiApi } from './ai-api.js';
import { aiStatus, budgetExhausted, watchAiStatus } from './ai-status.js';
import { aiEn, type AiStrings } from './ai-strings.js';
import { aiStyles } from './ai.styles.js';
import { inboxLocale } from '../intl-locale.js';

/** Adds `styles` to the shadow root `element` renders in (`<chat-admin>`'s, for a region), once. */
export function adopt(element: Element, styles: CSSResult): void {
  const root = element.getRootNode();
  const sheet = styles.styleSheet;
  if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet))
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

/**
 * A language tag as words in the inbox's own language (`de-DE` → "German (Germany)"), or the tag itself where the
 * browser has no name for it or the tag is malformed.
 */
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames([inboxLocale()], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/**
 * What the AI tools' elements share: their rules added to `<chat-admin>`'s shadow root, their strings and API
 * client, whether the tools are on for the site (asked once per site, ai-status.ts; `status` is undefined until the
 * answer, and the elements show nothing meanwhile), and how a refusal reads.
 */
export class AiRegion extends AdminRegion {
  static override properties = {
    ...AdminRegion.properties,
    status: { state: true },
  };

  /** Whether the tools are on (and the budget left), once the relay said. */
  declare status: AiStatus | undefined;
  #site: string | undefined;
  #unwatchStatus: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    adopt(this, aiStyles);
    // The AI page saved: ask again (the cache answers every element but the first).
    this.#unwatchStatus = watchAiStatus(() => {
      this.#site = undefined;
      this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unwatchStatus?.();
  }

  protected override willUpdate(changed: Parameters<AdminRegion['willUpdate']>[0]): void {
    super.willUpdate(changed);
    const site = this.inbox?.state.me?.site.id;
    const api = this.inbox?.api;
    if (site && api && site !== this.#site) {
      this.#site = site;
      void aiStatus(site, api).then((status) => {
        if (this.#site === site) this.status = status;
      });
    }
  }

  protected get texts(): AiStrings {
    return { ...aiEn, ...this.inbox.strings.ai };
  }

  protected get api(): AiApi | undefined {
    const api = this.inbox.api;
    return api ? new AiApi(api) : undefined;
  }

  /** Whether `feature`'s own monthly budget is used up: its tool is disabled, the reason in its tooltip. */
  protected spent(feature: AiFeature): boolean {
    return this.status?.featuresExhausted.includes(feature) ?? false;
  }

  /**
   * A refusal of `feature`'s call in plain words: the provider down, the budget used up (kept for the tools shown
   * after), the network.
   */
  protected refusal(error: unknown, feature: AiFeature): string {
    const t = this.texts;
    if (!(error instanceof AdminApiError)) return errorText(error);
    if (error.code === 'ai_budget_exhausted') {
      const site = this.inbox.state.me?.site.id;
      if (site) budgetExhausted(site, feature);
      return t.budget;
    }
    if (error.code === 'ai_unavailable') return t.unavailable;
    if (error.code === 'network') return t.network;
    return error.message;
  }
}
