import { outlet, ranked, type OutletEntry, type OutletMember } from './outlets.js';
import { CONTRIBUTED } from './list-actions.generated.js';

/**
 * The list actions outlet: what features add above the conversation list (an action that makes a conversation, like
 * starting one by email), each declared by its folder (`list-action.ts`, outlets.ts). Imported by the list's tools
 * (`list-tools.ts`), a chunk fetched once signed in: an action costs the inbox's first load nothing.
 */
export const LIST_ACTIONS: readonly OutletEntry[] = ranked(CONTRIBUTED);

/** The list's action elements, for `inbox`. */
export function listActions(): (inbox: unknown, me: OutletMember) => HTMLElement[] {
  return outlet(LIST_ACTIONS);
}
