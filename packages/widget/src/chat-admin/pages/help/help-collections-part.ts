import { html, nothing, type TemplateResult } from 'lit';
import type { HelpCollection } from '@parley/protocol/admin';
import type { AdminApi } from '../../admin-api.js';
import type { Confirm } from '../../kit/confirm.js';
import type { ListController } from '../../kit/list-controller.js';
import { HelpApi } from './help-api.js';
import type { HelpStrings } from './help-strings.js';

/** What the collections card needs of its page (`ChatAdminHelp`). */
export interface CollectionsHost {
  readonly busy: boolean;
  run(action: (api: AdminApi) => Promise<unknown>, status?: string): Promise<boolean>;
  saveState(key?: string): TemplateResult;
  readonly collectionsChanged: (items: HelpCollection[]) => void;
}

/** The collections card of the help center page: the list in the portal's order, add, rename, delete. */
export function helpCollectionsPart(
  page: CollectionsHost,
  parts: {
    texts: HelpStrings;
    items: ListController<HelpCollection>;
    confirm: Confirm<HelpCollection>;
    counts: (id: string) => number;
  },
): TemplateResult {
  const { texts: t, items, confirm } = parts;
  const editing = items.editing;
  const save = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const slug = String(data.get('slug') ?? '').trim();
    const description = String(data.get('description') ?? '').trim();
    void page.run(async (api) => {
      const help = new HelpApi(api);
      if (editing) {
        items.replace(
          await help.updateCollection(editing.id, { name, slug, description: description === '' ? null : description }),
        );
      } else {
        items.add(await help.createCollection({ name, slug, ...(description ? { description } : {}) }));
        form.reset();
      }
      page.collectionsChanged(items.items ?? []);
    }, t.saved);
  };
  const remove = (collection: HelpCollection): Promise<boolean> =>
    page.run(async (api) => {
      await new HelpApi(api).deleteCollection(collection.id);
      items.remove(collection.id);
      page.collectionsChanged(items.items ?? []);
    }, t.deleted);
  const list = items.items ?? [];
  return html`<section class="card" aria-labelledby="help-collections-title" data-save="collections">
    <h2 id="help-collections-title">${t.collections}</h2>
    <p class="intro">${t.collectionsIntro}</p>
    ${list.length === 0 ? html`<p class="muted">${t.noCollections}</p>` : nothing}
    <ul class="items collections">
      ${list.map(
        (c) => html`<li class="item collection" data-id=${c.id}>
          <h3 dir="auto">${c.name}</h3>
          <p class="muted">${c.slug} · ${t.articleCount(parts.counts(c.id))}</p>
          ${c.description ? html`<p dir="auto">${c.description}</p>` : nothing}
          <div class="actions">
            ${
              confirm.is(c)
                ? confirm.render(
                    { text: t.confirmDeleteCollection(c.name), ok: t.delete, cancel: t.cancel, busy: page.busy },
                    () => remove(c),
                  )
                : html`<button type="button" class="secondary" aria-label=${`${t.edit}: ${c.name}`} @click=${() => items.edit(c)}>${t.edit}</button>
                    <button type="button" class="danger delete" aria-label=${`${t.delete}: ${c.name}`}
                      @click=${() => confirm.ask(c, `.collection[data-id="${c.id}"] .delete`)}>${t.delete}</button>`
            }
          </div>
        </li>`,
      )}
    </ul>
    <form @submit=${save} data-save="collection" data-editing=${editing?.id ?? ''}>
      <h3>${editing ? `${t.edit}: ${editing.name}` : t.addCollection}</h3>
      <label for="help-collection-name">${t.collectionName}</label>
      <input id="help-collection-name" name="name" required maxlength="120" .value=${editing?.name ?? ''} />
      <label for="help-collection-slug">${t.collectionSlug}</label>
      <input id="help-collection-slug" name="slug" required maxlength="80" pattern="[a-z0-9]+(-[a-z0-9]+)*"
        autocomplete="off" spellcheck="false" aria-describedby="help-collection-slug-help" .value=${editing?.slug ?? ''} />
      <p class="help" id="help-collection-slug-help">${t.slugHelp}</p>
      <label for="help-collection-description">${t.collectionDescription}</label>
      <input id="help-collection-description" name="description" maxlength="500" .value=${editing?.description ?? ''} />
      <div class="actions">
        <button class="primary" type="submit" ?disabled=${page.busy}>${editing ? t.rename : t.addCollection}</button>
        ${editing ? html`<button type="button" class="secondary" @click=${() => items.edit(null)}>${t.cancel}</button>` : nothing}
        ${page.saveState('collection')}
      </div>
    </form>
  </section>`;
}
