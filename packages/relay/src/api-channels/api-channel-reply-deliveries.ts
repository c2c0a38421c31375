import type { ReplyDeliverySource } from '../admin/public.js';

/**
 * The API channels' replies as their bridges took them (`api_channel_replies`), for the thread's mark of a reply that
 * was not delivered (the desk's point `desk.replyDeliveries`), the same mark as a messaging provider's.
 */
export const apiChannelReplyDeliveries: ReplyDeliverySource = {
  name: 'api-channels',
  read: async (use, siteId, conversationId) =>
    (await use('api-channels')?.replies.deliveries(siteId, conversationId)) ?? [],
};
