import type { WhatsAppConversation } from '@parley/protocol/admin';
import type { AdminApi } from '../admin-api.js';
import { WhatsAppApi } from './whatsapp-api.js';

/** How long an answer is shared: the composer's hold and the window's tool ask together when a conversation opens. */
const sharedMs = 2_000;

/** The last read, per API (a member signed in again reads afresh). */
const last = new WeakMap<AdminApi, { key: string; at: number; answer: Promise<WhatsAppConversation> }>();

/**
 * A conversation's 24-hour window and templates (`GET …/whatsapp`), as it stood at `updatedAt`: one request for the
 * composer's hold and the window's tool asking within a moment of each other.
 */
export function whatsappWindow(
  api: AdminApi,
  conversationId: string,
  updatedAt: number,
): Promise<WhatsAppConversation> {
  const key = `${conversationId}:${updatedAt}`;
  const now = Date.now();
  const shared = last.get(api);
  if (shared?.key === key && now - shared.at < sharedMs) return shared.answer;
  const answer = new WhatsAppApi(api).window(conversationId);
  const read = { key, at: now, answer };
  last.set(api, read);
  // A failure is not kept: the next ask tries again.
  answer.catch(() => {
    if (last.get(api) === read) last.delete(api);
  });
  return answer;
}
