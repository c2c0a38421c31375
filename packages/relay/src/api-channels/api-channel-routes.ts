import {
  ApiChannelCreate,
  ApiChannelCreated,
  ApiChannelList,
  ApiChannelToken,
  maxApiChannels,
  type ApiChannel,
} from '@parley/protocol/admin';
import { randomId, randomToken } from '../auth/tokens.js';
import { ApiError } from '../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';
import { checkWebhookUrl } from '../outbound/address-guard.js';
import type { ApiChannelsFeature } from './api-channels-feature.js';
import type { ApiChannelRecord } from './api-channels.js';

function channelsOf(call: Call): ApiChannelsFeature {
  const feature = call.use('api-channels');
  if (!feature) throw new ApiError('not_found', 'API channels are not part of this relay.');
  return feature;
}

/** A channel as the API shows it: never its token nor its secret. */
export function apiChannelJson(channel: ApiChannelRecord): ApiChannel {
  const { id, name, webhookUrl, createdAt, tokenRotatedAt } = channel;
  return { id, name, webhookUrl, createdAt, tokenRotatedAt };
}

/** The API document's tag of the channels' routes (and of the channel's own, `api-channel-openapi.ts`). */
export const apiChannelsTag = 'api channels';

/** A new channel token: `pac_` and 32 random bytes. Only its SHA-256 is stored. */
const newToken = (): string => randomToken('pac', 32);

/** A site's API channels (docs/api-channel.md): admins make, list, re-key and delete them. */
export const apiChannelRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/api-channels',
    doc: {
      summary: 'The site’s API channels',
      description: 'Oldest first; never a token or a signing secret.',
      tag: apiChannelsTag,
      responses: ok('The channels.', ApiChannelList),
    },
    run: async (call) => ({
      status: 200,
      body: { items: (await channelsOf(call).channels.list(call.site.id)).map(apiChannelJson) },
    }),
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/api-channels',
    requestBody: ApiChannelCreate,
    doc: {
      summary: 'Make an API channel',
      description:
        'A bridge (SMS, WhatsApp, an app) posts its contacts’ messages to `POST /v1/channels/api/messages` with the channel’s token, and receives staff replies at `webhookUrl`, signed with the channel’s secret (docs/api-channel.md). The token and the secret are in this answer only: the relay keeps the token’s hash and the secret sealed. At most 20 per site (409).',
      tag: apiChannelsTag,
      conflict: true,
      responses: ok('Made.', ApiChannelCreated, '201'),
    },
    run: async (call) => {
      const body = call.body;
      const feature = channelsOf(call);
      const checked = checkWebhookUrl(body.webhookUrl, feature.allowPrivate);
      if ('error' in checked) throw new ApiError('bad_request', `Invalid body.webhookUrl: ${checked.error}.`);
      if ((await feature.channels.list(call.site.id)).length >= maxApiChannels)
        throw new ApiError('conflict', `A site may have ${maxApiChannels} API channels at most.`);
      const token = newToken();
      const secret = randomToken('whsec', 32);
      const created = await feature.channels.create(
        {
          id: randomId('ach'),
          siteId: call.site.id,
          name: body.name,
          webhookUrl: checked.url,
          secretSealed: feature.sealer.seal(secret),
          createdAt: call.now,
        },
        token,
      );
      await audit(call, 'api-channel.create', 'api-channel', created.id, { name: created.name, url: checked.url });
      const answer: ApiChannelCreated = { ...apiChannelJson(created), token, secret };
      return { status: 201, body: answer };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/api-channels/{id}/token',
    resource: 'API channel',
    doc: {
      summary: 'Replace an API channel’s token',
      description:
        'The old token stops working at once on this relay (within 5 s on others); the new one is in this answer only.',
      tag: apiChannelsTag,
      responses: ok('The new token.', ApiChannelToken),
    },
    run: async (call) => {
      await call.request.body;
      const token = newToken();
      if (!(await channelsOf(call).channels.rotate(call.site.id, call.params.id!, token)))
        throw new ApiError('not_found', 'No such API channel on this site.');
      await audit(call, 'api-channel.rotate-token', 'api-channel', call.params.id!);
      return { status: 200, body: { token } };
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/api-channels/{id}',
    resource: 'API channel',
    doc: {
      summary: 'Delete an API channel',
      description: 'Its token stops working and its pending replies are skipped; its conversations stay in the inbox.',
      tag: apiChannelsTag,
      responses: { '204': { description: 'Deleted.' } },
    },
    run: async (call) => {
      await call.request.body;
      if (!(await channelsOf(call).channels.delete(call.site.id, call.params.id!)))
        throw new ApiError('not_found', 'No such API channel on this site.');
      await audit(call, 'api-channel.delete', 'api-channel', call.params.id!);
      return { status: 204 };
    },
  }),
];
