import type { DeliveryOutcome, OutboxHandler, OutboxInsert, OutboxJob } from '../outbox/outbox.js';
import type { MessagingHostParts } from './messaging-host-parts.js';

/** The outbox kind of a new contact's profile asked of their channel's provider. */
export const MESSAGING_PROFILE_KIND = 'messaging.profile';

/** What a `messaging.profile` job carries: the channel, the customer's handle there, and their contact. */
export interface MessagingProfileJob {
  readonly channelId: string;
  readonly handle: string;
  readonly contactId: string;
}

/**
 * The job that asks a new contact's profile of the provider: written with the contact's row, in its transaction, so
 * it is asked once however often the first message is delivered, and even when the relay dies right after. Erasing
 * the conversation (or the contact) removes it.
 */
export function profileJob(siteId: string, conversationId: string, job: MessagingProfileJob): OutboxInsert {
  return { kind: MESSAGING_PROFILE_KIND, siteId, conversationId, payload: job };
}

function isJob(value: unknown): value is MessagingProfileJob {
  if (typeof value !== 'object' || value === null) return false;
  const { channelId, handle, contactId } = value as Partial<MessagingProfileJob>;
  return typeof channelId === 'string' && typeof handle === 'string' && typeof contactId === 'string';
}

/**
 * New contacts' names from their channel's provider (docs/channels.md, "Contacts"), for a provider that can tell them
 * ({@link MessagingProvider.profile}: Messenger's and Instagram's User Profile API). The inbox writes a job when it
 * files a customer's first message; the outbox worker asks the provider afterwards, off the message's path, and
 * retries Meta's trouble for about an hour. A name found is the contact's unless they have one already (staff's
 * edit, another channel's); a profile the provider will not give (no permission, no consent) leaves them known by
 * their handle, and is not asked again.
 */
export class MessagingProfiles {
  readonly handler: OutboxHandler<MessagingProfileJob>;
  readonly #options: MessagingHostParts;

  constructor(options: MessagingHostParts) {
    this.#options = options;
    this.handler = {
      kind: MESSAGING_PROFILE_KIND,
      maxAttempts: 8,
      timeoutMs: 15_000,
      deliver: (job, signal) => this.#deliver(job, signal),
    };
  }

  async #deliver(job: OutboxJob<MessagingProfileJob>, signal: AbortSignal): Promise<DeliveryOutcome> {
    if (!isJob(job.payload)) return { status: 'failed', error: 'malformed profile job', permanent: true };
    const { channelId, handle, contactId } = job.payload;
    const channel = await this.#options.channels.byId(channelId);
    if (!channel || channel.siteId !== job.siteId) return { status: 'skipped', detail: 'the channel was removed' };
    const provider = this.#options.providers.get(channel.provider);
    if (!provider?.profile) return { status: 'skipped', detail: `${channel.provider} tells no profiles` };
    const credentials = JSON.parse(this.#options.sealer.open(channel.credentialsSealed)) as unknown;
    const profile = await provider.profile(handle, credentials, {
      signal,
      log: this.#options.log,
      use: this.#options.use,
    });
    if (profile.status === 'failed')
      return {
        status: 'failed',
        error: profile.error,
        ...(profile.retryAfterMs !== undefined ? { retryAfterMs: profile.retryAfterMs } : {}),
      };
    if (profile.status === 'unavailable') return { status: 'skipped', detail: profile.reason };
    // Only a contact without a name: staff's edit, or a name from another channel after a merge, stays.
    const named = await this.#options.db.run(
      `UPDATE contacts SET name = ?
       WHERE site_id = ? AND contact_id = ? AND name IS NULL AND name_edited_at IS NULL`,
      [profile.name, job.siteId, contactId],
    );
    return named > 0
      ? { status: 'delivered', detail: 'named from the profile' }
      : { status: 'skipped', detail: 'the contact has a name' };
  }
}
