import { html, nothing, type TemplateResult } from 'lit';
import { AdminRegion } from '../admin-region.js';
import { errorText } from '../kit/error-text.js';
import { ExportApi } from './export-api.js';
import { exportEn, type ExportStrings } from './export-strings.js';
import { exportStyles } from './export.styles.js';
import { renderPrintView } from './print-view.js';

/** What the menu offers. */
type Action = 'print' | 'pdf' | 'json' | 'csv';

/**
 * Export, in the open conversation's header (a thread action, `thread-actions.ts`): *Print* and *Save as PDF* draw
 * the print view (`print-view.ts`) from the relay's JSON export in a hidden frame and open the browser's print
 * dialog (whose destination "Save as PDF" makes the file: docs/decisions/0031-pdf-from-the-print-view.md);
 * *Download JSON* and *Download CSV* fetch the export with the inbox's credentials and save it from a Blob, so no
 * secret is ever in a URL. *Include private notes* decides for all four; it starts unticked, as the relay's default
 * leaves them out.
 *
 * @summary Print, save as PDF, or download the open conversation.
 * @tag chat-admin-export
 */
export class ChatAdminExport extends AdminRegion {
  static override properties = {
    ...AdminRegion.properties,
    _busy: { state: true },
    _status: { state: true },
    _error: { state: true },
    _notes: { state: true },
  };

  declare private _busy: boolean;
  declare private _status: string | undefined;
  declare private _error: string | undefined;
  declare private _notes: boolean;
  /** The last print view's frame: kept until the next print (a print dialog may still read it), then replaced. */
  #frame: HTMLIFrameElement | undefined;

  constructor() {
    super();
    this._busy = false;
    this._notes = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Its rules go into the shadow root it renders in (`<chat-admin>`'s), once.
    const root = this.getRootNode();
    const sheet = exportStyles.styleSheet;
    if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet))
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#frame?.remove();
    this.#frame = undefined;
  }

  get #texts(): ExportStrings {
    return { ...exportEn, ...this.inbox.strings.export };
  }

  async #run(action: Action): Promise<void> {
    const api = this.inbox.api;
    const id = this.inbox.state.current?.id;
    if (!api || !id || this._busy) return;
    const t = this.#texts;
    const notes = this._notes ? 'include' : 'exclude';
    const exports = new ExportApi(api);
    this._busy = true;
    this._error = undefined;
    this._status = t.preparing;
    try {
      if (action === 'json' || action === 'csv') {
        const file = `conversation-${id.replace(/[^A-Za-z0-9_-]/g, '_')}.${action}`;
        save(await exports.file(id, action, notes), file);
        this._status = t.downloaded(file);
      } else {
        const data = await exports.json(id, notes);
        this.#close();
        this.#print((doc) =>
          renderPrintView(doc, data, t, {
            lang: document.documentElement.lang,
            dir: getComputedStyle(this).direction,
            anonymous: this.inbox.strings.anonymous,
          }),
        );
        this._status = action === 'pdf' ? t.pdfHint : undefined;
      }
    } catch (error) {
      this._status = undefined;
      this._error = errorText(error);
    } finally {
      this._busy = false;
    }
  }

  /** Draws a document in a fresh hidden frame and opens the print dialog on it. */
  #print(draw: (doc: Document) => void): void {
    this.#frame?.remove();
    const frame = document.createElement('iframe');
    frame.className = 'export-print';
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    this.append(frame);
    this.#frame = frame;
    const doc = frame.contentDocument;
    const view = frame.contentWindow;
    if (!doc || !view) return;
    draw(doc);
    view.focus();
    // Browsers name the PDF (and head each page) after the top document's title: the view's while the dialog is
    // open (\`print()\` returns when it closes), the page's own again after.
    const title = document.title;
    document.title = doc.title;
    try {
      view.print();
    } finally {
      document.title = title;
    }
  }

  /** Closes the menu and gives focus back to its button. */
  #close(): void {
    const menu = this.querySelector<HTMLDetailsElement>('details.export');
    if (menu?.open) {
      menu.open = false;
      menu.querySelector('summary')?.focus();
    }
  }

  #onKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    this.#close();
  };

  protected override render(): TemplateResult | typeof nothing {
    if (!this.inbox.state.current) return nothing;
    const t = this.#texts;
    const button = (action: Action, label: string) =>
      html`<button type="button" class=${`export-${action}`} ?disabled=${this._busy} @click=${() => void this.#run(action)}>
        ${label}
      </button>`;
    return html`<details class="export" @keydown=${this.#onKey}>
        <summary class="button ghost">${t.export}</summary>
        <div class="export-menu" role="group" aria-label=${t.menu}>
          <label
            ><input
              type="checkbox"
              class="export-notes"
              .checked=${this._notes}
              @change=${(event: Event) => (this._notes = (event.currentTarget as HTMLInputElement).checked)}
            />
            ${t.includeNotes}</label
          >
          ${button('print', t.print)} ${button('pdf', t.pdf)} ${button('json', t.json)} ${button('csv', t.csv)}
        </div>
      </details>
      <span class="export-status" role="status">${this._status ?? ''}</span>
      ${this._error ? html`<span class="error" role="alert">${this._error}</span>` : nothing}`;
  }
}

/** Saves a Blob as a file through a temporary link (the browser's download, no URL carrying a secret). */
function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has handed the file to the browser.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
