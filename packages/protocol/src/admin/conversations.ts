import * as z from 'zod/mini';
import {
  ClientId,
  ConversationPriority,
  ConversationStatus,
  ConversationSummary,
  Message,
  QuickReplies,
} from '../frames.js';
import { type Components, Id, Label, Text, doc, list, millis } from './document.js';
import { PERMISSIONS } from './roles.js';

/** The signed-in staff member, and conversations: the list, one conversation, its timeline and messages. */

const plainId = doc({ omit: ['minLength', 'maxLength', 'pattern'] });

/** `PATCH /v1/admin/conversations/{id}`: what changes. */
export const ConversationPatch = z
  .object({
    status: z.optional(ConversationStatus),
    assigneeId: z.optional(z.nullable(Id.check(plainId))),
    /** The team it goes to (`null`: none); routing then picks an agent inside it unless an assignee is given. */
    teamId: z.optional(z.nullable(Id.check(plainId))),
    priority: z.optional(ConversationPriority),
    labels: z.optional(z.array(Label).check(z.maxLength(20))),
  })
  .check(doc({ example: { status: 'resolved', labels: ['x'] } }));

/** `POST /v1/admin/conversations/{id}/messages`: a reply, or a private note. */
export const MessageCreate = z
  .object({
    id: ClientId.check(
      doc({ pattern: '^[A-Za-z0-9_-]{1,64}$', omit: ['minLength', 'maxLength'], description: 'Client-generated id.' }),
    ),
    text: Text,
    note: z.optional(z.boolean().check(doc({ default: false }))),
    /** Quick-reply buttons for the visitor (protocol 2); not on a note. */
    buttons: z.optional(QuickReplies.check(doc({ ref: 'QuickReplies', description: 'Not on a note.' }))),
  })
  .check(doc({ example: { id: 'matrix-1', text: 'matrix' } }));

/** The signed-in staff member and their site (`GET /v1/admin/me`). */
export const Me = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(['admin', 'agent']),
  site: z.object({ id: z.string(), name: z.string() }),
  permissions: z.optional(
    z
      .array(z.enum(PERMISSIONS))
      .check(doc({ description: 'What the caller may do on this site, by its role (or an API token’s scopes).' })),
  ),
});

/** Conversation counts per view and per status, for the current filters. */
export const InboxCounts = z.object({
  mine: z.int(),
  unassigned: z.int(),
  all: z.int(),
  overdue: z.int(),
  mentions: z.int(),
  /** Flagged for review and not dismissed (docs/safety.md, "Spam and review"); relays since issue #39 give it. */
  review: z.optional(z.int()),
  /** Marked as spam: in no other view (relays since issue #39). */
  spam: z.optional(z.int()),
  open: z.int(),
  pending: z.int(),
  snoozed: z.int(),
  resolved: z.int(),
});

/** A page of the conversation list, with its counts. */
export const ConversationPage = z.object({
  items: z.array(ConversationSummary),
  nextCursor: z.optional(z.string()),
  counts: InboxCounts,
});

/** A page of a conversation's messages, oldest first, notes included. */
export const MessagePage = z.object({ items: z.array(Message), hasMore: z.boolean() });

/** A stored message, and whether it was stored before under the same id. */
export const MessageResult = z.object({ message: Message, duplicate: z.boolean() });

const someone = z.object({ id: z.string(), name: z.string() });

/** One change to a conversation, as its thread shows it between the messages. */
export const TimelineEvent = z.object({
  at: z.int().check(doc({ description: 'When (ms since the epoch).' })),
  actor: someone,
  type: z.enum(['assigned', 'team', 'label_added', 'label_removed', 'priority', 'status', 'merged']),
  assignee: z.optional(
    z
      .nullable(z.object({ id: z.optional(z.string()), name: z.optional(z.string()) }))
      .check(doc({ description: '`assigned`: to whom; null when unassigned.' })),
  ),
  team: z.optional(
    z
      .nullable(z.object({ id: z.string(), name: z.string() }))
      .check(doc({ description: '`team`: the team it moved to; null when it left its team.' })),
  ),
  label: z.optional(z.string().check(doc({ description: '`label_added`, `label_removed`.' }))),
  priority: z.optional(z.string().check(doc({ description: '`priority`: the new one.' }))),
  status: z.optional(
    z.string().check(doc({ description: '`status`: the new one (`resolved`: resolved by the actor).' })),
  ),
  from: z.optional(z.string().check(doc({ description: '`merged`: the conversation merged into this one.' }))),
  into: z.optional(z.string().check(doc({ description: '`merged`: the conversation this one was merged into.' }))),
});

/** `GET /v1/admin/conversations/{id}/events`: its timeline, oldest first. */
export const TimelineAnswer = z.object({ items: z.array(TimelineEvent) });

export type ConversationPatch = z.input<typeof ConversationPatch>;
export type MessageCreate = z.input<typeof MessageCreate>;
export type Me = z.output<typeof Me>;
export type InboxCounts = z.output<typeof InboxCounts>;
export type ConversationPage = z.output<typeof ConversationPage>;
export type MessagePage = z.output<typeof MessagePage>;

/** This area's named schemas in the document. */
export const conversationComponents: Components = { Me, InboxCounts, MessageResult };

/**
 * A staff reply as the channel that carries it delivered it (issue #84, ADR 2026-11-30-channel-providers): a
 * messaging provider's (WhatsApp, Telegram, SMS…) or an API channel's. One shape for every channel, so the thread marks
 * a reply that was not delivered the same way whichever channel failed it.
 */
export const ReplyDelivery = z.object({
  messageId: z.string(),
  status: z.enum(['queued', 'sent', 'delivered', 'read', 'failed']).check(
    doc({
      description:
        '`sent` once the channel took it (a provider took every part, a bridge answered 2xx); `delivered` and `read` when a provider reports so; `failed` with the reason once the relay gave up on it.',
    }),
  ),
  error: z.nullable(z.string()).check(doc({ description: 'Why it failed, in the provider’s or the bridge’s words.' })),
  updatedAt: millis,
});
export type ReplyDelivery = z.output<typeof ReplyDelivery>;

/** `GET /v1/admin/conversations/{id}/deliveries`: its staff replies' deliveries by the channel it came in on. */
export const ReplyDeliveryList = list(ReplyDelivery);
export type ReplyDeliveryList = z.output<typeof ReplyDeliveryList>;
