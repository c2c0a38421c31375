import type { PushState } from './browser-push.js';

/** The Notifications page's browser-push strings (in its chunk, not the inbox shell). */
export const pushStrings = {
  title: 'Browser push',
  intro:
    'Get a notification on this device when a visitor writes or a colleague mentions you, even with the inbox closed. Your browser’s push service carries it encrypted.',
  state: {
    unsupported: 'This browser cannot receive push notifications here.',
    denied: 'Notifications are blocked for this site in your browser’s settings.',
    off: 'Off on this browser.',
    on: 'On for this browser.',
  } satisfies Record<PushState, string>,
  turnOn: 'Turn on for this browser',
  turnOff: 'Turn off for this browser',
};
