import { playChime, type SoundName } from './chimes.js';

export type { SoundName };
export { playChime };

/** Plays the chime `name` on a running AudioContext (`playChime`, chimes.ts). */
export type ChimePlayer = (context: AudioContext, name: SoundName) => void;

/** Options of {@link Sound} and {@link SoundSwitch}. */
export interface SoundOptions {
  /** Namespaces the persisted mute state (localStorage). Default `'parley'`. */
  storageKey?: string;
}

type AudioContextConstructor = new () => AudioContext;

/**
 * The switch of notification chimes, without their notes: the autoplay unlock on the first gesture, the persisted
 * mute switch, and the chimes' player it is given or fetches ({@link Sound} has them at hand). A page that plays a
 * chime rarely, the chat widget, fetches the notes the first time it plays one.
 */
export class SoundSwitch {
  #context: AudioContext | undefined;
  #muted: boolean;
  readonly #key: string;
  readonly #chimes: () => ChimePlayer | Promise<ChimePlayer>;
  #removeGestureListeners: (() => void) | undefined;

  /** @param chimes - the chimes' player, or its loader (called on each chime played; it caches what it fetched). */
  constructor(options: SoundOptions & { readonly chimes: () => ChimePlayer | Promise<ChimePlayer> }) {
    this.#chimes = options.chimes;
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

  /**
   * Plays a chime, unless muted, locked by the autoplay policy, or unsupported. Never throws. The chimes' notes are
   * the player's (`playChime`): {@link Sound} has them at hand, a {@link SoundSwitch} fetches them the first time.
   */
  play(name: SoundName): void {
    const context = this.#context;
    if (this.#muted || !context || context.state !== 'running') return;
    try {
      void Promise.resolve(this.#chimes())
        .then((play) => play(context, name))
        .catch(() => undefined);
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

/**
 * Notification chimes synthesized with Web Audio (see {@link SoundSwitch}): a few sine notes each, so there is no
 * audio file to load. Browsers only let audio start after a user gesture, so the first `pointerdown` or `keydown`
 * on the page unlocks it (or call `unlock()` from your own handler); until then, and wherever Web Audio is missing or
 * blocked, `play()` is silent and never throws. The mute switch is persisted in localStorage.
 *
 * With several tabs open, play only in one: see `ParleyClient.leader`.
 *
 * @example
 * const sound = new Sound();
 * client.on('message', (m) => { if (!m.mine && client.leader) sound.play('message'); });
 * muteButton.onclick = () => sound.setMuted(!sound.muted);
 */
export class Sound extends SoundSwitch {
  constructor(options: SoundOptions = {}) {
    super({ ...options, chimes: () => playChime });
  }
}

function readFlag(key: string): boolean {
  try {
    return globalThis.localStorage?.getItem(key) === '1';
  } catch {
    return false;
  }
}
