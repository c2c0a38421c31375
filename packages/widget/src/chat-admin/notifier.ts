import type { Sound } from '@parley/sdk/sound';

/** The three things staff can be told about. */
export type NotifyKind = 'conversation' | 'message' | 'visitor';
/** How staff can be told. */
export type NotifyChannel = 'sound' | 'desktop';
/** One switch per kind and channel. */
export type NotifyPrefs = Record<NotifyKind, Record<NotifyChannel, boolean>>;

export const NOTIFY_KINDS = ['conversation', 'message', 'visitor'] as const satisfies readonly NotifyKind[];

const defaults = (): NotifyPrefs => ({
  conversation: { sound: true, desktop: false },
  message: { sound: true, desktop: false },
  visitor: { sound: false, desktop: false },
});

/** What {@link Notifier} needs from the page; tests pass fakes. */
export interface NotifierEnvironment {
  /** Plays a chime (default: the SDK's synthesized `Sound`). */
  play(kind: NotifyKind): void;
  /** Unlocks audio from a user gesture. */
  unlock(): void;
  /** Gets the chimes ready once the inbox is signed in (the default fetches its synthesizer then). */
  prepare?(): void;
  /** The Notification API, when the browser has one. */
  Notification: typeof Notification | undefined;
  storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
}

function defaultEnvironment(storageKey: string): NotifierEnvironment {
  // The SDK's synthesizer is fetched when the inbox is signed in ({@link Notifier.prepare}), not with the sign-in
  // page, whose first load has a budget (issue #21): nothing chimes before. Made then, it unlocks at once where the
  // browser remembers the sign-in's gesture (Chromium's sticky activation), else on the next gesture.
  let sound: Sound | undefined;
  let loading: Promise<void> | undefined;
  const prepare = (): Promise<void> =>
    (loading ??= import('@parley/sdk/sound').then(
      (module) => {
        sound = new module.Sound({ storageKey });
        sound.unlock();
      },
      () => undefined,
    ));
  let storage: Storage | undefined;
  try {
    storage = localStorage;
  } catch {
    storage = undefined;
  }
  return {
    play: (kind) => sound?.play(kind),
    unlock: () => (sound ? sound.unlock() : void prepare()),
    prepare: () => void prepare(),
    Notification: typeof Notification === 'undefined' ? undefined : Notification,
    storage,
  };
}

/**
 * Sound and desktop notifications for new conversations, new visitor messages and visitors connecting, each
 * with its own persisted switch. Desktop permission is asked only from a user gesture (turning a switch on).
 */
export class Notifier {
  readonly #env: NotifierEnvironment;
  readonly #key: string;
  #prefs: NotifyPrefs;

  /** @param storageKey - namespaces the persisted switches in localStorage. */
  constructor(storageKey = 'parley-admin', env?: NotifierEnvironment) {
    this.#env = env ?? defaultEnvironment(storageKey);
    this.#key = `${storageKey}:notify`;
    this.#prefs = defaults();
    try {
      const raw = this.#env.storage?.getItem(this.#key);
      const stored = raw ? (JSON.parse(raw) as Partial<NotifyPrefs>) : {};
      for (const kind of NOTIFY_KINDS) {
        const entry = stored[kind];
        if (entry && typeof entry.sound === 'boolean' && typeof entry.desktop === 'boolean')
          this.#prefs[kind] = { ...entry };
      }
    } catch {
      // Unreadable or blocked storage: the defaults.
    }
  }

  /** The inbox is signed in: chimes may come from now on. */
  prepare(): void {
    this.#env.prepare?.();
  }

  /** The current switches (a copy). */
  get prefs(): NotifyPrefs {
    return structuredClone(this.#prefs);
  }

  /** `granted`, `denied`, `default`, or `unsupported` when the browser has no Notification API. */
  get permission(): NotificationPermission | 'unsupported' {
    return this.#env.Notification ? this.#env.Notification.permission : 'unsupported';
  }

  /**
   * Sets one switch and persists it. Turning a desktop switch on asks for permission (call it from the click
   * handler, so the browser sees a user gesture); if permission is refused the switch stays off.
   */
  async set(kind: NotifyKind, channel: NotifyChannel, on: boolean): Promise<void> {
    this.#env.unlock();
    if (on && channel === 'desktop') {
      const api = this.#env.Notification;
      if (!api) return;
      const permission = api.permission === 'default' ? await api.requestPermission() : api.permission;
      if (permission !== 'granted') return;
    }
    this.#prefs[kind][channel] = on;
    try {
      this.#env.storage?.setItem(this.#key, JSON.stringify(this.#prefs));
    } catch {
      // Not persisted; it still applies to this page.
    }
  }

  /**
   * Tells staff about something, on each channel that is switched on. `leader` says whether this tab is the one
   * that should speak (one chime per browser, not one per tab). Returns the channels used.
   */
  notify(
    kind: NotifyKind,
    title: string,
    body: string,
    options: { leader: boolean; tag?: string; onClick?: () => void },
  ): NotifyChannel[] {
    const used: NotifyChannel[] = [];
    if (!options.leader) return used;
    const prefs = this.#prefs[kind];
    if (prefs.sound) {
      this.#env.play(kind);
      used.push('sound');
    }
    const api = this.#env.Notification;
    if (prefs.desktop && api?.permission === 'granted') {
      try {
        const notification = new api(title, { body: body.slice(0, 200), ...(options.tag && { tag: options.tag }) });
        const onClick = options.onClick;
        if (onClick) {
          notification.onclick = () => {
            window.focus();
            onClick();
            notification.close();
          };
        }
        used.push('desktop');
      } catch {
        // Some browsers only allow notifications from a service worker: the in-page notice still shows.
      }
    }
    return used;
  }
}
