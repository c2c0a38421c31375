import type { ReplyDeliverySource } from '../admin/public.js';

/**
 * The messaging channels' replies as their providers delivered them (`messaging_replies`), for the thread's mark of a
 * reply that was not delivered (the desk's point `desk.replyDeliveries`): the same rows as `…/messaging-deliveries`.
 */
export const messagingReplyDeliveries: ReplyDeliverySource = {
  name: 'messaging',
  read: async (use, siteId, conversationId) =>
    (await use('messaging')?.replies.deliveries(siteId, conversationId)) ?? [],
};
