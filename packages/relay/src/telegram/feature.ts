import * as z from 'zod/mini';
import { configSection } from '../features/config-section.js';
import { defineFeature } from '../features/feature.js';
import { messagingProviders } from '../messaging/public.js';
import { TELEGRAM_API_URL, TelegramApi } from './telegram-api.js';
import { telegramProvider } from './telegram-provider.js';

/** What the Telegram feature offers its provider (`use('telegram')`). */
export interface TelegramFeature {
  /** The Bot API's client, on `PARLEY_TELEGRAM_API_URL`. */
  readonly api: TelegramApi;
}

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    telegram: TelegramFeature;
  }
}

/** Where the relay reaches the Bot API. */
export const telegramConfig = configSection({
  /**
   * The Bot API's origin, `https://api.telegram.org` by default: another only for tests and for operators who run
   * their own Bot API server. The bot's token goes in its paths, as Telegram requires; never in a log line.
   */
  telegramApiUrl: {
    env: 'PARLEY_TELEGRAM_API_URL',
    kind: 'string',
    schema: z._default(z.url().check(z.regex(/^https?:\/\/[^/?#]+$/, 'an origin, without a path')), TELEGRAM_API_URL),
  },
});

/**
 * Telegram (issue #84, docs/channels.md, "Telegram"): a messaging provider. A bot is connected by its token; its
 * customers' messages come to the messaging feature's webhook, staff replies go back through the Bot API.
 */
export const telegramFeature = defineFeature({
  name: 'telegram',
  requires: ['messaging'],
  config: telegramConfig,
  contributes: [messagingProviders.with(telegramProvider)],
  create: ({ config }) => ({ instance: { api: new TelegramApi(config.telegramApiUrl) } }),
});
