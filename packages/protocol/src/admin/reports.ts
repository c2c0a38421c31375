import * as z from 'zod/mini';
import { doc } from './document.js';

/** Reports over a date range (issue #19), computed by the store through its indexes (docs/reports.md). */

/** How a report cuts its range: local days or local hours. */
export const REPORT_BUCKETS = ['day', 'hour'] as const;

const durations = (what: string) =>
  z.object({ medianMs: z.nullable(z.int()), p90Ms: z.nullable(z.int()), count: z.int() }).check(
    doc({
      description: `${what} Median and 90th percentile in ms (linear interpolation, as PostgreSQL's \`percentile_cont\`), null when \`count\` is 0.`,
    }),
  );

/** How a report may be split: one row per channel (issue #84), team, agent (assignee) or label (issue #86). */
export const REPORT_SPLITS = ['channel', 'team', 'agent', 'label'] as const;

/** The most values one member of a report's filter set takes, and the most rows of a split. */
export const REPORT_FILTER_VALUES = 20;

/**
 * The filter set a report was narrowed to (docs/reports.md "Filters"): each member given holds, by one of its values;
 * empty when the report is the whole site's.
 */
export const ReportFilters = z.object({
  channel: z.optional(
    z.array(z.string()).check(
      doc({
        description:
          'Only conversations that came in on one of these channels (kinds and messaging providers’ ids, `GET /v1/admin/conversation-channels`), sorted.',
      }),
    ),
  ),
  team: z.optional(
    z
      .array(z.string())
      .check(doc({ description: 'Only conversations of one of these teams (ids; `none`: of no team), sorted.' })),
  ),
  agent: z.optional(
    z.array(z.string()).check(
      doc({
        description: 'Only conversations assigned to one of these staff members (ids; `none`: unassigned), sorted.',
      }),
    ),
  ),
  label: z.optional(
    z.array(z.string()).check(doc({ description: 'Only conversations carrying one of these labels, sorted.' })),
  ),
  listFilters: z.optional(
    z.record(z.string(), z.string()).check(
      doc({
        description:
          'The conversation list’s filters other features add, as given (custom attributes’ `attribute`, `attributeValues`).',
      }),
    ),
  ),
});

const ratings = z.object({
  count: z.int(),
  average: z.number().check(doc({ description: 'Mean score (1–5), to two decimals.' })),
  distribution: z
    .array(z.int())
    .check(z.minLength(5), z.maxLength(5), doc({ description: 'How many 1s, 2s, 3s, 4s and 5s.' })),
});

/** One row of a split report: the figures of one channel's, team's, agent's or label's conversations over the range. */
export const ReportSplitRow = z.object({
  id: z
    .string()
    .check(
      doc({ description: 'The value’s id, as the filter of the same name takes it (`none`: no team, unassigned).' }),
    ),
  label: z.string().check(doc({ description: 'Its name (`WhatsApp`, `Billing`, `Ada`…).' })),
  conversations: z.int().check(doc({ description: 'Conversations created in the range.' })),
  messages: z.object({ visitor: z.int(), staff: z.int(), bot: z.int() }),
  firstResponse: durations('First response, as the report’s.'),
  resolution: durations('Resolution, as the report’s.'),
  csat: z.nullable(ratings),
});

/** `GET /v1/admin/reports`. */
export const Report = z.object({
  range: z.object({ from: z.int(), to: z.int(), bucket: z.enum(REPORT_BUCKETS), tz: z.string() }),
  filters: ReportFilters,
  split: z.optional(
    z.object({ by: z.enum(REPORT_SPLITS), rows: z.array(ReportSplitRow), truncated: z.optional(z.boolean()) }).check(
      doc({
        description:
          'With `split`: one row per value, each over the whole range and narrowed by the filter set as well. `channel`: every channel of the relay, the kinds first, then the messaging providers; `team`: the site’s teams, then `none`; `agent`: the site’s staff members, then `none` (unassigned); `label`: the labels the site’s conversations carry, the most used first. Within the filter of the same name when one is given; at most 20 rows (`truncated` when there were more).',
      }),
    ),
  ),
  conversations: z.array(z.object({ t: z.int(), count: z.int() })).check(
    doc({
      description:
        'Conversations created, per bucket (every bucket the range touches, in order; `t` is its start in ms, the first one may start before `from`).',
    }),
  ),
  messages: z.array(z.object({ t: z.int(), visitor: z.int(), staff: z.int(), bot: z.int() })).check(
    doc({
      description: 'Text messages per bucket by who wrote them (private notes and broadcasts are not counted).',
    }),
  ),
  firstResponse: durations(
    'From the first visitor message to the first staff text after it, over conversations created in the range (the bot and notes are no reply).',
  ),
  resolution: durations('From creation to resolution, over conversations resolved in the range and still resolved.'),
  agents: z
    .array(
      z.object({
        staffId: z.string(),
        name: z.string(),
        conversations: z.int().check(doc({ description: 'Conversations they sent a text message in.' })),
        assigned: z.int().check(doc({ description: 'Conversations created in the range and assigned to them now.' })),
        messages: z.int().check(doc({ description: 'Their text messages.' })),
        firstResponseMedianMs: z
          .nullable(z.int())
          .check(doc({ description: 'Median first response over the conversations whose first reply was theirs.' })),
      }),
    )
    .check(doc({ description: 'Staff members with any load in the range, busiest first.' })),
  busiestHours: z
    .array(z.array(z.int()).check(z.minLength(24), z.maxLength(24)))
    .check(
      z.minLength(7),
      z.maxLength(7),
      doc({ description: 'Visitor messages per weekday (7 rows, Monday first) and local hour (24 columns).' }),
    ),
  csat: z.nullable(ratings).check(doc({ description: "Visitors' ratings given in the range; null when none was." })),
});

export type ReportBucket = (typeof REPORT_BUCKETS)[number];
export type ReportSplit = (typeof REPORT_SPLITS)[number];
export type ReportFilters = z.output<typeof ReportFilters>;
export type ReportSplitRow = z.output<typeof ReportSplitRow>;
export type Report = z.output<typeof Report>;

/** The formats of the per-conversation export. */
export const REPORT_EXPORT_FORMATS = ['csv', 'json'] as const;

/**
 * The per-conversation export's columns, in order (`GET /v1/admin/reports/conversations`): the CSV's header row, and
 * the JSON rows' fields in camelCase.
 */
export const REPORT_EXPORT_COLUMNS = [
  'id',
  'created_at',
  'channel',
  'status',
  'priority',
  'team_id',
  'team',
  'assignee_id',
  'assignee',
  'labels',
  'first_response_seconds',
  'resolution_seconds',
  'resolved_at',
  'customer_messages',
  'staff_messages',
  'csat_score',
  'csat_comment',
  'contact_id',
  'contact_name',
  'contact_email_masked',
] as const;

/** One conversation of the per-conversation export (JSON: one of `conversations`). */
export const ReportConversationRow = z.object({
  id: z.string(),
  createdAt: z.string().check(doc({ description: 'Local to `tz`, ISO 8601 with its offset.' })),
  channel: z.string().check(doc({ description: 'As `channel` takes it (`chat`, `email`, `whatsapp`…).' })),
  status: z.string(),
  priority: z.string(),
  teamId: z.nullable(z.string()),
  team: z.nullable(z.string()),
  assigneeId: z.nullable(z.string()),
  assignee: z.nullable(z.string()),
  labels: z.array(z.string()),
  firstResponseSeconds: z
    .nullable(z.number())
    .check(doc({ description: 'From the first visitor message to the first staff text after it (as the report’s).' })),
  resolutionSeconds: z
    .nullable(z.number())
    .check(doc({ description: 'From creation to resolution, when resolved (and still resolved).' })),
  resolvedAt: z.nullable(z.string()),
  customerMessages: z.int().check(doc({ description: 'The visitor’s text messages.' })),
  staffMessages: z.int().check(doc({ description: 'Staff text messages (notes are not counted).' })),
  csatScore: z.nullable(z.int()).check(doc({ description: 'The visitor’s last rating (1–5), if any.' })),
  csatComment: z
    .nullable(z.string())
    .check(doc({ description: 'Its comment, as stored (redacted data stays redacted).' })),
  contactId: z.string(),
  contactName: z.nullable(z.string()),
  contactEmailMasked: z
    .nullable(z.string())
    .check(doc({ description: 'Masked as the inbox shows it (`a***@example.com`); never in clear here.' })),
  columns: z.optional(
    z
      .record(z.string(), z.nullable(z.union([z.string(), z.number()])))
      .check(doc({ description: 'Columns other features add (an SLA’s breaches, when one exposes them), by name.' })),
  ),
});

/** `GET /v1/admin/reports/conversations?format=json`: the range, the filter set, a row per conversation. */
export const ReportConversationExport = z.object({
  range: z.object({ from: z.int(), to: z.int(), tz: z.string() }),
  filters: ReportFilters,
  conversations: z.array(ReportConversationRow),
});

export type ReportConversationExport = z.output<typeof ReportConversationExport>;
export type ReportExportFormat = (typeof REPORT_EXPORT_FORMATS)[number];
export type ReportConversationRow = z.output<typeof ReportConversationRow>;

const choice = z.object({ id: z.string(), label: z.string() });

/** `GET /v1/admin/reports/filters`: what each member of the filter set may take on the site, named. */
export const ReportFilterChoices = z.object({
  channel: z
    .array(choice)
    .check(doc({ description: 'The relay’s channels, as `GET /v1/admin/conversation-channels`.' })),
  team: z.array(choice).check(doc({ description: 'The site’s teams, by name (`none` is not listed).' })),
  agent: z.array(choice).check(doc({ description: 'The site’s staff members, former ones too, by name.' })),
  label: z
    .array(choice)
    .check(doc({ description: 'The labels the site’s conversations carry, the most used first (at most 200).' })),
});

export type ReportFilterChoices = z.output<typeof ReportFilterChoices>;
