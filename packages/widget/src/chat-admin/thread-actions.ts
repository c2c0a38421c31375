import { outlet, ranked, type OutletEntry, type OutletMember } from './outlets.js';
import { CONTRIBUTED } from './thread-actions.generated.js';

/**
 * The thread actions outlet: what features add to the open conversation's header, after the built-in actions (an
 * action on the conversation, or where its contact is reached), each declared by its folder (`thread-action.ts`,
 * outlets.ts). This module and its index are a chunk of their own (the thread imports it when the first conversation
 * is shown), so an action adds nothing to the inbox's first load (docs/architecture.md, "Adding a feature").
 */
export const THREAD_ACTIONS: readonly OutletEntry[] = ranked(CONTRIBUTED);

/**
 * The thread's action elements, for `inbox`. Here rather than in the thread, so that none of it is in the inbox's
 * first load.
 */
export function threadActions(): (inbox: unknown, me: OutletMember) => HTMLElement[] {
  return outlet(THREAD_ACTIONS);
}
