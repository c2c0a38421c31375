import type { SecretSealer } from '../store/secret-sealer.js';
import type { ServerLogin } from './mailbox-connect.js';
import type { MailboxReader } from './mailbox-reader.js';
import type { MailboxSending } from './mailbox-transport.js';
import type { Mailboxes } from './mailboxes.js';

/** The mailboxes feature's running part (`use('mailboxes')`). */
export interface MailboxesFeature {
  readonly mailboxes: Mailboxes;
  readonly reader: MailboxReader;
  readonly sealer: SecretSealer;
  readonly sending: MailboxSending;
  /** Logs in to both servers; what failed, in words for the admin, or `undefined` when both work. */
  check(imap: ServerLogin, smtp: ServerLogin): Promise<string | undefined>;
}
