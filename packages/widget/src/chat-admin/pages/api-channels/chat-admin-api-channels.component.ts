import { css, html, nothing, type TemplateResult } from 'lit';
import type { AdminApi } from '../../admin-api.js';
import type { AdminStrings } from '../../admin-strings.js';
import type { ApiChannel } from '../../admin-types.js';
import { longTime } from '../../format.js';
import { AdminPage } from '../../kit/admin-page.js';
import { Confirm } from '../../kit/confirm.js';
import { ListController } from '../../kit/list-controller.js';
import { pageStyles } from '../../kit/page.styles.js';
import { ApiChannelsApi } from './api-channels-api.js';
import { apiChannelsEn, type ApiChannelsStrings } from './api-channels-strings.js';
import { guide } from '../../kit/guide.js';

/** The shell's strings and this page's own. */
type PageStrings = AdminStrings & ApiChannelsStrings;

/** What is shown once: a new channel's token and secret, or a replaced token. */
interface Once {
  readonly id: string;
  readonly name: string;
  readonly token: string;
  readonly secret?: string;
}

/**
 * The API channels page of `<chat-admin>` (admins only): the site's channels (name, webhook URL, when made and
 * re-keyed), a form to add one (its token and signing secret shown once, each with a copy button), replacing a
 * channel's token (the new one shown once) and deleting a channel, each after a confirmation.
 *
 * @summary API channels: bridges to SMS, WhatsApp or an app.
 * @tag chat-admin-api-channels
 */
export class ChatAdminApiChannels extends AdminPage {
  static override styles = [
    ...pageStyles,
    css`
      .once {
        display: grid;
        gap: 8px;
        padding: 12px;
        border-radius: 8px;
        border: 1px solid var(--_accent);
        background: var(--_accent-soft);
      }
      .once code {
        user-select: all;
        overflow-wrap: anywhere;
      }
      .url {
        overflow-wrap: anywhere;
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _once: { state: true },
    _copied: { state: true },
  };

  declare private _once: Once | undefined;
  /** Which value of {@link _once} was copied last. */
  declare private _copied: 'token' | 'secret' | undefined;
  readonly #channels = new ListController<ApiChannel>(this);
  readonly #rotating = new Confirm<ApiChannel>(this);
  readonly #deleting = new Confirm<ApiChannel>(this);

  /** The shell's strings with this page's own (its chunk brings the English ones). */
  get #strings(): PageStrings {
    return { ...this.strings, ...apiChannelsEn, ...this.strings.apiChannelsPage };
  }

  protected override async load(api: AdminApi): Promise<void> {
    this.#channels.set(await new ApiChannelsApi(api).list());
  }

  #onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const webhookUrl = String(data.get('webhookUrl') ?? '').trim();
    await this.run(async (api) => {
      const { token, secret, ...created } = await new ApiChannelsApi(api).create({ name, webhookUrl });
      this.#channels.add(created);
      await this.#show({ id: created.id, name: created.name, token, secret });
      form.reset();
    });
  };

  async #show(once: Once): Promise<void> {
    this._once = once;
    this._copied = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.once')?.focus();
  }

  async #rotate(channel: ApiChannel): Promise<void> {
    await this.run(async (api) => {
      const token = await new ApiChannelsApi(api).rotate(channel.id);
      this.#channels.set(await new ApiChannelsApi(api).list());
      await this.#show({ id: channel.id, name: channel.name, token });
    });
  }

  async #delete(channel: ApiChannel): Promise<void> {
    await this.run(async (api) => {
      await new ApiChannelsApi(api).delete(channel.id);
      this.#channels.remove(channel.id);
      if (this._once?.id === channel.id) this._once = undefined;
    });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#channels-title')?.focus();
  }

  async #copy(what: 'token' | 'secret'): Promise<void> {
    const value = this._once?.[what];
    if (!value) return;
    try {
      await navigator.clipboard.writeText(value);
      this._copied = what;
    } catch {
      // No clipboard permission: the value is selectable (user-select: all) for a manual copy.
      this.renderRoot.querySelector<HTMLElement>(`.once code.${what}`)?.focus();
    }
  }

  protected override render(): TemplateResult {
    const s = this.#strings;
    const items = this.#channels.items ?? [];
    return html`
      <form class="card" @submit=${this.#onSubmit} aria-labelledby="add-title" data-save="add">
        <h2 id="add-title">${s.apiChannelAddTitle}</h2>
        <p class="muted">${s.apiChannelsIntro} ${guide(this.inbox, 'api-channel', s.apiChannelsGuide)}</p>
        ${this.saveState()}
        <label for="channel-name">${s.apiChannelName}</label>
        <input id="channel-name" name="name" required maxlength="100" placeholder="SMS" />
        <label for="channel-webhook">${s.apiChannelWebhook}</label>
        <input id="channel-webhook" name="webhookUrl" type="url" required maxlength="2048" placeholder="https://" />
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${this.busy}>${s.addApiChannel}</button>${this.saveState('add')}
        </div>
      </form>
      ${this._once ? this.#renderOnce(s, this._once) : nothing}
      <section class="card" aria-labelledby="channels-title" data-save="channels">
        <h2 id="channels-title" tabindex="-1">${s.apiChannelsTitle}</h2>
        ${this.saveState('channels')}
        ${
          items.length === 0
            ? html`<p class="muted">${s.noApiChannels}</p>`
            : html`<ul class="items channels">
              ${items.map((channel) => this.#renderChannel(s, channel))}
            </ul>`
        }
      </section>
      ${this.#rotating.render(
        {
          text: s.confirmRotate(this.#rotating.pending?.name ?? ''),
          ok: s.rotateToken,
          cancel: s.cancel,
          id: 'rotate-title',
        },
        (channel) => this.#rotate(channel),
        { modal: true },
      )}
      ${this.#deleting.render(
        {
          text: s.confirmDeleteApiChannel(this.#deleting.pending?.name ?? ''),
          ok: s.deleteApiChannel,
          cancel: s.cancel,
          id: 'delete-title',
        },
        (channel) => this.#delete(channel),
        { modal: true },
      )}
    `;
  }

  #renderOnce(s: PageStrings, once: Once): TemplateResult {
    return html`<section class="once" tabindex="-1" aria-labelledby="once-title" role="region">
      <h2 id="once-title">${s.apiChannelOnceTitle(once.name)}</h2>
      <p>${s.apiChannelOnceWarning}</p>
      <p>${s.apiChannelToken}</p>
      <code class="token" tabindex="0">${once.token}</code>
      ${
        once.secret
          ? html`<p>${s.apiChannelSecret}</p>
            <code class="secret" tabindex="0">${once.secret}</code>`
          : nothing
      }
      <div class="row">
        <button type="button" class="secondary copy-token" @click=${() => void this.#copy('token')}>${s.copyToken}</button>
        ${
          once.secret
            ? html`<button type="button" class="secondary copy-secret" @click=${() => void this.#copy('secret')}>
              ${s.copySecret}
            </button>`
            : nothing
        }
        <span role="status">${this._copied ? s.copied : ''}</span>
        <button type="button" class="secondary dismiss" @click=${() => (this._once = undefined)}>${s.close}</button>
      </div>
    </section>`;
  }

  #renderChannel(s: PageStrings, channel: ApiChannel): TemplateResult {
    return html`<li class="item channel" data-id=${channel.id}>
      <p class="row"><strong>${channel.name}</strong> <span class="url">${channel.webhookUrl}</span></p>
      <p class="muted">
        ${s.apiChannelCreated(longTime(channel.createdAt))}${
          channel.tokenRotatedAt !== null ? html` · ${s.apiChannelRotated(longTime(channel.tokenRotatedAt))}` : nothing
        }
      </p>
      <div class="row">
        <button
          type="button"
          class="secondary rotate"
          ?disabled=${this.busy}
          @click=${() => this.#rotating.ask(channel, `[data-id="${channel.id}"] .rotate`)}
        >
          ${s.rotateToken}
        </button>
        <button
          type="button"
          class="delete danger"
          @click=${() => this.#deleting.ask(channel, `[data-id="${channel.id}"] .delete`)}
        >
          ${s.deleteApiChannel}
        </button>
      </div>
    </li>`;
  }
}
