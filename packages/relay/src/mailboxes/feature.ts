import * as z from 'zod/mini';
import { configSection } from '../features/config-section.js';
import { defineFeature } from '../features/feature.js';
import { mailTransports, relayMark } from '../email/public.js';
import { maxInboundEmailBytes } from '../inbound-email/public.js';
import { SecretSealer } from '../store/secret-sealer.js';
import { checkSmtp, MailboxConnectError, openImap, type ServerLogin } from './mailbox-connect.js';
import { MailboxReader } from './mailbox-reader.js';
import { mailboxRoutes } from './mailbox-routes.js';
import { mailboxTransports } from './mailbox-transport.js';
import { MAILBOX_MIGRATIONS, Mailboxes } from './mailboxes.js';
import type { MailboxesFeature } from './mailboxes-feature.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    mailboxes: MailboxesFeature;
  }
}

/** How the relay reaches a team's mailboxes. */
export const mailboxesConfig = configSection({
  /** Seconds between reads of a mailbox besides IDLE (servers without IDLE; the lease's heartbeat). */
  mailboxPollS: {
    env: 'PARLEY_MAILBOX_POLL_S',
    kind: 'int',
    schema: z._default(z.int().check(z.gte(1), z.lte(3600)), 60),
  },
  /** Mail servers on loopback and private addresses may be reached (a server on the relay's own network; tests). */
  mailboxAllowPrivate: { env: 'PARLEY_MAILBOX_ALLOW_PRIVATE', kind: 'bool', schema: z._default(z.boolean(), false) },
});

/**
 * A team's own mailboxes (issue #84, docs/email.md "Your own mailbox (IMAP)"): for a team that cannot point its MX
 * at the relay. The relay reads each mailbox's INBOX over IMAP (one relay at a time, by lease) and hands every new
 * message to the inbound path as mail to a support address, so it opens or continues conversations exactly as
 * such mail does; replies in those conversations go out through the mailbox's SMTP (the email feature's point
 * `email.transports`).
 */
export const mailboxesFeature = defineFeature({
  name: 'mailboxes',
  // Its mail goes through the inbound path, and opens conversations as the support addresses' does.
  requires: ['inbound', 'support'],
  config: mailboxesConfig,
  migrations: MAILBOX_MIGRATIONS,
  permission: 'settings.manage',
  adminRoutes: mailboxRoutes,
  contributes: [mailTransports.with(mailboxTransports)],
  create: ({ db, dataKey, log, config, relaySecret, use, options }) => {
    const mailboxes = new Mailboxes(db);
    const sealer = new SecretSealer(dataKey, 'parley mailbox seal v1');
    const allowPrivate = config.mailboxAllowPrivate;
    const reader = new MailboxReader({
      mailboxes,
      sealer,
      log,
      allowPrivate,
      pollMs: config.mailboxPollS * 1000,
      maxBytes: maxInboundEmailBytes,
      ...(options.clock ? { now: options.clock } : {}),
      receive: async (raw, mailbox) => {
        const inbound = use('inbound');
        if (!inbound) return { status: 'unavailable', detail: 'The inbound path is not running.' };
        return inbound.receiveRaw(raw, 'imap', [mailbox.address], {
          siteId: mailbox.siteId,
          address: mailbox.address,
          name: mailbox.name,
        });
      },
    });
    const instance: MailboxesFeature = {
      mailboxes,
      reader,
      sealer,
      sending: { sealer, allowPrivate, relayMark: relayMark(relaySecret) },
      check: async (imap: ServerLogin, smtp: ServerLogin) => {
        try {
          const client = await openImap(imap, allowPrivate);
          await client.logout().catch(() => client.close());
          await checkSmtp(smtp, allowPrivate);
          return undefined;
        } catch (error) {
          if (error instanceof MailboxConnectError) return error.message;
          throw error;
        }
      },
    };
    return {
      instance,
      listening: async () => reader.start(),
      stop: () => reader.stop(),
    };
  },
});
