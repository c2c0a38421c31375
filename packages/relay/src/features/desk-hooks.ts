import type { OutboxInsert } from '../outbox/outbox.js';
import type { ContactTouch, ConversationRecord } from '../store/admin-store.js';

// What a feature's `desk` part (feature.ts) is told: the frame names the hooks' shape, the desk (admin/desk-events.ts)
// asks them. The shape is here, beside the frame, so that the frame imports nothing of the desk.

/** Who or what made a change: a staff member through the admin API, or a feature acting by itself. */
export type ChangeCause =
  | { readonly kind: 'staff'; readonly staffId: string; readonly staffName: string }
  | {
      readonly kind: 'feature';
      readonly feature: string;
      readonly reason?: string | undefined;
      /** How the audit log and the thread's timeline name it (default: the feature's name). */
      readonly actorName?: string | undefined;
      /**
       * How many changes made by features acting on one another led to this one (a rule's change is 1; a rule
       * firing on it makes 2…): features that react to changes stop at a limit, so they cannot loop.
       */
      readonly depth?: number | undefined;
    };

/** A conversation changed (its status, assignee, team, priority, labels…), as about to be written. */
export interface ConversationChange {
  readonly siteId: string;
  readonly before: ConversationRecord;
  /** `before` with the change applied. */
  readonly after: ConversationRecord;
  readonly cause: ChangeCause;
  readonly at: number;
}

/**
 * What the desk tells features about changes outside the message path, so that their side effects are written in
 * the change's own transaction (like {@link ChatHooks.messageEffects} for messages). Every hook is synchronous,
 * cheap and pure: decide from memory, return nothing when there is nothing to do, never throw.
 */
export interface DeskHooks {
  /** A conversation changed: the outbox jobs it causes (a `conversation.updated` webhook…). */
  conversationChanged?(change: ConversationChange): readonly OutboxInsert[] | undefined;
  /**
   * Whether {@link contactsCreated} wants to hear of new contacts of these sites: telling them apart costs the
   * contact writer a read per batch, spent only while some feature listens.
   */
  wantsContactsCreated?(siteIds: ReadonlySet<string>): boolean;
  /** Contacts just stored for the first time. */
  contactsCreated?(created: readonly ContactTouch[]): readonly OutboxInsert[] | undefined;
  /** A contact and their conversations are about to be erased (ids only: what was erased is never passed on). */
  contactErased?(
    siteId: string,
    contactId: string,
    conversationIds: readonly string[],
  ): readonly OutboxInsert[] | undefined;
}
