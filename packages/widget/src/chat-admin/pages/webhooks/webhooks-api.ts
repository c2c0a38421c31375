import { AreaApi, at } from '../../area-api.js';
import type { WebhookDelivery, WebhookEndpoint, WebhookSubscription } from '../../admin-types.js';

/** The Webhooks page's calls (admins). */
export class WebhooksApi extends AreaApi {
  async list(): Promise<WebhookEndpoint[]> {
    return (await this.api.request<{ items: WebhookEndpoint[] }>('GET', '/webhooks')).items;
  }

  /** Answers with the signing secret: the only time it is shown. */
  create(body: {
    url: string;
    events: WebhookSubscription[];
    batch?: boolean;
  }): Promise<WebhookEndpoint & { secret: string }> {
    return this.api.request('POST', '/webhooks', body);
  }

  update(
    id: string,
    patch: { url?: string; events?: WebhookSubscription[]; enabled?: boolean; batch?: boolean },
  ): Promise<WebhookEndpoint> {
    return this.api.request('PATCH', `/webhooks/${at(id)}`, patch);
  }

  async delete(id: string): Promise<void> {
    await this.api.request('DELETE', `/webhooks/${at(id)}`);
  }

  async deliveries(id: string): Promise<WebhookDelivery[]> {
    return (await this.api.request<{ items: WebhookDelivery[] }>('GET', `/webhooks/${at(id)}/deliveries`)).items;
  }

  /** Sends the endpoint a signed `ping` (queued in the relay's outbox); answers with its event id. */
  async test(id: string): Promise<string> {
    return (await this.api.request<{ eventId: string }>('POST', `/webhooks/${at(id)}/test`, {})).eventId;
  }

  async resend(id: string, deliveryId: string): Promise<void> {
    await this.api.request('POST', `/webhooks/${at(id)}/deliveries/${at(deliveryId)}/resend`, {});
  }
}
