import type { Mailbox, MailboxCreate, MailboxUpdate } from '@parley/protocol/admin';
import { css, html, nothing, type TemplateResult } from 'lit';
import type { AdminApi } from '../../admin-api.js';
import type { AdminStrings } from '../../admin-strings.js';
import { AdminPage } from '../../kit/admin-page.js';
import { Confirm } from '../../kit/confirm.js';
import { guide } from '../../kit/guide.js';
import { ListController } from '../../kit/list-controller.js';
import { pageStyles } from '../../kit/page.styles.js';
import { MailboxesApi } from './mailboxes-api.js';
import { mailboxesEn, type MailboxesStrings } from './mailboxes-strings.js';

/** The shell's strings and this page's own. */
type PageStrings = AdminStrings & MailboxesStrings;

type Tls = 'tls' | 'starttls' | 'none';

/**
 * The mailboxes page of `<chat-admin>` (admins only): a team's own mailboxes, read over IMAP and answered through
 * their SMTP server (docs/email.md, "Your own mailbox (IMAP)"). A form connects one (both logins checked by the
 * relay before it is saved, the refusal said beside the button), with the providers' app-password guidance; the
 * list says whether each works now, checks one again and removes one after a confirmation. No password is shown.
 *
 * @summary Mailboxes: a team's existing mailbox over IMAP and SMTP.
 * @tag chat-admin-mailboxes
 */
export class ChatAdminMailboxes extends AdminPage {
  static override styles = [
    ...pageStyles,
    css`
      /* The two servers one under the other, each field filling the card with its label above (the page kit's
         layout); the port, a short number field, keeps the kit's short width beside nothing. */
      .servers {
        display: grid;
        gap: 12px;
      }
      .port-tls {
        display: grid;
        gap: 8px;
      }
      .health {
        margin: 0;
        font-weight: 600;
      }
      .health.failing {
        color: var(--_danger);
      }
      .address {
        overflow-wrap: anywhere;
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _moving: { state: true },
  };

  /** Whether the form's "once imported" choice is a move (its folder field shown). */
  declare private _moving: boolean;
  readonly #mailboxes = new ListController<Mailbox>(this);
  readonly #removing = new Confirm<Mailbox>(this);

  constructor() {
    super();
    this._moving = false;
  }

  get #strings(): PageStrings {
    return { ...this.strings, ...mailboxesEn, ...this.strings.mailboxesPage };
  }

  protected override async load(api: AdminApi): Promise<void> {
    this.#mailboxes.set(await new MailboxesApi(api).list());
  }

  #onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const field = (name: string) => String(data.get(name) ?? '').trim();
    const server = (prefix: 'imap' | 'smtp') => ({
      host: field(`${prefix}Host`),
      port: Number(field(`${prefix}Port`)),
      tls: field(`${prefix}Tls`) as Tls,
      user: field(`${prefix}User`),
      password: String(data.get(`${prefix}Password`) ?? ''),
    });
    const move = field('afterImport') === 'move';
    const editing = this.#mailboxes.editing;
    if (editing) return this.#save(form, editing, server, move, field);
    const body: MailboxCreate = {
      address: field('address'),
      name: field('name') || null,
      imap: server('imap'),
      smtp: server('smtp'),
      afterImport: move ? 'move' : 'seen',
      ...(move ? { moveTo: field('moveTo') } : {}),
    };
    const ok = await this.run(async (api) => {
      this.#mailboxes.add(await new MailboxesApi(api).create(body));
    }, this.#strings.mailboxConnected);
    if (ok) {
      form.reset();
      this._moving = false;
    }
  };

  /**
   * Saves the edited mailbox: its name and what becomes of imported mail, and a server only when its password was
   * entered again (a server whose fields changed without it is refused here, naming it, before any call).
   */
  async #save(
    form: HTMLFormElement,
    editing: Mailbox,
    server: (prefix: 'imap' | 'smtp') => NonNullable<MailboxUpdate['imap']>,
    move: boolean,
    field: (name: string) => string,
  ): Promise<void> {
    const s = this.#strings;
    const body: MailboxUpdate = {
      name: field('name') || null,
      afterImport: move ? 'move' : 'seen',
      ...(move ? { moveTo: field('moveTo') } : {}),
    };
    for (const [prefix, legend] of [
      ['imap', s.mailboxImap],
      ['smtp', s.mailboxSmtp],
    ] as const) {
      const entered = server(prefix);
      const was = editing[prefix];
      if (entered.password) body[prefix] = entered;
      else if (
        ['host', 'port', 'tls', 'user'].some((key) => String(entered[key as 'host']) !== String(was[key as 'host']))
      )
        return this.say(s.mailboxPasswordAgain(legend), true);
    }
    const ok = await this.run(async (api) => {
      this.#mailboxes.replace(await new MailboxesApi(api).update(editing.id, body));
    }, s.mailboxSaved);
    if (ok) {
      form.reset();
      this._moving = false;
    }
  }

  #edit(mailbox: Mailbox | null): void {
    this.#mailboxes.edit(mailbox);
    this._moving = mailbox?.afterImport === 'move';
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(mailbox ? '#mailbox-name' : '#mailbox-address')?.focus(),
    );
  }

  async #check(mailbox: Mailbox): Promise<void> {
    await this.run(async (api) => {
      const checked = await new MailboxesApi(api).check(mailbox.id);
      this.#mailboxes.set(await new MailboxesApi(api).list());
      if (!checked.ok) throw new Error(checked.error ?? '');
    }, this.#strings.mailboxCheckedOk);
  }

  async #remove(mailbox: Mailbox): Promise<void> {
    await this.run(async (api) => {
      await new MailboxesApi(api).delete(mailbox.id);
      this.#mailboxes.remove(mailbox.id);
    });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#mailboxes-title')?.focus();
  }

  protected override render(): TemplateResult {
    const s = this.#strings;
    const items = this.#mailboxes.items ?? [];
    const editing = this.#mailboxes.editing;
    return html`
      <form class="card" @submit=${this.#onSubmit} aria-labelledby="add-title" data-save="add">
        <h2 id="add-title">${editing ? s.mailboxEditTitle(editing.address) : s.mailboxAddTitle}</h2>
        ${
          editing
            ? html`<p class="muted edit-intro">${s.mailboxEditIntro}</p>`
            : html`<p class="muted">${s.mailboxesIntro} ${guide(this.inbox, 'email', s.mailboxesGuide)}</p>
                <p class="muted app-passwords">${s.mailboxesAppPasswords}</p>`
        }
        <label
          >${s.mailboxAddress}
          <input
            id="mailbox-address"
            name="address"
            type="email"
            required
            maxlength="320"
            autocomplete="off"
            placeholder="support@example.com"
            ?readonly=${editing !== null}
            .value=${editing?.address ?? ''}
        /></label>
        <label
          >${s.mailboxName}
          <input id="mailbox-name" name="name" maxlength="100" autocomplete="off" .value=${editing?.name ?? ''}
        /></label>
        <div class="servers">
          ${this.#server(s, 'imap', s.mailboxImap, 993, editing)}
          ${this.#server(s, 'smtp', s.mailboxSmtp, 465, editing)}
        </div>
        <fieldset>
          <legend>${s.mailboxAfterImport}</legend>
          <div class="choices">
            <label
              ><input
                type="radio"
                name="afterImport"
                value="seen"
                ?checked=${!this._moving}
                @change=${() => (this._moving = false)}
              />
              ${s.mailboxSeen}</label
            >
            <label
              ><input
                type="radio"
                name="afterImport"
                value="move"
                ?checked=${this._moving}
                @change=${() => (this._moving = true)}
              />
              ${s.mailboxMove}</label
            >
          </div>
          ${
            this._moving
              ? html`<label
                >${s.mailboxMoveTo}
                <input
                  id="mailbox-move-to"
                  name="moveTo"
                  required
                  maxlength="200"
                  placeholder="Parley"
                  .value=${editing?.moveTo ?? ''}
              /></label>`
              : nothing
          }
        </fieldset>
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${this.busy}>
            ${editing ? s.saveMailbox : s.connectMailbox}</button
          >${editing ? html`<button type="button" class="secondary cancel-edit" @click=${() => this.#edit(null)}>${s.cancelEdit}</button>` : nothing}${this.saveState('add')}
        </div>
      </form>
      <section class="card" aria-labelledby="mailboxes-title" data-save="mailboxes">
        <h2 id="mailboxes-title" tabindex="-1">${s.mailboxesTitle}</h2>
        ${this.saveState('mailboxes')}
        ${
          items.length === 0
            ? html`<p class="muted">${s.noMailboxes}</p>`
            : html`<ul class="items mailboxes">
              ${items.map((mailbox) => this.#renderMailbox(s, mailbox))}
            </ul>`
        }
      </section>
      ${this.#removing.render(
        {
          text: s.confirmRemoveMailbox(this.#removing.pending?.address ?? ''),
          ok: s.removeMailbox,
          cancel: s.cancel,
          id: 'remove-title',
        },
        (mailbox) => this.#remove(mailbox),
        { modal: true },
      )}
    `;
  }

  #server(
    s: PageStrings,
    prefix: 'imap' | 'smtp',
    legend: string,
    port: number,
    editing: Mailbox | null,
  ): TemplateResult {
    const shown = editing?.[prefix];
    return html`<fieldset class=${prefix}>
      <legend>${legend}</legend>
      <label
        >${s.mailboxHost}
        <input
          id="${prefix}-host"
          name="${prefix}Host"
          required
          maxlength="253"
          autocomplete="off"
          placeholder="${prefix}.example.com"
          .value=${shown?.host ?? ''}
      /></label>
      <div class="port-tls">
        <label
          >${s.mailboxPort}
          <input
            id="${prefix}-port"
            name="${prefix}Port"
            type="number"
            min="1"
            max="65535"
            required
            value=${port}
            .value=${String(shown?.port ?? port)}
        /></label>
        <label
          >${s.mailboxTls}
          <select id="${prefix}-tls" name="${prefix}Tls">
            ${(['tls', 'starttls', 'none'] as const).map(
              (tls) =>
                html`<option value=${tls} ?selected=${(shown?.tls ?? 'tls') === tls}>${s.mailboxTlsOptions[tls]}</option>`,
            )}
          </select></label
        >
      </div>
      <label
        >${s.mailboxUser}
        <input
          id="${prefix}-user"
          name="${prefix}User"
          required
          maxlength="320"
          autocomplete="off"
          .value=${shown?.user ?? ''}
      /></label>
      <label
        >${s.mailboxPassword}
        <input
          id="${prefix}-password"
          name="${prefix}Password"
          type="password"
          ?required=${!editing}
          maxlength="1000"
          autocomplete="new-password"
      /></label>
    </fieldset>`;
  }

  #renderMailbox(s: PageStrings, mailbox: Mailbox): TemplateResult {
    const failing = mailbox.lastError !== null;
    return html`<li class="item mailbox" data-id=${mailbox.id}>
      <p class="row">
        <strong class="address">${mailbox.address}</strong>${mailbox.name ? html` <span>${mailbox.name}</span>` : nothing}
      </p>
      <p class="muted">
        IMAP ${mailbox.imap.host}:${mailbox.imap.port} · SMTP ${mailbox.smtp.host}:${mailbox.smtp.port} ·
        ${s.mailboxAfter(mailbox.afterImport, mailbox.moveTo)}
      </p>
      <p class="health ${failing ? 'failing' : 'working'}">
        ${failing ? s.mailboxFailing(mailbox.lastError!) : s.mailboxWorking}
      </p>
      <div class="row">
        <button type="button" class="secondary check" ?disabled=${this.busy} @click=${() => void this.#check(mailbox)}>
          ${s.checkMailbox}
        </button>
        <button type="button" class="secondary edit" ?disabled=${this.busy} @click=${() => this.#edit(mailbox)}>
          ${s.editMailbox}
        </button>
        <button
          type="button"
          class="delete danger"
          @click=${() => this.#removing.ask(mailbox, `[data-id="${mailbox.id}"] .delete`)}
        >
          ${s.removeMailbox}
        </button>
      </div>
    </li>`;
  }
}
