import { configSection } from '../features/config-section.js';
import { defineFeature } from '../features/feature.js';
import { GraphApi, graphApiUrlKey, messagingProviders } from '../messaging/public.js';
import { MessengerPlatform } from '../messenger/public.js';
import { instagramProvider } from './instagram-provider.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    instagram: MessengerPlatform;
  }
}

/** Where the relay reaches Meta's Graph API for Instagram's messages. */
export const instagramConfig = configSection({
  /** The Graph API's address with its version; the Page's token goes in a header, never in an address. */
  instagramApiUrl: graphApiUrlKey('PARLEY_INSTAGRAM_API_URL'),
});

/**
 * Instagram direct messages (issue #84, docs/channels.md, "Instagram"): a messaging provider on the Messenger API for
 * Instagram. A professional account is connected through its Facebook Page; its customers' messages come to the
 * messaging feature's webhook, signed; staff texts and images go back within 24 hours, and with the Human Agent tag
 * for 7 days. Its webhook events and Send API are Messenger's, so it costs a folder of two files.
 */
export const instagramFeature = defineFeature({
  name: 'instagram',
  requires: ['messaging'],
  config: instagramConfig,
  contributes: [messagingProviders.with(instagramProvider)],
  create: ({ config, db, options }) => ({
    instance: new MessengerPlatform({
      api: new GraphApi(config.instagramApiUrl, 'Instagram'),
      db,
      label: 'Instagram',
      // The Messenger API for Instagram takes a file by its address only: images (their expiring public address).
      uploads: false,
      maxText: 1000,
      profileFields: 'name,username',
      ...(options.clock ? { now: options.clock } : {}),
    }),
  }),
});
