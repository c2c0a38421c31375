/**
 * What a report can be narrowed to (issues #84 and #86, docs/reports.md "Filters"): a **filter set**, each member one
 * query parameter of the reports' routes taking one value or several (comma-separated), a conversation counted when,
 * for every member given, it matches one of the member's values. The desk's own members are {@link REPORT_FILTERS}:
 * `channel`, `team`, `agent` (the assignee) and `label`, each its parameter, its check and its SQL. The conversation
 * list's filters other features add (custom attributes' `attribute`, contributed to the desk's point
 * `desk.conversationParams`) narrow a report too, their SQL theirs ({@link ReportFilters.listFilters}).
 *
 * Every figure of a report is about conversations (created, resolved, rated, written in), so each member is a
 * condition on the conversation `c` the figure reads: a messages query joins its conversation when a filter is given.
 * A filtered report's whole days are kept as day summaries of their own (`report_days.filters`, the set's
 * {@link filtersKey}), beside the unfiltered ones, whose key is the empty string; a change of a conversation's team,
 * assignee or labels forgets the filtered summaries of its days (migration `desk.report-days-moves`). A set with
 * another feature's filter is never kept ({@link keepsDays}): what it reads (a contact's attributes) changes without
 * telling the desk.
 */

import * as z from 'zod/mini';
import { ChannelChoice, REPORT_FILTER_VALUES, VIEW_CHANNELS } from '@parley/protocol/admin';
import { checkChannelChoice } from '../conversations/conversation-channels.js';
import { channelCondition } from '../../store/sql/conversation-queries.js';
import { ApiError } from '../../http/admin-http.js';
import type { Call } from '../../features/admin-routes/admin-route.js';
import { rawQuery, text, type OptionalParam } from '../../features/admin-routes/route-query.js';
import type { SqlCondition } from '../../store/sql/sql-condition.js';
import type { SqlValue } from '../../store/sql/sql-db.js';

export { REPORT_FILTER_VALUES };

/** The filter set of a report: each member given holds (one of its values), absent members do not narrow. */
export interface ReportFilters {
  /** Channels the conversations came in on: kinds and messaging providers' ids (`ChannelChoice`). */
  readonly channel?: readonly string[];
  /** Teams the conversations are queued for now (`none`: of no team). */
  readonly team?: readonly string[];
  /** Staff members the conversations are assigned to now (`none`: unassigned). */
  readonly agent?: readonly string[];
  /** Labels the conversations carry now. */
  readonly label?: readonly string[];
  /**
   * The conversation list's filters of other features (`attribute`…), as given, and their conditions over `c` (made
   * by the features that read them, `ConversationFilters`).
   */
  readonly listFilters?: {
    readonly params: Readonly<Record<string, string>>;
    readonly conditions: readonly SqlCondition[];
  };
}

/** A value a member of the filter set may take on a site (a team, a staff member, a label), with its name. */
export interface ReportChoice {
  readonly id: string;
  readonly label: string;
}

/** The desk's own members, by name. */
export type FilterName = 'channel' | 'team' | 'agent' | 'label';

/** A member of the filter set: its query parameter, how its values are checked, and its SQL over `c`. */
interface ReportFilter {
  readonly param: OptionalParam<string>;
  /** Refuses (400 `bad_request` naming `field` and what there is) a value the site or the relay does not have. */
  check(call: Call, values: readonly string[], field: string): Promise<void>;
  /** The SQL over `conversations c` of a conversation matching `value`. */
  condition(value: string): SqlCondition;
}

/** What a value of `team`, `agent` and `label` looks like (ids; a label as the inbox writes it). */
const VALUE = /^[^,\s][^,]{0,79}$/;

/** The refusal of `values` not among the site's `choices`, naming a few there are. */
async function checkChoices(
  call: Call,
  member: 'team' | 'agent' | 'label',
  values: readonly string[],
  field: string,
  what: string,
): Promise<void> {
  for (const value of values) {
    if (!VALUE.test(value))
      throw new ApiError(
        'bad_request',
        `Invalid ${field}: ${value === '' ? `an empty ${what}` : `no ${what} ${value}`}.`,
      );
  }
  const wanted = values.filter((value) => value !== 'none' || member === 'label');
  if (wanted.length === 0) return;
  const choices: readonly ReportChoice[] = await call.admin.repos.reports.choices(call.site.id, member, wanted);
  const known = new Set(choices.map((choice) => choice.id));
  const missing = wanted.find((value) => !known.has(value));
  if (missing === undefined) return;
  const some = await call.admin.repos.reports.choices(call.site.id, member);
  const listed = some
    .slice(0, 10)
    .map((choice) => (choice.id === choice.label ? choice.id : `${choice.id} (${choice.label})`));
  const none = member === 'label' ? '' : ', none';
  throw new ApiError(
    'bad_request',
    `Invalid ${field}: no ${what} ${missing} on this site (${listed.length === 0 ? 'there is none' : `${listed.join(', ')}${some.length > 10 ? `, and ${some.length - 10} more` : ''}`}${none}).`,
  );
}

const listOf = (what: string, extra: string) =>
  `Only conversations ${what}, or any of several (comma-separated, at most ${REPORT_FILTER_VALUES})${extra}. One the site does not have is \`400\`, naming some it has.`;

/** The desk's members of the filter set, in the order they are checked and keyed. */
export const REPORT_FILTERS: { readonly [K in FilterName]: ReportFilter } = {
  channel: {
    param: text(
      z.string().check(z.maxLength(REPORT_FILTER_VALUES * 33)),
      `Only conversations that came in on this channel, or on any of several (comma-separated, at most ${REPORT_FILTER_VALUES}): \`${VIEW_CHANNELS.join('`, `')}\` (an API channel’s own), or a messaging provider’s id (\`whatsapp\`, \`telegram\`, \`twilio\`…), as the conversation list’s \`channel\` takes them (\`GET /v1/admin/conversation-channels\`). An id this relay does not have is \`400\`, naming the channels there are.`,
      { type: 'string', pattern: '^[a-z]{1,32}(,[a-z]{1,32})*$', examples: ['whatsapp', 'chat,email'] },
    ),
    check: async (call, values, field) => {
      for (const value of values) {
        if (!ChannelChoice.safeParse(value).success) {
          throw new ApiError(
            'bad_request',
            `Invalid ${field}: ${value === '' ? 'an empty channel' : `no channel ${value}`} (lower-case letters, comma-separated).`,
          );
        }
        checkChannelChoice(call.admin.channelProviders, value, field);
      }
    },
    condition: channelCondition,
  },
  team: {
    param: text(
      z.string().check(z.maxLength(REPORT_FILTER_VALUES * 81)),
      listOf('queued for this team (its id; `none`: of no team) now', ' (`GET /v1/admin/teams`)'),
      { type: 'string', examples: ['team_billing', 'team_billing,none'] },
    ),
    check: (call, values, field) => checkChoices(call, 'team', values, field, 'team'),
    condition: (value) =>
      value === 'none' ? { sql: 'c.team_id IS NULL', params: [] } : { sql: 'c.team_id = ?', params: [value] },
  },
  agent: {
    param: text(
      z.string().check(z.maxLength(REPORT_FILTER_VALUES * 81)),
      listOf('assigned to this staff member (their id; `none`: unassigned) now', ' (`GET /v1/admin/staff`)'),
      { type: 'string', examples: ['stf_ada', 'stf_ada,none'] },
    ),
    check: (call, values, field) => checkChoices(call, 'agent', values, field, 'staff member'),
    // As an expression, not the column: the planners would otherwise read an assignee's conversations through
    // `conversations_by_assignee`, every one of them for each day of the range, rather than the day's through
    // `conversations_by_created`.
    condition: (value) =>
      value === 'none'
        ? { sql: "coalesce(c.assignee_id, '') = ''", params: [] }
        : { sql: "coalesce(c.assignee_id, '') = ?", params: [value] },
  },
  label: {
    param: text(
      z.string().check(z.maxLength(REPORT_FILTER_VALUES * 81)),
      listOf('carrying this label now', ' (labels some conversation of the site carries)'),
      { type: 'string', examples: ['billing', 'billing,refund'] },
    ),
    check: (call, values, field) => checkChoices(call, 'label', values, field, 'label'),
    condition: (value) => ({
      sql: 'EXISTS (SELECT 1 FROM conversation_labels l WHERE l.conversation_id = c.id AND l.label = ?)',
      params: [value],
    }),
  },
};

const NAMES = Object.keys(REPORT_FILTERS) as FilterName[];

/** The reports' query parameters of the desk's members, for a route's `query`. */
export const reportFilterQuery = Object.fromEntries(NAMES.map((name) => [name, REPORT_FILTERS[name].param])) as {
  readonly [K in FilterName]: OptionalParam<string>;
};

/**
 * The filter set of a request, each value checked (`400 bad_request` naming `query.<name>` and some of what the site
 * has); values deduplicated and sorted, so that one set is one summary key. The other features' list filters
 * (parameters the route took from `desk.conversationParams`) are made into conditions by the features that read them.
 */
export async function parseReportFilters(
  call: Call,
  query: { readonly [K in FilterName]?: string | undefined },
  own: ReadonlySet<string>,
): Promise<ReportFilters> {
  const filters: { -readonly [K in keyof ReportFilters]?: ReportFilters[K] } = {};
  for (const name of NAMES) {
    const raw = query[name];
    if (raw === undefined) continue;
    const values = [...new Set(raw.split(','))].sort();
    if (values.length > REPORT_FILTER_VALUES) {
      throw new ApiError('bad_request', `Invalid query.${name}: at most ${REPORT_FILTER_VALUES} values.`);
    }
    await REPORT_FILTERS[name].check(call, values, `query.${name}`);
    filters[name] = values;
  }
  const raw = rawQuery(call.request);
  const params = Object.fromEntries(Object.entries(raw).filter(([name]) => !own.has(name)));
  if (Object.keys(params).length > 0) {
    const conditions = await call.admin.conversationFilters.conditions(call.site.id, params);
    filters.listFilters = { params, conditions };
  }
  return filters;
}

/** True when the set narrows nothing. */
export function unfiltered(filters: ReportFilters | undefined): boolean {
  return (
    filters === undefined || (NAMES.every((name) => filters[name] === undefined) && filters.listFilters === undefined)
  );
}

/**
 * True when the set's whole days may be kept as summaries: none of its members is another feature's, whose values
 * (a contact's attributes, set by every `identify()`) change without the desk's triggers knowing.
 */
export function keepsDays(filters: ReportFilters | undefined): boolean {
  return filters?.listFilters === undefined;
}

/**
 * The set as the day summaries' key (`report_days.filters`): `''` for none, else its members as canonical JSON
 * (members in {@link REPORT_FILTERS}' order, values sorted): `{"channel":["telegram","whatsapp"]}`. A set with
 * list filters is never kept ({@link keepsDays}), so they are not in it.
 */
export function filtersKey(filters: ReportFilters | undefined): string {
  if (filters === undefined || NAMES.every((name) => filters[name] === undefined)) return '';
  const members: Record<string, string[]> = {};
  for (const name of NAMES) {
    const values = filters[name];
    if (values !== undefined) members[name] = [...new Set(values)].sort();
  }
  return JSON.stringify(members);
}

/** The set as the report's answer says it (`filters`). */
export function filtersJson(filters: ReportFilters): {
  -readonly [K in FilterName]?: string[];
} & { listFilters?: Record<string, string> } {
  const out: { -readonly [K in FilterName]?: string[] } & { listFilters?: Record<string, string> } = {};
  for (const name of NAMES) {
    const values = filters[name];
    if (values !== undefined) out[name] = [...values];
  }
  if (filters.listFilters) out.listFilters = { ...filters.listFilters.params };
  return out;
}

/**
 * The set as SQL over `conversations c`, to AND to a query: each member given holds, by one of its values (an empty
 * string and no parameters when the set narrows nothing). A member with no value matches nothing.
 */
export function filtersCondition(filters: ReportFilters | undefined): { sql: string; params: SqlValue[] } {
  if (unfiltered(filters)) return { sql: '', params: [] };
  const sql: string[] = [];
  const params: SqlValue[] = [];
  for (const name of NAMES) {
    const values = filters![name];
    if (values === undefined) continue;
    if (values.length === 0) {
      sql.push('1 = 0');
      continue;
    }
    const parts = values.map((value) => REPORT_FILTERS[name].condition(value));
    sql.push(`(${parts.map((part) => part.sql).join(' OR ')})`);
    for (const part of parts) params.push(...part.params);
  }
  for (const condition of filters!.listFilters?.conditions ?? []) {
    sql.push(condition.sql);
    params.push(...condition.params);
  }
  return { sql: ` AND ${sql.join(' AND ')}`, params };
}
