import type { ChatCore } from '../core/chat-core.js';
import type { Repositories } from '../store/repositories.js';

const dayMs = 24 * 60 * 60 * 1000;
/** Days a webhook endpoint's delivery log keeps each attempt. */
export const webhookLogDays = 30;

/** Options for {@link RetentionJob}. */
export interface RetentionOptions {
  readonly repos: Pick<Repositories, 'retention' | 'audit' | 'webhooks'>;
  readonly core: ChatCore;
  /** Days kept for sites that set no period of their own (`PARLEY_RETENTION_DAYS`); 0 keeps everything. */
  readonly defaultDays: number;
  /** Time between runs, in ms. Default one hour; the first run comes one minute after start. */
  readonly intervalMs?: number;
  /** Conversations (and contacts) erased per transaction. Default 200. */
  readonly batchSize?: number;
  /** The clock (ms since the epoch); tests pass their own. */
  readonly now?: () => number;
}

/** What one run erased, summed over every site. */
export interface RetentionRun {
  readonly conversations: number;
  readonly messages: number;
  readonly contacts: number;
}

/**
 * Erases, by itself, what sites keep no longer: conversations last active more than their retention period
 * ago, and contacts last seen before it with nothing left, as completely as a GDPR erasure (the store's
 * `eraseExpired`). It works in small transactions and yields to the event loop between them, so a large backlog
 * never holds the message path for long. Each site's run with something erased is audited (counts only, no
 * personal data); `/metrics` counts what it erased and when it last ran. Each run also prunes the webhook delivery
 * log to its last 30 days.
 */
export class RetentionJob {
  readonly #options: Required<RetentionOptions>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<RetentionRun> | undefined;
  #stopped = false;

  constructor(options: RetentionOptions) {
    this.#options = { intervalMs: 60 * 60 * 1000, batchSize: 200, now: Date.now, ...options };
  }

  /** Schedules runs (the first one minute from now), each after the previous has finished. */
  start(): void {
    if (this.#stopped || this.#timer) return;
    const schedule = (delay: number): void => {
      this.#timer = setTimeout(() => {
        void this.run()
          .catch((error: unknown) => this.#options.core.log.warn('retention run failed', { error: String(error) }))
          .finally(() => {
            if (!this.#stopped) schedule(this.#options.intervalMs);
          });
      }, delay);
      this.#timer.unref();
    };
    schedule(Math.min(60_000, this.#options.intervalMs));
  }

  /** Stops scheduling and waits for a run in progress to finish its current batch. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running?.catch(() => undefined);
  }

  /** Runs once now (or joins the run in progress), over every site. */
  run(): Promise<RetentionRun> {
    this.#running ??= this.#runAll().finally(() => (this.#running = undefined));
    return this.#running;
  }

  /** Webhook delivery log rows go after {@link webhookLogDays} days, whatever the site keeps. */
  async #pruneWebhookLog(): Promise<void> {
    const before = this.#options.now() - webhookLogDays * dayMs;
    let pruned = 0;
    for (;;) {
      if (this.#stopped) break;
      const deleted = await this.#options.repos.webhooks.pruneWebhookDeliveries(before, 1000);
      pruned += deleted;
      if (deleted < 1000) break;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (pruned > 0) this.#options.core.log.info('retention: webhook delivery log pruned', { rows: pruned });
  }

  async #runAll(): Promise<RetentionRun> {
    const { repos, core, defaultDays, batchSize } = this.#options;
    const total = { conversations: 0, messages: 0, contacts: 0 };
    for (const { siteId, retentionDays } of await repos.retention.retentionSettings()) {
      const days = retentionDays ?? defaultDays;
      if (days <= 0) continue;
      const now = this.#options.now();
      const before = now - days * dayMs;
      const site = { conversations: 0, messages: 0, contacts: 0 };
      for (;;) {
        if (this.#stopped) break;
        const erased = await repos.retention.eraseExpired(siteId, before, batchSize);
        // Cached conversation facts go, so a late send cannot quietly recreate an erased conversation.
        for (const id of erased.conversationIds) core.conversations.forget(id);
        site.conversations += erased.conversations;
        site.messages += erased.messages;
        site.contacts += erased.contacts;
        core.metrics.retentionErasedConversations += erased.conversations;
        core.metrics.retentionErasedContacts += erased.contacts;
        if (!erased.more) break;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (site.conversations > 0 || site.contacts > 0) {
        await repos.audit.appendAudit({
          siteId,
          at: now,
          actorId: 'system',
          actorName: 'Retention',
          action: 'retention.erase',
          targetType: 'site',
          targetId: siteId,
          details: { retentionDays: days, before, ...site },
        });
        core.log.info('retention: erased', { siteId, ...site });
      }
      total.conversations += site.conversations;
      total.messages += site.messages;
      total.contacts += site.contacts;
    }
    await this.#pruneWebhookLog();
    core.metrics.retentionLastRunMs = this.#options.now();
    return total;
  }
}
