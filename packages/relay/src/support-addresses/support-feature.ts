import { defineFeature } from '../features/feature.js';
import { configSection } from '../features/config-section.js';
import * as z from 'zod/mini';
import { SUPPORT_MIGRATIONS, SupportAddresses } from './support-addresses.js';
import { SupportInbox, type SupportMail } from './support-inbox.js';
import { supportRoutes } from './support-routes.js';
import { emailConversationRoutes } from './email-conversation-routes.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    support: SupportMail;
  }
}

const quota = z.int().check(z.gte(0), z.lte(1_000_000));

/** The quotas of conversations opened by email. */
export const supportConfig = configSection({
  /** New conversations one sender may open by email per hour, on each relay; 0: no limit. */
  emailConversationsPerSenderPerHour: {
    env: 'PARLEY_EMAIL_CONVERSATIONS_PER_SENDER_PER_HOUR',
    kind: 'int',
    schema: z._default(quota, 10),
  },
  /** New conversations one support address may take per minute, on each relay; 0: no limit. */
  emailConversationsPerAddressPerMinute: {
    env: 'PARLEY_EMAIL_CONVERSATIONS_PER_ADDRESS_PER_MINUTE',
    kind: 'int',
    schema: z._default(quota, 60),
  },
});

/**
 * Support addresses (issue #38, docs/email.md "A support address"): a site's addresses, set in the inbox, whose mail
 * opens conversations. The mail itself comes in through the inbound feature's SMTP listener or webhook.
 */
export const supportFeature = defineFeature({
  name: 'support',
  // Its mail comes in only through the inbound feature: without it, no address of its would ever be written to.
  requires: ['inbound'],
  config: supportConfig,
  migrations: SUPPORT_MIGRATIONS,
  // Setting the addresses is a setting of the site's; reading them is every member's (see the routes).
  permission: 'settings.manage',
  // Its addresses, and the email conversations staff start from them or from a team's mailbox.
  adminRoutes: [...supportRoutes, ...emailConversationRoutes],
  create: ({ core, admin, db, config, options, use }) => {
    const now = options.emailClock ?? Date.now;
    const instance: SupportMail = {
      addresses: new SupportAddresses(db, now),
      inbox: new SupportInbox({
        core,
        admin,
        now,
        files: () => use('attachments'),
        quotas: {
          perSenderPerHour: config.emailConversationsPerSenderPerHour,
          perAddressPerMinute: config.emailConversationsPerAddressPerMinute,
        },
      }),
    };
    return { instance };
  },
});
