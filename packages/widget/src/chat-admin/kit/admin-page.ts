import { LitElement } from 'lit';
import type { AdminApi } from '../admin-api.js';
import { adminEn, type AdminStrings } from '../admin-strings.js';
import type { InboxController } from '../inbox-controller.js';
import { errorText } from './error-text.js';

/**
 * The base of the inbox's pages: the properties `<chat-admin>` sets on every page (`api`, `strings`, `inbox`,
 * `theme`) and the state each page used to keep by hand: what it shows is read by {@link AdminPage.load} when it is
 * connected, and every call goes through {@link AdminPage.run}, which keeps the page {@link AdminPage.busy} meanwhile
 * and leaves the outcome in {@link AdminPage.status} or the refusal in {@link AdminPage.error}. A page renders
 * those where it says them (its live regions); how a refusal reads is {@link AdminPage.errorText}.
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

  constructor() {
    super();
    this.strings = adminEn;
    this.busy = false;
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

  /** A call failed: its refusal is said (a page with a form may say some beside the field they are about). */
  protected failed(error: unknown): void {
    this.error = this.errorText(error);
  }

  /**
   * Runs `action` with the page busy. Resolves `true` when it succeeded (and says `status`, when given), `false`
   * when it failed ({@link AdminPage.error} says why).
   */
  async run(action: (api: AdminApi) => Promise<unknown>, status?: string): Promise<boolean> {
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
