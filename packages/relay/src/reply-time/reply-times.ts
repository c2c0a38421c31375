import type { WidgetLook } from '@parley/protocol/admin';
import type { AdminFor } from '../admin/public.js';
import type { ChatHooks, VisitorWelcomeExtras } from '../core/hooks.js';
import type { Logger } from '../log.js';
import { REPLY_WINDOW_MS, replyBucket } from './reply-bucket.js';

/** How long a site's figure is sent as it was computed before a visitor's welcome asks for it again. */
export const REPLY_REFRESH_MS = 15 * 60_000;

export interface ReplyTimesOptions {
  readonly admin: AdminFor<'reports'>;
  /** The site's widget look (its `replyTime` switch), when the widget-look feature is part of the relay. */
  readonly look: (siteId: string) => Promise<Pick<WidgetLook, 'replyTime'> | undefined>;
  readonly log: Logger;
  readonly now?: () => number;
}

/** A site's figure as last computed. */
interface Entry {
  /** The bucket to send; `undefined` for none. */
  seconds: number | undefined;
  /** When it was asked for: it is asked for again {@link REPLY_REFRESH_MS} later. */
  at: number;
  /** The site turned the line off (its widget look): nothing is sent, whatever the figure. */
  off: boolean;
}

/**
 * How fast each site typically replies (issue #81), for the widget's "Typically replies in a few minutes": the
 * median of the reports' first responses (`ReportRepository.firstResponse`, one definition) over the conversations
 * created in the last 14 days, bucketed (reply-bucket.ts). A visitor's welcome takes it from memory; nothing is read
 * on the message path or per connection. A welcome that finds a site's figure missing or older than
 * {@link REPLY_REFRESH_MS} sends what it has (nothing, the first time) and has it computed in the background, one
 * site at a time (an off-loop read of the site's recent conversations).
 */
export class ReplyTimes implements ChatHooks {
  readonly #admin: AdminFor<'reports'>;
  readonly #look: ReplyTimesOptions['look'];
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #sites = new Map<string, Entry>();
  /** Sites whose figure is being computed, or waits its turn. */
  readonly #pending = new Set<string>();
  /** The computations, one after another. */
  #queue: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(options: ReplyTimesOptions) {
    this.#admin = options.admin;
    this.#look = options.look;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
  }

  /** {@link ChatHooks.visitorWelcome}: the site's figure, from memory; a missing or old one is computed again. */
  visitorWelcome(siteId: string): VisitorWelcomeExtras | undefined {
    const entry = this.#sites.get(siteId);
    if (!entry || this.#now() - entry.at >= REPLY_REFRESH_MS) void this.refresh(siteId);
    return entry?.seconds === undefined || entry.off ? undefined : { replySeconds: entry.seconds };
  }

  /** {@link ChatHooks.siteSettingsChanged}: the widget look was saved here; the line follows its switch at once. */
  siteSettingsChanged(siteId: string, area: string, settings: unknown): void {
    if (area !== 'widget-look') return;
    const entry = this.#sites.get(siteId);
    if (entry) entry.off = (settings as Pick<WidgetLook, 'replyTime'>).replyTime === false;
    else void this.refresh(siteId);
  }

  /**
   * Computes the site's figure again (in turn with the other sites'): resolves once it is in memory. A failure is
   * logged and keeps the figure it had.
   */
  refresh(siteId: string): Promise<void> {
    if (this.#stopped || this.#pending.has(siteId)) return this.#queue;
    this.#pending.add(siteId);
    const entry = this.#sites.get(siteId);
    // Asked for now: the welcomes until it is computed send the figure there is, without asking again.
    if (entry) entry.at = this.#now();
    this.#queue = this.#queue.then(() => this.#compute(siteId)).finally(() => this.#pending.delete(siteId));
    return this.#queue;
  }

  /** Takes no more computations (the relay stops); resolves when the one running ends. */
  stop(): Promise<void> {
    this.#stopped = true;
    return this.#queue;
  }

  async #compute(siteId: string): Promise<void> {
    if (this.#stopped) return;
    const now = this.#now();
    try {
      const [look, durations] = await Promise.all([
        this.#look(siteId),
        this.#admin.repos.reports.firstResponse({
          siteId,
          from: now - REPLY_WINDOW_MS,
          to: now,
          bucket: 'day',
          tz: 'UTC',
        }),
      ]);
      this.#sites.set(siteId, {
        seconds: replyBucket(durations.medianMs, durations.count),
        at: now,
        off: look?.replyTime === false,
      });
    } catch (error) {
      this.#log.warn('reply time: could not compute a site’s typical first reply', {
        siteId,
        error: error instanceof Error ? error.message : String(error),
      });
      const entry = this.#sites.get(siteId);
      if (!entry) this.#sites.set(siteId, { seconds: undefined, at: now, off: false });
    }
  }
}
