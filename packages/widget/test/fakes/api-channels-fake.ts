import { AdminApiError, type ApiChannel } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** API channels (`/api-channels`) of the fake admin API: tokens and secrets as the relay answers them, once. */
export function withApiChannels<B extends FakeBase>(Base: B) {
  return class extends Base {
    apiChannelList: ApiChannel[] = [];
    /** How many tokens were handed out (each new one differs). */
    apiChannelTokens = 0;

    #token(): string {
      return `pac_shown_once_${++this.apiChannelTokens}`;
    }

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /api-channels': async () => ({ items: this.apiChannelList.map((channel) => ({ ...channel })) }),
        'POST /api-channels': async (c) => {
          const body = c.body as { name: string; webhookUrl: string };
          if (!body.webhookUrl.startsWith('https://'))
            throw new AdminApiError('bad_request', 'Invalid body.webhookUrl: only https here.', 400);
          const channel: ApiChannel = {
            id: `ach_${this.apiChannelList.length + 1}`,
            name: body.name,
            webhookUrl: body.webhookUrl,
            createdAt: Date.now(),
            tokenRotatedAt: null,
          };
          this.apiChannelList.push(channel);
          return { ...channel, token: this.#token(), secret: 'whsec_channel_secret_0123456789' };
        },
        'POST /api-channels/{id}/token': async (c) => {
          const found = this.apiChannelList.find((channel) => channel.id === c.ref);
          if (!found) throw new AdminApiError('not_found', 'No such API channel on this site.', 404);
          found.tokenRotatedAt = Date.now();
          return { token: this.#token() };
        },
        'DELETE /api-channels/{id}': async (c) => {
          this.apiChannelList = this.apiChannelList.filter((channel) => channel.id !== c.ref);
        },
      } satisfies FakeRoutes);
    }
  };
}
