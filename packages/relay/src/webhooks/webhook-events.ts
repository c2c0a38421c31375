import type { Message } from '@parley/protocol';
import type { WebhookSubscription } from '@parley/protocol/admin';
import { randomId } from '../auth/tokens.js';
import { unsignedFiles } from '../attachments/public.js';

// What an endpoint may subscribe to is the admin API's contract (`WEBHOOK_SUBSCRIPTIONS`, @parley/protocol/admin).
export type { WebhookSubscription };

/**
 * The `type` of an event's body. `ping` is no subscription: an admin sends it to one endpoint on request ("Send a
 * test event"), to check the address and the signature.
 */
export type WebhookEventType = Exclude<WebhookSubscription, 'note.created'> | 'ping';

/**
 * An event as its JSON body carries it. `id` is stable: the same on every attempt and on a resend, so receivers
 * deduplicate on it.
 */
export interface WebhookEvent {
  /** `evt_…` */
  readonly id: string;
  readonly type: WebhookEventType;
  /** When it happened (ms since the epoch). */
  readonly createdAt: number;
  readonly siteId: string;
  readonly data: Record<string, unknown>;
}

/** The payload of a `webhook` outbox job: one event for one endpoint. */
export interface WebhookPayload {
  readonly endpointId: string;
  readonly event: WebhookEvent;
}

/** A new event with a fresh id. */
export function webhookEvent(
  type: WebhookEventType,
  siteId: string,
  data: Record<string, unknown>,
  now: number,
): WebhookEvent {
  return { id: randomId('evt'), type, createdAt: now, siteId, data };
}

/** The conversation's fields a `conversation.updated` event reports, before and after. */
export interface ConversationState {
  readonly status: string;
  readonly priority: string;
  readonly assigneeId: string | null;
  readonly labels: readonly string[];
  /** Routing (issue #17): its team, and whether its first-reply deadline passed unanswered. */
  readonly teamId?: string | null | undefined;
  readonly overdue?: boolean | undefined;
}

/**
 * The `data` of `conversation.updated`: the conversation's fields now, and under `previous` the old value of each
 * field that changed; `undefined` when nothing did.
 */
export function conversationUpdate(
  conversationId: string,
  before: ConversationState,
  after: ConversationState,
  updatedAt: number,
): Record<string, unknown> | undefined {
  const previous: Record<string, unknown> = {};
  if (before.status !== after.status) previous.status = before.status;
  if (before.priority !== after.priority) previous.priority = before.priority;
  if (before.assigneeId !== after.assigneeId) previous.assigneeId = before.assigneeId;
  if ((before.teamId ?? null) !== (after.teamId ?? null)) previous.teamId = before.teamId ?? null;
  if ((before.overdue ?? false) !== (after.overdue ?? false)) previous.overdue = before.overdue ?? false;
  const sorted = (labels: readonly string[]): string => JSON.stringify([...new Set(labels)].sort());
  if (sorted(before.labels) !== sorted(after.labels)) previous.labels = [...before.labels];
  if (Object.keys(previous).length === 0) return undefined;
  return {
    conversation: {
      id: conversationId,
      status: after.status,
      priority: after.priority,
      assigneeId: after.assigneeId,
      labels: [...new Set(after.labels)].sort(),
      teamId: after.teamId ?? null,
      overdue: after.overdue ?? false,
      updatedAt,
    },
    previous,
  };
}

/**
 * The `data` of `message.created`: the message as the admin API returns it, its files by their facts only (signed
 * addresses would expire before a retried delivery; the endpoint fetches a file with a staff token).
 */
export function messageData(message: Message): Record<string, unknown> {
  if (message.attachments === undefined) return { message };
  return { message: { ...message, attachments: unsignedFiles(message.attachments) } };
}

/** The `data` of `conversation.created`, from the message that opened the conversation (sequence 1). */
export function conversationCreatedData(message: Message): Record<string, unknown> {
  return {
    conversation: { id: message.conversationId, createdAt: message.ts },
    openedBy: { role: message.author.role, id: message.author.id },
  };
}
