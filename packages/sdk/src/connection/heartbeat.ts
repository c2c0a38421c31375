import type { Clock } from './clock.js';
import { Timers } from './timers.js';

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
  /** `ping` is pending while running; `deadline` while a ping waits for a sign of life. */
  readonly #timers: Timers;
  /** Schedules the next ping. */
  readonly #schedule: () => void;
  /** Pings, schedules the next ping and, unless an earlier ping still waits, sets the deadline. */
  readonly #sendPing: () => void;

  constructor(clock: Clock, intervalMs: number, graceMs: number, ping: () => void, onDead: () => void) {
    const timers = (this.#timers = new Timers(clock));
    this.#schedule = () => timers.set('ping', intervalMs, this.#sendPing);
    this.#sendPing = () => {
      const heardBefore = this.#heard;
      ping();
      this.#schedule();
      if (timers.has('deadline')) return; // an earlier ping is still waiting; its deadline stands
      timers.set('deadline', graceMs, () => {
        if (this.#heard !== heardBefore) return;
        this.stop();
        onDead();
      });
    };
  }

  /** Starts pinging. */
  start(): void {
    this.stop();
    this.#schedule();
  }

  /** Records a sign of life. */
  touch(): void {
    this.#heard++;
  }

  /** Pings now and expects an answer within the grace (after a tab becomes visible again, say). */
  check(): void {
    if (this.#timers.has('ping')) this.#sendPing();
  }

  /** Releases every timer. */
  stop(): void {
    this.#timers.clear();
  }
}
