import { css, html, type TemplateResult } from 'lit';
import { AdminRegion } from './admin-region.js';
import { ChatAdminBulk } from './bulk/chat-admin-bulk.component.js';
import { bulkStyles } from './bulk/bulk.styles.js';
import { ListPicking } from './bulk/list-picking.js';
import { definePage } from './define-page.js';
import { listActions } from './list-actions.js';
import { ChatAdminViews } from './views/chat-admin-views.component.js';
import { viewsStyles } from './views/views.styles.js';

/**
 * The conversation list's tools, in a chunk of their own fetched once signed in (the inbox's first load carries
 * none of them): the features' list actions (`list-action.ts`, like starting a conversation by email), saved views
 * beside the built-in ones (`<chat-admin-views>`), picking conversations ({@link ListPicking}) and the bulk bar
 * (`<chat-admin-bulk>`). {@link attach} puts this element under the list's
 * views.
 *
 * @summary Saved views and bulk actions of the conversation list.
 * @tag chat-admin-list-tools
 */
/** The tools' row: the features' list actions first, then the saved views, wrapping as one line of chips. */
const listToolsStyles = css`
  .list-tools-row {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    align-items: flex-start;
  }
`;

export class ChatAdminListTools extends AdminRegion {
  readonly #picking = new ListPicking(() => this.inbox);

  override connectedCallback(): void {
    super.connectedCallback();
    const root = this.getRootNode();
    if (!(root instanceof ShadowRoot)) return;
    // Their rules go into the shadow root they render in (`<chat-admin>`'s), once.
    const sheets = [listToolsStyles.styleSheet, bulkStyles.styleSheet, viewsStyles.styleSheet].filter(
      (sheet): sheet is CSSStyleSheet => sheet !== undefined && !root.adoptedStyleSheets.includes(sheet),
    );
    if (sheets.length) root.adoptedStyleSheets = [...root.adoptedStyleSheets, ...sheets];
    this.#picking.attach(root);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#picking.detach();
    // The list is gone (signed out): nothing stays picked, and the next sign-in starts on a built-in view.
    const state = this.inbox?.state;
    if (state?.picked?.size || state?.view.startsWith('vw_')) this.inbox.set({ picked: undefined, view: 'all' });
  }

  #site: string | undefined;

  protected override willUpdate(changed: Parameters<AdminRegion['willUpdate']>[0]): void {
    super.willUpdate(changed);
    // Another site's inbox (a site switch keeps the list): its saved views are not this one's.
    const site = this.inbox?.state.me?.site.id;
    if (site !== this.#site) {
      if (this.#site !== undefined && this.inbox.state.view.startsWith('vw_')) this.inbox.list.setView('all');
      this.#site = site;
    }
  }

  protected override updated(): void {
    super.updated();
    // The rows are the list's: brought up to date once it has rendered them.
    const list = this.closest('chat-admin-list') as AdminRegion | null;
    void (list?.updateComplete ?? Promise.resolve()).then(() => this.#picking.sync());
  }

  /** The features' list actions (`list-actions.ts`), made once and kept. */
  readonly #actions = listActions();

  protected override render(): TemplateResult {
    const actions = this.#actions(this.inbox, this.inbox.state.me);
    // One row with the saved views' chips (which wrap): a row of its own cost a phone's list a fifth of its height.
    return html`<div class="list-tools-row">
        ${actions}
        <chat-admin-views .inbox=${this.inbox}></chat-admin-views>
      </div>
      <chat-admin-bulk .inbox=${this.inbox}></chat-admin-bulk>`;
  }
}

/**
 * Puts the tools under the list's views, once per list (the list asks after each render: the first time, once this
 * chunk is in). They sit outside the parts the list renders, so its renders leave them be.
 */
export function attach(list: AdminRegion): void {
  if (list.querySelector('chat-admin-list-tools')) return;
  const tools = document.createElement('chat-admin-list-tools') as ChatAdminListTools;
  tools.inbox = list.inbox;
  list.querySelector('.views')?.after(tools);
}

void definePage({ tag: 'chat-admin-views', element: ChatAdminViews });
void definePage({ tag: 'chat-admin-bulk', element: ChatAdminBulk });
void definePage({ tag: 'chat-admin-list-tools', element: ChatAdminListTools });
