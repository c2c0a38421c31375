import { css, html, nothing, type TemplateResult } from 'lit';
import { AdminRegion } from '../admin-region.js';
import { SiteApi } from '../pages/site/site-api.js';
import { firstRunEn, type FirstRunStrings } from './first-run-strings.js';
import { holds } from '../page-entry.js';

const firstRunStyles = css`
  .first-run {
    display: grid;
    gap: 12px;
    padding: 12px;
  }
  .first-run h2,
  .first-run h3 {
    margin: 0;
  }
  .first-run h2 {
    font-size: 16px;
  }
  .first-run h3 {
    font-size: 14px;
  }
  .first-run ol {
    margin: 0;
    padding: 0;
    list-style: none;
    display: grid;
    gap: 12px;
  }
  .first-run li {
    display: grid;
    gap: 6px;
    padding: 10px 12px;
    border: 1px solid var(--_border);
    border-radius: 8px;
    background: var(--_raised);
  }
  .first-run p {
    margin: 0;
  }
  .first-run a {
    color: var(--_accent);
    font-weight: 600;
  }
  .first-run pre {
    margin: 0;
    padding: 8px;
    border-radius: 6px;
    border: 1px solid var(--_border);
    background: var(--_surface);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    font-size: 12px;
  }
  .first-run .step-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
  }
`;

/**
 * First steps in an empty inbox, while the site has no conversation at all (asked once each time the list is
 * empty, over every view and status): open the demo shop the relay serves at `/`; for admins, the install code
 * with the site's key (copyable) and *Invite your team* (the Team page). Nothing once a conversation exists.
 * Fetched in a chunk of its own, by the list, only when it is empty.
 *
 * @summary The empty inbox's first steps.
 * @tag chat-admin-first-run
 */
export class ChatAdminFirstRun extends AdminRegion {
  static override properties = {
    ...AdminRegion.properties,
    _empty: { state: true },
    _siteKey: { state: true },
    _copied: { state: true },
  };

  /** The site has no conversation (`undefined` until asked). */
  declare private _empty: boolean | undefined;
  declare private _siteKey: string | undefined;
  declare private _copied: string | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    const root = this.getRootNode();
    const sheet = firstRunStyles.styleSheet;
    if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet))
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    // Asked again each time the list shows it (it is kept while the list is empty, dropped when not).
    this.#asked = false;
  }

  /** Asked since it was last put in the page. */
  #asked = false;

  protected override willUpdate(changed: Parameters<AdminRegion['willUpdate']>[0]): void {
    super.willUpdate(changed);
    // `inbox` is set before the chunk defines the element: it is first read here, not when connected.
    if (!this.#asked && this.inbox?.api) {
      this.#asked = true;
      void this.#check();
    }
  }

  get #texts(): FirstRunStrings {
    return { ...firstRunEn, ...this.inbox.strings.firstRun };
  }

  /** Whether they may read the site's key (`GET /v1/admin/site` takes `settings.manage`). */
  get #admin(): boolean {
    return holds(this.inbox.state.me, 'settings.manage');
  }

  /** Whether the site has any conversation, in any view or status; the site's key for admins. */
  async #check(): Promise<void> {
    const api = this.inbox?.api;
    if (!api || this._empty === false) return;
    // The counts the list shows already tell, unless every one is 0 (another view or status may still hold some).
    const { all, open, pending, snoozed, resolved } = this.inbox.state.counts;
    if (all + open + pending + snoozed + resolved > 0) {
      this._empty = false;
      return;
    }
    try {
      const { counts } = await api.conversations({ view: 'all', limit: 1 });
      this._empty = counts.open + counts.pending + counts.snoozed + counts.resolved === 0;
      if (this._empty && this.#admin && this._siteKey === undefined)
        this._siteKey = (await new SiteApi(api).get()).siteKey;
    } catch {
      // Guidance is a nicety: the list says it is empty either way.
    }
  }

  /** The relay's origin: the API's when the inbox is served elsewhere (`api-base`), else this page's. */
  get #origin(): string {
    const base = this.inbox.host.apiBase;
    try {
      return base ? new URL(base, location.href).origin : location.origin;
    } catch {
      return location.origin;
    }
  }

  async #copy(code: string): Promise<void> {
    const t = this.#texts;
    try {
      await navigator.clipboard.writeText(code);
      this._copied = t.copied;
    } catch {
      this._copied = t.copyFailed;
      const range = document.createRange();
      const pre = this.querySelector('#first-run-snippet');
      if (pre) {
        range.selectNodeContents(pre);
        getSelection()?.removeAllRanges();
        getSelection()?.addRange(range);
      }
    }
  }

  protected override render(): TemplateResult | typeof nothing {
    if (!this._empty || this.inbox.state.items.length > 0) return nothing;
    const t = this.#texts;
    const origin = this.#origin;
    const code =
      this._siteKey !== undefined
        ? `<script src="${origin}/widget.js?site=${encodeURIComponent(this._siteKey)}" async></script>`
        : undefined;
    return html`<section class="first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title">${t.title}</h2>
      <p class="muted">${t.intro}</p>
      <ol>
        <li>
          <h3>${t.demoTitle}</h3>
          <p>${t.demoText}</p>
          <p><a class="demo" href=${`${origin}/`} target="_blank" rel="noopener">${t.demoLink}</a></p>
        </li>
        ${
          code
            ? html`<li>
                <h3 id="first-run-install">${t.installTitle}</h3>
                <p>${t.installText}</p>
                <pre id="first-run-snippet" tabindex="0" aria-label=${t.snippetLabel}><code>${code}</code></pre>
                <div class="step-actions">
                  <button type="button" class="ghost copy" @click=${() => void this.#copy(code)}>${t.copy}</button>
                  <span class="muted" role="status">${this._copied ?? ''}</span>
                </div>
              </li>`
            : nothing
        }
        ${
          this.#admin
            ? html`<li>
                <h3>${t.teamTitle}</h3>
                <p>${t.teamText}</p>
                <div class="step-actions">
                  <button type="button" class="ghost invite" @click=${() => this.inbox.setPage('settings/team')}>
                    ${t.teamButton}
                  </button>
                </div>
              </li>`
            : nothing
        }
      </ol>
    </section>`;
  }
}
