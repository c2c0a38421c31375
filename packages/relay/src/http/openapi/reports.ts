import { type Json, operation, query } from './openapi-parts.js';

const durations = (what: string): Json => ({
  type: 'object',
  description: `${what} Median and 90th percentile in ms (linear interpolation, as PostgreSQL's \`percentile_cont\`), null when \`count\` is 0.`,
  required: ['medianMs', 'p90Ms', 'count'],
  properties: {
    medianMs: { type: ['integer', 'null'] },
    p90Ms: { type: ['integer', 'null'] },
    count: { type: 'integer' },
  },
});

/** The report's body: `GET /v1/admin/reports`. */
const Report: Json = {
  type: 'object',
  required: ['range', 'conversations', 'messages', 'firstResponse', 'resolution', 'agents', 'busiestHours', 'csat'],
  properties: {
    range: {
      type: 'object',
      required: ['from', 'to', 'bucket', 'tz'],
      properties: {
        from: { type: 'integer' },
        to: { type: 'integer' },
        bucket: { type: 'string', enum: ['day', 'hour'] },
        tz: { type: 'string' },
      },
    },
    conversations: {
      type: 'array',
      description:
        'Conversations created, per bucket (every bucket the range touches, in order; `t` is its start in ms, the first one may start before `from`).',
      items: {
        type: 'object',
        required: ['t', 'count'],
        properties: { t: { type: 'integer' }, count: { type: 'integer' } },
      },
    },
    messages: {
      type: 'array',
      description: 'Text messages per bucket by who wrote them (private notes and broadcasts are not counted).',
      items: {
        type: 'object',
        required: ['t', 'visitor', 'staff', 'bot'],
        properties: {
          t: { type: 'integer' },
          visitor: { type: 'integer' },
          staff: { type: 'integer' },
          bot: { type: 'integer' },
        },
      },
    },
    firstResponse: durations(
      'From the first visitor message to the first staff text after it, over conversations created in the range (the bot and notes are no reply).',
    ),
    resolution: durations('From creation to resolution, over conversations resolved in the range and still resolved.'),
    agents: {
      type: 'array',
      description: 'Staff members with any load in the range, busiest first.',
      items: {
        type: 'object',
        required: ['staffId', 'name', 'conversations', 'assigned', 'messages', 'firstResponseMedianMs'],
        properties: {
          staffId: { type: 'string' },
          name: { type: 'string' },
          conversations: { type: 'integer', description: 'Conversations they sent a text message in.' },
          assigned: { type: 'integer', description: 'Conversations created in the range and assigned to them now.' },
          messages: { type: 'integer', description: 'Their text messages.' },
          firstResponseMedianMs: {
            type: ['integer', 'null'],
            description: 'Median first response over the conversations whose first reply was theirs.',
          },
        },
      },
    },
    busiestHours: {
      type: 'array',
      description: 'Visitor messages per weekday (7 rows, Monday first) and local hour (24 columns).',
      minItems: 7,
      maxItems: 7,
      items: { type: 'array', minItems: 24, maxItems: 24, items: { type: 'integer' } },
    },
    csat: {
      type: ['object', 'null'],
      description: "Visitors' ratings given in the range; null when none was.",
      required: ['count', 'average', 'distribution'],
      properties: {
        count: { type: 'integer' },
        average: { type: 'number', description: 'Mean score (1–5), to two decimals.' },
        distribution: {
          type: 'array',
          description: 'How many 1s, 2s, 3s, 4s and 5s.',
          minItems: 5,
          maxItems: 5,
          items: { type: 'integer' },
        },
      },
    },
  },
};

const parameters: Json[] = [
  {
    ...(query('from', 'Start of the range, ms since 1970 (inclusive).', { type: 'integer' }) as object),
    required: true,
  },
  { ...(query('to', 'End of the range, ms since 1970 (exclusive).', { type: 'integer' }) as object), required: true },
  query('bucket', 'Local hours or local days (default `day`). At most 31 days of hours, 400 days of days.', {
    type: 'string',
    enum: ['day', 'hour'],
    default: 'day',
  }),
  query('tz', 'The IANA time zone buckets and busiest hours are local to (default `UTC`).', {
    type: 'string',
    default: 'UTC',
    examples: ['Europe/Paris'],
  }),
];

const description =
  'Computed by the store through its indexes, never by reading every message (docs/reports.md). Buckets follow the time zone across daylight saving changes: a day may last 23 or 25 hours, the hour clocks go back is two buckets. `400 bad_request` for a missing or reversed range, a range over the cap, an unknown bucket or time zone. Any staff member.';

/** Reports (issue #19). (`admin-routes/reports.ts` serves them.) */
export const reportPaths: Record<string, Json> = {
  '/v1/admin/reports': {
    get: operation('Reports over a date range', description, {
      tag: 'stats',
      parameters,
      responses: { '200': { description: 'The report.', content: { 'application/json': { schema: Report } } } },
    }),
  },
  '/v1/admin/reports.csv': {
    get: operation(
      'Reports as CSV',
      `The same report for a spreadsheet (\`Content-Disposition: attachment\`): one section per table (a title line, a header row, its rows; a blank line between), times local to \`tz\` with their offset. ${description}`,
      {
        tag: 'stats',
        parameters,
        responses: {
          '200': { description: 'The report as CSV.', content: { 'text/csv': { schema: { type: 'string' } } } },
        },
      },
    ),
  },
};
