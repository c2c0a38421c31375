import { AreaApi, at } from '../../area-api.js';
import type { Broadcast, BroadcastSegment } from '../../admin-types.js';

/** The Broadcasts page's calls. */
export class BroadcastsApi extends AreaApi {
  async list(): Promise<Broadcast[]> {
    return (await this.api.request<{ items: Broadcast[] }>('GET', '/broadcasts')).items;
  }

  get(id: string): Promise<Broadcast> {
    return this.api.request('GET', `/broadcasts/${at(id)}`);
  }

  create(body: { text: string; segment: BroadcastSegment }): Promise<Broadcast> {
    return this.api.request('POST', '/broadcasts', body);
  }
}
