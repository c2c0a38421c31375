import * as z from 'zod/mini';
import { ConversationPriority, ConversationStatus } from '../frames.js';
import { AttributeFilter } from './attributes.js';
import { Id, Label, doc } from './document.js';

/** Saved views of the conversation list, and bulk changes to the conversations in it (docs/views-and-bulk.md). */

/** The channel kinds a conversation comes in on. */
export const VIEW_CHANNELS = ['chat', 'email', 'api'] as const;

/**
 * A channel to filter by (the list's `channel`, a view's, a rule's condition): a kind of {@link VIEW_CHANNELS}, or a
 * messaging provider's id (`whatsapp`, `telegram`, `twilio`…: lower-case letters), open so a provider added to the
 * relay needs no edit here (ADR 2026-11-30-channel-providers). `api` is the API channels' own conversations, not a
 * provider's. The relay refuses an id none of its providers has.
 */
export const ChannelChoice = z.string().check(
  z.regex(/^[a-z]{1,32}$/, { error: `one of ${VIEW_CHANNELS.join(', ')} or a messaging provider’s id` }),
  doc({
    description: `One of ${VIEW_CHANNELS.join(', ')}, or a messaging provider’s id (\`whatsapp\`, \`telegram\`, \`twilio\`…; \`GET /v1/admin/messaging-providers\`).`,
  }),
);

/** The most labels a filter asks for (all of them), and the most saved views a site keeps (shared and personal). */
export const VIEW_LIMITS = { labels: 5, attributes: 5, views: 100, name: 60 } as const;

/**
 * What a view shows: every member given must hold (absent: any). The list route takes the same members as query
 * parameters. A small object: a new criterion is one more optional member here and one condition in the relay.
 */
export const ViewFilter = z
  .strictObject({
    status: z.optional(ConversationStatus),
    assignee: z.optional(
      z
        .string()
        .check(
          z.regex(/^(me|none|[A-Za-z0-9_-]{1,128})$/, '`me`, `none` or a staff id'),
          doc({ description: '`me`: the caller; `none`: unassigned; otherwise a staff id of the site.' }),
        ),
    ),
    teamId: z.optional(Id.check(doc({ description: 'A team id of the site.' }))),
    labels: z.optional(
      z
        .array(Label)
        .check(
          z.minLength(1),
          z.maxLength(VIEW_LIMITS.labels),
          doc({ description: 'Conversations with all of these labels.' }),
        ),
    ),
    channel: z.optional(ChannelChoice),
    attributes: z.optional(
      z.array(AttributeFilter).check(
        z.minLength(1),
        z.maxLength(VIEW_LIMITS.attributes),
        doc({
          description:
            'Custom attributes every conversation shown matches (docs/attributes.md), each as the list’s `attribute` parameter says it.',
        }),
      ),
    ),
    company: z.optional(
      z.string().check(
        z.regex(/^(none|[A-Za-z0-9_-]{1,64})$/, '`none` or a company id'),
        doc({
          description:
            'Conversations of contacts of this company (its id, docs/companies.md), or `none`: of contacts in no company, as the list’s `company` parameter says it.',
        }),
      ),
    ),
  })
  .check(doc({ example: { status: 'open', assignee: 'none', labels: ['billing'] } }));

const ViewName = z.string().check(z.trim(), z.minLength(1), z.maxLength(VIEW_LIMITS.name));

/** `POST /v1/admin/views`: a view to save. */
export const ViewCreate = z
  .strictObject({
    name: ViewName,
    filter: ViewFilter,
    shared: z.optional(
      z.boolean().check(doc({ default: false, description: 'Site-wide (admins only); otherwise the caller’s own.' })),
    ),
    position: z.optional(z.int().check(z.gte(0), z.lte(1000), doc({ description: 'Its place in the list.' }))),
  })
  .check(doc({ example: { name: 'Billing, unassigned', filter: { assignee: 'none', labels: ['billing'] } } }));

/** `PATCH /v1/admin/views/{id}`: what changes (a shared view stays shared, a personal one personal). */
export const ViewPatch = z
  .strictObject({
    name: z.optional(ViewName),
    filter: z.optional(ViewFilter),
    position: z.optional(z.int().check(z.gte(0), z.lte(1000))),
  })
  .check(doc({ example: { name: 'Billing' } }));

/** A saved view, with how many conversations it shows now (spam aside). */
export const SavedView = z.object({
  id: z.string(),
  name: z.string(),
  filter: ViewFilter,
  shared: z.boolean(),
  /** Who saved it (a personal view's owner). */
  ownerId: z.string(),
  position: z.int(),
  count: z.int().check(doc({ description: 'Conversations it shows now (not marked as spam).' })),
  createdAt: z.int(),
  updatedAt: z.int(),
});

/** `GET /v1/admin/views`: the site's shared views and the caller's own, in order. */
export const ViewList = z.object({ items: z.array(SavedView) });

/** The most conversations one bulk request changes. */
export const BULK_MAX = 100;

/** `POST /v1/admin/conversations/bulk`: one change, made to each conversation named. */
export const BulkChange = z
  .strictObject({
    ids: z
      .array(Id)
      .check(z.minLength(1), z.maxLength(BULK_MAX), doc({ description: `Conversation ids, at most ${BULK_MAX}.` })),
    status: z.optional(ConversationStatus.check(doc({ description: '`resolved` resolves them.' }))),
    priority: z.optional(ConversationPriority),
    assigneeId: z.optional(z.nullable(Id.check(doc({ description: 'A staff id of the site; `null`: unassign.' })))),
    teamId: z.optional(z.nullable(Id.check(doc({ description: 'A team id of the site; `null`: no team.' })))),
    addLabels: z.optional(z.array(Label).check(z.minLength(1), z.maxLength(VIEW_LIMITS.labels))),
    removeLabels: z.optional(z.array(Label).check(z.minLength(1), z.maxLength(VIEW_LIMITS.labels))),
    snoozeUntil: z.optional(
      z.int().check(z.gte(0), doc({ description: 'Snooze until then (ms since the epoch), at most a year ahead.' })),
    ),
  })
  .check(doc({ example: { ids: ['c_1', 'c_2'], status: 'resolved' } }));

/** How one conversation of a bulk change went. */
export const BulkOutcome = z.object({
  id: z.string(),
  outcome: z.enum(['ok', 'not_found', 'forbidden', 'conflict']),
  message: z.optional(z.string().check(doc({ description: 'Why it was not changed.' }))),
});

/** What a bulk change answers: an outcome per id, in the order given, and the totals. */
export const BulkResult = z.object({
  results: z.array(BulkOutcome),
  changed: z.int(),
  failed: z.int(),
});

export type ViewFilter = z.output<typeof ViewFilter>;
export type ViewCreate = z.input<typeof ViewCreate>;
export type ViewPatch = z.input<typeof ViewPatch>;
export type SavedView = z.output<typeof SavedView>;
export type ViewList = z.output<typeof ViewList>;
export type BulkChange = z.input<typeof BulkChange>;
export type BulkOutcome = z.output<typeof BulkOutcome>;
export type BulkResult = z.output<typeof BulkResult>;

/**
 * `GET /v1/admin/conversation-channels`: the channels a conversation of this relay may come in on, in order: the
 * kinds (`chat`, `email`, `api`), then each messaging provider of the relay (ADR 2026-11-30-channel-providers), each
 * an `id` the list's, a view's and a rule's `channel` take, with its label.
 */
export const ConversationChannelList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      /** The kind its conversations are recorded under: a provider's are `api`. */
      kind: z.enum(VIEW_CHANNELS),
    }),
  ),
});
export type ConversationChannelList = z.output<typeof ConversationChannelList>;
