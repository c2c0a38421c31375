import * as z from 'zod/mini';
import { doc } from './document.js';

/**
 * Export a conversation (issue #40): `GET /v1/admin/conversations/{id}/export?format=json|csv`. The JSON answer is
 * {@link ConversationExport}; the CSV one is a row per message with the columns of {@link EXPORT_CSV_COLUMNS}.
 */

/** The formats an export comes in. */
export const EXPORT_FORMATS = ['json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The query of an export: the format (default `json`), and whether private notes are in it (default no). */
export const ExportQuery = z.strictObject({
  format: z.optional(z.enum(EXPORT_FORMATS, { error: `one of ${EXPORT_FORMATS.join(', ')}` })),
  notes: z.optional(z.enum(['include', 'exclude'], { error: 'include or exclude' })),
});
export type ExportQuery = z.input<typeof ExportQuery>;

/** Names what this document is, and its version: a reader checks it before it reads the rest. */
export const EXPORT_SCHEMA_NAME = 'parley.conversation-export/1';

const Person = z.object({ id: z.string(), name: z.string() });

/** A file a message carries, as an export lists it: what it is, and where staff download it. */
export const ExportFile = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string().check(doc({ description: 'The media type read from the bytes.' })),
  size: z.int().check(z.gte(0), doc({ description: 'Bytes.' })),
  path: z.string().check(
    doc({
      description:
        'Where staff download it on this relay, with their `Authorization` header (`/v1/attachments/{id}`): a path, no secret in it.',
    }),
  ),
});
export type ExportFile = z.output<typeof ExportFile>;

/** One message of an export, in the conversation's order. */
export const ExportMessage = z.object({
  seq: z.int().check(z.gte(1)),
  id: z.string(),
  at: z.number().check(doc({ description: 'When the relay stored it, ms since the epoch.' })),
  author: z.object({
    kind: z.enum(['visitor', 'staff', 'bot', 'system']),
    id: z.string(),
    name: z.nullable(z.string()),
  }),
  kind: z.enum(['text', 'note', 'broadcast']).check(doc({ description: '`note`: a private staff note.' })),
  text: z.string().check(
    doc({
      description:
        'As stored: sensitive data the relay replaced stays replaced (see `redacted`); empty for a deleted message.',
    }),
  ),
  files: z.array(ExportFile),
  redacted: z.optional(z.array(z.string()).check(doc({ description: 'The kinds of data replaced in the text.' }))),
  hidden: z.optional(
    z.boolean().check(doc({ description: 'The site’s content filter hid it from everyone but staff.' })),
  ),
  deleted: z.optional(z.boolean()),
  editedAt: z.optional(z.number()),
  via: z.optional(z.enum(['email'])),
  automation: z.optional(z.string()),
  rating: z.optional(z.int().check(doc({ description: 'A visitor’s rating, 1 to 5 (the text is their comment).' }))),
  origin: z.optional(
    z.object({ from: z.string(), seq: z.int().check(z.gte(1)) }).check(
      doc({
        description:
          'It came in by a merge (docs/merge.md): the conversation it was written in and its `seq` there. Messages are listed by `seq`; to read the conversation in the order it was written, interleave each origin’s messages by `at`.',
      }),
    ),
  ),
});
export type ExportMessage = z.output<typeof ExportMessage>;

/** A change to the conversation, as its timeline shows it (`GET /v1/admin/conversations/{id}/events`). */
export const ExportEvent = z.object({
  at: z.number(),
  actor: Person,
  type: z.enum(['assigned', 'team', 'label_added', 'label_removed', 'priority', 'status', 'merged']),
  assignee: z.optional(z.nullable(Person)),
  team: z.optional(z.nullable(Person)),
  label: z.optional(z.string()),
  priority: z.optional(z.string()),
  status: z.optional(z.string()),
  /** `merged`: the conversation merged into this one, or the one this was merged into (docs/merge.md). */
  from: z.optional(z.string()),
  into: z.optional(z.string()),
});
export type ExportEvent = z.output<typeof ExportEvent>;

/** `GET /v1/admin/conversations/{id}/export?format=json`: the conversation's header, its events and every message. */
export const ConversationExport = z.object({
  schema: z.literal(EXPORT_SCHEMA_NAME),
  exportedAt: z.number(),
  exportedBy: Person,
  site: Person,
  conversation: z.object({
    id: z.string(),
    status: z.enum(['open', 'pending', 'snoozed', 'resolved']),
    priority: z.string(),
    channel: z.enum(['chat', 'email', 'api']),
    provider: z.optional(
      z
        .object({ id: z.string(), label: z.string() })
        .check(doc({ description: 'The messaging provider it came through (its `channel` is then `api`).' })),
    ),
    subject: z.nullable(z.string()),
    contact: z.object({
      id: z.string(),
      name: z.nullable(z.string()),
      emailMasked: z.nullable(
        z.string().check(doc({ description: 'As the inbox shows it (`j***@ex***.com`); revealing it is audited.' })),
      ),
      verified: z.boolean(),
    }),
    assignee: z.nullable(Person),
    team: z.nullable(Person),
    labels: z.array(z.string()),
    createdAt: z.number(),
    resolvedAt: z.nullable(z.number()),
    lastSeq: z.int(),
  }),
  includesNotes: z.boolean(),
  events: z.array(ExportEvent),
  messages: z.array(ExportMessage),
});
export type ConversationExport = z.output<typeof ConversationExport>;

/** The CSV's header row, in order: one row per message below it. */
export const EXPORT_CSV_COLUMNS = [
  'seq',
  'time',
  'author_kind',
  'author_name',
  'kind',
  'text',
  'files',
  'redacted',
  'hidden',
  'deleted',
  'edited_at',
] as const;
