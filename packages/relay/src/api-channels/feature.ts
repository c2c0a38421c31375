import * as z from 'zod/mini';
import { configSection } from '../features/config-section.js';
import { replyDeliveries } from '../admin/public.js';
import { defineFeature } from '../features/feature.js';
import { mergeContactData } from '../merge/public.js';
import { LogConsumer } from '../message-log/log-consumer.js';
import { SecretSealer } from '../store/secret-sealer.js';
import { registerApiChannelFiles } from './api-channel-files.js';
import { registerApiChannelRoute } from './api-channel-http.js';
import { ApiChannelInbox } from './api-channel-inbox.js';
import { apiChannelMergeData } from './api-channel-merge-data.js';
import { apiChannelPaths, apiChannelTokenScheme, apiChannelWebhooks } from './api-channel-openapi.js';
import { ApiChannelReplies } from './api-channel-replies.js';
import { apiChannelReplyDeliveries } from './api-channel-reply-deliveries.js';
import { apiChannelRoutes } from './api-channel-routes.js';
import { API_CHANNEL_MIGRATIONS, ApiChannels } from './api-channels.js';
import type { ApiChannelsFeature } from './api-channels-feature.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    'api-channels': ApiChannelsFeature;
  }
}

/** The rate of API channels' inbound messages. */
export const apiChannelsConfig = configSection({
  /** Messages one API channel may post per minute, on each relay (a burst of as many); 0: no limit. */
  apiChannelMessagesPerMinute: {
    env: 'PARLEY_API_CHANNEL_MESSAGES_PER_MINUTE',
    kind: 'int',
    schema: z._default(z.int().check(z.gte(0), z.lte(1_000_000)), 600),
  },
});

/**
 * API channels (issue #38, docs/api-channel.md): a bridge (SMS, WhatsApp, an app) posts its contacts' messages with
 * a channel's token, and receives staff replies at the channel's webhook, signed, in order, from the message log.
 */
export const apiChannelsFeature = defineFeature({
  name: 'api-channels',
  config: apiChannelsConfig,
  migrations: API_CHANNEL_MIGRATIONS,
  // Its replies' deliveries, failed ones with the bridge's answer, marked in the thread; a merge of contacts carries
  // the absorbed contact's external ids (its undo puts them back).
  contributes: [replyDeliveries.with(apiChannelReplyDeliveries), mergeContactData.with(apiChannelMergeData)],
  adminRoutes: apiChannelRoutes,
  // A channel, like a webhook endpoint, receives the site's replies: managing channels takes the webhooks' permission.
  permission: 'webhooks.manage',
  apiPaths: apiChannelPaths,
  apiWebhooks: apiChannelWebhooks,
  apiSecuritySchemes: { apiChannelToken: apiChannelTokenScheme },
  erasure: {
    conversations: [
      { table: 'api_channel_inbound' },
      { table: 'api_channel_replies' },
      { table: 'api_channel_files' },
      { table: 'api_channel_conversations' },
    ],
    contacts: [{ table: 'api_channel_contacts' }],
  },
  create: ({ core, admin, db, dataKey, log, config, publicOrigin, use, options }) => {
    const channels = new ApiChannels(db);
    const sealer = new SecretSealer(dataKey);
    const inbox = new ApiChannelInbox({ core, admin, db, messagesPerMinute: config.apiChannelMessagesPerMinute });
    const replies = new ApiChannelReplies({
      db,
      channels,
      sealer,
      log,
      allowPrivate: config.webhookAllowPrivate,
      baseUrl: () => publicOrigin.href,
      ...(options.clock ? { now: options.clock } : {}),
      jobsWritten: () => admin.outbox.nudge(),
    });
    const consumer = new LogConsumer({
      name: 'api-channels',
      db,
      log,
      handle: (batch) => replies.handle(batch),
      // Without any channel, the log is not read: its cursor keeps to the end.
      wanted: () => channels.anyKnown,
    });
    let refresh: NodeJS.Timeout | undefined;
    const instance: ApiChannelsFeature = {
      channels,
      inbox,
      replies,
      sealer,
      allowPrivate: config.webhookAllowPrivate,
      consumer,
    };
    return {
      instance,
      handlers: [replies.handler],
      // The inbox shows, with the contact, the channel and their id there (`+15550001111`).
      contactReach: (siteId, contactIds) => channels.reach(siteId, contactIds),
      logConsumers: [consumer],
      http: (app) => {
        registerApiChannelRoute(app, { channels, inbox, trustProxy: config.trustProxy, log });
        registerApiChannelFiles(app, {
          channels,
          db,
          attachments: () => use('attachments'),
          log,
          ...(options.clock ? { now: options.clock } : {}),
        });
      },
      // Whether there is any channel, known before the log is first read and read again every second: a channel
      // made on another relay is seen within a second (one made or used here, at once).
      start: async () => {
        await channels.refreshAny();
        refresh = setInterval(
          () =>
            void channels
              .refreshAny()
              .catch((error: unknown) => log.warn('api channels: read failed', { error: String(error) })),
          1000,
        );
        refresh.unref();
      },
      stop: () => clearInterval(refresh),
    };
  },
});
