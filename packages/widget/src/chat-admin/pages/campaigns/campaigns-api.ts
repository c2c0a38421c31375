import type { Campaign, CampaignCreate, CampaignPatch, CampaignStats } from '@parley/protocol/admin';
import { AreaApi, at } from '../../area-api.js';

/** The Campaigns page's calls (docs/campaigns.md). */
export class CampaignsApi extends AreaApi {
  async list(): Promise<Campaign[]> {
    return (await this.api.request<{ items: Campaign[] }>('GET', '/campaigns')).items;
  }

  create(body: CampaignCreate): Promise<Campaign> {
    return this.api.request('POST', '/campaigns', body);
  }

  update(id: string, patch: CampaignPatch): Promise<Campaign> {
    return this.api.request('PATCH', `/campaigns/${at(id)}`, patch);
  }

  delete(id: string): Promise<void> {
    return this.api.request('DELETE', `/campaigns/${at(id)}`);
  }

  stats(id: string): Promise<CampaignStats> {
    return this.api.request('GET', `/campaigns/${at(id)}/stats`);
  }
}
