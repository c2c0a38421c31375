import { AreaApi, at } from '../../area-api.js';
import type { ApiChannel, ApiChannelCreated } from '../../admin-types.js';

/** The API channels page's calls (admins). */
export class ApiChannelsApi extends AreaApi {
  async list(): Promise<ApiChannel[]> {
    return (await this.api.request<{ items: ApiChannel[] }>('GET', '/api-channels')).items;
  }

  /** Answers with the channel's token and signing secret: the only time either is shown. */
  create(body: { name: string; webhookUrl: string }): Promise<ApiChannelCreated> {
    return this.api.request('POST', '/api-channels', body);
  }

  /** A new token (shown once); the old one stops working. */
  async rotate(id: string): Promise<string> {
    return (await this.api.request<{ token: string }>('POST', `/api-channels/${at(id)}/token`, {})).token;
  }

  async delete(id: string): Promise<void> {
    await this.api.request('DELETE', `/api-channels/${at(id)}`);
  }
}
