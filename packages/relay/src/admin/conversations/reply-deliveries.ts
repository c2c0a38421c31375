import { ReplyDeliveryList, type ReplyDelivery } from '@parley/protocol/admin';
import type { UseFeature } from '../../features/feature-instances.js';
import { extensionPoint } from '../../features/extension-point.js';
import { ok } from '../../http/openapi/openapi-parts.js';
import { adminRoute, conversationOr404 } from '../../features/admin-routes/admin-route.js';

/**
 * A channel's record of how it delivered a conversation's staff replies (ADR 2026-11-30-channel-providers): the
 * messaging feature's (every provider's), the API channels'. Contributed to the desk's point {@link replyDeliveries};
 * the thread marks a reply that was not delivered from their one answer, `GET …/deliveries`, whichever channel it was.
 */
export interface ReplyDeliverySource {
  /** The feature whose replies these are (`messaging`, `api-channels`), for a log line. */
  readonly name: string;
  /**
   * The conversation's replies this channel carried, as it delivered them (none for a conversation not its own).
   * `use` reaches the contributing feature's running part, `undefined` when it is left out.
   */
  read(use: UseFeature, siteId: string, conversationId: string): Promise<readonly ReplyDelivery[]>;
}

/** The desk's point: channels' deliveries of staff replies. */
export const replyDeliveries = extensionPoint<ReplyDeliverySource>('desk.replyDeliveries');

/** `GET /v1/admin/conversations/{id}/deliveries`: its replies as the channel delivered them. */
export const replyDeliveriesRoute = adminRoute({
  method: 'GET',
  path: '/v1/admin/conversations/{id}/deliveries',
  resource: 'conversation',
  doc: {
    summary: 'How its replies were delivered',
    description:
      'For a conversation that came in on a channel that carries staff replies (a messaging provider: WhatsApp, Telegram, SMS…; an API channel): each reply’s delivery, oldest first, `failed` with the provider’s or the bridge’s reason once the relay gave up on it. Empty for a chat or an email. The inbox marks a failed reply in the thread from this. Any staff member who sees the conversation.',
    tag: 'conversations',
    responses: ok('Its replies’ deliveries.', ReplyDeliveryList),
  },
  run: async (call) => {
    const conversation = await conversationOr404(call);
    const items: ReplyDelivery[] = [];
    if (conversation.channel === 'api')
      for (const source of call.admin.replyDeliverySources)
        items.push(...(await source.read(call.use, call.site.id, conversation.id)));
    items.sort((a, b) => Number(a.messageId) - Number(b.messageId) || a.messageId.localeCompare(b.messageId));
    return { status: 200, body: { items } satisfies ReplyDeliveryList };
  },
});
