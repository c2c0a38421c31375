import { defineFeature } from '../features/feature.js';
import { EMAIL_ORIGINAL_MIGRATIONS } from './email-original-migrations.js';
import { emailOriginalRoutes } from './email-original-routes.js';
import { EmailOriginals } from './email-originals.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    originals: EmailOriginals;
  }
}

/**
 * The original of each reply by email (docs/email.md, "The original of a reply"): kept by the inbound feature as it
 * stores a reply (`use('originals')`: this feature comes before it in the list), read by the inbox's "Show
 * original". Its table goes with the conversation.
 */
export const emailOriginalFeature = defineFeature({
  name: 'originals',
  // Only the inbound feature records originals: without it, there would be none to show.
  requires: ['inbound'],
  migrations: EMAIL_ORIGINAL_MIGRATIONS,
  adminRoutes: emailOriginalRoutes,
  erasure: { conversations: [{ table: 'email_originals' }] },
  create: ({ db, log }) => ({ instance: new EmailOriginals({ db, log }) }),
});
