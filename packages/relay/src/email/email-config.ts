import * as z from 'zod/mini';
import { ConfigError, configSection, port, type SectionValues } from '../features/config-section.js';

/** The email feature's configuration: sending (SMTP) and replies by email (docs/email.md). */
export const emailConfig = configSection(
  {
    /**
     * Outgoing email (issue #16): an SMTP URL as nodemailer takes it, `smtp://user:pass@host:587` or `smtps://…`.
     * Without it the relay sends no email, says so at start-up and in `/healthz`, and the widget promises none.
     */
    smtpUrl: {
      env: 'PARLEY_SMTP_URL',
      kind: 'string',
      schema: z.optional(z.string().check(z.regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://'))),
    },
    /** The `From` of every email, e.g. `"Acme support" <support@acme.example>`. Needed with `smtpUrl`. */
    emailFrom: {
      env: 'PARLEY_EMAIL_FROM',
      kind: 'string',
      schema: z.optional(z.string().check(z.minLength(3), z.maxLength(320))),
    },
    /**
     * DKIM (issue #38): the domain outgoing email is signed for (`d=`), normally the `From` address's domain (DMARC
     * aligns on it). With {@link dkimSelector} and one of the private keys below; without it nothing is signed.
     */
    dkimDomain: {
      env: 'PARLEY_DKIM_DOMAIN',
      kind: 'string',
      schema: z.optional(z.string().check(z.regex(/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/, 'must be a domain'))),
    },
    /** DKIM: the selector (`s=`): the public key is published at `<selector>._domainkey.<domain>`. */
    dkimSelector: {
      env: 'PARLEY_DKIM_SELECTOR',
      kind: 'string',
      schema: z.optional(z.string().check(z.regex(/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/, 'must be a DNS label'))),
    },
    /** DKIM: a file holding the RSA private key (PEM). Read at start-up; never logged. */
    dkimPrivateKeyFile: { env: 'PARLEY_DKIM_PRIVATE_KEY_FILE', kind: 'string', schema: z.optional(z.string()) },
    /**
     * DKIM: the RSA private key itself (PEM; `\n` for line breaks is accepted), for platforms that hand secrets over
     * as variables. A secret: never logged, never quoted in an error. Use this or the file, not both.
     */
    dkimPrivateKey: { env: 'PARLEY_DKIM_PRIVATE_KEY', kind: 'string', schema: z.optional(z.string()) },
    /** Seconds a staff reply waits before it is emailed to a visitor who has not read it; replies within it make one email. */
    emailReplyDelayS: {
      env: 'PARLEY_EMAIL_REPLY_DELAY_S',
      kind: 'int',
      schema: z._default(z.int().check(z.gte(0), z.lte(86_400)), 120),
    },
    /**
     * Seconds a staff reply waits before it is emailed in a conversation that came by email (a support address):
     * there the email is the reply itself, not a reminder of one the customer missed in the chat.
     */
    emailChannelReplyDelayS: {
      env: 'PARLEY_EMAIL_CHANNEL_REPLY_DELAY_S',
      kind: 'int',
      schema: z._default(z.int().check(z.gte(0), z.lte(86_400)), 10),
    },
    /**
     * Replies by email: the domain of the per-conversation `Reply-To` addresses (`reply+…@<domain>`), whose mail
     * reaches the relay's SMTP listener or a provider's inbound-parse webhook. Without it emails carry no `Reply-To`.
     */
    inboundDomain: {
      env: 'PARLEY_INBOUND_DOMAIN',
      kind: 'string',
      schema: z.optional(z.string().check(z.regex(/^[A-Za-z0-9.-]+\.[A-Za-z0-9-]+$|^localhost$/, 'must be a domain'))),
    },
    /** Port of the built-in SMTP listener for replies by email; off when unset. */
    inboundSmtpPort: { env: 'PARLEY_INBOUND_SMTP_PORT', kind: 'int', schema: z.optional(port) },
    /** Address the SMTP listener binds. */
    inboundSmtpHost: { env: 'PARLEY_INBOUND_SMTP_HOST', kind: 'string', schema: z._default(z.string(), '0.0.0.0') },
    /** Shared secret a provider's inbound-parse webhook sends (`Authorization: Bearer …`); the endpoint is off without it. */
    inboundSecret: {
      env: 'PARLEY_INBOUND_SECRET',
      kind: 'string',
      schema: z.optional(z.string().check(z.minLength(16), z.maxLength(512))),
    },
  },
  (config) => {
    if (config.smtpUrl && !config.emailFrom) throw new ConfigError('PARLEY_SMTP_URL needs PARLEY_EMAIL_FROM.');
    // Replies are recognised by their address on the inbound domain: without it no mail could be taken.
    if (config.inboundSmtpPort !== undefined && !config.inboundDomain)
      throw new ConfigError('PARLEY_INBOUND_SMTP_PORT needs PARLEY_INBOUND_DOMAIN.');
    if (config.inboundSecret && !config.inboundDomain)
      throw new ConfigError('PARLEY_INBOUND_SECRET needs PARLEY_INBOUND_DOMAIN.');
    const dkimKeys = [config.dkimPrivateKeyFile, config.dkimPrivateKey].filter((key) => key !== undefined).length;
    const dkimAny = config.dkimDomain !== undefined || config.dkimSelector !== undefined || dkimKeys > 0;
    if (dkimAny && (config.dkimDomain === undefined || config.dkimSelector === undefined || dkimKeys === 0))
      throw new ConfigError(
        'DKIM needs PARLEY_DKIM_DOMAIN, PARLEY_DKIM_SELECTOR and PARLEY_DKIM_PRIVATE_KEY_FILE (or PARLEY_DKIM_PRIVATE_KEY).',
      );
    if (dkimKeys > 1) throw new ConfigError('Set PARLEY_DKIM_PRIVATE_KEY_FILE or PARLEY_DKIM_PRIVATE_KEY, not both.');
  },
);

export type EmailConfig = SectionValues<typeof emailConfig.keys>;
