import { configSection } from '../features/config-section.js';
import { defineFeature } from '../features/feature.js';
import { GraphApi, graphApiUrlKey, messagingProviders } from '../messaging/public.js';
import { messengerProvider } from './messenger-provider.js';
import { MessengerPlatform } from './messenger-platform.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    messenger: MessengerPlatform;
  }
}

/** Where the relay reaches Meta's Graph API for Messenger. */
export const messengerConfig = configSection({
  /** The Graph API's address with its version; the Page's token goes in a header, never in an address. */
  messengerApiUrl: graphApiUrlKey('PARLEY_MESSENGER_API_URL'),
});

/**
 * Facebook Messenger (issue #84, docs/channels.md, "Messenger"): a messaging provider. A Page is connected by its id,
 * a Page access token and the app's secret; its customers' messages come to the messaging feature's webhook,
 * signed; staff replies go back within 24 hours, and with the Human Agent tag for 7 days.
 */
export const messengerFeature = defineFeature({
  name: 'messenger',
  requires: ['messaging'],
  config: messengerConfig,
  contributes: [messagingProviders.with(messengerProvider)],
  create: ({ config, db, options }) => ({
    instance: new MessengerPlatform({
      api: new GraphApi(config.messengerApiUrl, 'Messenger'),
      db,
      label: 'Messenger',
      uploads: true,
      maxText: 2000,
      profileFields: 'first_name,last_name',
      ...(options.clock ? { now: options.clock } : {}),
    }),
  }),
});
