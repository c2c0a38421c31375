import { css, html, nothing, type TemplateResult } from 'lit';
import type { SupportAddressList } from '@parley/protocol/admin';
import type { AdminApi } from '../../admin-api.js';
import { AdminPage } from '../../kit/admin-page.js';
import { pageStyles } from '../../kit/page.styles.js';
import { EmailApi } from './email-api.js';
import { emailEn, type EmailStrings } from './email-strings.js';
import { guide } from '../../kit/guide.js';

/** A row of the form: what is typed, before it is saved. */
interface Row {
  address: string;
  name: string;
}

/**
 * The Email page of `<chat-admin>` (admins): the site's support addresses, whose mail opens conversations
 * (docs/email.md, "A support address"), each with the name replies are sent under, and whether mail reaches the
 * relay at all. Saves the whole list at once (`PUT /v1/admin/support-addresses`); the relay's refusal (an address
 * another site has, one that is not an address) is shown as it says it. An address waiting for confirmation gets a
 * field for the code mailed to it (`POST …/confirm`) and a button for a new one (`POST …/resend`).
 *
 * @summary Support addresses whose mail opens conversations.
 * @tag chat-admin-email
 */
export class ChatAdminEmail extends AdminPage {
  static override styles = [
    pageStyles,
    css`
      .rows {
        display: grid;
        gap: 12px;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .row {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(0, 2fr) auto;
        gap: 8px;
        align-items: end;
      }
      .row label {
        display: grid;
        gap: 4px;
      }
      .waiting {
        display: grid;
        gap: 8px;
        margin-block-start: 16px;
      }
      .waiting label {
        display: grid;
        gap: 4px;
        max-width: 20em;
      }
      .notice {
        margin: 0;
        padding: 10px 12px;
        border-radius: 8px;
        border: 1px solid color-mix(in srgb, var(--_warn, #b45309) 60%, transparent);
        background: color-mix(in srgb, var(--_warn, #b45309) 12%, var(--_raised));
      }
      @media (max-width: 480px) {
        .row {
          grid-template-columns: minmax(0, 1fr);
          padding-block-end: 12px;
          border-block-end: 1px solid var(--_border);
        }
        .row button {
          justify-self: start;
        }
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _list: { state: true },
    _rows: { state: true },
  };

  declare private _list: SupportAddressList | undefined;
  declare private _rows: Row[];

  constructor() {
    super();
    this._rows = [];
  }

  get #t(): EmailStrings {
    return { ...emailEn, ...this.strings.emailPage };
  }

  protected override async load(api: AdminApi): Promise<void> {
    this.#take(await new EmailApi(api).addresses());
  }

  #take(list: SupportAddressList): void {
    this._list = list;
    this._rows = list.items.map((item) => ({ address: item.address, name: item.name ?? '' }));
  }

  #edit(index: number, field: keyof Row, value: string): void {
    this._rows = this._rows.map((row, i) => (i === index ? { ...row, [field]: value } : row));
  }

  #add = (): void => {
    this._rows = [...this._rows, { address: '', name: '' }];
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLInputElement>(`#support-address-${this._rows.length - 1}`)?.focus(),
    );
  };

  #remove(index: number): void {
    this._rows = this._rows.filter((_, i) => i !== index);
  }

  #onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const items = this._rows
      .map((row) => ({ address: row.address.trim(), name: row.name.trim() }))
      .filter((row) => row.address !== '')
      .map((row) => (row.name === '' ? { address: row.address } : row));
    await this.run(async (api) => this.#take(await new EmailApi(api).saveAddresses({ items })), this.#t.saved);
  };

  #confirm = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const address = form.dataset.address!;
    const code = new FormData(form).get('code');
    await this.run(
      async (api) => this.#take(await new EmailApi(api).confirm({ address, code: String(code ?? '').trim() })),
      this.#t.confirmed,
    );
  };

  #resend(address: string): void {
    void this.run((api) => new EmailApi(api).resend(address), this.#t.resent);
  }

  #waiting(t: EmailStrings, list: SupportAddressList): TemplateResult | typeof nothing {
    const waiting = list.items.filter((item) => item.verifiedAt === null);
    if (waiting.length === 0) return nothing;
    return html`${waiting.map(
      (item) =>
        html`<form class="waiting" data-address=${item.address} @submit=${this.#confirm}>
          <p class="notice" role="note">${t.waiting(item.address)}</p>
          <label
            >${t.code}
            <input name="code" autocomplete="one-time-code" spellcheck="false" maxlength="32" required
          /></label>
          <div class="actions">
            <button class="primary" type="submit" ?disabled=${this.busy}>${t.confirm}</button>
            <button type="button" class="secondary" ?disabled=${this.busy} @click=${() => this.#resend(item.address)}>
              ${t.resend}
            </button>
          </div>
        </form>`,
    )}`;
  }

  #receiving(t: EmailStrings, list: SupportAddressList): TemplateResult {
    if (list.receiving.length === 0)
      return html`<p class="notice" role="note">
        ${t.notReceiving} ${guide(this.inbox, 'email', t.receivingGuide)}
      </p>`;
    const ways = list.receiving.map((way) => (way === 'smtp' ? t.smtp : t.webhook)).join(' · ');
    return html`<p class="muted">${t.receiving(ways)}</p>`;
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    const list = this._list;
    return html`<section class="card" aria-labelledby="email-title">
      <h2 id="email-title">${t.title}</h2>
      <p class="intro">${t.intro}</p>
      ${this.saveState()}
      ${
        list
          ? html`${this.#receiving(t, list)}
              <form data-save="addresses" @submit=${this.#onSubmit}>
                ${
                  this._rows.length === 0
                    ? html`<p class="muted">${t.none}</p>`
                    : html`<ul class="rows">
                        ${this._rows.map(
                          (row, i) =>
                            html`<li class="row">
                              <label
                                >${t.address}
                                <input
                                  id="support-address-${i}"
                                  name="address"
                                  type="email"
                                  autocomplete="off"
                                  spellcheck="false"
                                  maxlength="254"
                                  placeholder="support@example.com"
                                  .value=${row.address}
                                  @input=${(event: Event) =>
                                    this.#edit(i, 'address', (event.target as HTMLInputElement).value)}
                              /></label>
                              <label
                                >${t.name}
                                <input
                                  name="name"
                                  maxlength="100"
                                  placeholder=${t.nameHelp}
                                  .value=${row.name}
                                  @input=${(event: Event) =>
                                    this.#edit(i, 'name', (event.target as HTMLInputElement).value)}
                              /></label>
                              <button
                                type="button"
                                class="danger"
                                aria-label=${t.remove(row.address)}
                                @click=${() => this.#remove(i)}
                              >
                                ${t.removeShort}
                              </button>
                            </li>`,
                        )}
                      </ul>`
                }
                <div class="actions">
                  <button type="button" class="secondary" @click=${this.#add} ?disabled=${this._rows.length >= 20}>
                    ${t.add}
                  </button>
                  <button class="primary" type="submit" ?disabled=${this.busy}>${t.save}</button>${this.saveState('addresses')}
                </div>
              </form>
              ${this.#waiting(t, list)}`
          : this.error
            ? nothing
            : html`<p class="muted">${this.strings.loading}</p>`
      }
    </section>`;
  }
}
