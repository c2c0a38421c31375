import * as z from 'zod/mini';
import { configSection } from '../features/config-section.js';
import { defineFeature } from '../features/feature.js';
import { messagingProviders } from '../messaging/public.js';
import { TWILIO_API_URL, TwilioApi } from './twilio-api.js';
import { twilioProvider } from './twilio-provider.js';

/** What the Twilio feature offers its provider (`use('twilio')`). */
export interface TwilioFeature {
  /** The REST API's client, on `PARLEY_TWILIO_API_URL`. */
  readonly api: TwilioApi;
}

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    twilio: TwilioFeature;
  }
}

/** Where the relay reaches Twilio's REST API. */
export const twilioConfig = configSection({
  /**
   * Twilio's REST API origin, `https://api.twilio.com` by default: another only for tests and for operators who go
   * through a proxy of their own. An MMS's media is downloaded with the account's keys only from this origin.
   */
  twilioApiUrl: {
    env: 'PARLEY_TWILIO_API_URL',
    kind: 'string',
    schema: z._default(z.url().check(z.regex(/^https?:\/\/[^/?#]+$/, 'an origin, without a path')), TWILIO_API_URL),
  },
});

/**
 * SMS and MMS through Twilio (issue #84, docs/channels.md, "SMS (Twilio)"): a messaging provider. A number is
 * connected by the account's keys; its customers' texts come to the messaging feature's webhook, signed by Twilio;
 * staff replies go back through Twilio's Messages API, and its status callbacks say whether they arrived.
 */
export const twilioFeature = defineFeature({
  name: 'twilio',
  requires: ['messaging'],
  config: twilioConfig,
  contributes: [messagingProviders.with(twilioProvider)],
  create: ({ config }) => ({ instance: { api: new TwilioApi(config.twilioApiUrl) } }),
});
