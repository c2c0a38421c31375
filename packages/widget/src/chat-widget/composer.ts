import { html, nothing, type TemplateResult } from 'lit';
import type { Strings } from '../i18n/en.js';
import type { ChatClient } from './client-registry.js';
import { icon, icons } from './icons.js';
import type { LazyParts } from './lazy-parts.js';
import { MAX_TEXT_LENGTH } from '@parley/protocol';

/*
 * The visitor's composer: the message form (Enter sends, Shift+Enter breaks the line), the typing signal, the
 * paper-clip on a site that accepts files, and files pasted into it. What it sends goes through the element's
 * client, or through the attachments part when files wait above it.
 */

/** The element's composer: its form and what the visitor does in it. */
export class Composer {
  readonly #client: () => ChatClient | undefined;
  readonly #parts: LazyParts;
  readonly #sent: () => void;

  /**
   * @param client - the element's client, when bound.
   * @param parts - the element's lazily fetched parts: the attachments, once they have come, take the files.
   * @param sent - the visitor sent a message (the log follows it down).
   */
  constructor(client: () => ChatClient | undefined, parts: LazyParts, sent: () => void) {
    this.#client = client;
    this.#parts = parts;
    this.#sent = sent;
  }

  #onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      (event.currentTarget as HTMLTextAreaElement).form?.requestSubmit();
    }
  };

  #onInput = (event: Event): void => {
    const value = (event.currentTarget as HTMLTextAreaElement).value;
    this.#parts.typed(value);
    if (value.trim()) this.#client()?.typing();
    else this.#client()?.stopTyping();
  };

  #onBlur = (): void => {
    this.#client()?.stopTyping();
  };

  #onSend = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const input = form.elements.namedItem('text') as HTMLTextAreaElement;
    const text = input.value.trim();
    const files = this.#parts.files?.pending.length ? this.#parts.files : undefined;
    const client = this.#client();
    if (!(text || files) || !client) return;
    // Longer than a message holds: never cut, never sent as it is; the note says so and offers the ways to send it.
    if (text.length > MAX_TEXT_LENGTH) return this.#parts.typed(text);
    // On a site that hides sensitive data, what the warning has not said yet is said first: the next press sends.
    const safety = this.#parts.safetyUi;
    if (safety && !safety.send(text)) return;
    input.value = '';
    this.#parts.typed('');
    this.#sent();
    client.stopTyping();
    void (files ? files.send(text) : client.send(text));
  };

  #onPick = (event: Event): void => {
    const input = event.currentTarget as HTMLInputElement;
    this.#parts.add([...input.files!]);
    input.value = '';
  };

  /** A screenshot or files pasted into the composer are attached; text pastes as usual. */
  #onPaste = (event: ClipboardEvent): void => {
    const files = [...event.clipboardData!.files];
    if (!files.length || !this.#client()?.canAttach) return;
    event.preventDefault();
    this.#parts.add(files);
  };

  /** The paper-clip, on a site that accepts files: its input takes the site's types. */
  #renderClip(s: Strings): TemplateResult | typeof nothing {
    const client = this.#client();
    const types = client?.canAttach && client.welcome!.attachments!.types;
    const label = s.attachments?.attach ?? 'Attach files';
    return types
      ? html`<label class="clip" part="attach-button" title=${label}>
          <input class="sr-only" type="file" multiple accept=${types.join()} aria-label=${label} @change=${this.#onPick} />${icon(icons.clip)}
        </label>`
      : nothing;
  }

  /**
   * The articles suggested for a first message (on a site with a help center), the files waiting to be sent, the
   * safety warning (on a site that hides sensitive data), then the message form.
   */
  render(s: Strings, tag: string): TemplateResult {
    const emoji = this.#parts.emojiUi;
    const safety = this.#parts.safetyUi;
    return html`${this.#parts.helpUi?.suggestions(s)}${this.#parts.files?.waiting(tag)}${safety?.note(s)}${this.#parts.longTextUi?.note(s, tag)}<form class="composer" part="composer" @submit=${this.#onSend}>
      ${this.#renderClip(s)}
      <button
        class="emoji-button"
        part="emoji-button"
        type="button"
        aria-label=${s.emoji}
        title=${s.emoji}
        aria-expanded=${emoji?.open ? 'true' : 'false'}
        @click=${this.#parts.emoji}
      >
        ${icon(icons.smile)}
      </button>
      ${emoji?.grid(s)}
      <textarea
        name="text"
        part="input"
        rows="1"
        aria-label=${s.message}
        aria-describedby=${safety?.describedBy ?? nothing}
        placeholder=${s.placeholder}
        enterkeyhint="send"
        @keydown=${this.#onKeydown}
        @input=${this.#onInput}
        @blur=${this.#onBlur}
        @paste=${this.#onPaste}
      ></textarea>
      <button class="send" part="send-button" type="submit" aria-label=${s.send}>${icon(icons.send)}</button>
    </form>`;
  }
}
