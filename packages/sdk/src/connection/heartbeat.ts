import type { Clock, TimerHandle } from './clock.js';

/**
 * An application heartbeat: sends a ping every `intervalMs` and declares the connection dead when nothing at
 * all has been heard within `graceMs` of a ping. Any frame counts as a sign of life (`touch()`).
 *
 * The deadline is measured from the ping actually sent, not from the last frame, so a background tab whose
 * timers the browser throttled never kills a healthy connection: a late timer only sends a late ping, which
 * still gets its full grace. Silence is therefore detected within `intervalMs + graceMs` when timers run on time.
 */
export class Heartbeat {
  /** Frames heard so far: a counter, not a time, so a pong in the same millisecond as its ping still counts. */
  #heard = 0;
  #pingTimer: TimerHandle | undefined;
  #deadline: TimerHandle | undefined;
  #running = false;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly graceMs: number,
    private readonly ping: () => void,
    private readonly onDead: () => void,
  ) {}

  /** Starts pinging. */
  start(): void {
    this.stop();
    this.#running = true;
    this.#schedulePing();
  }

  /** Records a sign of life. */
  touch(): void {
    this.#heard++;
  }

  /** Pings now and expects an answer within the grace (after a tab becomes visible again, say). */
  check(): void {
    if (!this.#running) return;
    this.#sendPing();
  }

  /** Releases every timer. */
  stop(): void {
    this.#running = false;
    if (this.#pingTimer !== undefined) this.clock.clearTimeout(this.#pingTimer);
    if (this.#deadline !== undefined) this.clock.clearTimeout(this.#deadline);
    this.#pingTimer = this.#deadline = undefined;
  }

  #schedulePing(): void {
    if (this.#pingTimer !== undefined) this.clock.clearTimeout(this.#pingTimer);
    this.#pingTimer = this.clock.setTimeout(() => {
      this.#pingTimer = undefined;
      this.#sendPing();
    }, this.intervalMs);
  }

  #sendPing(): void {
    if (!this.#running) return;
    const heardBefore = this.#heard;
    this.ping();
    this.#schedulePing();
    if (this.#deadline !== undefined) return; // an earlier ping is still waiting; its deadline stands
    this.#deadline = this.clock.setTimeout(() => {
      this.#deadline = undefined;
      if (this.#running && this.#heard === heardBefore) {
        this.stop();
        this.onDead();
      }
    }, this.graceMs);
  }
}
