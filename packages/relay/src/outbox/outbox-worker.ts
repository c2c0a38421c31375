import { abortAfter } from '../abort-after.js';
import type { Logger } from '../log.js';
import type { OutboxClaim, OutboxCounts, OutboxSettlement } from '../store/admin-store.js';
import type { Repositories } from '../store/repositories.js';
import { MAX_HANDLER_TIMEOUT_MS, type DeliveryOutcome, type OutboxHandler, type OutboxJob } from './outbox.js';

/** Timing of {@link OutboxWorker}; the defaults are production's, tests shorten them. */
export interface OutboxTiming {
  /** How often the worker looks for due jobs when nothing nudged it (ms). Default 1000. */
  readonly pollMs: number;
  /** The first retry's delay (ms); each further one doubles it. Default 30 s. */
  readonly baseDelayMs: number;
  /** The longest delay between two attempts (ms). Default 1 h. */
  readonly maxDelayMs: number;
  /** A claim outlives the handler's timeout by this much (ms) before another relay may take the job. Default 30 s. */
  readonly leaseMarginMs: number;
  /** How often `/metrics` counts are read from the database (ms). Default 15 s. */
  readonly countsMs: number;
}

/**
 * A handler that records its kind's outcomes itself, with rows of its own in the same transaction (webhooks: the
 * delivery log), instead of the worker's `settleOutbox`: one commit per batch for both.
 */
export interface SettlingHandler<P = unknown> extends OutboxHandler<P> {
  /** As `deliver`, but what the handler records about the attempt waits for {@link settle}, with the outcome. */
  attempt(job: OutboxJob<P>, signal: AbortSignal): Promise<DeliveryOutcome>;
  /**
   * Records outcomes of this kind, and the handler's own rows of the attempts made so far, in one transaction; with
   * `claim`, claims due jobs in it too, as the outbox's `settleOutbox` does, and returns them.
   */
  settle(settlements: readonly OutboxSettlement[], claim?: OutboxClaim): Promise<OutboxJob[]>;
}

function settles(handler: OutboxHandler): handler is SettlingHandler {
  const { attempt, settle } = handler as Partial<SettlingHandler>;
  return typeof attempt === 'function' && typeof settle === 'function';
}

/** What {@link OutboxWorker} is built from. */
export interface OutboxWorkerOptions {
  readonly repos: Pick<Repositories, 'outbox'>;
  readonly log: Logger;
  readonly timing?: Partial<OutboxTiming>;
  /** Jobs delivered at once, over every kind. Default 16. */
  readonly concurrency?: number;
  /** The clock (tests). */
  readonly now?: () => number;
  /** Uniform in [0, 1) (tests make jitter predictable). */
  readonly random?: () => number;
}

/** What this relay's worker has done, per kind, since it started (for `/metrics`). */
export interface OutboxKindCounters {
  delivered: number;
  skipped: number;
  retried: number;
  dead: number;
}

/** The timeout shared by the jobs of one claim with the same handler timeout (see `OutboxWorker.#deadline`). */
interface Deadline {
  readonly signal: AbortSignal;
  /** Jobs under it still without an outcome. */
  pending: number;
  /** One of them has its outcome; the last one clears the timer. */
  release(): void;
}

/** What became of one attempt, to record. */
type Settlement =
  | {
      readonly job: OutboxJob;
      readonly kind: 'delivered' | 'skipped';
      readonly detail: string | null;
      readonly started: number;
    }
  | {
      readonly job: OutboxJob;
      readonly kind: 'dead';
      readonly error: string;
      readonly permanent: boolean;
      readonly started: number;
    }
  | {
      readonly job: OutboxJob;
      readonly kind: 'retry';
      readonly dueAt: number;
      readonly error: string;
      readonly started: number;
    };

const defaults: OutboxTiming = {
  pollMs: 1000,
  baseDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  leaseMarginMs: 30_000,
  countsMs: 15_000,
};

/** How long finished jobs are kept: delivered or skipped a week (the delivery log's resend), dead a month. */
const keepDoneMs = 7 * 24 * 60 * 60_000;
const keepDeadMs = 30 * 24 * 60 * 60_000;
const pruneEveryMs = 60 * 60_000;
/**
 * How long the first outcome of a batch waits for others before they are written (ms): one commit per window however
 * many deliveries end in it. A commit per event loop turn wrote a handful of outcomes each under load, and its
 * pages cost about as much as a window's. The slot is free meanwhile; only the job's key waits (its next job is
 * released when this one is recorded).
 */
const SETTLE_BATCH_MS = 5;

/**
 * Delivers the outbox's jobs (see `outbox.ts`, ADR 0009): every relay runs one. It claims due jobs of the kinds it
 * has handlers for, under a lease of the handler's timeout plus a margin, delivers up to `concurrency` at once,
 * and records each outcome. A failure is tried again after an exponential backoff with jitter (`baseDelayMs`
 * doubling up to `maxDelayMs`, each delay drawn between its half and its whole) until the handler's
 * `maxAttempts`; then the job is dead and the handler's `dead` hook runs. A relay that dies mid-delivery leaves
 * the lease to expire: the job is claimed again (at least once; payloads carry stable ids to deduplicate on).
 *
 * The worker is off the message path: it runs on timers, reads and writes through the outbox repository (the admin side's connection),
 * and a nudge ({@link nudge}) only brings its next look forward.
 */
export class OutboxWorker {
  readonly #repos: Pick<Repositories, 'outbox'>;
  readonly #log: Logger;
  readonly #timing: OutboxTiming;
  readonly #concurrency: number;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #handlers = new Map<string, OutboxHandler>();
  readonly #counters = new Map<string, OutboxKindCounters>();
  /** Deliveries until their outcome is recorded (what `stop` and `runOnce` wait for). */
  readonly #inFlight = new Set<Promise<void>>();
  /** Deliveries whose outcome is not known yet: the slots taken. */
  #busy = 0;
  /** Slots a claim under way may fill (a look's and a flush's can overlap): not offered to another claim. */
  #reserved = 0;
  readonly #stopping = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  /** When {@link #timer} fires (ms since the epoch, on the system clock timers run on). */
  #timerAt = 0;
  #countsTimer: NodeJS.Timeout | undefined;
  #running = false;
  #looking: Promise<void> | undefined;
  #lookAgain = false;
  #lastPrune = 0;
  /** Outcomes waiting to be written, and the flush writing them (see {@link #settle}). */
  #unsettled: Array<{ readonly settlement: Settlement; readonly resolve: () => void }> = [];
  #settling: Promise<void> | undefined;
  /** A nudge came while outcomes were being written: the look after them comes at once, not at the poll. */
  #nudgedWhileSettling = false;
  #counts: OutboxCounts = { byKind: [], oldestDueAt: undefined };

  constructor(options: OutboxWorkerOptions) {
    this.#repos = options.repos;
    this.#log = options.log;
    this.#timing = { ...defaults, ...options.timing };
    this.#concurrency = Math.max(1, options.concurrency ?? 128);
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
  }

  /** Delivers jobs of `handler.kind` from now on. One handler per kind. */
  register(handler: OutboxHandler): void {
    if (this.#handlers.has(handler.kind)) throw new Error(`OutboxWorker: a handler for ${handler.kind} is registered`);
    if (!(handler.timeoutMs > 0 && handler.timeoutMs <= MAX_HANDLER_TIMEOUT_MS))
      throw new Error(
        `OutboxWorker: the handler for ${handler.kind} takes ${handler.timeoutMs} ms an attempt; at most ${MAX_HANDLER_TIMEOUT_MS} (a killed relay's jobs wait that long)`,
      );
    this.#handlers.set(handler.kind, handler as OutboxHandler<unknown>);
    this.#counters.set(handler.kind, { delivered: 0, skipped: 0, retried: 0, dead: 0 });
  }

  /** The kinds this relay delivers. */
  get kinds(): readonly string[] {
    return [...this.#handlers.keys()];
  }

  /** Counters since start, per kind. */
  counters(): ReadonlyMap<string, Readonly<OutboxKindCounters>> {
    return this.#counters;
  }

  /** Pending and dead jobs per kind and the oldest due job, as last read (every `countsMs`). */
  get counts(): OutboxCounts {
    return this.#counts;
  }

  /** Jobs being delivered by this relay right now. */
  get inFlight(): number {
    return this.#busy;
  }

  /** Starts polling. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(0);
    const readCounts = (): void => {
      this.#repos.outbox.outboxCounts(this.#now()).then(
        (counts) => {
          this.#counts = counts;
        },
        (error: unknown) => this.#log.warn('outbox: counting jobs failed', { error: String(error) }),
      );
    };
    readCounts();
    this.#countsTimer = setInterval(readCounts, this.#timing.countsMs);
    this.#countsTimer.unref();
  }

  /** Something was just written to the outbox: look for due jobs soon instead of at the next poll. */
  nudge(): void {
    if (!this.#running) return;
    // Its look may come while outcomes are being written, and stand aside for their claim, which may be over.
    if (this.#settling) this.#nudgedWhileSettling = true;
    this.#schedule(20);
  }

  /**
   * Looks for due jobs once and delivers them, resolving when those deliveries have settled (tests). Waits for a
   * look under way first.
   */
  async runOnce(): Promise<void> {
    while (this.#looking) await this.#looking;
    const look = this.#look();
    this.#looking = look.catch(() => undefined);
    try {
      await look;
    } finally {
      this.#looking = undefined;
      // A tick that came meanwhile stood aside: keep polling.
      this.#schedule(this.#lookAgain ? 0 : this.#timing.pollMs);
    }
    await Promise.allSettled([...this.#inFlight]);
  }

  /** Stops claiming, aborts deliveries under way (their jobs are retried later) and waits for them to settle. */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    clearInterval(this.#countsTimer);
    this.#stopping.abort(new Error('the relay is shutting down'));
    await this.#looking;
    await Promise.allSettled([...this.#inFlight]);
  }

  /**
   * The next look in `delayMs`, unless one is set sooner already; while one is under way, another right after it.
   * Keeping the sooner timer matters under load: a nudge per message written must neither push the look back (it
   * would never come while messages keep coming) nor re-arm a timer each time.
   */
  #schedule(delayMs: number): void {
    if (!this.#running) return;
    if (this.#looking) {
      this.#lookAgain = true;
      return;
    }
    const at = Date.now() + delayMs;
    if (this.#timer !== undefined && this.#timerAt <= at) return;
    clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#tick();
    }, delayMs);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    if (this.#looking) {
      this.#lookAgain = true;
      return;
    }
    // Outcomes are about to be written: their transaction claims what there is room for then (see #flush), and the
    // flush schedules the next look. A look now would be a transaction more for the same room.
    if (this.#settling) return;
    this.#lookAgain = false;
    const look = this.#look().catch((error: unknown) =>
      this.#log.warn('outbox: claiming jobs failed', { error: String(error) }),
    );
    this.#looking = look;
    await look;
    this.#looking = undefined;
    this.#schedule(this.#lookAgain ? 0 : this.#timing.pollMs);
  }

  /** Claims what there is room for, starts delivering it, and prunes finished jobs once an hour. */
  async #look(): Promise<void> {
    const now = this.#now();
    if (now - this.#lastPrune >= pruneEveryMs) {
      this.#lastPrune = now;
      const pruned = await this.#repos.outbox.pruneOutbox(now - keepDoneMs, now - keepDeadMs, 1000);
      if (pruned > 0) this.#log.info('outbox: pruned finished jobs', { pruned });
    }
    const claim = this.#claim(now);
    if (!claim) return;
    this.#reserved += claim.limit;
    let jobs: OutboxJob[];
    try {
      jobs = await this.#repos.outbox.claimOutbox(claim.kinds, claim.now, claim.leaseUntil, claim.limit);
    } finally {
      this.#reserved -= claim.limit;
    }
    this.#start(jobs);
    if (jobs.length === claim.limit) this.#lookAgain = true;
  }

  /**
   * What to claim at `now`, if anything: the free slots, once at least half are free (claims come in batches, a
   * write each), or whatever is free when nothing is under way.
   */
  #claim(now: number): OutboxClaim | undefined {
    if (this.#handlers.size === 0 || this.#stopping.signal.aborted) return undefined;
    const room = this.#concurrency - this.#busy - this.#reserved;
    if (room <= 0 || (room < Math.ceil(this.#concurrency / 2) && this.#busy > 0)) return undefined;
    const longest = Math.max(...[...this.#handlers.values()].map((handler) => handler.timeoutMs));
    return { kinds: this.kinds, now, leaseUntil: now + longest + this.#timing.leaseMarginMs, limit: room };
  }

  /** Starts delivering claimed jobs, the jobs of one claim sharing a deadline per timeout. */
  #start(jobs: readonly OutboxJob[]): void {
    const deadlines = new Map<number, Deadline>();
    for (const job of jobs) {
      const { timeoutMs } = this.#handlers.get(job.kind)!;
      let deadline = deadlines.get(timeoutMs);
      if (!deadline) deadlines.set(timeoutMs, (deadline = this.#deadline(timeoutMs)));
      deadline.pending += 1;
      this.#busy += 1;
      const delivery = this.#deliver(job, deadline).finally(() => this.#inFlight.delete(delivery));
      this.#inFlight.add(delivery);
    }
  }

  /**
   * One timer for the jobs of a claim that share a timeout (they start together, so they time out together),
   * rather than a timer and a combined signal per job; it goes as soon as the last of them has its outcome.
   */
  #deadline(timeoutMs: number): Deadline {
    const { signal, clear } = abortAfter(timeoutMs, this.#stopping.signal);
    return {
      signal,
      pending: 0,
      release() {
        this.pending -= 1;
        if (this.pending > 0) return;
        clear();
      },
    };
  }

  /** The attempt has its outcome: its slot is free (the outcome is recorded after, in a batch). */
  #freed(deadline: Deadline): void {
    deadline.release();
    this.#busy -= 1;
    // A slot is free: what waited for room may be due (what waited behind this job's key, once it is recorded).
    if (this.#running) this.#schedule(0);
  }

  /** Delivers one job and resolves once its outcome is recorded. */
  async #deliver(job: OutboxJob, deadline: Deadline): Promise<void> {
    const handler = this.#handlers.get(job.kind)!;
    const started = this.#now();
    let outcome: DeliveryOutcome;
    let freed = false;
    const free = (): void => {
      if (freed) return;
      freed = true;
      this.#freed(deadline);
    };
    try {
      outcome = await (settles(handler)
        ? handler.attempt(job, deadline.signal)
        : handler.deliver(job, deadline.signal));
      free();
      if (this.#stopping.signal.aborted && outcome.status === 'failed') {
        // Cut short by shutdown: not the receiver's fault. The lease is let go so the next relay up takes it.
        await this.#settle({ job, kind: 'retry', dueAt: this.#now(), error: 'interrupted by shutdown', started });
        return;
      }
    } catch (error) {
      outcome = { status: 'failed', error: error instanceof Error ? error.message : String(error) };
    } finally {
      free();
    }
    if (outcome.status === 'delivered' || outcome.status === 'skipped') {
      await this.#settle({ job, kind: outcome.status, detail: outcome.detail ?? null, started });
      return;
    }
    const attempts = job.attempts + 1;
    if (outcome.permanent || attempts >= handler.maxAttempts) {
      await this.#settle({ job, kind: 'dead', error: outcome.error, permanent: outcome.permanent === true, started });
      return;
    }
    const dueAt = this.#now() + this.#delay(attempts, outcome.retryAfterMs);
    await this.#settle({ job, kind: 'retry', dueAt, error: outcome.error, started });
  }

  /**
   * Records an outcome. Outcomes that come while a write is under way (or within {@link SETTLE_BATCH_MS} of the
   * first) are written together, in one transaction: under load, one write settles many deliveries.
   */
  #settle(settlement: Settlement): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#unsettled.push({ settlement, resolve });
      if (!this.#settling)
        this.#settling = new Promise<void>((idle) => setTimeout(() => void this.#flush(idle), SETTLE_BATCH_MS));
    });
  }

  async #flush(idle: () => void): Promise<void> {
    let claimedAll = false;
    try {
      claimedAll = await this.#flushAll();
    } finally {
      this.#settling = undefined;
      idle();
      // A claim that took what there was leaves nothing due until a write nudges or a retry falls due (the poll);
      // otherwise (no claim, a full one, a failed write, or a nudge meanwhile) what waited may be ready now.
      const nudged = this.#nudgedWhileSettling;
      this.#nudgedWhileSettling = false;
      this.#schedule(claimedAll && !nudged ? this.#timing.pollMs : 0);
    }
  }

  /** Writes the outcomes waiting, batch after batch; true when the last batch's claim took every due job there was. */
  async #flushAll(): Promise<boolean> {
    let claimedAll = false;
    while (this.#unsettled.length > 0) {
      const batch = this.#unsettled.splice(0);
      const now = this.#now();
      // Per handler that records its own (and the rest, by the worker), the outcomes; each group commits or fails
      // alone. Not recorded: the leases expire and those jobs are delivered again (at least once).
      const groups = new Map<SettlingHandler | undefined, Array<{ settlement: Settlement; row: OutboxSettlement }>>();
      for (const { settlement: s } of batch) {
        const row: OutboxSettlement =
          s.kind === 'retry'
            ? { id: s.job.id, status: 'pending', dueAt: s.dueAt, error: s.error }
            : {
                id: s.job.id,
                status: s.kind,
                at: now,
                detail: s.kind === 'dead' ? null : s.detail,
                error: s.kind === 'dead' ? s.error : null,
              };
        const handler = this.#handlers.get(s.job.kind)!;
        const owner = settles(handler) ? handler : undefined;
        let group = groups.get(owner);
        if (!group) groups.set(owner, (group = []));
        group.push({ settlement: s, row });
      }
      const unrecorded = new Set<Settlement>();
      // The next claim rides in the transaction of one group's outcomes (the jobs they release among those it may
      // take), while the worker runs: one commit where a look after the flush made a second.
      const claim = this.#running ? this.#claim(now) : undefined;
      let claimed: OutboxJob[] | undefined;
      if (claim) this.#reserved += claim.limit;
      try {
        await Promise.all(
          [...groups].map(async ([owner, group], i) => {
            const rows = group.map(({ row }) => row);
            const withClaim = i === 0 ? claim : undefined;
            try {
              const jobs = await (owner
                ? owner.settle(rows, withClaim)
                : this.#repos.outbox.settleOutbox(rows, withClaim));
              if (withClaim) claimed = jobs;
            } catch (error) {
              for (const { settlement } of group) unrecorded.add(settlement);
              this.#log.warn('outbox: recording outcomes failed', { jobs: group.length, error: String(error) });
            }
          }),
        );
      } finally {
        if (claim) this.#reserved -= claim.limit;
      }
      if (claimed) this.#start(claimed);
      for (const { settlement, resolve } of batch) {
        if (!unrecorded.has(settlement)) await this.#recorded(settlement, now);
        resolve();
      }
      claimedAll = claimed !== undefined && claim !== undefined && claimed.length < claim.limit;
    }
    return claimedAll;
  }

  /** Counts and logs a recorded outcome; a dead job's handler hears of it. */
  async #recorded(s: Settlement, now: number): Promise<void> {
    const { job } = s;
    const counters = this.#counters.get(job.kind)!;
    const fields = { id: job.id, kind: job.kind, siteId: job.siteId, attempt: job.attempts + 1, ms: now - s.started };
    if (s.kind === 'delivered' || s.kind === 'skipped') {
      counters[s.kind] += 1;
      this.#log.debug(`outbox: ${s.kind}`, fields);
    } else if (s.kind === 'dead') {
      counters.dead += 1;
      this.#log.warn('outbox: job is dead', { ...fields, error: s.error, permanent: s.permanent });
      try {
        await this.#handlers.get(job.kind)!.dead?.(job, s.error);
      } catch (error) {
        this.#log.warn('outbox: a dead-letter hook failed', { ...fields, error: String(error) });
      }
    } else if (s.kind === 'retry' && s.error !== 'interrupted by shutdown') {
      counters.retried += 1;
      this.#log.info('outbox: attempt failed, will retry', { ...fields, error: s.error, retryInMs: s.dueAt - now });
    }
  }

  /** The wait before attempt `attempts + 1`: exponential, capped, drawn in its upper half; a receiver's word wins if longer. */
  #delay(attempts: number, retryAfterMs: number | undefined): number {
    const { baseDelayMs, maxDelayMs } = this.#timing;
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(attempts - 1, 30));
    const backoff = Math.round(ceiling / 2 + (this.#random() * ceiling) / 2);
    return Math.min(maxDelayMs, Math.max(backoff, retryAfterMs ?? 0));
  }
}
