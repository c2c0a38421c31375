import { memberPermissions } from '../roles/public.js';
import { transcriptFrame } from './transcript-frame.js';
import { visitorEmailFrame } from './visitor-email-frame.js';
import { defineFeature } from '../features/feature.js';
import * as emailQueries from './email-queries.js';
import { notificationRoutes } from './notification-routes.js';
import { registerVisitorLink } from './visitor-link-http.js';
import { loadDkim } from './dkim.js';
import { emailConfig } from './email-config.js';
import { EmailFeature } from './email-feature.js';
import { EMAIL_MIGRATIONS } from './email-migrations.js';
import { ruleActions } from '../rules/public.js';
import { transcriptRuleAction } from './transcript-rule-action.js';
import { visitorPaths } from './visitor-link-openapi.js';
import { mailTransports } from './mail-transports.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    email: EmailFeature;
  }
}

/** Email (docs/email.md): replies and transcripts to visitors, notifications to staff; off without SMTP. */
export const emailFeature = defineFeature({
  name: 'email',
  repositories: { email: emailQueries },
  // The visitor link is served by its own handler, not the admin API: the document describes it from here.
  apiPaths: visitorPaths,
  migrations: EMAIL_MIGRATIONS,
  // How far replies were emailed, links back into the conversation.
  erasure: { conversations: [{ table: 'email_threads' }, { table: 'email_links' }] },
  config: emailConfig,
  adminRoutes: notificationRoutes,
  // Rules and macros may email a conversation's transcript.
  contributes: [ruleActions.with(transcriptRuleAction)],
  // Other ways out of a conversation's emails than the relay's mailer (a team's own mailbox, issue #84).
  points: [mailTransports],
  create: ({ admin, config, relaySecret, publicOrigin, options, log, db, use, contributions }) => {
    const transports = contributions(mailTransports);
    const email = new EmailFeature({
      admin,
      smtpUrl: config.smtpUrl,
      emailFrom: config.emailFrom,
      dkim: loadDkim(config),
      replyDelayS: config.emailReplyDelayS,
      channelReplyDelayS: config.emailChannelReplyDelayS,
      inboundDomain: config.inboundDomain,
      relaySecret,
      publicUrl: () => publicOrigin.forEmail,
      db,
      log,
      supportAddress: async (address) => use('support')?.addresses.find(address),
      permissionsOf: memberPermissions(() => use('roles')),
      ...(transports.length > 0
        ? {
            transportFor: async (record) => {
              for (const source of transports) {
                const found = await source.transportFor(record, use);
                if (found) return found;
              }
              return undefined;
            },
          }
        : {}),
      ...(options.emailNotifyBatchMs !== undefined ? { notifyBatchMs: options.emailNotifyBatchMs } : {}),
      ...(options.emailClock ? { now: options.emailClock } : {}),
    });
    return {
      instance: email,
      hooks: email,
      handlers: email.handlers(),
      // A visitor's `transcript` and `email` frames.
      frames: [transcriptFrame(email), visitorEmailFrame(email)],
      ...(email.consumer ? { logConsumers: [email.consumer] } : {}),
      http: (app) => registerVisitorLink(app, email, { trustProxy: config.trustProxy }),
      preload: async () => email.mailer?.load(),
      listening: async () => {
        await email.start();
        if (email.enabled)
          log.info('email: on', {
            from: config.emailFrom,
            replyDelayS: config.emailReplyDelayS,
            // Where the public key must be published; the key itself is never logged.
            dkim: config.dkimDomain ? `${config.dkimSelector}._domainkey.${config.dkimDomain}` : 'off',
          });
        else
          log.info(
            transports.length > 0
              ? 'email: no PARLEY_SMTP_URL: the relay sends no email of its own (the widget promises none); a team’s mailbox still answers its conversations'
              : 'email: off (no PARLEY_SMTP_URL): no email is sent to visitors or staff, and the widget promises none',
          );
      },
      close: () => email.close(),
    };
  },
});
