import type { Message } from '@parley/protocol';

/**
 * Whether a stored message is a staff reply a channel carries to its customer (an API channel's bridge, a messaging
 * provider): staff's, a text message (not a note, not the bot's), not deleted, with text or files.
 */
export function isStaffReply(message: Message): boolean {
  return (
    message.author.role === 'staff' &&
    message.kind === 'text' &&
    message.deleted !== true &&
    (message.text !== '' || (message.attachments?.length ?? 0) > 0)
  );
}
