import { AreaApi, at, search } from '../../area-api.js';
import type { OutboxJob, OutboxPage, OutboxStatus } from '../../admin-types.js';

/** The Deliveries page's calls (admins): what the relay owes (emails, webhook deliveries). */
export class DeliveriesApi extends AreaApi {
  /** The outbox's jobs, newest first. */
  list(query: { status?: OutboxStatus; cursor?: string }): Promise<OutboxPage> {
    return this.api.request('GET', `/outbox${search(query)}`);
  }

  /** Puts a dead job back in line. */
  replay(id: string): Promise<OutboxJob> {
    return this.api.request('POST', `/outbox/${at(id)}/replay`, {});
  }
}
