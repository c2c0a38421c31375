import type { Campaign, CampaignCreate, CampaignPatch, CampaignStats } from '@parley/protocol/admin';
import { AdminApiError } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

const zero = { shown: 0, opened: 0, conversations: 0, replied: 0, ratings: 0, csat: null };

/** The campaigns area of the fake admin API (`/campaigns`). */
export function withCampaigns<B extends FakeBase>(Base: B) {
  return class extends Base {
    campaigns: Campaign[] = [];
    campaignStats: Record<string, CampaignStats> = {};
    /** Each campaigns call that changes something, in order. */
    campaignCalls: Array<[string, ...unknown[]]> = [];
    /** What the next create is refused with, as the relay would refuse it. */
    campaignRefusal: AdminApiError | undefined;

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /campaigns': async () => ({ items: structuredClone(this.campaigns) }),
        'POST /campaigns': ({ body }) => this.createCampaign(body as CampaignCreate),
        'GET /campaigns/{id}': async ({ ref }) => structuredClone(this.#campaign(ref!)),
        'PATCH /campaigns/{id}': ({ ref, body }) => this.updateCampaign(ref!, body as CampaignPatch),
        'DELETE /campaigns/{id}': async ({ ref }) => {
          this.#campaign(ref!);
          this.campaignCalls.push(['delete', ref]);
          this.campaigns = this.campaigns.filter((c) => c.id !== ref);
        },
        'GET /campaigns/{id}/stats': async ({ ref }) =>
          structuredClone(this.campaignStats[ref!] ?? { total: zero, variants: [] }),
      } satisfies FakeRoutes);
    }

    #campaign(id: string): Campaign {
      const found = this.campaigns.find((c) => c.id === id);
      if (!found) throw new AdminApiError('not_found', 'No such campaign on this site.', 404);
      return found;
    }

    async createCampaign(body: CampaignCreate) {
      this.campaignCalls.push(['create', structuredClone(body)]);
      if (this.campaignRefusal) throw this.campaignRefusal;
      const campaign: Campaign = {
        id: `cmp_${this.campaigns.length + 1}`,
        name: body.name,
        status: body.status ?? 'live',
        variants: body.variants,
        buttons: body.buttons ?? [],
        sender: body.sender ?? { kind: 'bot' },
        urls: body.urls ?? [],
        delaySeconds: body.delaySeconds ?? 0,
        scrollPercent: body.scrollPercent ?? 0,
        exitIntent: body.exitIntent ?? false,
        visitors: body.visitors ?? 'all',
        identified: body.identified ?? 'all',
        languages: body.languages ?? [],
        startAt: body.startAt ?? null,
        endAt: body.endAt ?? null,
        businessHoursOnly: body.businessHoursOnly ?? false,
        frequency: body.frequency ?? { kind: 'once' },
        createdAt: Date.now(),
        updatedAt: Date.now(),
      };
      this.campaigns.push(campaign);
      return structuredClone(campaign);
    }

    async updateCampaign(id: string, patch: CampaignPatch) {
      this.campaignCalls.push(['update', id, structuredClone(patch)]);
      Object.assign(this.#campaign(id), structuredClone(patch));
      return structuredClone(this.#campaign(id));
    }
  };
}
