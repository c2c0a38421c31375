import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { Mentionable } from '@parley/protocol';
import { AdminRegion } from './admin-region.js';
import type { CannedResponse } from './admin-types.js';
import { chatAdminComposerStyles } from './chat-admin-composer.styles.js';
import { longTextEn, longTextNote, longTextStyles } from './long-text/long-text-note.js';
import { tooLong } from '../shared/long-text.js';
import { definePage } from './define-page.js';
import { ARTICLE_LINK_PART, articleLinkButtonEn } from './pages/help/article-link-part.js';
import { MACROS_PART } from './rules/macros-part.js';
import { rulesEn } from './rules/rules-strings.js';
import { COMPOSER_TOOLS } from './composer-tools.js';
import { SendHolds } from './composer-holds.js';
import { outlet } from './outlets.js';

/** The emoji picker: a chunk of its own, fetched on the first click of its button. */
const EMOJI_PICKER = {
  tag: 'chat-admin-emoji',
  load: async () => (await import('./emoji/chat-admin-emoji.component.js')).ChatAdminEmoji,
};

/**
 * The reply and note form of `<chat-admin>`: Reply / Note modes (notes look different and send no typing
 * signal), Enter sends and Shift+Enter breaks the line, and `/` opens the saved replies as a listbox driven from
 * the textarea (a combobox: arrows, Enter or Tab inserts, Escape closes). A message that is one `/word` naming a
 * saved reply is replaced by it rather than sent; one naming none waits for a confirm (Enter again or "Send anyway"
 * sends it as written, Escape or "Cancel" goes back to editing). In a note, `@` and the start of a name opens the
 * team's members the same way; the one picked goes in as `@Name`, the form the relay reads as a mention. Macros
 * (or Ctrl/Cmd+Shift+M) opens the macros (`<chat-admin-macros>`, a chunk of its own) under the form. What features
 * add above the form, beside Send (send later) or under the reply box (the AI tools' sources) is the composer tools
 * outlet (composer-tools.ts); whether a reply may be sent now (a channel's window) is the composer holds outlet
 * (composer-holds.ts): while one holds, Send is disabled for a reply, its reason beside it. Renders
 * into `<chat-admin>`'s shadow root (see `AdminRegion`), so its part is `<chat-admin>`'s.
 *
 * @summary Reply and private-note composer with saved replies.
 * @tag chat-admin-composer
 *
 * @csspart composer - The reply and note form.
 */
export class ChatAdminComposer extends AdminRegion {
  static override styles = [chatAdminComposerStyles, longTextStyles];

  static override properties = {
    ...AdminRegion.properties,
    _cannedQuery: { state: true },
    _cannedIndex: { state: true },
    _unconfirmed: { state: true },
    _long: { state: true },
    _mentionQuery: { state: true },
    _emoji: { state: true },
    _macros: { state: true },
    _articleLink: { state: true },
  };

  /** The `/word` being typed, while the saved replies are open. */
  declare private _cannedQuery: string | undefined;
  declare private _cannedIndex: number;
  /** A lone `/word` naming no saved reply, held until it is confirmed (sent as written) or edited. */
  declare private _unconfirmed: string | undefined;
  /** The text written, trimmed, while it is longer than a message holds: the note says so, and nothing is sent. */
  declare private _long: string | undefined;
  /** The letters after an `@` being typed in a note, while the teammates are open. */
  declare private _mentionQuery: string | undefined;
  /** The emoji picker is open. */
  declare private _emoji: boolean;
  /** The macros are open. */
  declare private _macros: boolean;
  /** The article links (the help center's) are open. */
  declare private _articleLink: boolean;
  #conversationId: string | undefined;
  /** The composer holds' word on the open conversation (composer-holds.ts). */
  readonly #holds = new SendHolds(() => this.requestUpdate());

  constructor() {
    super();
    this._cannedIndex = 0;
    this._emoji = false;
    this._macros = false;
    this._articleLink = false;
  }

  /**
   * Adds its rules to `<chat-admin>`'s shadow root, which it renders into, before its first render: they come in its
   * chunk, not in the shell's, since the sign-in page never shows a composer.
   */
  override connectedCallback(): void {
    super.connectedCallback();
    // Asked again when it renders for a conversation (its holds' timers stop while it is away).
    this.requestUpdate();
    const root = this.getRootNode();
    if (!(root instanceof ShadowRoot)) return;
    for (const sheet of [chatAdminComposerStyles.styleSheet, longTextStyles.styleSheet])
      if (sheet && !root.adoptedStyleSheets.includes(sheet))
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  /** Opens the macros (their chunk fetched the first time) and moves focus into them, or closes them. */
  async #toggleMacros(): Promise<void> {
    if (this._macros) return this.#closeMacros(true);
    await definePage(MACROS_PART);
    this._macros = true;
  }

  #closeMacros(refocus: boolean): void {
    this._macros = false;
    if (refocus) void this.updateComplete.then(() => this.querySelector<HTMLElement>('.macros-button')?.focus());
  }

  /** Opens the article links (their chunk fetched the first time), or closes them. */
  async #toggleArticleLink(): Promise<void> {
    if (this._articleLink) return this.#closeArticleLink(true);
    await definePage(ARTICLE_LINK_PART);
    this._articleLink = true;
  }

  #closeArticleLink(refocus: boolean): void {
    this._articleLink = false;
    if (refocus) void this.updateComplete.then(() => this.querySelector<HTMLElement>('.article-link-button')?.focus());
  }

  /** Ctrl/Cmd+Shift+M, anywhere in the composer, opens the macros; Ctrl/Cmd+Shift+K the article links. */
  #onShortcut = (event: KeyboardEvent): void => {
    if (!(event.ctrlKey || event.metaKey) || !event.shiftKey) return;
    const key = event.key.toLowerCase();
    if (key === 'k') {
      event.preventDefault();
      if (!this._articleLink) void this.#toggleArticleLink().catch(() => undefined);
      return;
    }
    if (key !== 'm') return;
    event.preventDefault();
    if (!this._macros) void this.#toggleMacros().catch(() => undefined);
  };

  /** Opens the emoji picker (its chunk fetched on the first click) and moves focus into it, or closes it. */
  async #toggleEmoji(): Promise<void> {
    if (this._emoji) return this.#closeEmoji(true);
    await definePage(EMOJI_PICKER);
    this._emoji = true;
    await this.updateComplete;
    this.querySelector<HTMLElement>('#emoji-picker')?.focus();
  }

  #closeEmoji(refocus: boolean): void {
    if (!this._emoji) return;
    this._emoji = false;
    if (refocus) this.querySelector<HTMLElement>('.emoji-button')?.focus();
  }

  /** Puts an article's link at the composer's caret, closes the article links, and focus goes back there. */
  #insertText(text: string): void {
    this._articleLink = false;
    const input = this.#input();
    if (!input) return;
    const before = input.value.slice(0, input.selectionStart);
    // A space apart from the word before it, so that the address stays a link of its own.
    input.setRangeText(
      before === '' || /\s$/.test(before) ? text : ` ${text}`,
      input.selectionStart,
      input.selectionEnd,
      'end',
    );
    input.focus();
    this._unconfirmed = undefined;
    this.inbox.conversation.composing(input.value);
  }

  /** Puts the emoji picked in place of the composer's selection (at its caret), and focus back there. */
  #pickEmoji(emoji: string): void {
    const input = this.#input();
    this._emoji = false;
    if (!input) return;
    input.setRangeText(emoji, input.selectionStart, input.selectionEnd, 'end');
    input.focus();
    this._unconfirmed = undefined;
    this.inbox.conversation.composing(input.value);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#holds.stop();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.#holds.update(this.inbox);
    const id = this.inbox.state.current?.id;
    if (id !== this.#conversationId) {
      this._cannedQuery = undefined;
      this._unconfirmed = undefined;
    }
    if (id !== this.#conversationId || this.inbox.state.mode !== 'note') this._mentionQuery = undefined;
    this.#conversationId = id;
  }

  #matches(): CannedResponse[] {
    const query = this._cannedQuery;
    if (query === undefined) return [];
    const q = query.toLowerCase();
    return this.inbox.state.canned
      .filter((c) => c.shortcut.toLowerCase().includes(q) || (q.length > 1 && c.text.toLowerCase().includes(q)))
      .sort((a, b) => Number(!a.shortcut.toLowerCase().startsWith(q)) - Number(!b.shortcut.toLowerCase().startsWith(q)))
      .slice(0, 8);
  }

  /** The teammates whose name (or a word of it) starts with the `@` query; myself left out. */
  #mentionMatches(): Mentionable[] {
    const q = this._mentionQuery?.toLowerCase();
    if (q === undefined) return [];
    const me = this.inbox.state.me?.id;
    const starts = (member: Mentionable): boolean => member.name.toLowerCase().startsWith(q);
    return this.inbox.state.staff
      .filter(
        (member) =>
          member.id !== me &&
          (starts(member) ||
            member.name
              .toLowerCase()
              .split(/\s+/)
              .some((word) => word.startsWith(q))),
      )
      .sort((a, b) => Number(!starts(a)) - Number(!starts(b)))
      .slice(0, 8);
  }

  /**
   * The `@letters` just before the caret, if any (not inside a word: an email address is no mention). The query
   * may go on past a space while it still begins a teammate's name (`@ana l` for Ana Lima), as the relay reads
   * a mention as a whole name.
   */
  #mentionToken(input: HTMLTextAreaElement): { start: number; query: string } | undefined {
    const before = input.value.slice(0, input.selectionStart);
    const spaced = /(?:^|[^\p{L}\p{N}_-])@([\p{L}\p{N}_.'-]+(?: [\p{L}\p{N}_.'-]*){1,3})$/u.exec(before);
    const name = spaced?.[1]!.toLowerCase();
    const match =
      name !== undefined && this.inbox.state.staff.some((member) => member.name.toLowerCase().startsWith(name))
        ? spaced
        : /(?:^|[^\p{L}\p{N}_-])@([\p{L}\p{N}_.'-]*)$/u.exec(before);
    return match ? { start: before.length - match[1]!.length - 1, query: match[1]! } : undefined;
  }

  /** Puts `@Name ` in place of the `@letters` typed. */
  #insertMention(input: HTMLTextAreaElement, member: Mentionable): void {
    const token = this.#mentionToken(input);
    if (!token) return;
    const caret = input.selectionStart;
    const rest = input.value.slice(caret);
    const mention = `@${member.name}${/^\s/.test(rest) ? '' : ' '}`;
    input.value = input.value.slice(0, token.start) + mention + rest;
    const at = token.start + mention.length;
    input.setSelectionRange(at, at);
    this._mentionQuery = undefined;
    input.focus();
  }

  /** The `/word` just before the caret, if any. */
  #slashToken(input: HTMLTextAreaElement): { start: number; query: string } | undefined {
    const before = input.value.slice(0, input.selectionStart);
    const match = /(^|\s)\/([^\s/]*)$/.exec(before);
    if (!match) return undefined;
    return { start: before.length - match[2]!.length - 1, query: match[2]! };
  }

  #insert(input: HTMLTextAreaElement, canned: CannedResponse): void {
    const token = this.#slashToken(input);
    if (!token) return;
    const caret = input.selectionStart;
    input.value = input.value.slice(0, token.start) + canned.text + input.value.slice(caret);
    const at = token.start + canned.text.length;
    input.setSelectionRange(at, at);
    this._cannedQuery = undefined;
    input.focus();
  }

  #onInput = (event: Event): void => {
    const input = event.currentTarget as HTMLTextAreaElement;
    this._unconfirmed = undefined;
    this._long = tooLong(input.value) ? input.value.trim() : undefined;
    const token = this.inbox.state.canned.length > 0 ? this.#slashToken(input) : undefined;
    const { mode, staff } = this.inbox.state;
    const mention = mode === 'note' && staff.length > 0 ? this.#mentionToken(input) : undefined;
    if (token?.query !== this._cannedQuery || mention?.query !== this._mentionQuery) this._cannedIndex = 0;
    this._cannedQuery = token?.query;
    this._mentionQuery = mention?.query;
    this.inbox.conversation.composing(input.value);
  };

  #onKeydown = (event: KeyboardEvent): void => {
    const input = event.currentTarget as HTMLTextAreaElement;
    const mentions = this._mentionQuery !== undefined;
    const matches: Array<CannedResponse | Mentionable> = mentions ? this.#mentionMatches() : this.#matches();
    if (this._cannedQuery !== undefined || mentions) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        if (matches.length === 0) return;
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        this._cannedIndex = (this._cannedIndex + step + matches.length) % matches.length;
        return;
      }
      if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey && matches.length > 0) {
        event.preventDefault();
        const picked = matches[Math.min(this._cannedIndex, matches.length - 1)]!;
        if (mentions) this.#insertMention(input, picked as Mentionable);
        else this.#insert(input, picked as CannedResponse);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        this._cannedQuery = undefined;
        this._mentionQuery = undefined;
        return;
      }
    }
    if (event.key === 'Escape') {
      if (this._unconfirmed !== undefined) {
        event.preventDefault();
        event.stopPropagation();
        this._unconfirmed = undefined;
        return;
      }
      input.blur();
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      input.form?.requestSubmit();
    }
  };

  #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const input = form.elements.namedItem('text') as HTMLTextAreaElement;
    const field = form.elements.namedItem('buttons') as HTMLInputElement | null;
    const text = input.value.trim();
    if ((!text && this.inbox.state.pendingFiles.length === 0) || !this.inbox.state.current) return;
    // A channel holds replies now (its reason is shown beside Send): nothing is sent, the text stays.
    if (this.inbox.state.mode !== 'note' && this.#holds.held !== undefined) return;
    // Longer than a message holds: never cut, never sent as it is; the note says so and offers the ways to send it.
    if (tooLong(text)) {
      this._long = text;
      return;
    }
    // A lone `/word` (a shortcut typed, its list closed): the saved reply it names, or a confirm first.
    const word = /^\/[^\s/]+$/.test(text) ? text.slice(1).toLowerCase() : undefined;
    if (word !== undefined && this._unconfirmed !== text) {
      const named = this.inbox.state.canned.find((canned) => canned.shortcut.toLowerCase() === word);
      if (named) {
        input.value = named.text;
        input.setSelectionRange(named.text.length, named.text.length);
        this.inbox.conversation.composing(input.value);
      } else this._unconfirmed = text;
      this._cannedQuery = undefined;
      input.focus();
      return;
    }
    const buttons = field ? quickReplies(field.value) : undefined;
    if (buttons === false) {
      field!.setCustomValidity(this.inbox.strings.buttonsInvalid ?? composerButtonsEn.buttonsInvalid);
      field!.reportValidity();
      return;
    }
    input.value = '';
    if (field) field.value = '';
    this._cannedQuery = undefined;
    this._mentionQuery = undefined;
    this._unconfirmed = undefined;
    this.inbox.conversation.send(text, buttons);
  };

  /** The long-text note: the text in parts, one message each, or as a text file on a site that takes one. */
  #renderLong(): TemplateResult | typeof nothing {
    const text = this._long;
    if (text === undefined) return nothing;
    const { uploads } = this.inbox.state;
    const files = this.inbox.files;
    const fits = uploads?.types.includes('text/plain') && new Blob([text]).size <= uploads.maxBytes;
    const empty = (): void => {
      const input = this.#input();
      if (input) input.value = '';
      this._long = undefined;
      this.inbox.conversation.composing('');
      input?.focus();
    };
    return longTextNote(
      text,
      { ...longTextEn, ...this.inbox.strings.longText },
      {
        sendParts: (parts) => {
          empty();
          for (const part of parts) this.inbox.conversation.send(part, undefined);
        },
        attachFile:
          files && fits
            ? (file) => {
                files.attach([file]);
                empty();
              }
            : undefined,
      },
    );
  }

  /** A pasted image or file joins the files to send (its name is not pasted as text). */
  #onPaste = (event: ClipboardEvent): void => {
    const files = event.clipboardData?.files;
    if (!this.inbox.files || !files?.length) return;
    event.preventDefault();
    this.inbox.files.attach(files);
  };

  #input(): HTMLTextAreaElement | null {
    return this.querySelector<HTMLTextAreaElement>('#composer-input');
  }

  #renderConfirm(): TemplateResult | typeof nothing {
    const unconfirmed = this._unconfirmed;
    if (unconfirmed === undefined) return nothing;
    const s = this.inbox.strings;
    return html`<div class="confirm-send" role="alert">
      <span id="confirm-send-text">${s.unknownShortcut(unconfirmed)}</span>
      <span class="confirm-actions">
        <button
          type="button"
          class="primary"
          @click=${() => {
            const input = this.#input();
            input?.focus();
            input?.form?.requestSubmit();
          }}
        >
          ${s.sendAnyway}
        </button>
        <button
          type="button"
          @click=${() => {
            this._unconfirmed = undefined;
            this.#input()?.focus();
          }}
        >
          ${s.cancel}
        </button>
      </span>
    </div>`;
  }

  /**
   * The composer tools outlet (composer-tools.ts): the features' parts above the form and beside Send, each made
   * once and kept (its state survives a render), fetched in a chunk of its own when the composer first shows.
   */
  readonly #above = outlet(COMPOSER_TOOLS.filter((tool) => tool.place === 'above'));
  readonly #beside = outlet(COMPOSER_TOOLS.filter((tool) => tool.place === 'send'));
  readonly #below = outlet(COMPOSER_TOOLS.filter((tool) => tool.place === 'below'));

  protected override render(): TemplateResult {
    const s = this.inbox.strings;
    const note = this.inbox.state.mode === 'note';
    const matches = this.#matches();
    const mentions = this._mentionQuery !== undefined;
    const open = this._cannedQuery !== undefined;
    const active = matches[Math.min(this._cannedIndex, matches.length - 1)];
    const members = this.#mentionMatches();
    const member = members[Math.min(this._cannedIndex, members.length - 1)];
    const me = this.inbox.state.me;
    // Why a reply may not go now (a note always may).
    const held = note ? undefined : this.#holds.held;
    return html`<form
      class="composer ${note ? 'note-mode' : ''}"
      part="composer"
      @submit=${this.#onSubmit}
      @keydown=${this.#onShortcut}
    >
      ${this.#above(this.inbox, me)}
      <div class="modes composer-top">
        <div class="modes" role="group" aria-label=${s.reply}>
          <button type="button" aria-pressed=${note ? 'false' : 'true'} aria-keyshortcuts="r" @click=${() => this.inbox.conversation.focusComposer('reply')}>${s.reply}</button>
          <button type="button" aria-pressed=${note ? 'true' : 'false'} aria-keyshortcuts="n" @click=${() => this.inbox.conversation.focusComposer('note')}>${s.note}</button>
        </div>
        <button
          type="button"
          class="macros-button"
          aria-expanded=${this._macros ? 'true' : 'false'}
          aria-keyshortcuts="Control+Shift+M Meta+Shift+M"
          @click=${() => void this.#toggleMacros().catch(() => undefined)}
        >
          ${{ ...rulesEn, ...this.inbox.strings.rulesPage }.macrosButton}
        </button>
        <button
          type="button"
          class="article-link-button"
          aria-expanded=${this._articleLink ? 'true' : 'false'}
          aria-keyshortcuts="Control+Shift+K Meta+Shift+K"
          @click=${() => void this.#toggleArticleLink().catch(() => undefined)}
        >
          ${articleLinkButtonEn.button}
        </button>
      </div>
      ${
        open
          ? html`<ul id="canned" class="canned" role="listbox" aria-label=${s.cannedResponses}>
            ${
              matches.length === 0
                ? html`<li class="muted" role="option" aria-disabled="true" aria-selected="false">${s.noCanned}</li>`
                : matches.map(
                    (canned) => html`<li
                    id=${`canned-${canned.id}`}
                    role="option"
                    aria-selected=${canned === active ? 'true' : 'false'}
                    @mousedown=${(event: Event) => {
                      event.preventDefault();
                      const input = this.#input();
                      if (input) this.#insert(input, canned);
                    }}
                  >
                    <span class="shortcut">/${canned.shortcut}</span> <span class="canned-text">${canned.text}</span>
                  </li>`,
                  )
            }
          </ul>`
          : nothing
      }
      ${
        mentions
          ? html`<ul id="mentions" class="canned" role="listbox" aria-label=${s.teammates}>
            ${
              members.length === 0
                ? html`<li class="muted" role="option" aria-disabled="true" aria-selected="false">${s.noTeammate}</li>`
                : members.map(
                    (each) => html`<li
                    id=${`mention-${each.id}`}
                    role="option"
                    aria-selected=${each === member ? 'true' : 'false'}
                    @mousedown=${(event: Event) => {
                      event.preventDefault();
                      const input = this.#input();
                      if (input) this.#insertMention(input, each);
                    }}
                  >
                    <span class="shortcut">@</span><span>${each.name}</span>
                  </li>`,
                  )
            }
          </ul>`
          : nothing
      }
      ${this.#renderConfirm()} ${this.#renderLong()}
      ${held === undefined ? nothing : html`<p id="send-held" class="send-held" role="status">${held}</p>`}
      <div class="compose-row">
        <textarea
          id="composer-input"
          name="text"
          rows="2"
          aria-label=${note ? s.notePlaceholder : s.replyPlaceholder}
          placeholder=${note ? s.notePlaceholder : s.replyPlaceholder}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded=${open || mentions ? 'true' : 'false'}
          aria-controls=${mentions ? 'mentions' : 'canned'}
          aria-activedescendant=${
            mentions ? (member ? `mention-${member.id}` : nothing) : open && active ? `canned-${active.id}` : nothing
          }
          aria-describedby=${
            this._unconfirmed !== undefined ? 'confirm-send-text' : held !== undefined ? 'send-held' : nothing
          }
          @keydown=${this.#onKeydown}
          @input=${this.#onInput}
          @paste=${this.#onPaste}
          @blur=${() => {
            this._cannedQuery = undefined;
            this._mentionQuery = undefined;
            this.inbox.conversation.stopComposing();
          }}
        ></textarea>
        <button
          type="button"
          class="ghost emoji-button"
          aria-label=${s.emoji}
          aria-haspopup="grid"
          aria-expanded=${this._emoji ? 'true' : 'false'}
          aria-controls="emoji-picker"
          @click=${() => void this.#toggleEmoji().catch(() => undefined)}
        >
          <span aria-hidden="true">😊</span>
        </button>
        <button
          class="primary"
          type="submit"
          ?disabled=${held !== undefined}
          aria-describedby=${held === undefined ? nothing : 'send-held'}
        >
          ${note ? s.addNote : s.send}
        </button>
        ${this.#beside(this.inbox, me)}
      </div>
      ${this.#below(this.inbox, me)}
      ${
        this._macros
          ? html`<chat-admin-macros
              .inbox=${this.inbox}
              .close=${(refocus: boolean) => this.#closeMacros(refocus)}
            ></chat-admin-macros>`
          : nothing
      }
      ${
        this._articleLink
          ? html`<chat-admin-article-link
              .inbox=${this.inbox}
              .insert=${(text: string) => this.#insertText(text)}
              .close=${(refocus: boolean) => this.#closeArticleLink(refocus)}
            ></chat-admin-article-link>`
          : nothing
      }
      ${
        this._emoji
          ? html`<chat-admin-emoji
              id="emoji-picker"
              label=${s.emoji}
              .pick=${(emoji: string) => this.#pickEmoji(emoji)}
              .close=${(refocus: boolean) => this.#closeEmoji(refocus)}
            ></chat-admin-emoji>`
          : nothing
      }
      ${this.inbox.files && this.inbox.state.uploads ? html`<chat-admin-attach .inbox=${this.inbox}></chat-admin-attach>` : nothing}
      ${
        note
          ? nothing
          : html`<details class="buttons-field">
              <summary>${s.buttonsField}</summary>
              <input
                name="buttons"
                aria-label=${s.buttonsField}
                aria-describedby="buttons-help"
                placeholder="Yes | No"
                @input=${(e: Event) => (e.target as HTMLInputElement).setCustomValidity('')}
              />
              <p id="buttons-help" class="muted">${s.buttonsHelp ?? composerButtonsEn.buttonsHelp}</p>
            </details>`
      }
    </form>`;
  }
}

/** The protocol's limits on buttons (`LIMITS.maxButtons`, `LIMITS.maxButtonLabel`); the widget takes its types only. */
/** The buttons field's help and refusal in English (a host's `AdminStrings` may replace them). */
export const composerButtonsEn = {
  buttonsHelp: 'Up to 4, separated by |, each up to 40 characters (e.g. Yes | No).',
  buttonsInvalid: 'At most 4 buttons, each of 1–40 characters.',
};

const MAX_BUTTONS = 4;
const MAX_BUTTON_LABEL = 40;

/**
 * The quick-reply buttons typed in the composer (`Yes | No`): `undefined` for none, `false` when they break the
 * protocol's limits (at most 4, labels of 1–40 characters).
 */
function quickReplies(value: string): Array<{ label: string }> | undefined | false {
  const labels = value
    .split('|')
    .map((label) => label.trim())
    .filter(Boolean);
  if (labels.length === 0) return undefined;
  if (labels.length > MAX_BUTTONS || labels.some((label) => label.length > MAX_BUTTON_LABEL)) return false;
  return labels.map((label) => ({ label }));
}
