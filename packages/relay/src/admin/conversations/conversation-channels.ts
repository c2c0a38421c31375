import { ConversationChannelList, VIEW_CHANNELS } from '@parley/protocol/admin';
import type { ConversationRecord } from '../../store/admin-store.js';
import { ApiError } from '../../http/admin-http.js';
import { ok } from '../../http/openapi/openapi-parts.js';
import { adminRoute } from '../../features/admin-routes/admin-route.js';

/** The kinds' labels as the API says them (the inbox says them in its own words). */
const KIND_LABELS: Record<(typeof VIEW_CHANNELS)[number], string> = { chat: 'Chat', email: 'Email', api: 'API' };

/**
 * The channel a conversation came in on as the list's, a view's and a rule's `channel` name it (ADR
 * 2026-11-30-channel-providers): its messaging provider's id (`whatsapp`), else its kind (`chat`, `email`, `api`).
 */
export function channelChoice(record: Pick<ConversationRecord, 'channel' | 'provider'>): string {
  return record.provider ?? record.channel;
}

/** Every channel of this relay, the kinds first, then the messaging providers (`providers`: id to label). */
export function channelList(providers: ReadonlyMap<string, string>): ConversationChannelList {
  return {
    items: [
      ...VIEW_CHANNELS.map((id) => ({ id, label: KIND_LABELS[id], kind: id })),
      ...[...providers].map(([id, label]) => ({ id, label, kind: 'api' as const })),
    ],
  };
}

/**
 * Refuses (`bad_request`, naming `field` and the channels there are) a channel given to the list, or saved in a view
 * or a rule, that is neither a kind nor a messaging provider of this relay. A saved view's or rule's channel whose
 * provider was left out of the relay since is kept, and matches its conversations still.
 */
export function checkChannelChoice(providers: ReadonlyMap<string, string>, choice: string, field: string): void {
  if ((VIEW_CHANNELS as readonly string[]).includes(choice) || providers.has(choice)) return;
  const known = [...VIEW_CHANNELS, ...providers.keys()].join(', ');
  throw new ApiError('bad_request', `Invalid ${field}: no channel ${choice} on this relay (${known}).`);
}

/** `GET /v1/admin/conversation-channels`: what the inbox offers to filter by (every member). */
export const conversationChannelsRoute = adminRoute({
  method: 'GET',
  path: '/v1/admin/conversation-channels',
  doc: {
    summary: 'The channels conversations come in on',
    description:
      'The kinds (`chat`, `email`, `api`: an API channel’s), then each messaging provider of this relay (`whatsapp`, `telegram`, `twilio`…; its conversations are of the kind `api` and name it as their `provider`). Each `id` is a value of the list’s `channel` parameter, a saved view’s and a rule’s `channel` condition. docs/channels.md.',
    tag: 'conversations',
    responses: ok('The channels.', ConversationChannelList),
  },
  run: async (call) => ({ status: 200, body: channelList(call.admin.channelProviders) }),
});
