import { VIEW_CHANNELS } from '@parley/protocol/admin';
import { replyDeliveries } from '../admin/public.js';
import { defineFeature } from '../features/feature.js';
import { mergeContactData } from '../merge/public.js';
import { LogConsumer } from '../message-log/log-consumer.js';
import { SecretSealer } from '../store/secret-sealer.js';
import { MessagingChannels } from './messaging-channels.js';
import { MessagingInbox } from './messaging-inbox.js';
import { messagingMergeData } from './messaging-merge-data.js';
import { MESSAGING_MIGRATIONS } from './messaging-migrations.js';
import { MessagingProfiles } from './messaging-profiles.js';
import { messagingProviders, type MessagingProvider } from './messaging-provider.js';
import { ReplyWindows } from './messaging-reply-window.js';
import { loadProviderHttp } from './provider-http.js';
import { MessagingReplies } from './messaging-replies.js';
import { messagingReplyDeliveries } from './messaging-reply-deliveries.js';
import { messagingRoutes, messagingTag } from './messaging-routes.js';
import { registerMessagingWebhooks, webhookPath } from './messaging-webhook.js';
import { Messaging } from './messaging.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    messaging: Messaging;
  }
}

/**
 * Messaging channels (issue #84, docs/channels.md): the host of native channels. Each provider (Telegram, WhatsApp…)
 * is a feature of its own folder contributing to `messaging.providers`; this feature keeps their channels, takes
 * their webhooks (refused before any work when not the provider's), files customers' messages into conversations
 * (contacts by handle, each provider message once) and sends staff replies back through the outbox, to the handle
 * each conversation is with.
 */
export const messagingFeature = defineFeature({
  name: 'messaging',
  points: [messagingProviders],
  // Its replies' deliveries, failed ones with the provider's reason, marked in the thread; a merge of contacts carries
  // the absorbed contact's handles (its undo puts them back).
  contributes: [replyDeliveries.with(messagingReplyDeliveries), mergeContactData.with(messagingMergeData)],
  migrations: MESSAGING_MIGRATIONS,
  adminRoutes: messagingRoutes,
  // A channel, like an API channel or a webhook endpoint, receives the site's replies.
  permission: 'webhooks.manage',
  apiTag: {
    name: messagingTag,
    description:
      'Native messaging channels (docs/channels.md): a Telegram bot, a Twilio number (SMS), a WhatsApp Business number, a Facebook Page (Messenger) or an Instagram professional account connected by its credentials; customers’ messages arrive at the provider’s webhook, staff replies go back through the provider, which may report them delivered or read.',
  },
  erasure: {
    conversations: [
      { table: 'messaging_inbound' },
      { table: 'messaging_replies' },
      { table: 'messaging_reply_parts' },
      { table: 'messaging_conversations' },
    ],
    contacts: [{ table: 'messaging_contacts' }],
  },
  create: ({ core, admin, db, dataKey, log, publicOrigin, use, options, contributions }) => {
    const providers = new Map<string, MessagingProvider>();
    for (const provider of contributions(messagingProviders)) {
      if (providers.has(provider.id)) throw new Error(`two messaging providers are named ${provider.id}`);
      // Its id is a channel to filter by beside the kinds (ADR 2026-11-30-channel-providers).
      if (!/^[a-z]{1,32}$/.test(provider.id) || (VIEW_CHANNELS as readonly string[]).includes(provider.id))
        throw new Error(
          `a messaging provider's id is lower-case letters and not ${VIEW_CHANNELS.join(', ')}: ${provider.id}`,
        );
      providers.set(provider.id, provider);
      // Its conversations' badge, views' and rules' channel, and exports name it (ADR 2026-11-30-channel-providers).
      admin.channelProviders.set(provider.id, provider.channelLabel ?? provider.label);
    }
    const channels = new MessagingChannels(db);
    const sealer = new SecretSealer(dataKey);
    const attachments = () => use('attachments');
    const inbox = new MessagingInbox({
      core,
      admin,
      db,
      attachments,
      use,
      jobsWritten: () => admin.outbox.nudge(),
      ...(options.clock ? { now: options.clock } : {}),
    });
    const replies = new MessagingReplies({
      db,
      channels,
      providers,
      sealer,
      log,
      attachments,
      use,
      baseUrl: () => publicOrigin.href,
      webhookUrl: (channel) => `${publicOrigin.href}${webhookPath(channel.provider, channel.id)}`,
      jobsWritten: () => admin.outbox.nudge(),
      ...(options.clock ? { now: options.clock } : {}),
    });
    const consumer = new LogConsumer({
      name: 'messaging',
      db,
      log,
      handle: (batch) => replies.handle(batch),
      // Without any channel, the log is not read: its cursor keeps to the end.
      wanted: () => channels.anyKnown,
    });
    const messaging = new Messaging({
      providers,
      channels,
      inbox,
      replies,
      sealer,
      consumer,
      log,
      use,
      baseUrl: () => publicOrigin.href,
      ...(options.clock ? { now: options.clock } : {}),
    });
    const profiles = new MessagingProfiles({ db, channels, providers, sealer, log, use });
    const windows = new ReplyWindows({ db, channels, providers, sealer, log, use });
    let refresh: NodeJS.Timeout | undefined;
    return {
      instance: messaging,
      // A staff reply a channel's provider would not deliver now (WhatsApp's 24-hour window) is refused, not stored.
      hooks: { screenMessage: (message) => windows.screen(message) },
      handlers: [replies.handler, profiles.handler],
      // The visitor panel shows, with the contact, each channel that reached them and their handle there.
      contactReach: (siteId, contactIds) => channels.reach(siteId, contactIds),
      // A contact's export (an access request) says where the site's channels reach them.
      contactExport: async (siteId, contactId) => ({ reach: await channels.exported(siteId, contactId) }),
      logConsumers: [consumer],
      http: (app) =>
        registerMessagingWebhooks(app, {
          providers,
          channels,
          inbox,
          replies,
          sealer,
          log,
          baseUrl: () => publicOrigin.href,
        }),
      // Whether there is any channel, read again every second: one made on another relay is seen within a second.
      start: async () => {
        await channels.refreshAny();
        refresh = setInterval(
          () =>
            void channels
              .refreshAny()
              .catch((error: unknown) => log.warn('messaging: read failed', { error: String(error) })),
          1000,
        );
        refresh.unref();
      },
      // undici, which downloads customers' files from the providers, loaded before the first file needs it.
      preload: loadProviderHttp,
      stop: () => clearInterval(refresh),
    };
  },
});
