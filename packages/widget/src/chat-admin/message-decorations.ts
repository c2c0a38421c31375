import type { TemplateResult } from 'lit';
import type { LocalMessage } from '@parley/sdk';
import { definePage } from './define-page.js';
import type { InboxController } from './inbox-controller.js';
import type { MessageDecoration } from './outlets.js';
import { holds } from './page-entry.js';
import { CONTRIBUTED } from './message-decorations.generated.js';

/**
 * The message decorations outlet: what features show on a message of the thread (instead of its text, or in its
 * meta row), each declared by its folder (`message-decoration.ts`, outlets.ts), by rank. Per message, so each is a
 * small template function in the thread's chunk (the inbox's first load), while its element comes in a chunk of its
 * own the first time one is shown. Apart from outlets.ts, whose elements' code stays out of the first load.
 */
export const MESSAGE_DECORATIONS: readonly MessageDecoration[] = [...CONTRIBUTED].sort((a, b) => a.rank - b.rank);

/**
 * The decorations of `message` in `place`, in rank order: the templates of the entries that show something there
 * (and that the signed-in member may see), each element defined once its chunk is in.
 */
export function decorations(
  place: MessageDecoration['place'],
  message: LocalMessage,
  inbox: InboxController,
): TemplateResult[] {
  const shown: TemplateResult[] = [];
  for (const entry of MESSAGE_DECORATIONS) {
    if (entry.place !== place || (entry.permission && !holds(inbox.state.me, entry.permission))) continue;
    const template = entry.render(message, inbox);
    if (!template) continue;
    void definePage(entry).catch(() => undefined);
    shown.push(template);
  }
  return shown;
}
