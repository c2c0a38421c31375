import {
  MessagingChannel,
  MessagingChannelCreate,
  MessagingChannelList,
  MessagingDeliveryList,
  MessagingProviderList,
  maxMessagingChannels,
} from '@parley/protocol/admin';
import { ApiError, check } from '../http/admin-http.js';
import {
  adminRoute,
  audit,
  conversationOr404,
  type AdminRoute,
  type Call,
} from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';
import type { Messaging } from './messaging.js';

function messagingOf(call: Call): Messaging {
  const feature = call.use('messaging');
  if (!feature) throw new ApiError('not_found', 'Messaging channels are not part of this relay.');
  return feature;
}

/** The API document's tag of the messaging channels' routes. */
export const messagingTag = 'messaging channels';

/**
 * A site's messaging channels (docs/channels.md): admins connect a provider's account (its credentials checked with
 * the provider on save, then never shown again), list and remove them.
 */
export const messagingRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/messaging-providers',
    doc: {
      summary: 'The messaging providers of this relay',
      description: 'Each with what connecting a channel of it asks (its credentials’ fields) and how to set it up.',
      tag: messagingTag,
      responses: ok('The providers.', MessagingProviderList),
    },
    run: async (call) => ({
      status: 200,
      body: {
        items: [...messagingOf(call).providers.values()].map(({ id, label, setup, fields, webhookHint }) => ({
          id,
          label,
          setup,
          fields: fields.map((field) => ({ ...field })),
          ...(webhookHint !== undefined ? { webhookHint } : {}),
        })),
      },
    }),
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/messaging-channels',
    doc: {
      summary: 'The site’s messaging channels',
      description: 'Oldest first; never their credentials.',
      tag: messagingTag,
      responses: ok('The channels.', MessagingChannelList),
    },
    run: async (call) => {
      const messaging = messagingOf(call);
      const channels = await messaging.channels.list(call.site.id);
      return { status: 200, body: { items: channels.map((channel) => messaging.json(channel)) } };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/messaging-channels',
    requestBody: MessagingChannelCreate,
    doc: {
      summary: 'Connect a messaging channel',
      description:
        'The credentials are checked with the provider first (Telegram: `getMe`); a refusal answers 400 with the provider’s reason in words (“the token was refused by Telegram”) and stores nothing. The relay then points the provider’s webhook at itself (Telegram: `setWebhook` with a secret token of its own). The credentials are sealed at rest and never shown again. At most 20 per site (409).',
      tag: messagingTag,
      conflict: true,
      responses: ok('Connected.', MessagingChannel, '201'),
    },
    run: async (call) => {
      const body = call.body;
      const messaging = messagingOf(call);
      const provider = messaging.providers.get(body.provider);
      if (!provider)
        throw new ApiError(
          'bad_request',
          `Invalid body.provider: no provider ${body.provider} on this relay (${[...messaging.providers.keys()].join(', ') || 'none'}).`,
        );
      const credentials = check(provider.credentials, body.credentials, 'body.credentials');
      if ((await messaging.channels.list(call.site.id)).length >= maxMessagingChannels)
        throw new ApiError('conflict', `A site may have ${maxMessagingChannels} messaging channels at most.`);
      const result = await messaging.connect(call.site.id, provider, credentials, body.name);
      if (result.status === 'refused') throw new ApiError('bad_request', result.error);
      const { channel } = result;
      await audit(call, 'messaging-channel.create', 'messaging-channel', channel.id, {
        provider: channel.provider,
        account: channel.account,
      });
      return { status: 201, body: messaging.json(channel) };
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/messaging-channels/{id}',
    resource: 'messaging channel',
    doc: {
      summary: 'Remove a messaging channel',
      description:
        'The provider’s webhook is removed (Telegram: `deleteWebhook`), its pending replies are skipped; its conversations stay in the inbox.',
      tag: messagingTag,
      responses: { '204': { description: 'Removed.' } },
    },
    run: async (call) => {
      await call.request.body;
      if (!(await messagingOf(call).remove(call.site.id, call.params.id!)))
        throw new ApiError('not_found', 'No such messaging channel on this site.');
      await audit(call, 'messaging-channel.delete', 'messaging-channel', call.params.id!);
      return { status: 204 };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/conversations/{id}/messaging-deliveries',
    resource: 'conversation',
    permission: null,
    doc: {
      summary: 'How a conversation’s replies were delivered through its messaging channel',
      description:
        'Each staff reply sent through the channel’s provider: `queued` (being delivered, retried), `sent`, or `failed` with the provider’s reason (a customer who blocked the bot). Oldest first; empty for a conversation of no messaging channel.',
      tag: messagingTag,
      responses: ok('The deliveries.', MessagingDeliveryList),
    },
    run: async (call) => {
      const conversation = await conversationOr404(call);
      const items = await messagingOf(call).replies.deliveries(call.site.id, conversation.id);
      return { status: 200, body: { items } };
    },
  }),
];
