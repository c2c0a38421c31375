import { defineFeature } from '../features/feature.js';
import { registerInboundEmail } from './inbound-email-http.js';
import { emailConfig } from '../email/public.js';
import { InboundReplies } from './inbound-replies.js';
import { inboundEmailPaths, inboundSecretScheme } from './inbound-email-openapi.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    inbound: InboundReplies;
  }
}

/**
 * Replies by email (docs/email.md): with `PARLEY_INBOUND_DOMAIN`, mail to a conversation's reply address comes in
 * through the SMTP listener or a provider's webhook (`POST /v1/inbound/email`, with `PARLEY_INBOUND_SECRET`).
 */
export const inboundEmailFeature = defineFeature({
  name: 'inbound',
  apiPaths: inboundEmailPaths,
  apiSecuritySchemes: { inboundSecret: inboundSecretScheme },
  config: emailConfig,
  create: ({ core, admin, config, relaySecret, use }) => {
    // Without a domain the relay takes no mail of its own (no listener, no webhook); a team's mailbox fetched over
    // IMAP (the mailboxes feature) still goes through this path.
    const domain = config.inboundDomain || undefined;
    const inbound = new InboundReplies({
      core,
      admin,
      relaySecret,
      domain,
      originals: use('originals'),
      hiddenKinds: (siteId) => use('safety')?.hiddenKinds(siteId) ?? [],
      smtp:
        domain === undefined || config.inboundSmtpPort === undefined
          ? undefined
          : { host: config.inboundSmtpHost, port: config.inboundSmtpPort },
      support: () => use('support'),
      files: () => use('attachments'),
      webhook: domain !== undefined && config.inboundSecret !== undefined,
    });
    const secret = domain === undefined ? undefined : config.inboundSecret;
    return {
      instance: inbound,
      ...(secret
        ? {
            http: (app) => registerInboundEmail(app, inbound, { secret, trustProxy: config.trustProxy, log: core.log }),
          }
        : {}),
      listening: () => inbound.start(),
      // No more mail is taken; replies being stored are waited for with the other appends (the server's close).
      stop: () => inbound.close(),
    };
  },
});
