import { html, nothing, type TemplateResult } from 'lit';
import { VISIBILITY_MODES, type VisibilityMode, type VisibilitySettings } from '@parley/protocol/admin';
import type { AdminApi } from '../../admin-api.js';
import { AdminPage } from '../../kit/admin-page.js';
import { pageStyles } from '../../kit/page.styles.js';
import { VisibilityApi } from './visibility-api.js';
import { visibilityEn, type VisibilityStrings } from './visibility-strings.js';

/**
 * The Who sees what page of `<chat-admin>` (admins): whether agents see every conversation, their teams' and their
 * own, or their own, and whether unassigned ones too (`PUT /v1/admin/visibility`, docs/accounts.md).
 *
 * @summary Which conversations agents see.
 * @tag chat-admin-visibility
 */
export class ChatAdminVisibility extends AdminPage {
  static override styles = [pageStyles];

  static override properties = {
    ...AdminPage.properties,
    _settings: { state: true },
    _mode: { state: true },
  };

  declare private _settings: VisibilitySettings | undefined;
  /** The mode chosen on the page, before it is saved. */
  declare private _mode: VisibilityMode;

  constructor() {
    super();
    this._mode = 'all';
    this.status = undefined;
  }

  get #t(): VisibilityStrings {
    return this.strings.visibilityPage ?? visibilityEn;
  }

  protected override async load(api: AdminApi): Promise<void> {
    this.#take(await new VisibilityApi(api).get());
  }

  #take(settings: VisibilitySettings): void {
    this._settings = settings;
    this._mode = settings.mode;
  }

  #onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const settings: VisibilitySettings = { mode: this._mode, unassigned: data.get('unassigned') === 'on' };
    await this.run(async (api) => this.#take(await new VisibilityApi(api).save(settings)), this.#t.saved);
  };

  protected override render(): TemplateResult {
    const t = this.#t;
    const settings = this._settings;
    return html`<section class="card" aria-labelledby="visibility-title">
      <h2 id="visibility-title">${t.title}</h2>
      <p class="intro">${t.intro}</p>
      ${this.saveState()}
      ${
        settings
          ? html`<form data-save="visibility" @submit=${this.#onSubmit}>
              <fieldset class="choices">
                <legend>${t.modes}</legend>
                ${VISIBILITY_MODES.map(
                  (mode) =>
                    html`<label class="radio"
                        ><input
                          type="radio"
                          name="mode"
                          value=${mode}
                          aria-describedby=${`visibility-${mode}-help`}
                          .checked=${this._mode === mode}
                          @change=${() => (this._mode = mode)}
                        />
                        ${t.modeNames[mode]}</label
                      >
                      <p id=${`visibility-${mode}-help`} class="help">${t.modeHelp[mode]}</p>`,
                )}
              </fieldset>
              <label class="radio"
                ><input
                  type="checkbox"
                  name="unassigned"
                  aria-describedby="visibility-unassigned-help"
                  .checked=${settings.unassigned}
                  ?disabled=${this._mode === 'all'}
                />
                ${t.unassigned}</label
              >
              <p id="visibility-unassigned-help" class="help">${t.unassignedHelp}</p>
              <p class="muted">${t.always}</p>
              <div class="actions">
                <button class="primary" type="submit" ?disabled=${this.busy}>${t.save}</button>${this.saveState('visibility')}
              </div>
            </form>`
          : this.error
            ? nothing
            : html`<p class="muted">${this.strings.loading}</p>`
      }
    </section>`;
  }
}
