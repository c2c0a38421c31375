import { css, html, nothing, type TemplateResult } from 'lit';
import type { HelpArticle, HelpCollection, HelpDomain } from '@parley/protocol/admin';
import type { AdminApi } from '../../admin-api.js';
import { fieldOf } from '../../field-errors.js';
import { shortTime } from '../../format.js';
import { AdminPage } from '../../kit/admin-page.js';
import { Confirm } from '../../kit/confirm.js';
import { ListController } from '../../kit/list-controller.js';
import { pageStyles } from '../../kit/page.styles.js';
import { HelpApi, type HelpListedArticle } from './help-api.js';
import { helpCollectionsPart } from './help-collections-part.js';
import { helpDomainPart } from './help-domain-part.js';
import { previewStyles } from './help-preview.styles.js';
import { helpEn } from './help-strings.js';

/** The fields of the article form a refusal may be about. */
const FIELDS = ['title', 'slug', 'locale', 'summary', 'body', 'collectionId'] as const;
type Field = (typeof FIELDS)[number];
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LOCALE = /^[a-z]{2,3}(?:-[A-Z]{2})?$/;
/** How long the preview waits after the last key before it asks the relay. */
const PREVIEW_DELAY_MS = 250;

/** `Reset your Password!` → `reset-your-password` (the slug proposed for a new article's title). */
export function slugOf(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

/**
 * The help center page of `<chat-admin>` (docs/help-center.md): the site's articles by collection, locale and state
 * with their author, last change, reads and feedback; an editor with the Markdown source beside a live preview
 * rendered by the relay (`POST /v1/admin/help/preview`, the portal's own renderer, so the preview is the portal's
 * HTML byte for byte and no Markdown library comes to the browser); publish, unpublish, delete after a confirmation;
 * and the collections.
 *
 * @summary Help center articles and their editor.
 * @tag chat-admin-help
 */
export class ChatAdminHelp extends AdminPage {
  static override styles = [
    pageStyles,
    previewStyles,
    css`
      /* Wider than a settings page: the editor puts its source and its preview side by side. */
      :host {
        max-width: 1120px;
      }
      .filters {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 16px;
        align-items: end;
      }
      .editor {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        gap: 16px;
      }
      .editor textarea {
        min-height: 320px;
        font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
      }
      @media (max-width: 900px) {
        .editor {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      .title-cell {
        overflow-wrap: anywhere;
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _collections: { state: true },
    _filter: { state: true },
    _editing: { state: true },
    _preview: { state: true },
    _fieldErrors: { state: true },
    _domain: { state: true },
  };

  declare private _collections: HelpCollection[];
  declare private _filter: { collection: string; locale: string; status: string };
  /** The article in the editor: `null` a new one, `undefined` the editor closed. */
  declare private _editing: HelpArticle | null | undefined;
  declare private _preview: { html?: string; failed?: string };
  declare private _fieldErrors: Partial<Record<Field, string>>;
  declare private _domain: HelpDomain | undefined;
  /** The page's own texts (English; a host may replace them). */
  texts = helpEn;
  readonly #articles = new ListController<HelpListedArticle>(this);
  readonly #confirm = new Confirm<HelpListedArticle>(this);
  readonly #confirmCollection = new Confirm<HelpCollection>(this);
  readonly #collectionEdit = new ListController<HelpCollection>(this);
  #previewTimer: ReturnType<typeof setTimeout> | undefined;
  /** The latest preview asked: an older answer arriving late is dropped. */
  #previewSeq = 0;
  /** Whether the slug was typed (then the title no longer proposes one). */
  #slugTyped = false;

  constructor() {
    super();
    this._collections = [];
    this._filter = { collection: '', locale: '', status: '' };
    this._preview = {};
    this._fieldErrors = {};
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#previewTimer);
  }

  protected override async load(api: AdminApi): Promise<void> {
    const help = new HelpApi(api);
    const [collections, articles, domain] = await Promise.all([
      help.collections(),
      help.articles(),
      api.request<HelpDomain>('GET', '/help/domain').catch(() => undefined),
    ]);
    this._domain = domain;
    this._collections = collections.items;
    this.#collectionEdit.set(collections.items);
    this.#articles.set(articles.items);
  }

  /** A refusal about a field of the article form is said beside it (and focuses it); any other under the form. */
  protected override failed(error: unknown): void {
    const field = this._editing === undefined ? undefined : fieldOf(error, FIELDS, 'slug');
    if (!field) return super.failed(error);
    const text = (error as { code?: string }).code === 'conflict' ? this.texts.slugTaken : this.errorText(error);
    this._fieldErrors = { [field]: text };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#help-${field}`)?.focus());
  }

  #authorName(id: string): string {
    const me = this.inbox?.state.me;
    return this.inbox?.state.staff.find((member) => member.id === id)?.name ?? (me?.id === id ? me.name : id);
  }

  #collectionName(id: string | null): string {
    return this._collections.find((c) => c.id === id)?.name ?? this.texts.noCollection;
  }

  /** Opens the editor on `article` (its body is read), or on a new one. */
  #open(article: HelpListedArticle | null): void {
    this._fieldErrors = {};
    this.#slugTyped = article !== null;
    if (!article) {
      this._editing = null;
      this._preview = {};
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#help-title')?.focus());
      return;
    }
    void this.run(async (api) => {
      const full = await new HelpApi(api).article(article.id);
      this._editing = full;
      this._preview = { html: full.html };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#help-title')?.focus();
    });
  }

  #close(): void {
    this._editing = undefined;
    this._fieldErrors = {};
    clearTimeout(this.#previewTimer);
    this.#previewSeq++;
  }

  /** A field changed: the refusal said beside it goes (it may no longer hold). */
  #onFormInput = (event: Event): void => {
    const name = (event.target as HTMLInputElement).name as Field;
    if (!this._fieldErrors[name]) return;
    const { [name]: _gone, ...rest } = this._fieldErrors;
    this._fieldErrors = rest;
  };

  #onTitle = (event: Event): void => {
    if (this.#slugTyped) return;
    const slug = this.renderRoot.querySelector<HTMLInputElement>('#help-slug');
    if (slug) slug.value = slugOf((event.target as HTMLInputElement).value);
  };

  #onBody = (event: Event): void => {
    const body = (event.target as HTMLTextAreaElement).value;
    clearTimeout(this.#previewTimer);
    this.#previewTimer = setTimeout(() => void this.#renderPreview(body), PREVIEW_DELAY_MS);
  };

  async #renderPreview(body: string): Promise<void> {
    const seq = ++this.#previewSeq;
    if (body.trim() === '') {
      this._preview = {};
      return;
    }
    try {
      const { html } = await new HelpApi(this.api!).preview(body);
      if (seq === this.#previewSeq) this._preview = { html };
    } catch (error) {
      if (seq === this.#previewSeq) this._preview = { failed: this.errorText(error) };
    }
  }

  /** The form's values, checked here first: a refusal is said beside its field before any call. */
  #values(form: HTMLFormElement): Record<string, string> | undefined {
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? '').trim();
    const values = {
      title: value('title'),
      slug: value('slug'),
      locale: value('locale'),
      summary: value('summary'),
      body: String(data.get('body') ?? ''),
      collectionId: value('collectionId'),
    };
    const errors: Partial<Record<Field, string>> = {};
    if (!values.title) errors.title = this.texts.required;
    if (!values.slug) errors.slug = this.texts.required;
    else if (!SLUG.test(values.slug)) errors.slug = this.texts.badSlug;
    if (!LOCALE.test(values.locale)) errors.locale = this.texts.badLocale;
    this._fieldErrors = errors;
    const first = FIELDS.find((field) => errors[field]);
    if (first) {
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#help-${first}`)?.focus());
      return undefined;
    }
    return values;
  }

  #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    if (this.busy) return;
    const form = event.currentTarget as HTMLFormElement;
    const values = this.#values(form);
    if (!values) return;
    const publish = (event.submitter as HTMLButtonElement | null)?.value === 'publish';
    const editing = this._editing;
    const input = {
      title: values['title']!,
      slug: values['slug']!,
      locale: values['locale']!,
      body: values['body']!,
      summary: values['summary'] || null,
      collectionId: values['collectionId'] || null,
      ...(publish ? { status: 'published' as const } : editing ? {} : { status: 'draft' as const }),
    };
    void this.run(
      async (api) => {
        const help = new HelpApi(api);
        const saved = editing ? await help.updateArticle(editing.id, input) : await help.createArticle(input);
        this.#store(saved);
        this._editing = saved;
        this._preview = { html: saved.html };
        this.#slugTyped = true;
      },
      publish ? this.texts.publishedDone : this.texts.saved,
    );
  };

  /** The list takes a written article (keeping its reads and feedback). */
  #store(saved: HelpArticle): void {
    const before = this.#articles.items?.find((item) => item.id === saved.id);
    const { body: _body, html: _html, ...summary } = saved;
    const listed: HelpListedArticle = {
      reads: 0,
      url: '',
      helpful: 0,
      notHelpful: 0,
      ...before,
      ...summary,
    };
    if (before) this.#articles.replace(listed);
    else this.#articles.set([listed, ...(this.#articles.items ?? [])]);
  }

  #setStatus(article: HelpListedArticle, status: 'draft' | 'published'): void {
    void this.run(
      async (api) => {
        const saved = await new HelpApi(api).updateArticle(article.id, { status });
        this.#store(saved);
        // The editor, when it holds this article, shows its new state (its buttons follow it).
        if (this._editing?.id === saved.id) this._editing = { ...this._editing, status: saved.status };
      },
      status === 'published' ? this.texts.publishedDone : this.texts.unpublishedDone,
    );
  }

  async #delete(article: HelpListedArticle): Promise<void> {
    const done = await this.run(async (api) => {
      await new HelpApi(api).deleteArticle(article.id);
      this.#articles.remove(article.id);
      if (this._editing?.id === article.id) this.#close();
    }, this.texts.deleted);
    if (done) await this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.new-article')?.focus());
  }

  /** Says a check's refusal (or a status) in the save state of the form holding focus (for the page's parts). */
  override say(text: string, refused = false): void {
    super.say(text, refused);
  }

  /** Collections changed by their part: the list and the editor's options follow. */
  readonly collectionsChanged = (items: HelpCollection[]): void => {
    this._collections = items;
    this.#collectionEdit.set(items);
  };

  protected override render(): TemplateResult {
    const t = this.texts;
    return html`<section class="card" aria-labelledby="help-page-title">
        <h2 id="help-page-title">${t.title}</h2>
        <p class="intro">${t.intro}</p>
        ${this.saveState()}
      </section>
      ${this._editing === undefined ? nothing : this.#editor(this._editing)} ${this.#list()}
      ${helpCollectionsPart(this, {
        texts: t,
        items: this.#collectionEdit,
        confirm: this.#confirmCollection,
        counts: (id) => (this.#articles.items ?? []).filter((a) => a.collectionId === id).length,
      })}
      ${helpDomainPart(this, t, this._domain, (domain) => {
        this._domain = domain;
        // The articles' addresses follow the domain.
        void new HelpApi(this.api!).articles().then(
          (listed) => this.#articles.set(listed.items),
          () => undefined,
        );
      })}`;
  }

  #list(): TemplateResult {
    const t = this.texts;
    const all = this.#articles.items;
    const f = this._filter;
    const shown = (all ?? []).filter(
      (a) =>
        (!f.collection || (f.collection === '-' ? a.collectionId === null : a.collectionId === f.collection)) &&
        (!f.locale || a.locale === f.locale) &&
        (!f.status || a.status === f.status),
    );
    const locales = [...new Set((all ?? []).map((a) => a.locale))].sort();
    const filter = (key: keyof typeof f) => (event: Event) =>
      (this._filter = { ...this._filter, [key]: (event.target as HTMLSelectElement).value });
    return html`<section class="card" aria-labelledby="help-list-title" data-save="articles">
      <div class="card-head">
        <h2 id="help-list-title">${all ? t.articles(shown.length, all.length) : this.strings.loading}</h2>
        <button type="button" class="primary new-article" @click=${() => this.#open(null)}>${t.newArticle}</button>
      </div>
      <div class="filters">
        <label class="inline"
          >${t.collection}
          <select name="collection" @change=${filter('collection')}>
            <option value="">${t.allCollections}</option>
            ${this._collections.map((c) => html`<option value=${c.id} ?selected=${f.collection === c.id}>${c.name}</option>`)}
            <option value="-" ?selected=${f.collection === '-'}>${t.noCollection}</option>
          </select></label
        >
        <label class="inline"
          >${t.locale}
          <select name="locale" @change=${filter('locale')}>
            <option value="">${t.allLocales}</option>
            ${locales.map((l) => html`<option value=${l} ?selected=${f.locale === l}>${l}</option>`)}
          </select></label
        >
        <label class="inline"
          >${t.state}
          <select name="status" @change=${filter('status')}>
            <option value="">${t.allStates}</option>
            <option value="draft" ?selected=${f.status === 'draft'}>${t.draft}</option>
            <option value="published" ?selected=${f.status === 'published'}>${t.published}</option>
          </select></label
        >
      </div>
      ${this.saveState('articles')}
      ${
        all && shown.length === 0
          ? html`<p class="muted">${t.none}</p>`
          : html`<div class="table-wrap"><table class="stack articles">
              <thead>
                <tr>
                  <th scope="col">${t.titleLabel}</th>
                  <th scope="col">${t.collection}</th>
                  <th scope="col">${t.locale}</th>
                  <th scope="col">${t.state}</th>
                  <th scope="col">${t.author}</th>
                  <th scope="col">${t.updated}</th>
                  <th scope="col">${t.reads}</th>
                  <th scope="col">${t.feedback}</th>
                  <th scope="col">${t.actions}</th>
                </tr>
              </thead>
              <tbody>
                ${shown.map((a) => this.#row(a))}
              </tbody>
            </table></div>`
      }
    </section>`;
  }

  #row(a: HelpListedArticle): TemplateResult {
    const t = this.texts;
    return html`<tr class="article" data-id=${a.id}>
      <td class="title-cell"><strong dir="auto">${a.title}</strong><br /><span class="muted">${a.slug}</span></td>
      <td data-label=${t.collection}>${this.#collectionName(a.collectionId)}</td>
      <td data-label=${t.locale}>${a.locale}</td>
      <td data-label=${t.state}><span class="state">${a.status === 'published' ? t.published : t.draft}</span></td>
      <td data-label=${t.author}>${this.#authorName(a.authorId)}</td>
      <td data-label=${t.updated}><time datetime=${new Date(a.updatedAt).toISOString()}>${shortTime(a.updatedAt)}</time></td>
      <td data-label=${t.reads} class="reads">${a.reads}</td>
      <td data-label=${t.feedback} class="feedback">${t.feedbackOf(a.helpful, a.notHelpful)}</td>
      <td>
        <div class="row">
          ${
            this.#confirm.is(a)
              ? this.#confirm.render(
                  { text: t.confirmDelete(a.title), ok: t.delete, cancel: t.cancel, busy: this.busy },
                  () => this.#delete(a),
                )
              : html`<button type="button" class="secondary" aria-label=${`${t.edit}: ${a.title}`} @click=${() => this.#open(a)}>${t.edit}</button>
                  ${
                    a.status === 'published'
                      ? html`<button type="button" class="secondary" aria-label=${`${t.unpublish}: ${a.title}`} ?disabled=${this.busy} @click=${() => this.#setStatus(a, 'draft')}>${t.unpublish}</button>`
                      : html`<button type="button" class="secondary" aria-label=${`${t.publish}: ${a.title}`} ?disabled=${this.busy} @click=${() => this.#setStatus(a, 'published')}>${t.publish}</button>`
                  }
                  <button
                    type="button"
                    class="danger delete"
                    aria-label=${`${t.delete}: ${a.title}`}
                    @click=${() => this.#confirm.ask(a, `.article[data-id="${a.id}"] .delete`)}
                  >${t.delete}</button>`
          }
        </div>
      </td>
    </tr>`;
  }

  #editor(editing: HelpArticle | null): TemplateResult {
    const t = this.texts;
    const errors = this._fieldErrors;
    const described = (field: Field, help?: boolean) =>
      [errors[field] ? `help-${field}-error` : '', help ? `help-${field}-help` : ''].filter(Boolean).join(' ') ||
      nothing;
    const error = (field: Field) =>
      errors[field] ? html`<p class="field-error" id=${`help-${field}-error`}>${errors[field]}</p>` : nothing;
    const locale = editing?.locale ?? (this._filter.locale || 'en');
    const collection =
      editing?.collectionId ?? (this._filter.collection.startsWith('hcol') ? this._filter.collection : '');
    return html`<section class="card" aria-labelledby="help-editor-title">
      <h2 id="help-editor-title">${editing ? t.editorEdit(editing.title) : t.editorNew}</h2>
      <form @submit=${this.#onSubmit} @input=${this.#onFormInput} data-save="article" data-editing=${editing?.id ?? ''} novalidate>
        <label for="help-title">${t.titleLabel}</label>
        <input id="help-title" name="title" maxlength="200" .value=${editing?.title ?? ''} @input=${this.#onTitle}
          aria-invalid=${errors.title ? 'true' : 'false'} aria-describedby=${described('title')} />
        ${error('title')}
        <label for="help-slug">${t.slug}</label>
        <input id="help-slug" name="slug" maxlength="80" autocomplete="off" spellcheck="false" .value=${editing?.slug ?? ''}
          @input=${() => (this.#slugTyped = true)} aria-invalid=${errors.slug ? 'true' : 'false'} aria-describedby=${described('slug', true)} />
        <p class="help" id="help-slug-help">${t.slugHelp}</p>
        ${error('slug')}
        <label for="help-locale">${t.locale}</label>
        <input id="help-locale" name="locale" maxlength="6" autocomplete="off" spellcheck="false" .value=${locale}
          aria-invalid=${errors.locale ? 'true' : 'false'} aria-describedby=${described('locale', true)} />
        <p class="help" id="help-locale-help">${t.localeHelp}</p>
        ${error('locale')}
        <label for="help-collectionId">${t.collection}</label>
        <select id="help-collectionId" name="collectionId">
          <option value="">${t.noCollection}</option>
          ${this._collections.map((c) => html`<option value=${c.id} ?selected=${collection === c.id}>${c.name}</option>`)}
        </select>
        ${error('collectionId')}
        <label for="help-summary">${t.summary}</label>
        <input id="help-summary" name="summary" maxlength="300" .value=${editing?.summary ?? ''}
          aria-invalid=${errors.summary ? 'true' : 'false'} aria-describedby=${described('summary', true)} />
        <p class="help" id="help-summary-help">${t.summaryHelp}</p>
        ${error('summary')}
        <div class="editor">
          <div class="field">
            <label for="help-body">${t.body}</label>
            <textarea id="help-body" name="body" maxlength="65536" spellcheck="true" .value=${editing?.body ?? ''} @input=${this.#onBody}
              aria-invalid=${errors.body ? 'true' : 'false'} aria-describedby=${described('body', true)}></textarea>
            <p class="help" id="help-body-help">${t.bodyHelp}</p>
            ${error('body')}
          </div>
          <div class="field">
            <h3 id="help-preview-title">${t.preview}</h3>
            <p class="help">${t.previewHelp}</p>
            ${
              this._preview.failed
                ? html`<p class="field-error preview-error">${t.previewFailed(this._preview.failed)}</p>`
                : nothing
            }
            ${
              this._preview.html === undefined
                ? html`<p class="muted preview-empty">${t.previewEmpty}</p>`
                : html`<div class="preview body" role="region" aria-labelledby="help-preview-title" .innerHTML=${this._preview.html}></div>`
            }
          </div>
        </div>
        <div class="actions">
          <button class="primary" type="submit" name="as" value="publish" ?disabled=${this.busy}>${editing?.status === 'published' ? t.saveChanges : t.saveAndPublish}</button>
          ${editing?.status === 'published' ? nothing : html`<button class="secondary" type="submit" name="as" value="draft" ?disabled=${this.busy}>${editing ? t.saveChanges : t.saveDraft}</button>`}
          <button type="button" class="secondary" @click=${() => this.#close()}>${t.cancel}</button>
          ${this.saveState('article')}
        </div>
      </form>
    </section>`;
  }
}
