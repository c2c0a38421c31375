import type { MessagingChannel, MessagingChannelCreate, MessagingProviderInfo } from '@parley/protocol/admin';
import { AreaApi, at } from '../../area-api.js';

/** The messaging channels page's calls (admins). */
export class MessagingChannelsApi extends AreaApi {
  /** The providers the relay has, with their credentials' fields and setup. */
  async providers(): Promise<MessagingProviderInfo[]> {
    return (await this.api.request<{ items: MessagingProviderInfo[] }>('GET', '/messaging-providers')).items;
  }

  async list(): Promise<MessagingChannel[]> {
    return (await this.api.request<{ items: MessagingChannel[] }>('GET', '/messaging-channels')).items;
  }

  /** Checked with the provider first: a refusal is an error with the provider's reason. */
  create(body: MessagingChannelCreate): Promise<MessagingChannel> {
    return this.api.request('POST', '/messaging-channels', body);
  }

  async delete(id: string): Promise<void> {
    await this.api.request('DELETE', `/messaging-channels/${at(id)}`);
  }
}
