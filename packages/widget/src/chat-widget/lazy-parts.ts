import { css, html, nothing } from 'lit';
import { MAX_TEXT_LENGTH } from '@parley/protocol';
import type { AttachmentsPart } from './attachments-part.js';
import type { AutomationUi } from './automation-ui.js';
import type { ChatClient } from './client-registry.js';
import type { EmailPart, EmailSide } from './email-part.js';
import type { EmojiPart } from './emoji-part.js';
import type { FormsPart } from './forms.js';
import type { HelpHost, HelpPart } from './help-part.js';
import type { HistoryPart, HistorySide, PastClient } from './history-part.js';
import type { LongTextPart } from './long-text-part.js';
import type { PartsHost } from './parts-host.js';
import * as parts from './parts.js';
import type { SafetyPart } from './safety-part.js';

/*
 * The element's parts fetched from beside its own script when first needed (each one export of parts.ts):
 * the automation UI (quick-reply buttons, the rating form, how opening hours are worded, the mark of a message staff
 * edited or deleted), the attachments (the files waiting in the composer, the drop target, each message's files, the
 * lightbox), the pre-chat and leave-a-message forms, the composer's emoji picker, and the email part (the header's
 * menu, the "Get notified by email" card), and the safety warning (on a site that hides sensitive data, once the
 * visitor types), and the Help tab (on a site with published articles: opened, or a first message typed). Until a
 * part has come, what it shows is not shown; a failed fetch (offline) is asked again by the
 * next call. A part that comes adds its stylesheet to the element's and renders the element again.
 */

export type { PartsHost };

/** The parts as made, by their name in parts.ts. */
interface Parts {
  /** The quick-reply buttons and the rating form (`automation-ui.ts`). */
  ui: AutomationUi;
  /** The attachments (`attachments-part.ts`), made for one client. */
  files: AttachmentsPart;
  /** The header's menu and the "Get notified by email" card (`email-part.ts`). */
  email: EmailPart;
  /** The composer's warning of sensitive data the site hides (`safety-part.ts`). */
  safety: SafetyPart;
  /** The pre-chat and leave-a-message forms (`forms.ts`). */
  forms: FormsPart;
  /** The Help tab and the suggested articles (`help-part.ts`). */
  help: HelpPart;
  /** The note of a text longer than a message holds (`long-text-part.ts`). */
  longText: LongTextPart;
  /** Past conversations (`history-part.ts`). */
  history: HistoryPart;
}

/** The element's lazily fetched parts. */
export class LazyParts {
  readonly #host: PartsHost;
  readonly #client: () => ChatClient | undefined;
  readonly #side: Pick<EmailSide, 'known' | 'say'> & Pick<HistorySide, 'follow'>;
  #parts: Partial<Parts> = {};
  #loading: { [K in keyof Parts]?: Promise<void> } = {};
  /** The emoji picker, once fetched. */
  emojiUi: EmojiPart | undefined;
  #emojiLoading: Promise<void> | undefined;

  /**
   * @param host - the element.
   * @param client - its client, when bound: the attachments part is made for it.
   * @param side - what the email part asks of the element: whether the visitor's email is known, and a notice to
   *   say (keeping the email given in the card); and what the history part asks: to continue as another visitor
   *   token, in the conversation it names.
   */
  constructor(
    host: PartsHost,
    client: () => ChatClient | undefined,
    side: Pick<EmailSide, 'known' | 'say'> & Pick<HistorySide, 'follow'>,
  ) {
    this.#host = host;
    this.#client = client;
    this.#side = side;
  }

  /**
   * The part `key`, once fetched: the first call fetches its module (`load`, its entry in parts.ts) and makes the
   * part of it (`make` returns nothing when it is no longer wanted); a failed fetch (offline) is asked again by the
   * next call.
   */
  #load<K extends keyof Parts, M>(
    key: K,
    load: () => Promise<M>,
    make: (module: M) => Parts[K] | undefined,
  ): Parts[K] | undefined {
    this.#loading[key] ??= load()
      .then(make)
      .then(
        (part) => {
          if (part) this.#adopt((this.#parts[key] = part).styles.styleSheet);
        },
        () => {
          delete this.#loading[key];
        },
      );
    return this.#parts[key];
  }

  /**
   * The quick-reply buttons and the rating form (`automation-ui.ts`), once fetched: the first render that needs them
   * asks for them.
   */
  automation(): AutomationUi | undefined {
    return this.#load('ui', parts.ui, ({ automationUi }) => automationUi({ html, css }));
  }

  /**
   * The attachments (`attachments-part.ts`), once fetched: asked for on first use (a file picked, pasted or dragged
   * over the panel), or when the conversation holds a message with files (the outbox waits for it to upload them).
   */
  attachments(): AttachmentsPart | undefined {
    const client = this.#client();
    if (!client) return this.#parts.files;
    return this.#load('files', parts.files, ({ attachmentsPart }) =>
      client === this.#client() ? attachmentsPart({ html, css, nothing }, client, this.#host) : undefined,
    );
  }

  /**
   * The pre-chat and leave-a-message forms (`forms.ts`), once fetched: the first render that shows one asks for them
   * (the footer is empty until they come: one request, then cached with the element).
   */
  forms(): FormsPart | undefined {
    return this.#load('forms', parts.forms, ({ formsPart }) => formsPart({ html, css, nothing }, this.#client));
  }

  /** The composer's emoji button: the first click fetches the picker (`emoji-part.ts`), which opens; then it toggles. */
  emoji = (): void => {
    if (this.emojiUi) return this.emojiUi.toggle();
    if (!this.#emojiLoading)
      this.#emojiLoading = parts.emoji().then(
        ({ emojiPart }) => this.#adopt((this.emojiUi = emojiPart({ html, css }, this.#host)).styles.styleSheet),
        () => (this.#emojiLoading = undefined),
      );
  };

  /** The attachments, if they have come (without asking for them). */
  get files(): AttachmentsPart | undefined {
    return this.#parts.files;
  }

  /** Files picked, pasted or dropped: handed to the attachments once they have come. */
  add(files: File[]): void {
    this.attachments();
    void this.#loading.files?.then(() => this.#parts.files?.add(files));
  }

  /** Files dragged over the panel: the first fetches the attachments, which show the drop target and take the drop. */
  drag = (event: DragEvent): void => {
    if (!this.#client()?.canAttach || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    const files = this.#parts.files;
    if (files) files.drag(event);
    else if (event.type === 'drop') this.add([...event.dataTransfer.files]);
    else this.attachments();
  };

  /**
   * The email part (`email-part.ts`: the header's menu, the "Get notified by email" card), fetched when `wanted`
   * (on a relay that sends email, the menu shows, or the visitor has written without a known email); once it has
   * come, the card decides itself when to show.
   */
  email(wanted: boolean): EmailPart | undefined {
    return wanted || this.#parts.email
      ? this.#load('email', parts.email, ({ emailPart }) =>
          emailPart({ html, css }, { ...this.#side, host: this.#host, client: this.#client }),
        )
      : undefined;
  }

  /**
   * The Help tab, its header button and the articles suggested for a first message (`help-part.ts`), once fetched:
   * asked for by the panel's first render on a site with a help center.
   */
  help(): HelpPart | undefined {
    return this.#load('help', parts.help, ({ helpPart }) => helpPart({ html, css, nothing }, this.#host as HelpHost));
  }

  /**
   * Past conversations (`history-part.ts`): the header's button and its view, fetched when `wanted` (the visitor has
   * a conversation), then kept. The element's own client (`visitorClient`) asks the relay; a client the page made
   * itself may not (`ChatClient` does not require `request`): its list then fails quietly, and no button shows.
   */
  history(wanted: unknown): HistoryPart | undefined {
    return wanted || this.#parts.history
      ? this.#load('history', parts.history, ({ historyPart }) =>
          historyPart(
            { html, css },
            { ...this.#side, host: this.#host, client: this.#client as () => PastClient | undefined },
          ),
        )
      : undefined;
  }

  /** The kinds of sensitive data the site hides, from the last welcome (none: no warning). */
  #hides: readonly string[] | undefined;
  /** The composer's text as last typed, for the warning once it has come. */
  #typed = '';

  /** What the welcome says the site hides (`welcome.safety.hides`); the warning is fetched when the visitor types. */
  set hides(hides: readonly string[] | undefined) {
    this.#hides = hides;
  }

  /**
   * The visitor typed `text` (or sends it): the safety warning (`safety-part.ts`) and the long-text note
   * (`long-text-part.ts`) look at it. On a site that hides sensitive data the first keystroke fetches the warning
   * (not the welcome: opening the chat stays within its budget, and a visitor who never writes never downloads the
   * detector); a site that hides none never fetches it. The kinds it came with stay (a site changing them while a
   * visitor types is rare, and the relay decides anyway). The note is fetched the first time a text is longer than a
   * message holds.
   */
  typed(text: string): void {
    this.#typed = text;
    const long = this.#parts.longText;
    if (long) long.input(text);
    else if (text.trim().length > MAX_TEXT_LENGTH)
      this.#load('longText', parts.longText, ({ longTextPart }) => {
        const part = longTextPart({ html, css }, this.#host, this.#client, (files) => this.add(files));
        part.input(this.#typed);
        return part;
      });
    const part = this.#parts.safety;
    if (part) return part.input(text);
    const hides = this.#hides;
    if (!hides?.length || !text.trim() || this.#loading.safety) return;
    this.#load('safety', parts.safety, ({ safetyPart }) => {
      const part = safetyPart({ html, css }, this.#host, hides);
      // What the visitor has typed by then, looked at after the part's pause (it is in place by then).
      part.input(this.#typed);
      return part;
    });
  }

  /** The long-text part, if it has come (without asking for it). */
  get longTextUi(): LongTextPart | undefined {
    return this.#parts.longText;
  }

  /** The help part, if it has come (without asking for it). */
  get helpUi(): HelpPart | undefined {
    return this.#parts.help;
  }

  /** The safety warning, if it has come (without asking for it). */
  get safetyUi(): SafetyPart | undefined {
    return this.#parts.safety;
  }

  /** The element lets its client go: the attachments made for it go too, and the card's timer stops. */
  disconnect(): void {
    this.#parts.help?.disconnect();
    this.#parts.safety?.disconnect();
    this.#parts.email?.disconnect();
    this.#parts.files?.disconnect();
    delete this.#parts.files;
    delete this.#loading.files;
  }

  /** Adds a part's stylesheet to the element's shadow root, and renders the element with it. */
  #adopt(sheet: CSSStyleSheet | undefined): void {
    const root = this.#host.renderRoot as ShadowRoot;
    if (sheet) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    this.#host.requestUpdate();
  }
}
