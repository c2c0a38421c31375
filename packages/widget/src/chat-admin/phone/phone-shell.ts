/**
 * `<chat-admin>` on a phone (≤ 600 px, issue #43, docs/agent-app.md). The shell fetches this chunk the first time its
 * width is a phone's, so larger screens never download it. It adds:
 *
 * - the phone's styles ({@link phoneShellStyles}): screens, a bottom bar, 44 px touch targets;
 * - screens in the browser's history (with `hash`, the page the relay serves): opening a conversation and then its
 *   visitor panel each push an entry, so the browser's (or Android's) back button goes back a screen, and the
 *   in-app back buttons go back through the history too, so both agree;
 * - the composer above the keyboard: the element's height follows the visual viewport, which a phone's keyboard
 *   shrinks (Safari does not resize the layout for it, Chromium does with the page's `interactive-widget`);
 * - the list's swipes and long presses ({@link listActions}).
 */
import type { ReactiveControllerHost } from 'lit';
import type { InboxController } from '../inbox-controller.js';
import type { InboxState } from '../inbox-state.js';
import { listActions } from './list-actions.js';
import { phoneShellStyles } from './phone-shell.styles.js';

/** The screens, in depth order: each is reached from the one before it. */
const SCREENS = ['list', 'thread', 'visitor'] as const;
type Screen = (typeof SCREENS)[number];

/** The key of `history.state` under which the inbox keeps its screen. */
const KEY = 'parleyScreen';

const attached = new WeakSet<HTMLElement>();

function screenOf(state: Pick<InboxState, 'showThread' | 'showVisitor' | 'current' | 'page'>): Screen {
  if (state.page !== 'inbox' || !state.showThread || !state.current) return 'list';
  return state.showVisitor ? 'visitor' : 'thread';
}

function historyScreen(): Screen {
  const screen = (history.state as Record<string, unknown> | null)?.[KEY];
  return SCREENS.includes(screen as Screen) ? (screen as Screen) : 'list';
}

/**
 * Attaches the phone's layout and navigation to `host` (once; later calls do nothing). Returns nothing: it lasts as
 * long as the page.
 */
export function phoneShell(host: HTMLElement & ReactiveControllerHost, inbox: InboxController): void {
  if (attached.has(host) || !host.shadowRoot) return;
  attached.add(host);
  const root = host.shadowRoot;
  const sheet = phoneShellStyles.styleSheet;
  if (sheet) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  followKeyboard(host);
  listActions(root, inbox);
  if (inbox.host.hash) followHistory(root, inbox);
}

/** Keeps the element as tall as the visual viewport, so the keyboard never covers the composer. */
function followKeyboard(host: HTMLElement): void {
  const viewport = window.visualViewport;
  if (!viewport) return;
  const phone = matchMedia('(max-width: 600px)');
  const fit = (): void => {
    if (phone.matches) host.style.height = `${viewport.height}px`;
    else host.style.removeProperty('height');
  };
  viewport.addEventListener('resize', fit);
  phone.addEventListener('change', fit);
  fit();
}

/** Pushes a history entry per screen entered, and shows the screen an entry holds when the browser goes back to it. */
function followHistory(root: ShadowRoot, inbox: InboxController): void {
  const depth = (screen: Screen): number => SCREENS.indexOf(screen);
  const show = (screen: Screen): void => {
    const current = screenOf(inbox.state);
    if (screen === current) return;
    if (screen === 'list') inbox.conversation.back();
    else if (!inbox.state.current) return;
    else if (screen === 'thread') {
      if (current === 'visitor') inbox.conversation.showVisitor(false);
      else inbox.set({ page: 'inbox', showThread: true, showVisitor: false });
    } else inbox.conversation.showVisitor(true);
  };
  // Only a change of screen moves the history: after a reload the entry still says `thread` while the conversation
  // in the address is being opened again.
  let last = screenOf(inbox.state);
  const sync = (): void => {
    const screen = screenOf(inbox.state);
    if (screen === last) return;
    last = screen;
    const shown = historyScreen();
    if (depth(screen) > depth(shown)) {
      // Deeper: one entry per screen passed (a notification opens a conversation straight from the list).
      for (const next of SCREENS.slice(depth(shown) + 1, depth(screen) + 1))
        history.pushState({ ...(history.state as object | null), [KEY]: next }, '', location.href);
    } else if (depth(screen) < depth(shown)) {
      // Shallower without the back button (a conversation closed by the inbox itself): the entries go too.
      history.go(depth(screen) - depth(shown));
    }
  };
  addEventListener('popstate', () => show(historyScreen()));
  // The in-app back buttons go back through the history, as the browser's does.
  root.addEventListener(
    'click',
    (event) => {
      const button = (event.target as Element | null)?.closest?.('.back, .drawer-close');
      if (!button || depth(historyScreen()) === 0) return;
      event.stopPropagation();
      history.back();
    },
    true,
  );
  const watcher: ReactiveControllerHost = {
    addController: () => undefined,
    removeController: () => undefined,
    requestUpdate: () => queueMicrotask(sync),
    updateComplete: Promise.resolve(true),
  };
  inbox.watch(watcher);
}
