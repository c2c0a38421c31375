import { definePage } from '../define-page.js';
import type { InboxController } from '../inbox-controller.js';
import { ChatAdminRowMenu } from './chat-admin-row-menu.component.js';
import { rowActionsStyles } from './row-actions.styles.js';
import { RowGestures } from './row-gestures.js';

const ROW = '.list [role=option]';

function idOf(row: HTMLElement): string {
  return row.id.slice('option-'.length);
}

/**
 * The conversation list's swipes and long presses on a phone (docs/agent-app.md): {@link RowGestures} reads them on
 * the rows of `<chat-admin>`'s shadow root, a `<chat-admin-row-menu>` does what they ask. The keyboard's menu key
 * (or Shift+F10) on a row opens the same menu. They apply while the width is a phone's.
 */
export function listActions(root: ShadowRoot, inbox: InboxController): void {
  void definePage({ tag: 'chat-admin-row-menu', element: ChatAdminRowMenu });
  const sheet = rowActionsStyles.styleSheet;
  if (sheet) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  const menu = document.createElement('chat-admin-row-menu') as ChatAdminRowMenu;
  menu.inbox = inbox;
  // Before what `<chat-admin>` renders: its sign-in and its inbox replace each other, and whatever follows them.
  root.prepend(menu);
  const phone = matchMedia('(max-width: 600px)');
  new RowGestures(ROW, {
    active: () => phone.matches,
    swipeAction: (row, direction) => menu.swipeAction(idOf(row), direction),
    swiped: (row, direction) => menu.swiped(idOf(row), direction),
    pressed: (row) => menu.open(idOf(row), row),
  }).attach(root);
  root.addEventListener('keydown', (event) => {
    const key = event as KeyboardEvent;
    const row = (key.target as Element).closest<HTMLElement>(ROW);
    if (!row || !phone.matches || !(key.key === 'ContextMenu' || (key.shiftKey && key.key === 'F10'))) return;
    key.preventDefault();
    menu.open(idOf(row), row);
  });
}
