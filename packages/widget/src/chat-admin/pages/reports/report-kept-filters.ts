import type { ReportSplit } from '@parley/protocol/admin';
import type { ReportParams } from './report-filter-event.js';
import { REPORT_FILTER_PARAMS } from './report-filters.js';

// The Reports page's filters as the history entry keeps them (`history.state`), so a reload or going back to the page
// shows the same figures without rewriting the address the host gave the inbox: its own (channel, team, assignee,
// label, split) and the values of its contributed filters' parameters (report-filters.ts).

/**
 * Where the page keeps the channel chosen: the history entry's state (`history.state`), so a reload or going back to
 * the page shows the same figures, and the address the host gave the inbox is not rewritten.
 */
const CHANNEL_STATE = 'parleyReportsChannel';

/**
 * Where the page keeps the team, agent, label and split chosen (issue #86), beside the channel, and the values of the
 * contributed filters' parameters (`params`).
 */
const FILTERS_STATE = 'parleyReportsFilters';

/** The longest value of a contributed filter's parameter the page keeps (the relay's list parameters take 2100). */
export const MAX_PARAM = 2100;

/** The filters the page keeps in the history entry: each `''` when every one. */
export interface KeptFilters {
  channel: string;
  team: string;
  agent: string;
  label: string;
  split: ReportSplit | '';
  /** The contributed filters' parameters (report-filters.ts), those set only. */
  params: ReportParams;
}

/** What the figures may be split by. */
export const SPLITS: readonly ReportSplit[] = ['channel', 'team', 'agent', 'label'];

function historyState(): Record<string, unknown> {
  const state: unknown = history.state;
  return state && typeof state === 'object' ? (state as Record<string, unknown>) : {};
}

/** The filters kept in the history entry (a value that is not one reads as `''`). */
export function keptFilters(): KeptFilters {
  const state = historyState();
  const channel = state[CHANNEL_STATE];
  const more = state[FILTERS_STATE];
  const of = (name: string): string => {
    const value = more && typeof more === 'object' ? (more as Record<string, unknown>)[name] : undefined;
    return typeof value === 'string' && value.length <= 80 && !value.includes(',') ? value : '';
  };
  const split = of('split');
  const params = more && typeof more === 'object' ? (more as Record<string, unknown>)['params'] : undefined;
  return {
    channel: typeof channel === 'string' && /^[a-z]{1,32}$/.test(channel) ? channel : '',
    team: of('team'),
    agent: of('agent'),
    label: of('label'),
    split: (SPLITS as readonly string[]).includes(split) ? (split as ReportSplit) : '',
    // Only the parameters a filter of this inbox sets, each a text.
    params: Object.fromEntries(
      Object.entries(params && typeof params === 'object' ? params : {}).filter(
        ([name, value]) =>
          REPORT_FILTER_PARAMS.has(name) && typeof value === 'string' && value !== '' && value.length <= MAX_PARAM,
      ),
    ) as ReportParams,
  };
}

/** Keeps `filters` in the history entry, beside what else it holds. */
export function keepFilters({ channel, ...more }: KeptFilters): void {
  history.replaceState({ ...historyState(), [CHANNEL_STATE]: channel, [FILTERS_STATE]: more }, '');
}
