import type { InboxController } from '../inbox-controller.js';

/** The conversation picked last: a range goes from it. */
let anchor: string | undefined;

/**
 * Picks a conversation of the list for a bulk change (or unpicks it); with `range`, picks every listed conversation
 * from the one picked last to it, as a file manager's Shift+click does.
 */
export function pick(inbox: InboxController, id: string, range: boolean): void {
  const { items, picked } = inbox.state;
  const next = new Set(picked ?? []);
  const from = range && anchor !== undefined ? items.findIndex((item) => item.id === anchor) : -1;
  const to = items.findIndex((item) => item.id === id);
  if (to === -1) return;
  if (from !== -1) {
    for (let index = Math.min(from, to); index <= Math.max(from, to); index++) next.add(items[index]!.id);
  } else if (!next.delete(id)) next.add(id);
  anchor = id;
  inbox.set({ picked: next });
}
