import type { Logger } from '../log.js';
import type { WebhookRepository } from './webhook-store.js';
import type { WebhookSubscription } from './webhook-events.js';

/** An enabled endpoint as the cache holds it. */
interface Subscriber {
  readonly id: string;
  readonly events: ReadonlySet<string>;
  /** When the endpoint was made: events of what happened before are not its (ms since the epoch). */
  readonly since: number;
}

const none: readonly string[] = [];

/**
 * Which enabled endpoints of each site subscribe to what, in memory: the producers of webhook events ask it on
 * the message path (inside an append's transaction), so it must answer without I/O. Loaded at start, read again
 * after every change made through this relay's admin API ({@link refresh}), and every `refreshMs` so that changes
 * made on other relays arrive too (until then, an event may reach an endpoint just deleted elsewhere: its job is
 * skipped at delivery, which reads the endpoint afresh).
 */
export class WebhookSubscriptions {
  readonly #webhooks: Pick<WebhookRepository, 'enabledWebhooks'>;
  readonly #log: Logger;
  readonly #refreshMs: number;
  #bySite = new Map<string, readonly Subscriber[]>();
  #batching = false;
  #timer: NodeJS.Timeout | undefined;
  #loading: Promise<void> | undefined;
  #again = false;

  constructor(webhooks: Pick<WebhookRepository, 'enabledWebhooks'>, log: Logger, refreshMs = 30_000) {
    this.#webhooks = webhooks;
    this.#log = log;
    this.#refreshMs = refreshMs;
  }

  /** Loads the subscriptions, then keeps them fresh every `refreshMs`. */
  async start(): Promise<void> {
    await this.refresh();
    this.#timer ??= setInterval(() => void this.refresh(), this.#refreshMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Reads every enabled endpoint again. A call while a read is under way starts another after it (the one under
   * way may predate the change that asked), and resolves when that one is done. Never rejects: on a failure the
   * old subscriptions stay.
   */
  refresh(): Promise<void> {
    if (this.#loading) {
      this.#again = true;
      return this.#loading;
    }
    const load = async (): Promise<void> => {
      do {
        this.#again = false;
        try {
          const bySite = new Map<string, Subscriber[]>();
          let batching = false;
          for (const endpoint of await this.#webhooks.enabledWebhooks()) {
            batching ||= endpoint.batch;
            const list = bySite.get(endpoint.siteId) ?? [];
            list.push({ id: endpoint.id, events: new Set(endpoint.events), since: endpoint.createdAt });
            bySite.set(endpoint.siteId, list);
          }
          this.#bySite = bySite;
          this.#batching = batching;
        } catch (error) {
          this.#log.warn('webhooks: reading the endpoints failed', { error: String(error) });
        }
      } while (this.#again);
    };
    this.#loading = load().finally(() => (this.#loading = undefined));
    return this.#loading;
  }

  /**
   * The ids of the site's enabled endpoints subscribed to `subscription` (often none: answered from memory). With
   * `at`, only those made by then: an event read from the message log after an endpoint was made, of a message
   * stored before, is not the endpoint's (as when each message wrote its jobs).
   */
  endpoints(siteId: string, subscription: WebhookSubscription, at?: number): readonly string[] {
    const subscribers = this.#bySite.get(siteId);
    if (subscribers === undefined) return none;
    const ids: string[] = [];
    for (const subscriber of subscribers)
      if (subscriber.events.has(subscription) && !(at !== undefined && at < subscriber.since)) ids.push(subscriber.id);
    return ids;
  }

  /** True when an enabled endpoint takes its events in batches (ADR 0039): the message log is then read in more. */
  get batching(): boolean {
    return this.#batching;
  }

  /** True when no site has an enabled endpoint. */
  get empty(): boolean {
    return this.#bySite.size === 0;
  }

  /** Whether the site has an enabled endpoint at all. */
  hasAny(siteId: string): boolean {
    return this.#bySite.has(siteId);
  }
}
