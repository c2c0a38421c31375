// Written by scripts/contributions.mjs from the folders' message-decoration.ts: do not edit.
import type { MessageDecoration } from './outlets.js';
import { messageDecoration as aiClassifyMessageDecoration } from './ai/classify/message-decoration.js';
import { messageDecoration as aiMessageDecoration } from './ai/message-decoration.js';
import { messageDecoration as emailOriginalMessageDecoration } from './email-original/message-decoration.js';
import { messageDecoration as messageActionsMessageDecoration } from './message-actions/message-decoration.js';
import { messageDecoration as redactedMessageDecoration } from './redacted/message-decoration.js';
import { messageDecoration as replyDeliveryMessageDecoration } from './reply-delivery/message-decoration.js';
import { messageDecoration as whatsappMessageDecoration } from './whatsapp/message-decoration.js';

/** The message decorations the folders declare, in the folders' order (their list orders them by rank). */
export const CONTRIBUTED: readonly MessageDecoration[] = [
  aiClassifyMessageDecoration,
  aiMessageDecoration,
  emailOriginalMessageDecoration,
  messageActionsMessageDecoration,
  redactedMessageDecoration,
  replyDeliveryMessageDecoration,
  whatsappMessageDecoration,
];
