import { ApiChannelCreate, maxApiChannels, type ApiChannel, type ApiChannelCreated } from '@parley/protocol/admin';
import { randomId, randomToken } from '../auth/tokens.js';
import { ApiError, parseBody } from '../http/admin-http.js';
import { audit, type AdminRoute, type Call } from '../http/admin-routes/admin-route.js';
import { checkWebhookUrl } from '../webhooks/webhook-address.js';
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

/** A new channel token: `pac_` and 32 random bytes. Only its SHA-256 is stored. */
const newToken = (): string => randomToken('pac', 32);

/** A site's API channels (docs/api-channel.md): admins make, list, re-key and delete them. */
export const apiChannelRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/api-channels',
    permission: 'webhooks.manage',
    run: async (call) => ({
      status: 200,
      body: { items: (await channelsOf(call).channels.list(call.site.id)).map(apiChannelJson) },
    }),
  },
  {
    method: 'POST',
    path: '/v1/admin/api-channels',
    permission: 'webhooks.manage',
    requestBody: ApiChannelCreate,
    run: async (call) => {
      const body = await parseBody(call.request, ApiChannelCreate);
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
  },
  {
    method: 'POST',
    path: '/v1/admin/api-channels/{id}/token',
    permission: 'webhooks.manage',
    run: async (call) => {
      await call.request.body;
      const token = newToken();
      if (!(await channelsOf(call).channels.rotate(call.site.id, call.params.id!, token)))
        throw new ApiError('not_found', 'No such API channel on this site.');
      await audit(call, 'api-channel.rotate-token', 'api-channel', call.params.id!);
      return { status: 200, body: { token } };
    },
  },
  {
    method: 'DELETE',
    path: '/v1/admin/api-channels/{id}',
    permission: 'webhooks.manage',
    run: async (call) => {
      await call.request.body;
      if (!(await channelsOf(call).channels.delete(call.site.id, call.params.id!)))
        throw new ApiError('not_found', 'No such API channel on this site.');
      await audit(call, 'api-channel.delete', 'api-channel', call.params.id!);
      return { status: 204 };
    },
  },
];
