import * as z from 'zod/mini';
import { configSection } from '../features/config-section.js';
import { defineFeature } from '../features/feature.js';
import { messagingProviders } from '../messaging/public.js';
import { WHATSAPP_API_URL, WhatsAppApi } from './whatsapp-api.js';
import { WHATSAPP_MIGRATIONS } from './whatsapp-migrations.js';
import { whatsappProvider } from './whatsapp-provider.js';
import { whatsappRoutes, whatsappTag } from './whatsapp-routes.js';
import { WhatsAppTemplates } from './whatsapp-templates.js';
import { WhatsApp } from './whatsapp.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    whatsapp: WhatsApp;
  }
}

/** Where the relay reaches Meta's Graph API. */
export const whatsappConfig = configSection({
  /**
   * The Graph API's address with its version, `https://graph.facebook.com/v21.0` by default: another only for tests
   * and for operators who pin a newer version. The access token goes in a header, never in an address.
   */
  whatsappApiUrl: {
    env: 'PARLEY_WHATSAPP_API_URL',
    kind: 'string',
    schema: z._default(
      z.url().check(z.regex(/^https?:\/\/[^/?#]+(\/v\d+\.\d+)?$/, 'an origin, with a version path at most')),
      WHATSAPP_API_URL,
    ),
  },
});

/**
 * WhatsApp Business (Meta's Cloud API; issue #84, docs/channels.md, "WhatsApp"): a messaging provider. A number is
 * connected by its ids, an access token and the app's secret; its customers' messages come to the messaging
 * feature's webhook, signed; staff replies go back within the 24-hour window, approved templates after it.
 */
export const whatsappFeature = defineFeature({
  name: 'whatsapp',
  requires: ['messaging'],
  config: whatsappConfig,
  migrations: WHATSAPP_MIGRATIONS,
  adminRoutes: whatsappRoutes,
  apiTag: {
    name: whatsappTag,
    description:
      'WhatsApp conversations (docs/channels.md, “WhatsApp”): the 24-hour customer-service window and the number’s approved templates.',
  },
  erasure: { conversations: [{ table: 'whatsapp_template_sends' }] },
  contributes: [messagingProviders.with(whatsappProvider)],
  create: ({ config, db, options }) => {
    const api = new WhatsAppApi(config.whatsappApiUrl);
    const now = options.clock ?? Date.now;
    return { instance: new WhatsApp({ api, templates: new WhatsAppTemplates(api, now), db, now }) };
  },
});
