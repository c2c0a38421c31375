/** The chimes {@link Sound} can play. */
export type SoundName = 'message' | 'broadcast' | 'conversation' | 'visitor';

/** Options of {@link Sound}. */
export interface SoundOptions {
  /** Namespaces the persisted mute state (localStorage). Default `'parley'`. */
  storageKey?: string;
}

type Note = readonly [frequency: number, startS: number, durationS: number];

/** Each chime is a few sine notes: short, distinct, and synthesized, so there is no audio file to load. */
const CHIMES: Record<SoundName, readonly Note[]> = {
  message: [
    [880, 0, 0.12],
    [1318.5, 0.09, 0.18],
  ],
  broadcast: [
    [659.3, 0, 0.12],
    [880, 0.1, 0.12],
    [1108.7, 0.2, 0.22],
  ],
  conversation: [
    [1046.5, 0, 0.1],
    [784, 0.1, 0.1],
    [1046.5, 0.2, 0.2],
  ],
  visitor: [
    [523.3, 0, 0.14],
    [659.3, 0.12, 0.2],
  ],
};

type AudioContextConstructor = new () => AudioContext;

/**
 * Notification chimes synthesized with Web Audio. Browsers only let audio start after a user gesture, so the
 * first `pointerdown` or `keydown` on the page unlocks it (or call `unlock()` from your own handler); until
 * then, and wherever Web Audio is missing or blocked, `play()` is silent and never throws. The mute switch is
 * persisted in localStorage.
 *
 * With several tabs open, play only in one: see `ParleyClient.leader`.
 *
 * @example
 * const sound = new Sound();
 * client.on('message', (m) => { if (!m.mine && client.leader) sound.play('message'); });
 * muteButton.onclick = () => sound.setMuted(!sound.muted);
 */
export class Sound {
  #context: AudioContext | undefined;
  #muted: boolean;
  readonly #key: string;
  #removeGestureListeners: (() => void) | undefined;

  constructor(options: SoundOptions = {}) {
    this.#key = `${options.storageKey ?? 'parley'}:sound-muted`;
    this.#muted = readFlag(this.#key);
    const doc = (globalThis as { document?: Document }).document;
    if (doc) {
      const gesture = (): void => this.unlock();
      doc.addEventListener('pointerdown', gesture, { capture: true, passive: true });
      doc.addEventListener('keydown', gesture, { capture: true, passive: true });
      this.#removeGestureListeners = () => {
        doc.removeEventListener('pointerdown', gesture, { capture: true });
        doc.removeEventListener('keydown', gesture, { capture: true });
      };
    }
  }

  /** Whether sounds are muted (persisted). */
  get muted(): boolean {
    return this.#muted;
  }

  /** Mutes or unmutes, and remembers the choice. */
  setMuted(muted: boolean): void {
    this.#muted = muted;
    try {
      globalThis.localStorage?.setItem(this.#key, muted ? '1' : '0');
    } catch {
      // Storage may be blocked; the choice then lasts for this page only.
    }
  }

  /** Creates or resumes the AudioContext; call it from a user gesture (done automatically on the first one). */
  unlock(): void {
    const Context = (globalThis as { AudioContext?: AudioContextConstructor }).AudioContext;
    if (!Context) return;
    try {
      this.#context ??= new Context();
      if (this.#context.state === 'suspended') void this.#context.resume().catch(() => undefined);
      if (this.#context.state !== 'suspended') {
        this.#removeGestureListeners?.();
        this.#removeGestureListeners = undefined;
      }
    } catch {
      this.#context = undefined;
    }
  }

  /** Plays a chime, unless muted, locked by the autoplay policy, or unsupported. Never throws. */
  play(name: SoundName): void {
    const context = this.#context;
    if (this.#muted || !context || context.state !== 'running') return;
    try {
      const start = context.currentTime + 0.01;
      for (const [frequency, at, duration] of CHIMES[name]) {
        const oscillator = context.createOscillator();
        const gain = context.createGain();
        oscillator.type = 'sine';
        oscillator.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, start + at);
        gain.gain.exponentialRampToValueAtTime(0.18, start + at + 0.015);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + at + duration);
        oscillator.connect(gain).connect(context.destination);
        oscillator.start(start + at);
        oscillator.stop(start + at + duration + 0.02);
      }
    } catch {
      // A chime is never worth an exception.
    }
  }

  /** Removes the gesture listeners and closes the AudioContext. */
  dispose(): void {
    this.#removeGestureListeners?.();
    this.#removeGestureListeners = undefined;
    void this.#context?.close().catch(() => undefined);
    this.#context = undefined;
  }
}

function readFlag(key: string): boolean {
  try {
    return globalThis.localStorage?.getItem(key) === '1';
  } catch {
    return false;
  }
}
