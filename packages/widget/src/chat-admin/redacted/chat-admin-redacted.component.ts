import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { LocalMessage } from '@parley/sdk';
import { linkify } from '../../chat-widget/linkify.js';
import { AdminRegion } from '../admin-region.js';
import { errorText } from '../kit/error-text.js';
import { SafetyApi } from '../pages/safety/safety-api.js';
import { safetyEn, type SafetyStrings } from '../pages/safety/safety-strings.js';
import { redactedStyles } from './redacted.styles.js';

/**
 * The labels the relay puts in place of what it replaced (`redactionText` in `@parley/protocol/sensitive`):
 * `[card ending 4242]`, `[IBAN ending 1234]`, `[card]`, `[SSN]`, `[secret: AWS key]`. Bounded: linear on any text.
 */
const LABEL = /\[(?:card|IBAN)(?: ending [0-9A-Za-z]{1,4})?\]|\[SSN\]|\[secret: [A-Za-z ]{1,30}\]/g;

/** `text` with each replaced part marked as a redaction (only for a message the relay says it redacted). */
function marked(text: string, label: string): Array<string | TemplateResult> {
  const parts: Array<string | TemplateResult> = [];
  let last = 0;
  for (const match of text.matchAll(LABEL)) {
    parts.push(text.slice(last, match.index), html`<mark class="redaction" title=${label}>${match[0]}</mark>`);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

/**
 * A message the site's safety settings changed (issue #39, docs/safety.md, "In the inbox"), in place of its bubble:
 * its replaced parts marked as redactions; when the originals are sealed (`redacted.sealed`, "mask for agents"),
 * a Reveal that asks the relay for them (`POST …/messages/{seq}/reveal`, recorded in the audit log) and shows the
 * original in place, for this view only: kept in this element alone, never in the client's timeline or any store,
 * gone with a reload or another conversation. A message the content filter hid (`hidden`) is folded: "Hidden by
 * your content filter · Show".
 *
 * @summary A redacted message's marks and Reveal; a hidden message's fold.
 * @tag chat-admin-redacted
 */
export class ChatAdminRedacted extends AdminRegion {
  static override properties = {
    ...AdminRegion.properties,
    message: { attribute: false },
    _original: { state: true },
    _revealing: { state: true },
    _error: { state: true },
    _open: { state: true },
  };

  /** The message shown. */
  declare message: LocalMessage;
  /** The revealed text, for this view only. */
  declare private _original: string | undefined;
  declare private _revealing: boolean;
  declare private _error: string | undefined;
  /** A hidden message unfolded. */
  declare private _open: boolean;
  /** Whose reveal `_original` is: a reused element (another message, another conversation) forgets it. */
  #shown: string | undefined;

  constructor() {
    super();
    this._revealing = false;
    this._open = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const root = this.getRootNode();
    const sheet = redactedStyles.styleSheet;
    if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet))
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Leaving the conversation forgets the original.
    this._original = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const key = `${this.message.conversationId} ${this.message.seq ?? this.message.clientId}`;
    if (key !== this.#shown) {
      this.#shown = key;
      this._original = undefined;
      this._error = undefined;
      this._open = false;
    }
  }

  get #t(): SafetyStrings {
    return { ...safetyEn, ...this.inbox.strings.safetyPage };
  }

  #reveal = (): void => {
    const { conversationId, seq } = this.message;
    const api = this.inbox.api;
    if (!api || !conversationId || seq === undefined || this._revealing) return;
    const asked = this.#shown;
    this._revealing = true;
    this._error = undefined;
    new SafetyApi(api)
      .reveal(conversationId, seq)
      .then((revealed) => {
        if (asked === this.#shown && this.isConnected) this._original = revealed.text;
      })
      .catch((error: unknown) => {
        if (asked === this.#shown) this._error = this.#t.revealFailed(errorText(error));
      })
      .finally(() => {
        this._revealing = false;
      });
  };

  #hideAgain = (): void => {
    this._original = undefined;
    void this.updateComplete.then(() => this.querySelector<HTMLElement>('.reveal')?.focus());
  };

  #toggle = (): void => {
    this._open = !this._open;
    void this.updateComplete.then(() => this.querySelector<HTMLElement>('.fold-toggle')?.focus());
  };

  protected override render(): TemplateResult {
    const t = this.#t;
    const message = this.message;
    if (message.hidden && !this._open)
      return html`<p class="hidden-fold">
        ${t.hiddenFold} ·
        <button type="button" class="link fold-toggle" aria-expanded="false" @click=${this.#toggle}>${t.show}</button>
      </p>`;
    const original = this._original;
    const text = original ?? message.text;
    const sealed = message.redacted?.sealed && message.seq !== undefined;
    return html`${
      text
        ? html`<p class="bubble ${original === undefined ? '' : 'revealed'}" dir="auto">${linkify(text).map((part) =>
            part.kind === 'link'
              ? html`<a href=${part.href} target="_blank" rel="noopener noreferrer">${part.text}</a>`
              : original === undefined && message.redacted
                ? marked(part.text, t.redactedPart)
                : part.text,
          )}</p>`
        : nothing
    }
    ${
      sealed || message.hidden
        ? html`<p class="safety-line">
            ${
              // Present, empty, before the reveal: what fills it is announced.
              sealed
                ? html`<span class="reveal-state" role="status">${original === undefined ? '' : t.revealed}</span>`
                : nothing
            }
            ${
              original !== undefined
                ? html`<button type="button" class="hide-again" @click=${this.#hideAgain}>${t.hide}</button>`
                : sealed
                  ? html`<button type="button" class="reveal" ?disabled=${this._revealing} @click=${this.#reveal}>
                      ${this._revealing ? t.revealing : t.reveal}
                    </button>`
                  : nothing
            }
            ${
              message.hidden
                ? html`<button type="button" class="fold-toggle" aria-expanded="true" @click=${this.#toggle}>${t.fold}</button>`
                : nothing
            }
            ${this._error ? html`<span class="safety-error" role="alert">${this._error}</span>` : nothing}
          </p>`
        : nothing
    }`;
  }
}
