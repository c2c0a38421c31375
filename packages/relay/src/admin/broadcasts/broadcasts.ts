import type { Message } from '@parley/protocol';
import { randomId } from '../../auth/tokens.js';
import type { ChatCore } from '../../core/chat-core.js';
import type { BroadcastOutcome } from '../../store/admin-store.js';
import type { Repositories } from '../../store/repositories.js';

/** What a {@link BroadcastRunner} works with (the admin feature provides it). */
export interface BroadcastDeps {
  readonly repos: Pick<Repositories, 'broadcasts'>;
  readonly core: ChatCore;
  /** True while a visitor connection of the conversation is open on this relay (the target saw it live). */
  conversationOnline(conversationId: string): boolean;
}

/**
 * Works through broadcasts in the background: each step stores one batch of targets (their appends share the
 * store's group commit), records the outcomes, fans the messages out, then yields to the event loop, so the
 * relay stays responsive during a large campaign. The target list is stored when the broadcast is created and
 * each target's message has the client id `<broadcast id>`, so a relay restarted mid-campaign resumes where it
 * stopped without sending anything twice.
 */
export class BroadcastRunner {
  readonly #running = new Map<string, Promise<void>>();
  #stopping = false;

  constructor(
    private readonly admin: BroadcastDeps,
    private readonly batchSize: number,
  ) {}

  /** Starts (or keeps running) the background job of a broadcast. */
  start(id: string, siteId: string): void {
    if (this.#stopping || this.#running.has(id)) return;
    const job = this.#run(id, siteId).finally(() => this.#running.delete(id));
    this.#running.set(id, job);
    this.admin.core.track(job);
  }

  /** Resumes broadcasts a previous run left unfinished. */
  resume(): void {
    this.admin.repos.broadcasts.runningBroadcasts().then(
      (running) => running.forEach(({ id, siteId }) => this.start(id, siteId)),
      (error: unknown) => this.admin.core.log.warn('cannot resume broadcasts', { error: String(error) }),
    );
  }

  /** Resolves when every running job has paused after its current batch. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await Promise.allSettled([...this.#running.values()]);
  }

  /** Resolves when the broadcast's job (if running here) has finished; for tests and shutdown. */
  async settled(id: string): Promise<void> {
    await this.#running.get(id);
  }

  async #run(id: string, siteId: string): Promise<void> {
    const { repos } = this.admin;
    try {
      const site = await this.admin.core.store.getSite(siteId);
      const broadcast = await repos.broadcasts.getBroadcast(siteId, id);
      if (!site || !broadcast) return;
      const author: Message['author'] = { role: 'system', id: 'broadcast', name: site.name };
      for (;;) {
        if (this.#stopping) return;
        const targets = await repos.broadcasts.pendingTargets(id, siteId, this.batchSize);
        if (targets.length === 0) break;
        const outcomes = await Promise.all(
          targets.map(async (target): Promise<BroadcastOutcome> => {
            const conversationId = target.conversationId ?? randomId('c');
            try {
              const { message, duplicate } = await this.admin.core.store.append({
                siteId,
                conversationId,
                visitorId: target.contactId,
                clientId: id,
                author,
                text: broadcast.text,
                kind: 'broadcast',
              });
              // At once, in commit order with the conversation's other messages (a resumed broadcast's duplicate
              // is published again only between relays: the relay that stored it may have died first).
              this.admin.core.publishMessage(message, siteId, duplicate);
              return {
                contactId: target.contactId,
                conversationId,
                seq: message.seq,
                delivered: this.admin.conversationOnline(conversationId),
              };
            } catch (error) {
              this.admin.core.log.warn('broadcast target failed', { broadcast: id, error: String(error) });
              return { contactId: target.contactId, conversationId: undefined, seq: 0, delivered: false };
            }
          }),
        );
        await repos.broadcasts.recordOutcomes(id, outcomes);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      await repos.broadcasts.finishBroadcast(id, 'done', Date.now());
    } catch (error) {
      this.admin.core.log.error('broadcast failed', { broadcast: id, error: String(error) });
      await repos.broadcasts.finishBroadcast(id, 'failed', Date.now()).catch(() => undefined);
    }
  }
}
