import { html, nothing, type TemplateResult } from 'lit';
import type { AdminApi } from '../../admin-api.js';
import type { AdminStrings } from '../../admin-strings.js';
import { webhooksEn, type WebhooksStrings } from './webhooks-strings.js';
import type { WebhookDelivery, WebhookEndpoint, WebhookSubscription } from '../../admin-types.js';
import { chatAdminWebhooksStyles } from './chat-admin-webhooks.styles.js';
import { longTime } from '../../format.js';
import { AdminPage } from '../../kit/admin-page.js';
import { Confirm } from '../../kit/confirm.js';
import { ListController } from '../../kit/list-controller.js';
import { WebhooksApi } from './webhooks-api.js';

/** The shell's strings and this page's own. */
type PageStrings = AdminStrings & WebhooksStrings;

const SUBSCRIPTIONS: WebhookSubscription[] = [
  'conversation.created',
  'message.created',
  'message.updated',
  'note.created',
  'conversation.updated',
  'contact.created',
  'contact.erased',
];
const CHECKED_BY_DEFAULT = new Set<WebhookSubscription>(['conversation.created', 'message.created']);

/**
 * The webhooks page of `<chat-admin>` (admins only): the site's endpoints with their state, a form to add one
 * (URL and events; the signing secret is shown once, with a copy button), enable/disable, delete after a
 * confirmation, "Send a test event", and per endpoint its delivery log with "Resend".
 *
 * @summary Webhook endpoints and their delivery log.
 * @tag chat-admin-webhooks
 */
export class ChatAdminWebhooks extends AdminPage {
  static override styles = chatAdminWebhooksStyles;

  static override properties = {
    ...AdminPage.properties,
    _secret: { state: true },
    _copied: { state: true },
    _open: { state: true },
    _deliveries: { state: true },
  };

  /** The shell's strings with this page's own (its chunk brings the English ones). */
  get #strings(): PageStrings {
    return { ...this.strings, ...webhooksEn, ...this.strings.webhooksPage };
  }
  /** The secret of the endpoint just created: shown until dismissed, never again. */
  declare private _secret: { id: string; secret: string } | undefined;
  declare private _copied: boolean;
  /** The endpoint whose delivery log is open. */
  declare private _open: string | undefined;
  declare private _deliveries: WebhookDelivery[];
  readonly #endpoints = new ListController<WebhookEndpoint>(this);
  /** The endpoint whose deletion waits for a confirmation. */
  readonly #deleting = new Confirm<WebhookEndpoint>(this);

  constructor() {
    super();
    this._copied = false;
    this._deliveries = [];
  }

  protected override async load(api: AdminApi): Promise<void> {
    this.#endpoints.set(await new WebhooksApi(api).list());
  }

  /** The endpoints (none until they are read). */
  get #items(): WebhookEndpoint[] {
    return this.#endpoints.items ?? [];
  }

  #onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const url = String(data.get('url') ?? '').trim();
    const events = data.getAll('events').map(String) as WebhookSubscription[];
    if (!url || events.length === 0) {
      this.say(this.#strings.webhookNoEvents, true);
      return;
    }
    await this.run(async (api) => {
      const batch = data.get('batch') === 'on';
      const { secret, ...created } = await new WebhooksApi(api).create({ url, events, ...(batch ? { batch } : {}) });
      this.#endpoints.add(created);
      this._secret = { id: created.id, secret };
      this._copied = false;
      form.reset();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.secret')?.focus();
    });
  };

  async #copy(): Promise<void> {
    if (!this._secret) return;
    try {
      await navigator.clipboard.writeText(this._secret.secret);
      this._copied = true;
    } catch {
      // No clipboard permission: the secret is selectable (user-select: all) for a manual copy.
      this.renderRoot.querySelector<HTMLElement>('.secret code')?.focus();
    }
  }

  async #toggle(endpoint: WebhookEndpoint): Promise<void> {
    await this.run(async (api) => {
      this.#endpoints.replace(await new WebhooksApi(api).update(endpoint.id, { enabled: !endpoint.enabled }));
    });
  }

  async #batch(endpoint: WebhookEndpoint): Promise<void> {
    await this.run(async (api) => {
      this.#endpoints.replace(await new WebhooksApi(api).update(endpoint.id, { batch: !endpoint.batch }));
    });
  }

  async #delete(endpoint: WebhookEndpoint): Promise<void> {
    await this.run(async (api) => {
      await new WebhooksApi(api).delete(endpoint.id);
      this.#endpoints.remove(endpoint.id);
      if (this._open === endpoint.id) this._open = undefined;
      if (this._secret?.id === endpoint.id) this._secret = undefined;
    });
    // Its row is gone: focus goes to the list.
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#endpoints-title')?.focus();
  }

  async #showDeliveries(endpoint: WebhookEndpoint): Promise<void> {
    if (this._open === endpoint.id) {
      this._open = undefined;
      return;
    }
    await this.run(async (api) => {
      this._deliveries = await new WebhooksApi(api).deliveries(endpoint.id);
      this._open = endpoint.id;
    });
  }

  async #resend(endpoint: WebhookEndpoint, delivery: WebhookDelivery): Promise<void> {
    await this.run(async (api) => {
      await new WebhooksApi(api).resend(endpoint.id, delivery.id);
      this._deliveries = await new WebhooksApi(api).deliveries(endpoint.id);
    }, this.#strings.resent);
  }

  /**
   * Sends the endpoint a signed `ping` (the relay queues it in its outbox), opens its delivery log and reads it
   * again until the ping's first attempt is there, then says how it went. The log is read every second for 20 s
   * at most: the first attempt is made at once, and times out after 10 s.
   */
  async #sendTest(endpoint: WebhookEndpoint): Promise<void> {
    let eventId: string | undefined;
    await this.run(async (api) => {
      eventId = await new WebhooksApi(api).test(endpoint.id);
      this._deliveries = await new WebhooksApi(api).deliveries(endpoint.id);
      this._open = endpoint.id;
    }, this.#strings.testQueued);
    for (let tries = 0; eventId && this.api && this.isConnected && this._open === endpoint.id; tries++) {
      const row = this._deliveries.find((delivery) => delivery.eventId === eventId);
      if (row) {
        const s = this.#strings;
        const detail = row.statusCode !== null ? `HTTP ${row.statusCode}` : (row.error ?? '');
        this.status = s.testResult(s.deliveryOutcome[row.outcome], detail);
        return;
      }
      if (tries >= 20) return;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      this._deliveries = await new WebhooksApi(this.api).deliveries(endpoint.id).catch(() => this._deliveries);
    }
  }

  protected override render(): TemplateResult {
    const s = this.#strings;
    return html`
      <form class="card" @submit=${this.#onSubmit} aria-labelledby="add-title" data-save="add">
        <h2 id="add-title">${s.webhookAddTitle}</h2>
        ${this.saveState()}
        <label for="webhook-url">${s.webhookUrl}</label>
        <input id="webhook-url" name="url" type="url" required maxlength="2048" placeholder="https://" />
        <fieldset class="choices">
          <legend>${s.webhookEvents}</legend>
          ${SUBSCRIPTIONS.map(
            (name) =>
              html`<label
                ><input type="checkbox" name="events" value=${name} ?checked=${CHECKED_BY_DEFAULT.has(name)} />
                ${s.webhookEventNames[name]}</label
              >`,
          )}
        </fieldset>
        <label class="check"
          ><input type="checkbox" name="batch" aria-describedby="webhook-batch-hint" /> ${s.webhookBatch}</label
        >
        <p id="webhook-batch-hint" class="muted">${s.webhookBatchHint}</p>
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${this.busy}>${s.addWebhook}</button>${this.saveState('add')}
        </div>
      </form>
      ${this._secret ? this.#renderSecret(s, this._secret.secret) : nothing}
      <section class="card" aria-labelledby="endpoints-title" data-save="endpoints">
        <h2 id="endpoints-title" tabindex="-1">${s.webhookEndpoints}</h2>
        ${this.saveState('endpoints')}
        ${
          this.#items.length === 0
            ? html`<p class="muted">${s.noWebhooks}</p>`
            : html`<ul class="endpoints items">
              ${this.#items.map((endpoint) => this.#renderEndpoint(s, endpoint))}
            </ul>`
        }
      </section>
      ${this.#deleting.render(
        {
          text: s.confirmDeleteWebhook(this.#deleting.pending?.url ?? ''),
          ok: s.deleteWebhook,
          cancel: s.cancel,
          id: 'delete-title',
        },
        (endpoint) => this.#delete(endpoint),
        { modal: true },
      )}
    `;
  }

  #renderSecret(s: PageStrings, secret: string): TemplateResult {
    return html`<section class="secret" tabindex="-1" aria-labelledby="secret-title" role="region">
      <h2 id="secret-title">${s.webhookSecretTitle}</h2>
      <p>${s.webhookSecretWarning}</p>
      <code tabindex="0">${secret}</code>
      <div class="row">
        <button type="button" class="secondary copy" @click=${() => void this.#copy()}>${s.copy}</button>
        <span role="status">${this._copied ? s.copied : ''}</span>
        <button type="button" class="secondary dismiss" @click=${() => (this._secret = undefined)}>${s.close}</button>
      </div>
    </section>`;
  }

  #renderEndpoint(s: PageStrings, endpoint: WebhookEndpoint): TemplateResult {
    const open = this._open === endpoint.id;
    const logId = `log-${endpoint.id}`;
    return html`<li class="endpoint item" data-id=${endpoint.id}>
      <p class="row">
        <span class="state ${endpoint.enabled ? 'enabled' : 'disabled'}"
          >${endpoint.enabled ? s.webhookEnabled : s.webhookDisabled}</span
        >
        <span class="url">${endpoint.url}</span>
      </p>
      ${
        endpoint.disabledReason
          ? html`<p class="reason">
            ${s.webhookDisabledBecause(endpoint.disabledReason, longTime(endpoint.disabledAt ?? endpoint.updatedAt))}
          </p>`
          : nothing
      }
      <p class="muted">
        ${[...endpoint.events.map((name) => s.webhookEventNames[name] ?? name), ...(endpoint.batch ? [s.webhookBatched] : [])].join(' · ')}
      </p>
      <div class="row">
        <button type="button" class="secondary toggle" ?disabled=${this.busy} @click=${() => void this.#toggle(endpoint)}>
          ${endpoint.enabled ? s.disable : s.enable}
        </button>
        <button type="button" class="secondary batch" ?disabled=${this.busy} @click=${() => void this.#batch(endpoint)}>
          ${endpoint.batch ? s.batchOff : s.batchOn}
        </button>
        <button
          type="button"
          class="secondary log"
          aria-expanded=${open ? 'true' : 'false'}
          aria-controls=${logId}
          @click=${() => void this.#showDeliveries(endpoint)}
        >
          ${open ? s.hideDeliveries : s.deliveryLog}
        </button>
        <button
          type="button"
          class="secondary test"
          ?disabled=${this.busy || !endpoint.enabled}
          @click=${() => void this.#sendTest(endpoint)}
        >
          ${s.sendTest}
        </button>
        <button type="button" class="delete danger" @click=${() => this.#deleting.ask(endpoint, `[data-id="${endpoint.id}"] .delete`)}>
          ${s.deleteWebhook}
        </button>
      </div>
      ${open ? this.#renderDeliveries(s, endpoint, logId) : nothing}
    </li>`;
  }

  #renderDeliveries(s: PageStrings, endpoint: WebhookEndpoint, id: string): TemplateResult {
    if (this._deliveries.length === 0) return html`<p id=${id} class="muted">${s.noWebhookDeliveries}</p>`;
    return html`<ul id=${id} class="deliveries" aria-label=${s.deliveryLog}>
      ${this._deliveries.map(
        (delivery) => html`<li class="delivery" data-id=${delivery.id}>
          <p class="row">
            <span class="state ${delivery.outcome}">${s.deliveryOutcome[delivery.outcome]}</span>
            <span>${delivery.eventType === 'batch' ? s.batchOf(delivery.events) : delivery.eventType}</span>
            <span>${delivery.statusCode !== null ? `HTTP ${delivery.statusCode}` : (delivery.error ?? '')}</span>
            <span class="muted"
              >${longTime(delivery.at)} · ${s.deliverySummary(delivery.attempt, delivery.latencyMs)}</span
            >
          </p>
          ${delivery.statusCode !== null && delivery.error ? html`<p class="reason">${delivery.error}</p>` : nothing}
          ${delivery.excerpt ? html`<p class="excerpt">${delivery.excerpt}</p>` : nothing}
          <div class="row">
            <button
              type="button"
              class="secondary resend"
              ?disabled=${this.busy || !delivery.resendable || !endpoint.enabled}
              title=${delivery.resendable ? '' : s.notResendable}
              aria-label=${`${s.resend} ${delivery.eventType} ${delivery.eventId}`}
              @click=${() => void this.#resend(endpoint, delivery)}
            >
              ${s.resend}
            </button>
          </div>
        </li>`,
      )}
    </ul>`;
  }
}
