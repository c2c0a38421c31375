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

/** `GET /v1/admin/reports`. */
export const Report = z.object({
  range: z.object({ from: z.int(), to: z.int(), bucket: z.enum(REPORT_BUCKETS), tz: z.string() }),
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
  csat: z
    .nullable(
      z.object({
        count: z.int(),
        average: z.number().check(doc({ description: 'Mean score (1–5), to two decimals.' })),
        distribution: z
          .array(z.int())
          .check(z.minLength(5), z.maxLength(5), doc({ description: 'How many 1s, 2s, 3s, 4s and 5s.' })),
      }),
    )
    .check(doc({ description: "Visitors' ratings given in the range; null when none was." })),
});

export type ReportBucket = (typeof REPORT_BUCKETS)[number];
export type Report = z.output<typeof Report>;
