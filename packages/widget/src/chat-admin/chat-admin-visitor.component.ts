import { html, nothing, type TemplateResult } from 'lit';
import { AdminRegion } from './admin-region.js';
import { chatAdminVisitorStyles } from './chat-admin-visitor.styles.js';
import { chatAdminNarrowStyles } from './chat-admin.styles.js';
import { displayUrl, looksLikeUrl, stripBidiControls } from '../chat-widget/display-text.js';
import { browserName, localTime, longTime } from './format.js';
import { CONTACT_PART } from './contact/contact-part.js';
import { definePage } from './define-page.js';
import { holds } from './page-entry.js';

/** The visitor's page as a link that shows where it really goes, or undefined for anything but http(s). */
function pageLink(url: string | undefined): { href: string; text: string } | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return { href: parsed.href, text: displayUrl(url, parsed) };
  } catch {
    return undefined;
  }
}

/**
 * The visitor panel of `<chat-admin>`, beside the open conversation (a drawer on narrow screens): presence, the
 * masked email and a button that reveals it (with a "Bouncing" badge and why when mail to it fails), the page they are on (http and https links only), browser, local
 * time and language, the pre-chat consent they gave (version and time), and the conversation's labels. Renders into `<chat-admin>`'s shadow root (see
 * `AdminRegion`), so its part is `<chat-admin>`'s and the thread's toggle can point at it.
 *
 * @summary Visitor details and the conversation's labels.
 * @tag chat-admin-visitor
 *
 * @csspart visitor-panel - The visitor details.
 */
export class ChatAdminVisitor extends AdminRegion {
  static override styles = chatAdminVisitorStyles;

  /**
   * Its rules go into the shadow root it renders in (`<chat-admin>`'s), once: they come with the panel's chunk, not
   * the shell's, since the sign-in page never shows the panel. They go where the shell had them, before the narrow
   * screens' rules, which override them (the panel is a drawer there).
   */
  override connectedCallback(): void {
    super.connectedCallback();
    const root = this.getRootNode();
    const sheet = chatAdminVisitorStyles.styleSheet;
    if (!(root instanceof ShadowRoot) || !sheet || root.adoptedStyleSheets.includes(sheet)) return;
    const sheets = root.adoptedStyleSheets;
    const narrow = chatAdminNarrowStyles.styleSheet ? sheets.indexOf(chatAdminNarrowStyles.styleSheet) : -1;
    root.adoptedStyleSheets =
      narrow < 0 ? [...sheets, sheet] : [...sheets.slice(0, narrow), sheet, ...sheets.slice(narrow)];
  }

  #onAddLabel = (event: SubmitEvent): void => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('label') as HTMLInputElement;
    const current = this.inbox.state.current;
    const label = input.value.trim().slice(0, 64);
    if (!label || !current || current.labels.includes(label)) return;
    input.value = '';
    this.inbox.conversation.addLabel(label);
  };

  #card: (HTMLElement & { inbox?: unknown }) | undefined;

  /** The contact's notes and edit form: an element of its own chunk, made once and kept. */
  #contactCard(): HTMLElement {
    if (!this.#card) {
      void definePage(CONTACT_PART).catch(() => undefined);
      this.#card = document.createElement(CONTACT_PART.tag);
    }
    this.#card.inbox = this.inbox;
    return this.#card;
  }

  protected override render(): TemplateResult | typeof nothing {
    const s = this.inbox.strings;
    const { current, revealed: revealedEmails } = this.inbox.state;
    if (!current) return nothing;
    const visitor = current.visitor;
    const context = visitor.context ?? {};
    const revealed = revealedEmails.get(visitor.id);
    const link = pageLink(context.url);
    // The page's title is the page's to choose: shown as text, never as a link's, and not at all when it reads
    // like an address (a title "https://bank.example/login" on a link to somewhere else).
    const title = context.title && !looksLikeUrl(context.title) ? stripBidiControls(context.title) : undefined;
    const time = localTime(context.timezone);
    return html`<aside id="visitor-panel" class="visitor-panel" part="visitor-panel" aria-labelledby="visitor-title">
      <div class="panel-head">
        <h2 id="visitor-title" tabindex="-1">${s.visitorPanel}</h2>
        <button type="button" class="ghost drawer-close" @click=${() => this.inbox.conversation.showVisitor(false)}>
          ${s.close}
        </button>
      </div>
      <p class="visitor-name">
        <span class="dot ${visitor.online ? 'on' : ''}" aria-hidden="true"></span>
        <span>${this.inbox.list.nameOf(current)}</span>
        <span class="muted">${visitor.online ? s.online : s.offline}</span>
      </p>
      <dl>
        <dt>${s.email}</dt>
        <dd>
          ${
            visitor.emailMasked
              ? html`<span class="email">${revealed ?? visitor.emailMasked}</span>
                ${
                  // Revealing takes `emails.reveal`: without it the masked address is all there is.
                  holds(this.inbox.state.me, 'emails.reveal')
                    ? html`<button type="button" class="link reveal" aria-pressed=${revealed ? 'true' : 'false'} @click=${() => void this.inbox.conversation.toggleEmail()}>${revealed ? s.hide : s.reveal}</button>`
                    : nothing
                }`
              : s.unknown
          }
          ${
            visitor.emailMasked && visitor.emailBouncingAt !== undefined
              ? html`<span class="bouncing">${s.emailBouncing}</span>
                  <span class="bouncing-help">${s.emailBouncingHelp(longTime(visitor.emailBouncingAt))}</span>`
              : nothing
          }
        </dd>
        ${
          visitor.verified
            ? html`<dt>${s.identity}</dt>
                <dd><span class="verified">${s.verifiedId}</span></dd>`
            : nothing
        }
        <dt>${s.currentPage}</dt>
        <dd class="page-url">
          ${title ? html`<span class="page-title">${title}</span>` : nothing}
          ${
            link
              ? html`<a href=${link.href} target="_blank" rel="noopener noreferrer">${link.text}</a>`
              : title
                ? nothing
                : s.unknown
          }
        </dd>
        <dt>${s.browser}</dt>
        <dd>${browserName(context.userAgent) ?? s.unknown}</dd>
        <dt>${s.localTime}</dt>
        <dd>${time ?? s.unknown}</dd>
        <dt>${s.language}</dt>
        <dd>${context.locale ?? s.unknown}</dd>
        <dt>${s.consent}</dt>
        <dd class="consent">
          ${visitor.consent ? s.consentGiven(visitor.consent.version, longTime(visitor.consent.at)) : s.noConsent}
        </dd>
      </dl>
      ${this.#contactCard()}
      <h3>${s.labels}</h3>
      <ul class="chips">
        ${current.labels.map(
          (label) => html`<li class="label">
            ${label}
            <button type="button" class="chip-remove" aria-label=${s.removeLabel(label)} @click=${() => void this.inbox.conversation.patch({ labels: current.labels.filter((l) => l !== label) })}>
              ×
            </button>
          </li>`,
        )}
      </ul>
      <form class="add-label" @submit=${this.#onAddLabel}>
        <input name="label" maxlength="64" aria-label=${s.addLabel} placeholder=${s.addLabel} />
      </form>
    </aside>`;
  }
}
