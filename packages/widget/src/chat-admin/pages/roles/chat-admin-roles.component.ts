import { css, html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { PERMISSIONS, type Permission, type Role } from '@parley/protocol/admin';
import type { AdminApi } from '../../admin-api.js';
import { fieldOf } from '../../field-errors.js';
import { AdminPage } from '../../kit/admin-page.js';
import { Confirm } from '../../kit/confirm.js';
import { ListController } from '../../kit/list-controller.js';
import { pageStyles } from '../../kit/page.styles.js';
import { RolesApi } from './roles-api.js';
import { rolesEn, type RolesStrings } from './roles-strings.js';

/**
 * The Roles page of `<chat-admin>` (those who manage the team): the built-in roles and what they grant, the site's own
 * roles with how many members hold each, a form to add or change one (its name, a checkbox per permission), and
 * deletion after a confirmation (the relay refuses it while a member holds the role, and the page says why).
 *
 * @summary Roles: named sets of permissions.
 * @tag chat-admin-roles
 */
export class ChatAdminRoles extends AdminPage {
  static override styles = [
    pageStyles,
    css`
      .role .grants {
        margin: 0.25rem 0 0;
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _nameError: { state: true },
  };

  /** The relay's refusal of the name, said beside it. */
  declare private _nameError: string | undefined;
  readonly #roles = new ListController<Role>(this);
  readonly #confirm = new Confirm<Role>(this);

  get #t(): RolesStrings {
    return this.strings.rolesPage ?? rolesEn;
  }

  protected override async load(api: AdminApi): Promise<void> {
    this.#roles.set(await new RolesApi(api).list());
  }

  protected override failed(error: unknown): void {
    if (!fieldOf(error, ['name'], 'name')) return super.failed(error);
    this._nameError = this.errorText(error);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#role-name')?.focus());
  }

  #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    if (this.busy) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const permissions = PERMISSIONS.filter((permission) => data.getAll('permission').includes(permission));
    const editing = this.#roles.editing;
    this._nameError = undefined;
    void this.run(async (api) => {
      const roles = new RolesApi(api);
      const saved = editing
        ? await roles.update(editing.id, { name, permissions })
        : await roles.create({ name, permissions });
      if (editing) this.#roles.replace(saved);
      else this.#roles.add(saved);
      this.#roles.edit(null);
      form.reset();
    }, this.#t.saved);
  };

  async #delete(role: Role): Promise<void> {
    await this.run(async (api) => {
      await new RolesApi(api).delete(role.id);
      this.#roles.remove(role.id);
    }, this.#t.deleted);
  }

  #edit(role: Role): void {
    this.#roles.edit(role);
    this._nameError = undefined;
    this.status = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#role-name')?.focus());
  }

  #grants(role: Role): string {
    const t = this.#t;
    return role.permissions.length === 0
      ? t.grantsNothing
      : role.permissions.map((permission) => t.permissionNames[permission]).join(', ');
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    const items = this.#roles.items;
    const builtIn = items?.filter((role) => role.builtIn) ?? [];
    const custom = items?.filter((role) => !role.builtIn);
    return html`<section class="card" aria-labelledby="roles-title">
        <h2 id="roles-title">${t.title}</h2>
        <p class="intro">${t.intro}</p>
        ${this.saveState()}
      </section>
      ${this.#form()}
      <section class="card" aria-labelledby="roles-custom-title" data-save="roles">
        <div class="card-head">
          <h2 id="roles-custom-title">${t.custom}</h2>
          ${this.saveState('roles')}
        </div>
        ${
          !custom
            ? html`<p class="muted">${this.strings.loading}</p>`
            : custom.length === 0
              ? html`<p class="muted">${t.none}</p>`
              : html`<ul class="items">
                  ${custom.map((role) => this.#role(role))}
                </ul>`
        }
      </section>
      <section class="card" aria-labelledby="roles-builtin-title">
        <h2 id="roles-builtin-title">${t.builtIn}</h2>
        <ul class="items">
          ${builtIn.map((role) => this.#role(role))}
        </ul>
      </section>`;
  }

  #role(role: Role): TemplateResult {
    const t = this.#t;
    return html`<li class="role item" data-id=${role.id}>
      <strong>${role.name}</strong> <span class="muted">${t.members(role.members)}</span>
      <p class="grants"><span class="muted">${t.grants}:</span> ${this.#grants(role)}</p>
      ${
        role.builtIn
          ? nothing
          : html`<div class="actions">
              ${
                this.#confirm.is(role)
                  ? this.#confirm.render(
                      { text: t.confirmDelete(role.name), ok: t.delete, cancel: t.cancel, busy: this.busy },
                      () => this.#delete(role),
                    )
                  : html`<button type="button" class="secondary" aria-label=${`${t.edit}: ${role.name}`} @click=${() => this.#edit(role)}>
                        ${t.edit}
                      </button>
                      <button
                        type="button"
                        class="danger delete"
                        aria-label=${`${t.delete}: ${role.name}`}
                        @click=${() => this.#confirm.ask(role, `.role[data-id="${role.id}"] .delete`)}
                      >
                        ${t.delete}
                      </button>`
              }
            </div>`
      }
    </li>`;
  }

  #form(): TemplateResult {
    const t = this.#t;
    const editing = this.#roles.editing;
    const held = (permission: Permission): boolean => editing?.permissions.includes(permission) ?? false;
    return html`<section class="card" aria-labelledby="role-form-title">
      <h2 id="role-form-title">${editing ? t.editing(editing.name) : t.add}</h2>
      <form @submit=${this.#onSubmit} data-editing=${editing?.id ?? ''} data-save="role" novalidate>
        <label for="role-name">${t.name}</label>
        <input
          id="role-name"
          name="name"
          autocomplete="off"
          maxlength="60"
          .value=${editing?.name ?? ''}
          aria-invalid=${this._nameError ? 'true' : 'false'}
          aria-describedby=${this._nameError ? 'role-name-error' : nothing}
        />
        ${this._nameError ? html`<p class="field-error" id="role-name-error">${this._nameError}</p>` : nothing}
        <fieldset>
          <legend>${t.permissions}</legend>
          ${PERMISSIONS.map(
            (permission) =>
              html`<label class="radio"
                  ><input
                    type="checkbox"
                    name="permission"
                    value=${permission}
                    aria-describedby=${`role-${permission.replace('.', '-')}-help`}
                    .checked=${live(held(permission))}
                  />
                  ${t.permissionNames[permission]}</label
                >
                <p class="help" id=${`role-${permission.replace('.', '-')}-help`}>${t.permissionHelp[permission]}</p>`,
          )}
        </fieldset>
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${this.busy}>${t.save}</button>
          ${
            editing
              ? html`<button
                  type="button"
                  class="secondary"
                  @click=${() => {
                    this.#roles.edit(null);
                    this._nameError = undefined;
                  }}
                >
                  ${t.cancel}
                </button>`
              : nothing
          }
          ${this.saveState('role')}
        </div>
      </form>
    </section>`;
  }
}
