import type { Mailbox, MailboxCreate, MailboxUpdate } from '@parley/protocol/admin';
import { AdminApiError } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/**
 * A team's mailboxes (`/mailboxes`) of the fake admin API: the relay's check of both logins is played by
 * `mailboxRefusal` (the words a refused login comes back with); no password is ever answered.
 */
export function withMailboxes<B extends FakeBase>(Base: B) {
  return class extends Base {
    mailboxList: Mailbox[] = [];
    /** The bodies the page sent (passwords included: what the relay would seal). */
    mailboxBodies: MailboxCreate[] = [];
    /** The edits the page sent, by mailbox id. */
    mailboxEdits: Array<[string, MailboxUpdate]> = [];
    /** When set, connecting, editing a login and checking fail with these words, as the relay's check of a login does. */
    mailboxRefusal: string | undefined;

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /mailboxes': async () => ({ items: this.mailboxList.map((mailbox) => ({ ...mailbox })) }),
        'POST /mailboxes': async (c) => {
          const body = c.body as MailboxCreate;
          this.mailboxBodies.push(body);
          if (this.mailboxRefusal)
            throw new AdminApiError('bad_request', `The mailbox could not be connected: ${this.mailboxRefusal}.`, 400);
          const server = ({ host, port, tls, user }: MailboxCreate['imap']) => ({ host, port, tls, user });
          const mailbox: Mailbox = {
            id: `mbx_${this.mailboxList.length + 1}`,
            address: body.address.toLowerCase(),
            name: body.name ?? null,
            imap: server(body.imap),
            smtp: server(body.smtp),
            afterImport: body.afterImport ?? 'seen',
            moveTo: body.moveTo ?? null,
            lastError: null,
            checkedAt: Date.now(),
            createdAt: Date.now(),
          };
          this.mailboxList.push(mailbox);
          return { ...mailbox };
        },
        'PATCH /mailboxes/{id}': async (c) => {
          const body = c.body as MailboxUpdate;
          this.mailboxEdits.push([c.ref!, body]);
          const found = this.mailboxList.find((mailbox) => mailbox.id === c.ref);
          if (!found) throw new AdminApiError('not_found', 'No such mailbox on this site.', 404);
          if (this.mailboxRefusal && (body.imap || body.smtp))
            throw new AdminApiError('bad_request', `The mailbox could not be changed: ${this.mailboxRefusal}.`, 400);
          const server = ({ host, port, tls, user }: MailboxCreate['imap']) => ({ host, port, tls, user });
          if (body.name !== undefined) found.name = body.name;
          if (body.imap) found.imap = server(body.imap);
          if (body.smtp) found.smtp = server(body.smtp);
          if (body.afterImport) found.afterImport = body.afterImport;
          if (body.moveTo !== undefined) found.moveTo = body.moveTo;
          if (found.afterImport === 'seen') found.moveTo = null;
          return { ...found };
        },
        'POST /mailboxes/{id}/check': async (c) => {
          const found = this.mailboxList.find((mailbox) => mailbox.id === c.ref);
          if (!found) throw new AdminApiError('not_found', 'No such mailbox on this site.', 404);
          found.lastError = this.mailboxRefusal ?? null;
          return { ok: this.mailboxRefusal === undefined, error: this.mailboxRefusal ?? null };
        },
        'DELETE /mailboxes/{id}': async (c) => {
          this.mailboxList = this.mailboxList.filter((mailbox) => mailbox.id !== c.ref);
        },
      } satisfies FakeRoutes);
    }
  };
}
