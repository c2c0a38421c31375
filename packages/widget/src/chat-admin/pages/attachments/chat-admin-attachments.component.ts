import { css, html, nothing, type TemplateResult } from 'lit';
import { formatBytes } from '../../../attachments/attachment-format.js';
import type { AdminApi } from '../../admin-api.js';
import {
  ATTACHMENT_TYPES,
  type AttachmentSettings,
  type AttachmentSettingsAnswer,
  type AttachmentType,
} from '../../admin-types.js';
import { attachmentsEn, type AttachmentsStrings } from './attachments-strings.js';
import { AttachmentsApi } from './attachments-api.js';
import { AdminPage } from '../../kit/admin-page.js';
import { pageStyles } from '../../kit/page.styles.js';

/** The page's sizes are in MB of 1,000,000 bytes, as operating systems and the file cards show sizes. */
const MB = 1_000_000;

/** `''` → `null` (the relay's); otherwise whole bytes from a number of MB. */
function toBytes(value: FormDataEntryValue | null): number | null {
  const text = String(value ?? '').trim();
  return text === '' ? null : Math.round(Number(text) * MB);
}

/** Bytes as the field's MB, to the byte (saving the page unchanged must not round a setting); `null` → empty. */
function toMb(value: number | null): string {
  return value === null ? '' : String(value / MB);
}

/**
 * The Attachments page of `<chat-admin>` (admins): which file types the site accepts (or the relay's default),
 * the largest file and the site's quota (empty: the relay's), and the bytes the site keeps. Saves the three as one
 * document (`PUT /v1/admin/settings/attachments`); the relay's refusal is shown as it says it.
 *
 * @summary Allowed file types, file size limit and quota.
 * @tag chat-admin-attachments
 */
export class ChatAdminAttachments extends AdminPage {
  static override styles = [
    pageStyles,
    css`
      fieldset:disabled label {
        opacity: 0.6;
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _answer: { state: true },
    _useDefault: { state: true },
  };

  declare private _answer: AttachmentSettingsAnswer | undefined;
  /** The "relay default" box: the types are then `null`. */
  declare private _useDefault: boolean;

  constructor() {
    super();
    this._useDefault = true;
    this.status = undefined;
  }

  get #t(): AttachmentsStrings {
    return this.strings.attachmentsPage ?? attachmentsEn;
  }

  /** Reads the settings. */
  protected override async load(api: AdminApi): Promise<void> {
    this.#take(await new AttachmentsApi(api).get());
  }

  #take(answer: AttachmentSettingsAnswer): void {
    this._answer = answer;
    this._useDefault = answer.types === null;
  }

  #onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (!this.api) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const settings: AttachmentSettings = {
      types: this._useDefault ? null : ATTACHMENT_TYPES.filter((type) => data.getAll('types').includes(type)),
      maxBytes: toBytes(data.get('maxMb')),
      quotaBytes: toBytes(data.get('quotaMb')),
    };
    await this.run(async (api) => this.#take(await new AttachmentsApi(api).save(settings)), this.#t.saved);
  };

  protected override render(): TemplateResult {
    const t = this.#t;
    const answer = this._answer;
    const allowed = new Set<AttachmentType>(answer?.types ?? ATTACHMENT_TYPES);
    return html`<section class="card" aria-labelledby="attachments-title">
      <h2 id="attachments-title">${t.title}</h2>
      <p class="intro">${t.intro}</p>
      ${this.saveState()}
      ${
        answer
          ? html`<p class="muted used">
                ${t.used(formatBytes(answer.usedBytes), answer.quotaBytes ? formatBytes(answer.quotaBytes) : undefined)}
              </p>
              <form data-save="attachments" @submit=${this.#onSubmit}>
                <label class="radio"
                  ><input
                    type="checkbox"
                    name="relayDefault"
                    .checked=${this._useDefault}
                    @change=${(event: Event) => (this._useDefault = (event.target as HTMLInputElement).checked)}
                  />
                  ${t.relayDefault}</label
                >
                <fieldset class="choices" ?disabled=${this._useDefault}>
                  <legend>${t.types}</legend>
                  ${ATTACHMENT_TYPES.map(
                    (type) =>
                      html`<label class="radio"
                        ><input type="checkbox" name="types" value=${type} .checked=${allowed.has(type)} />
                        ${t.typeNames[type]}</label
                      >`,
                  )}
                </fieldset>
                <label for="attachments-max">${t.maxSize}</label>
                <input
                  id="attachments-max"
                  name="maxMb"
                  type="number"
                  min="0.000001"
                  step="any"
                  inputmode="decimal"
                  aria-describedby="attachments-max-help"
                  .value=${toMb(answer.maxBytes)}
                />
                <p id="attachments-max-help" class="help">${t.maxSizeHelp}</p>
                <label for="attachments-quota">${t.quota}</label>
                <input
                  id="attachments-quota"
                  name="quotaMb"
                  type="number"
                  min="0"
                  step="any"
                  inputmode="decimal"
                  aria-describedby="attachments-quota-help"
                  .value=${toMb(answer.quotaBytes)}
                />
                <p id="attachments-quota-help" class="help">${t.quotaHelp}</p>
                <div class="actions">
                  <button class="primary" type="submit" ?disabled=${this.busy}>${t.save}</button>${this.saveState('attachments')}
                </div>
              </form>`
          : this.error
            ? nothing
            : html`<p class="muted">${this.strings.loading}</p>`
      }
    </section>`;
  }
}
