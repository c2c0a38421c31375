import type { StaffClient } from '@parley/sdk/staff';

/**
 * The part of {@link StaffClient} that `<chat-admin>` uses; tests pass a fake. The client is the inbox's only
 * timeline: `messages(id)` is what the conversation shows, and history fetched from the admin API goes in with
 * `addHistory`.
 */
export type AdminClient = Pick<
  StaffClient,
  | 'state'
  | 'leader'
  | 'connect'
  | 'send'
  | 'typing'
  | 'stopTyping'
  | 'markRead'
  | 'close'
  | 'on'
  | 'messages'
  | 'addHistory'
  | 'hasEarlier'
  // For `Attachments` (`@parley/sdk/attachments`): files in conversations, protocol 3.
  | 'welcome'
  | 'conversationId'
  | 'attach'
  // Staff's edits and deletes of their own recent messages (protocol 3).
  | 'canEdit'
  | 'editMessage'
  | 'deleteMessage'
>;
