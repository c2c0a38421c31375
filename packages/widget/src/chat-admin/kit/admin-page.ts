import { LitElement, html, type TemplateResult } from 'lit';
import type { AdminApi } from '../admin-api.js';
import { adminEn, type AdminStrings } from '../admin-strings.js';
import type { InboxController } from '../inbox-controller.js';
import { errorText } from './error-text.js';

/**
 * The base of the inbox's pages: the properties `<chat-admin>` sets on every page (`api`, `strings`, `inbox`,
 * `theme`) and the state each page used to keep by hand: what it shows is read by {@link AdminPage.load} when it is
 * connected, and every call goes through {@link AdminPage.run}, which keeps the page {@link AdminPage.busy} meanwhile
 * and leaves the outcome in {@link AdminPage.status} or the refusal in {@link AdminPage.error}. A page says those
 * with {@link AdminPage.saveState}, beside the buttons of the form the call came from (its live regions); how a
 * refusal reads is {@link AdminPage.errorText}. Its layout is the kit's `pageStyles` (`page.styles.ts`).
 *
 * @example
 * class ChatAdminThings extends AdminPage {
 *   protected override async load(api: AdminApi) { this.things.set(await new ThingsApi(api).list()); }
 *   #remove(thing: Thing) { void this.run(async (api) => { ... }, this.texts.deleted); }
 * }
 */
export class AdminPage extends LitElement {
  static override properties = {
    api: { attribute: false },
    strings: { attribute: false },
    inbox: { attribute: false },
    theme: { type: String, reflect: true },
    error: { state: true },
    status: { state: true },
    busy: { state: true },
    origin: { state: true },
  };

  /** The admin API (set by `<chat-admin>`); a page's own client is built on it (`new FaqApi(api)`). */
  declare api: AdminApi | undefined;
  declare strings: AdminStrings;
  /** The inbox's state: the signed-in member, the conversations. */
  declare inbox: InboxController;
  declare theme: string;
  /** The last refusal, as text (see {@link AdminPage.errorText}); cleared when a call starts. */
  declare error: string | undefined;
  /** The last outcome, said in the page's status region; cleared when a call starts. */
  declare status: string | undefined;
  /** A call is under way: the page's buttons wait. */
  declare busy: boolean;
  /**
   * Where the last call came from: the `data-save` of the form (or card) that held focus when it started, `page`
   * otherwise. {@link AdminPage.saveState} says the outcome there.
   */
  declare origin: string;

  constructor() {
    super();
    this.strings = adminEn;
    this.busy = false;
    this.origin = 'page';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  /** Reads what the page shows again. */
  async refresh(): Promise<void> {
    if (this.api) await this.run((api) => this.load(api));
  }

  /** Reads what the page shows (when connected, and on {@link AdminPage.refresh}). */
  protected async load(_api: AdminApi): Promise<void> {}

  /** A refusal as the page says it. */
  protected errorText(error: unknown): string {
    return errorText(error);
  }

  /** How a refusal is said in the save state. */
  protected sayError(error: string): string {
    return this.strings.error(error);
  }

  /**
   * The save state, in the same place on every page: beside the buttons of the form it is about (`key`, the
   * form's `data-save`), or for calls made from elsewhere (`page`, the default) under the page's intro. The
   * outcome of the last call made from `key` is said there: a status (`Saved.`), or the refusal as an alert.
   * Both regions stay in the page, empty, so that what fills them is announced.
   *
   * @example
   * html`<form data-save="invite" @submit=${this.#invite}>
   *   …<div class="actions"><button class="primary">Invite</button>${this.saveState('invite')}</div>
   * </form>`
   */
  saveState(key = 'page'): TemplateResult {
    const mine = this.origin === key;
    return html`<span class="save-state" role="status">${mine && !this.busy ? (this.status ?? '') : ''}</span
      ><span class="save-state error" role="alert">${mine && this.error ? this.sayError(this.error) : ''}</span>`;
  }

  /** The `data-save` of the form (or card) holding focus, `page` when none does. */
  #focusOrigin(): string {
    const focused = (this.renderRoot as ShadowRoot | undefined)?.activeElement;
    return focused?.closest('[data-save]')?.getAttribute('data-save') ?? 'page';
  }

  /**
   * Says `text` in the save state of the form holding focus (see {@link AdminPage.saveState}): a status, or a
   * refusal when `refused` (a check made before any call, a call made without {@link AdminPage.run}).
   */
  protected say(text: string, refused = false): void {
    this.origin = this.#focusOrigin();
    this.status = refused ? undefined : text;
    this.error = refused ? text : undefined;
  }

  /** A call failed: its refusal is said (a page with a form may say some beside the field they are about). */
  protected failed(error: unknown): void {
    this.error = this.errorText(error);
  }

  /**
   * Runs `action` with the page busy. Resolves `true` when it succeeded (and says `status`, when given), `false`
   * when it failed ({@link AdminPage.error} says why).
   */
  async run(action: (api: AdminApi) => Promise<unknown>, status?: string): Promise<boolean> {
    this.origin = this.#focusOrigin();
    this.busy = true;
    this.error = undefined;
    this.status = undefined;
    try {
      await action(this.api!);
      this.status = status;
      return true;
    } catch (error) {
      this.failed(error);
      return false;
    } finally {
      this.busy = false;
    }
  }
}
