import { extensionPoint } from '../features/extension-point.js';
import type { UseFeature } from '../features/feature-instances.js';
import type { OutgoingEmail } from './mailer.js';

/**
 * Where a conversation's email to its customer goes out instead of the relay's own mailer: a team's mailbox
 * (issue #84), whose SMTP server sends its replies from its own address. Its `send` resolves once that server
 * accepted the email, and rejects with a {@link MailerError} (no secret in its message; `permanent` for a 5xx).
 */
export interface MailTransport {
  /** The `From` address (and the domain of the `Message-ID` and thread ids). */
  readonly address: string;
  /** The `From` name; the site's name without it. */
  readonly name: string | null;
  send(email: OutgoingEmail, signal?: AbortSignal): Promise<void>;
}

/** A feature's transports: asked for each conversation's email to its customer, in the feature list's order. */
export interface MailTransportSource {
  readonly name: string;
  /** The transport of a conversation that came through one of this feature's addresses, or `undefined`. */
  transportFor(
    conversation: { readonly siteId: string; readonly channel: string; readonly channelAddress: string | null },
    use: UseFeature,
  ): Promise<MailTransport | undefined>;
}

/** The email feature's point `email.transports`: other ways out for a conversation's replies (a team's mailbox). */
export const mailTransports = extensionPoint<MailTransportSource>('email.transports');
