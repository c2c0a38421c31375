import type { Mailbox, MailboxCheck, MailboxCreate, MailboxUpdate } from '@parley/protocol/admin';
import { AreaApi, at } from '../../area-api.js';

/** The mailboxes page's calls (admins): a team's own mailboxes over IMAP and SMTP. */
export class MailboxesApi extends AreaApi {
  async list(): Promise<Mailbox[]> {
    return (await this.api.request<{ items: Mailbox[] }>('GET', '/mailboxes')).items;
  }

  /** Connects one; the relay logs in to both servers first and refuses, saying what failed. */
  create(body: MailboxCreate): Promise<Mailbox> {
    return this.api.request('POST', '/mailboxes', body);
  }

  /** Edits one (what is left out stays); a server given is checked with its password first. */
  update(id: string, body: MailboxUpdate): Promise<Mailbox> {
    return this.api.request('PATCH', `/mailboxes/${at(id)}`, body);
  }

  check(id: string): Promise<MailboxCheck> {
    return this.api.request('POST', `/mailboxes/${at(id)}/check`, {});
  }

  async delete(id: string): Promise<void> {
    await this.api.request('DELETE', `/mailboxes/${at(id)}`);
  }
}
