import { LitElement, html, render, type TemplateResult } from 'lit';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import type { AdminApi } from '../../admin-api.js';
import type { AdminStrings } from '../../admin-strings.js';
import { chatAdminSettingsStyles } from './chat-admin-settings.styles.js';
import type { InboxController } from '../../inbox-controller.js';
import { definePage } from '../../define-page.js';
import { SETTINGS_GROUPS, SETTINGS_PAGES, settingsPagesFor, type SettingsPage } from './settings-pages.js';
import { settingsEn, type SettingsStrings } from '../../settings-strings.js';

/**
 * The settings area of `<chat-admin>`: a side navigation (a list of links, the shown one `aria-current="page"`,
 * Arrow keys move between them) and the sub-page it names, each fetched the first time it is shown
 * (`SETTINGS_PAGES`). The shown sub-page is the state's `page`, `settings/<id>` (and `#settings/<id>` in the
 * address when `<chat-admin hash>`); an agent sees no admin-only sub-page.
 *
 * The sub-page's element is this element's light child (slotted), so it sits in `<chat-admin>`'s shadow root like
 * every other page.
 *
 * @summary The settings area: side navigation and the sub-page shown.
 * @tag chat-admin-settings
 */
export class ChatAdminSettings extends LitElement {
  static override styles = chatAdminSettingsStyles;

  static override properties = {
    api: { attribute: false },
    strings: { attribute: false },
    inbox: { attribute: false },
    theme: { type: String, reflect: true },
  };

  declare api: AdminApi | undefined;
  declare strings: AdminStrings;
  declare inbox: InboxController;
  declare theme: string;

  #unwatch: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#unwatch ??= this.inbox?.watch(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unwatch?.();
    this.#unwatch = undefined;
  }

  get #s(): SettingsStrings {
    return this.strings?.settingsArea ?? settingsEn;
  }

  /**
   * The sub-pages this member sees, and the one shown: the first when the state names none; none when it names one
   * that does not exist, or that this member's role does not show (said, not replaced by another page).
   */
  #pages(): [SettingsPage[], SettingsPage | undefined, string | undefined] {
    const { page, session, me } = this.inbox.state;
    const pages = settingsPagesFor(session?.role ?? me?.role ?? 'agent', me?.permissions);
    const id = page.split('/')[1];
    if (!id) return [pages, pages[0], undefined];
    return [pages, pages.find((each) => each.id === id), id];
  }

  /** What is said in place of a sub-page the address names and this member cannot see. */
  #missing(id: string): string {
    const s = this.#s;
    const hidden = SETTINGS_PAGES.find((each) => each.id === id);
    return hidden ? s.notYours(s[hidden.label]) : s.notFound(id);
  }

  #go = (event: MouseEvent): void => {
    event.preventDefault();
    const id = (event.currentTarget as HTMLAnchorElement).dataset['id']!;
    this.inbox.setPage(`settings/${id}`);
  };

  /** Up and Down (Home, End) move focus along the links; Tab leaves the list, Enter follows a link. */
  #onKey = (event: KeyboardEvent): void => {
    const links = [...this.renderRoot.querySelectorAll<HTMLAnchorElement>('nav a')];
    const at = links.indexOf(event.target as HTMLAnchorElement);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: links.length - 1 }[event.key];
    if (at === -1 || to === undefined) return;
    event.preventDefault();
    links[(to + links.length) % links.length]!.focus();
  };

  protected override render(): TemplateResult {
    const s = this.#s;
    const [pages, shown] = this.#pages();
    return html`<nav aria-label=${s.nav} @keydown=${this.#onKey}>
        ${SETTINGS_GROUPS.map((group) => {
          const grouped = pages.filter((page) => page.group === group);
          if (!grouped.length) return '';
          return html`<h2 id="settings-group-${group}">${s.groups[group]}</h2>
            <ul aria-labelledby="settings-group-${group}">
              ${grouped.map(
                (page) =>
                  html`<li><a href="#settings/${page.id}" data-id=${page.id} aria-current=${page === shown ? 'page' : 'false'} @click=${this.#go}>${s[page.label]}</a></li>`,
              )}
            </ul>`;
        })}
      </nav>
      <main aria-label=${shown ? s[shown.label] : s.nav}><slot></slot></main>`;
  }

  /** The sub-page whose link was last brought into view. */
  #linked: SettingsPage | undefined;

  protected override updated(): void {
    const [, shown, id] = this.#pages();
    if (!shown) {
      this.#linked = undefined;
      render(html`<p class="card page-missing" role="alert">${this.#missing(id ?? '')}</p>`, this);
      return;
    }
    // On a phone the links are one row that scrolls: the current one is brought into it once.
    if (shown !== this.#linked) {
      this.#linked = shown;
      this.renderRoot.querySelector('[aria-current=page]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
    if (!customElements.get(shown.tag)) {
      definePage(shown).then(
        () => this.requestUpdate(),
        (error: unknown) => this.inbox.fail(error),
      );
      render(html`<p class="page-loading" role="status">${this.strings.loading}</p>`, this);
      return;
    }
    const tag = unsafeStatic(shown.tag);
    render(
      staticHtml`<${tag} theme=${this.theme} .api=${this.api} .strings=${this.strings} .inbox=${this.inbox}></${tag}>`,
      this,
    );
  }
}
