import { css, html, nothing, type TemplateResult } from 'lit';
import type { MessagingChannel, MessagingProviderInfo } from '@parley/protocol/admin';
import type { AdminApi } from '../../admin-api.js';
import type { AdminStrings } from '../../admin-strings.js';
import { longTime } from '../../format.js';
import { AdminPage } from '../../kit/admin-page.js';
import { Confirm } from '../../kit/confirm.js';
import { guide } from '../../kit/guide.js';
import { ListController } from '../../kit/list-controller.js';
import { pageStyles } from '../../kit/page.styles.js';
import { MessagingChannelsApi } from './messaging-channels-api.js';
import { messagingChannelsEn, type MessagingChannelsStrings } from './messaging-channels-strings.js';

/** The shell's strings and this page's own. */
type PageStrings = AdminStrings & MessagingChannelsStrings;

/**
 * The messaging channels page of `<chat-admin>` (admins only): a form per provider of the relay to connect an account
 * (a Telegram bot by its token, typed into a password field, checked with the provider on save and never shown
 * again: the form is emptied), with how to set the provider's side up; the site's channels (name, provider and
 * account, webhook, when connected), each removed after a confirmation.
 *
 * @summary Messaging channels: Telegram bots connected natively.
 * @tag chat-admin-messaging-channels
 */
export class ChatAdminMessagingChannels extends AdminPage {
  static override styles = [
    ...pageStyles,
    css`
      .url {
        overflow-wrap: anywhere;
      }
      .setup {
        white-space: pre-line;
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _providers: { state: true },
  };

  declare private _providers: MessagingProviderInfo[] | undefined;
  readonly #channels = new ListController<MessagingChannel>(this);
  readonly #removing = new Confirm<MessagingChannel>(this);

  /** The shell's strings with this page's own (its chunk brings the English ones). */
  get #strings(): PageStrings {
    return { ...this.strings, ...messagingChannelsEn, ...this.strings.messagingChannelsPage };
  }

  protected override async load(api: AdminApi): Promise<void> {
    const area = new MessagingChannelsApi(api);
    const [providers, channels] = await Promise.all([area.providers(), area.list()]);
    this._providers = providers;
    this.#channels.set(channels);
  }

  /** Where the provider wants a channel's webhook address pasted, when the relay cannot register it (Twilio). */
  #hint(id: string): string | undefined {
    return this._providers?.find((provider) => provider.id === id)?.webhookHint;
  }

  #label(id: string): string {
    return this._providers?.find((provider) => provider.id === id)?.label ?? id;
  }

  #connect = async (event: SubmitEvent, provider: MessagingProviderInfo): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const credentials = Object.fromEntries(
      provider.fields
        .map((field) => [field.name, String(data.get(`credential-${field.name}`) ?? '').trim()] as const)
        // An optional field left empty is left out (Twilio's Messaging Service).
        .filter(
          ([name, value]) => value !== '' || provider.fields.find((field) => field.name === name)?.optional !== true,
        ),
    );
    let made: MessagingChannel | undefined;
    const ok = await this.run(async (api) => {
      made = await new MessagingChannelsApi(api).create({
        provider: provider.id,
        credentials,
        ...(name ? { name } : {}),
      });
      this.#channels.add(made);
    });
    // Connected: the token leaves the page (a refused one stays, masked, to be corrected).
    if (ok && made) {
      form.reset();
      this.say(this.#strings.messagingDone(made.name));
    }
  };

  async #remove(channel: MessagingChannel): Promise<void> {
    await this.run(async (api) => {
      await new MessagingChannelsApi(api).delete(channel.id);
      this.#channels.remove(channel.id);
    });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#channels-title')?.focus();
  }

  protected override render(): TemplateResult {
    const s = this.#strings;
    const items = this.#channels.items ?? [];
    const providers = this._providers ?? [];
    return html`
      ${providers.map((provider) => this.#renderConnect(s, provider))}
      ${this._providers && providers.length === 0 ? html`<p class="muted">${s.noMessagingProviders}</p>` : nothing}
      <section class="card" aria-labelledby="channels-title" data-save="channels">
        <h2 id="channels-title" tabindex="-1">${s.messagingChannelsTitle}</h2>
        ${this.saveState()} ${this.saveState('channels')}
        ${
          items.length === 0
            ? html`<p class="muted">${s.noMessagingChannels}</p>`
            : html`<ul class="items channels">
              ${items.map((channel) => this.#renderChannel(s, channel))}
            </ul>`
        }
      </section>
      ${this.#removing.render(
        {
          text: s.confirmRemoveMessagingChannel(
            this.#removing.pending?.name ?? '',
            this.#label(this.#removing.pending?.provider ?? ''),
          ),
          ok: s.removeMessagingChannel,
          cancel: s.cancel,
          id: 'remove-title',
        },
        (channel) => this.#remove(channel),
        { modal: true },
      )}
    `;
  }

  #renderConnect(s: PageStrings, provider: MessagingProviderInfo): TemplateResult {
    const key = `connect-${provider.id}`;
    return html`<form
      class="card connect"
      data-provider=${provider.id}
      @submit=${(event: SubmitEvent) => void this.#connect(event, provider)}
      aria-labelledby="${key}-title"
      data-save=${key}
      autocomplete="off"
    >
      <h2 id="${key}-title">${s.messagingConnectTitle(provider.label)}</h2>
      <p class="muted">${s.messagingIntro} ${guide(this.inbox, 'channels', s.messagingGuide)}</p>
      ${provider.fields.map(
        (field) => html`<label for="${key}-${field.name}">${field.label}</label>
          <input
            id="${key}-${field.name}"
            name="credential-${field.name}"
            type=${field.secret === false ? 'text' : 'password'}
            ?required=${field.optional !== true}
            maxlength="4096"
            autocomplete="off"
            spellcheck="false"
            aria-describedby="${key}-${field.name}-help ${key}-secret-help"
          />
          <p class="help" id="${key}-${field.name}-help">${field.description}</p>`,
      )}
      <p class="help" id="${key}-secret-help">${s.messagingSecretHint(provider.label)}</p>
      <label for="${key}-name">${s.messagingName}</label>
      <input id="${key}-name" name="name" maxlength="100" aria-describedby="${key}-name-help" />
      <p class="help" id="${key}-name-help">${s.messagingNameHint}</p>
      <details class="setup-guide">
        <summary>${s.messagingSetupTitle}</summary>
        <p class="setup">${provider.setup}</p>
      </details>
      <div class="actions">
        <button class="primary" type="submit" ?disabled=${this.busy}>${s.messagingConnect}</button>${this.saveState(key)}
      </div>
    </form>`;
  }

  #renderChannel(s: PageStrings, channel: MessagingChannel): TemplateResult {
    return html`<li class="item channel" data-id=${channel.id}>
      <p class="row"><strong>${channel.name}</strong> <span>${s.messagingAccount(this.#label(channel.provider), channel.account)}</span></p>
      <p class="muted">
        ${s.messagingConnected(longTime(channel.createdAt))} · ${s.messagingWebhook}
        <span class="url">${channel.webhookUrl}</span>
      </p>
      ${this.#hint(channel.provider) ? html`<p class="help webhook-hint">${this.#hint(channel.provider)}</p>` : nothing}
      <div class="row">
        <button
          type="button"
          class="delete danger"
          @click=${() => this.#removing.ask(channel, `[data-id="${channel.id}"] .delete`)}
        >
          ${s.removeMessagingChannel}
        </button>
      </div>
    </li>`;
  }
}
