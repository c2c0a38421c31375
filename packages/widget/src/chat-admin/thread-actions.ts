import { definePage } from './define-page.js';

/**
 * Actions on the open conversation that features add to the thread's header, after the built-in ones: each an
 * element of its own (an `AdminRegion`: it gets `inbox`, renders in `<chat-admin>`'s shadow root, and renders again
 * when the inbox's state changes), fetched in a chunk of its own the first time a conversation is shown. This list is
 * a chunk too (the thread imports it then), so an action adds nothing to the inbox's first load. A new action is a
 * folder and one line here (docs/architecture.md, "Adding a feature").
 */
export interface ThreadAction {
  /** The element's tag, registered on first use (see `definePage`). */
  readonly tag: string;
  readonly load: () => Promise<CustomElementConstructor>;
}

export const THREAD_ACTIONS: readonly ThreadAction[] = [
  // Not an action: where the contact is reached (a channel's handle), first in the header's row.
  {
    tag: 'chat-admin-reach',
    load: async () => (await import('./contact/chat-admin-reach.component.js')).ChatAdminReach,
  },
  {
    tag: 'chat-admin-snooze',
    load: async () => (await import('./snooze/chat-admin-snooze.component.js')).ChatAdminSnooze,
  },
  {
    tag: 'chat-admin-export',
    load: async () => (await import('./export/chat-admin-export.component.js')).ChatAdminExport,
  },
  {
    tag: 'chat-admin-merge',
    load: async () => (await import('./merge/chat-admin-merge.component.js')).ChatAdminMerge,
  },
  {
    tag: 'chat-admin-spam',
    load: async () => (await import('./moderation/chat-admin-spam.component.js')).ChatAdminSpam,
  },
];

/**
 * The thread's action elements, for `inbox`: each made once per thread and kept (its state survives a render), and
 * defined once its chunk is in. Here rather than in the thread, so that none of it is in the inbox's first load.
 */
export function threadActions(): (inbox: unknown) => HTMLElement[] {
  const made = new Map<string, HTMLElement & { inbox?: unknown }>();
  return (inbox) =>
    THREAD_ACTIONS.map((action) => {
      let element = made.get(action.tag);
      if (!element) {
        void definePage(action).catch(() => undefined);
        element = document.createElement(action.tag);
        made.set(action.tag, element);
      }
      element.inbox = inbox;
      return element;
    });
}
