import type { Transporter } from 'nodemailer';
import {
  MailerError,
  RELAY_MARK_HEADER,
  type MailTransport,
  type MailTransportSource,
  type OutgoingEmail,
} from '../email/public.js';
import type { SecretSealer } from '../store/secret-sealer.js';
import { guardedAddress, smtpOptions, type Resolve, type ServerLogin } from './mailbox-connect.js';
import type { MailboxRecord } from './mailboxes.js';

/** What a mailbox's sending needs of the relay. */
export interface MailboxSending {
  readonly sealer: SecretSealer;
  readonly allowPrivate: boolean;
  /** The `X-Parley-Relay` mark, by which the relay knows its own mail coming back (a loop). */
  readonly relayMark: string;
  readonly resolve?: Resolve | undefined;
}

/**
 * A mailbox's SMTP server as the email feature's transport: the conversation's replies go out from the mailbox's
 * address, through its server, logged in as its user. The address is judged again at every send (the guard), and
 * an error's message holds the server's words with the password cut out; a 5xx answer is permanent.
 */
export function mailboxTransport(mailbox: MailboxRecord, sending: MailboxSending): MailTransport {
  const login: ServerLogin = { ...mailbox.smtp, password: sending.sealer.open(mailbox.smtp.passwordSealed) };
  return {
    address: mailbox.address,
    name: mailbox.name,
    async send(email: OutgoingEmail, signal?: AbortSignal): Promise<void> {
      signal?.throwIfAborted();
      const guarded = await guardedAddress(login.host, sending.allowPrivate, sending.resolve);
      if ('refused' in guarded) throw new MailerError(guarded.refused, true);
      const { default: nodemailer } = await import('nodemailer');
      const transport: Transporter = nodemailer.createTransport(smtpOptions(login, guarded.address));
      try {
        await transport.sendMail({
          from: { name: email.fromName ?? mailbox.name ?? '', address: mailbox.address },
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId: email.messageId,
          headers: {
            'Content-Language': email.language,
            [RELAY_MARK_HEADER]: sending.relayMark,
            ...email.headers,
          },
        });
      } catch (error) {
        let message = error instanceof Error ? error.message : String(error);
        for (const secret of [login.password, login.user].filter((s) => s.length >= 3))
          message = message.split(secret).join('***');
        const code = (error as { responseCode?: unknown }).responseCode;
        throw new MailerError(`mailbox SMTP: ${message}`, typeof code === 'number' && code >= 500 && code < 600);
      } finally {
        transport.close();
      }
    },
  };
}

/**
 * The mailboxes' contribution to the email feature's point `email.transports`: a conversation that came to a
 * mailbox (its channel address is the mailbox's) is answered through the mailbox's SMTP server.
 */
export const mailboxTransports: MailTransportSource = {
  name: 'mailboxes',
  async transportFor(conversation, use) {
    if (conversation.channel !== 'email' || conversation.channelAddress === null) return undefined;
    const feature = use('mailboxes');
    if (!feature) return undefined;
    const mailbox = await feature.mailboxes.byAddress(conversation.channelAddress);
    if (!mailbox || mailbox.siteId !== conversation.siteId) return undefined;
    return mailboxTransport(mailbox, feature.sending);
  },
};
