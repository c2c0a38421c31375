import type { CSSResult, TemplateResult, css as litCss, html as litHtml } from 'lit';
import type { LocalMessage } from '@parley/sdk';
import type { Strings } from '../i18n/en.js';
import type { ChatClient } from './client-registry.js';
import { emailStringsEn, invalidEmailEn, type EmailStrings } from './email-strings.js';
import { formControls } from './form-controls.styles.js';
import type { PartsHost } from './parts-host.js';

/*
 * The widget's email part (issue #36), on a relay that sends email: the header's menu ("Email me this
 * conversation"), and "Get notified by email", a card in the message log that asks a visitor who wrote, and whose
 * email is not known, for one when a live answer is unlikely — nobody available, out of hours, or no staff reply
 * within the site's time after their last message — and, from the menu, before a transcript is sent (no dead end).
 * Fetched when the menu shows (the conversation has a message) or the visitor has written without a known email
 * (the card's timer must run before the ask is due): a first visit that writes nothing never loads it. Like the
 * other parts it imports nothing at run time but its strings and the form controls' rules: the element hands it its
 * own lit.
 */

/** What the element passes in: its own lit. */
export interface Lit {
  readonly html: typeof litHtml;
  readonly css: typeof litCss;
}

/** How long the widget waits for a staff reply when the relay names no time (`welcome.emailAskMs`). */
export const DEFAULT_EMAIL_ASK_MS = 120_000;

/**
 * How long a notice of this part ("We'll reply to a***@ex***.com …", "Sent to …") stays at the top of the panel:
 * read once, then out of the way (issue #81: it never left, however long the conversation went on).
 */
export const EMAIL_NOTICE_MS = 6_000;

/**
 * When the visitor's newest message still waits for a person's reply: its time, or `undefined` when staff wrote
 * after it (a bot's away reply or welcome, or a broadcast, is no reply) or the visitor never wrote.
 */
export function unansweredSince(messages: readonly LocalMessage[]): number | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.mine) return message.ts;
    if (message.author.role === 'staff' && message.kind === 'text') return undefined;
  }
  return undefined;
}

/** What the part needs of the element besides its lit. */
export interface EmailSide {
  readonly host: PartsHost;
  /** The element's client, when bound. */
  client(): ChatClient | undefined;
  /** Whether the visitor's email is known (a form, the card, the identity). */
  known(): boolean;
  /** Says `notice` in the panel's banner; with `email`, first keeps it as the visitor's (their stored profile). */
  say(notice: string, email?: string): void;
}

/** The menu and the card, and what the element asks of them. */
export interface EmailPart {
  /** The header's menu: its button and, while open, "Email me this conversation". */
  menu(s: Strings): TemplateResult;
  /**
   * The card when it is due (or asked for from the menu), else `undefined`. `away`: no agent available, or out of
   * hours.
   */
  card(s: Strings, away: boolean): TemplateResult | undefined;
  readonly styles: CSSResult;
  /** Stops its timer and forgets the card's state (the element let its client go). */
  disconnect(): void;
}

/** The part's strings in the element's locale (English's for a locale without them), and the site's own over them. */
function wording(s: Strings): EmailStrings {
  const words: Record<string, unknown> = { ...emailStringsEn, ...s.emailStrings };
  // The site's own words, under their key in the catalogue (`email.title`: string-overrides.ts).
  for (const [key, word] of Object.entries(s)) if (key.startsWith('email.')) words[key.slice(6)] = word;
  return words as unknown as EmailStrings;
}

/** Builds the menu and the card on the element's lit. */
export function emailPart({ html, css }: Lit, { host, client, known, say }: EmailSide): EmailPart {
  let open = false;
  let dismissed = false;
  let then: (() => void) | undefined;
  let saving = false;
  let error: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let shown = false;
  let noticeTimer: ReturnType<typeof setTimeout> | undefined;
  /** Says `notice` at the top of the panel for {@link EMAIL_NOTICE_MS}, then takes it away. */
  const tell = (notice: string, email?: string): void => {
    say(notice, email);
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => say(''), EMAIL_NOTICE_MS);
  };

  const update = (): void => host.requestUpdate();
  const field = (): HTMLInputElement | null => host.renderRoot.querySelector<HTMLInputElement>('.ask input');

  /** Whether to show the card now; if it will be due later, renders again then. */
  const due = (away: boolean): boolean => {
    clearTimeout(timer);
    if (then) return true;
    if (known() || dismissed) return false;
    const messages = client()?.messages() ?? [];
    if (!messages.some((m) => m.mine)) return false;
    if (away) return true;
    const since = unansweredSince(messages);
    if (since === undefined) return false;
    const wait = since + (client()?.welcome?.emailAskMs ?? DEFAULT_EMAIL_ASK_MS) - Date.now();
    if (wait <= 0) return true;
    timer = setTimeout(update, Math.min(wait, 2 ** 31 - 1));
    return false;
  };

  const submit = async (event: SubmitEvent, s: Strings): Promise<void> => {
    event.preventDefault();
    const input = field();
    const chat = client();
    if (!input || !chat || saving) return;
    const strings = wording(s);
    const email = input.value.trim();
    if (!email || !input.validity.valid) {
      error = s.invalidEmail ?? invalidEmailEn;
      update();
      return;
    }
    saving = true;
    error = undefined;
    update();
    try {
      const { emailMasked } = await chat.saveEmail(email);
      const next = then;
      then = undefined;
      tell(strings.saved(emailMasked), email);
      next?.();
    } catch (failure) {
      error =
        (failure as { code?: string }).code === 'invalid_email' ? (s.invalidEmail ?? invalidEmailEn) : strings.failed;
    } finally {
      saving = false;
      update();
    }
  };

  /** After the card first shows: the log follows it down if the visitor was reading the newest messages. */
  const follow = async (): Promise<void> => {
    await host.updateComplete;
    const log = host.renderRoot.querySelector<HTMLElement>('.log');
    const card = host.renderRoot.querySelector<HTMLElement>('.ask');
    if (log && card && log.scrollHeight - log.scrollTop - log.clientHeight < card.offsetHeight + 60)
      log.scrollTop = log.scrollHeight;
  };

  /** Shows the card, its field focused, and runs `next` once the email is saved. */
  const request = (next: () => void): void => {
    then = next;
    dismissed = false;
    update();
    void host.updateComplete.then(() => {
      void follow();
      field()?.focus();
    });
  };

  /** "Email me this conversation": without a known email (here or to the relay), the card asks for one first. */
  const transcript = async (s: Strings): Promise<void> => {
    open = false;
    update();
    const strings = wording(s);
    if (!known()) return request(() => void transcript(s));
    try {
      const { emailMasked } = await client()!.requestTranscript();
      tell(strings.transcriptSent(emailMasked));
    } catch (error) {
      if ((error as { code?: string }).code === 'no_email') request(() => void transcript(s));
      else tell(strings.transcriptFailed);
    }
  };

  return {
    // Its button's icon is drawn here, as the element draws its own: only this menu shows it.
    menu(s) {
      const strings = wording(s);
      return html`<div class="menu-wrap">
        <button
          class="icon-button"
          part="menu-button"
          type="button"
          aria-haspopup="menu"
          aria-expanded=${open ? 'true' : 'false'}
          aria-label=${strings.menu}
          @click=${() => {
            open = !open;
            update();
          }}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle fill="currentColor" cx="5" cy="12" r="2"/><circle fill="currentColor" cx="12" cy="12" r="2"/><circle fill="currentColor" cx="19" cy="12" r="2"/></svg>
        </button>
        ${
          open
            ? html`<div class="menu" part="menu" role="menu">
                <button type="button" role="menuitem" part="menu-item" @click=${() => transcript(s)}>
                  ${strings.transcript}
                </button>
              </div>`
            : undefined
        }
      </div>`;
    },

    card(s, away) {
      const show = due(away);
      if (show && !shown) void follow();
      shown = show;
      if (!show) return undefined;
      const strings = wording(s);
      return html`<form class="ask" part="email-ask" aria-labelledby="ask-title" novalidate @submit=${(e: SubmitEvent) => submit(e, s)}>
        <p id="ask-title" class="ask-title">${strings.title}</p>
        <p id="ask-intro" class="ask-intro">${then ? strings.transcriptIntro : strings.intro}</p>
        <label
          >${strings.label}<input
            type="email"
            name="email"
            autocomplete="email"
            maxlength="254"
            required
            aria-describedby=${error ? 'ask-intro ask-error' : 'ask-intro'}
            aria-invalid=${error ? 'true' : 'false'}
        /></label>
        ${error ? html`<p id="ask-error" class="ask-error" role="alert">${error}</p>` : undefined}
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${saving}>${strings.submit}</button>
          <button
            class="secondary"
            type="button"
            @click=${() => {
              dismissed = true;
              then = undefined;
              error = undefined;
              update();
            }}
          >
            ${strings.dismiss}
          </button>
        </div>
      </form>`;
    },

    disconnect() {
      // The next client may be another visitor (`reset()`): nothing of this one's card carries over.
      clearTimeout(timer);
      clearTimeout(noticeTimer);
      open = dismissed = saving = shown = false;
      then = error = undefined;
    },

    styles: css`
      ${formControls(css)}
      .menu-wrap {
        position: relative;
      }
      .menu {
        position: absolute;
        inset-inline-end: 0;
        z-index: 1;
        padding: 4px;
        border-radius: 8px;
        background: var(--_bg);
        box-shadow: 0 6px 24px #0003;
      }
      .menu button {
        padding: 8px 10px;
        border: 0;
        background: none;
        color: var(--_fg);
        font: inherit;
        white-space: nowrap;
        cursor: pointer;
      }
      .ask {
        display: flex;
        flex-direction: column;
        gap: 8px;
        margin: 8px 0;
        padding: 12px;
        border: 1px solid var(--_border);
        border-radius: 12px;
        background: var(--_surface);
        align-self: stretch;
      }
      .ask p {
        margin: 0;
        font-size: 14px;
      }
      .ask .ask-title {
        font-weight: 600;
      }
      .ask .ask-intro {
        color: var(--_muted);
      }
      .ask .ask-error {
        color: inherit;
        font-weight: 600;
      }
    `,
  };
}
