/**
 * What a feature keeps in memory from the store (who can be mentioned, which sites have push subscriptions, who
 * wants email), read at start and again every minute so that a change made through another relay reaches this one.
 * A read that fails is logged and tried again at the next minute; the last good view stays meanwhile.
 */
export class EveryMinute {
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly read: () => Promise<void>,
    private readonly failed: (error: unknown) => void,
    private readonly periodMs = 60_000,
  ) {}

  /** Reads now (a failure rejects: the relay does not start on a store it cannot read), then every period. */
  async start(): Promise<void> {
    await this.read();
    this.#timer ??= setInterval(() => void this.read().catch(this.failed), this.periodMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
