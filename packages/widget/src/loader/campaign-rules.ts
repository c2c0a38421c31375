import type { LoaderCampaign, LoaderHours } from '@parley/protocol/admin';

/**
 * The campaigns' rules as the site's loader decides them (docs/campaigns.md): pure functions of the campaign, the
 * page and what this browser remembers, so that tests run them without a page. `campaigns.ts` wires them to the
 * page (timers, scroll, the pointer) and the bubble.
 */

/** What this browser remembers of a campaign: when it last showed (ms), and the variant drawn for this visitor. */
export interface CampaignMemory {
  readonly t?: number;
  readonly v?: number;
}

/** The page and visitor a campaign is decided for. */
export interface Visit {
  readonly href: string;
  readonly now: number;
  /** The visitor's languages, most preferred first (`navigator.languages`, the widget's `locale` first). */
  readonly languages: readonly string[];
  readonly returning: boolean;
  readonly identified: boolean;
}

const DAY_MS = 86_400_000;

/**
 * Whether `href` matches `pattern`: a path (`/pricing`, `/docs/*`, matched against the path and query) or a full
 * address (`https://shop.example/*`); `*` matches any characters, and a trailing `/` is optional.
 */
export function urlMatches(pattern: string, href: string): boolean {
  const url = new URL(href);
  const target = pattern.startsWith('/') ? url.pathname + url.search : url.origin + url.pathname + url.search;
  const source = pattern
    .replace(/\/$/, '')
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}\\/?(?:\\?.*)?$`).test(target);
}

/** Whether the site is within its business hours at `now`, read in the site's time zone (not the visitor's). */
export function withinHours(hours: LoaderHours, now: number): boolean {
  const parts: Record<string, string> = {};
  for (const { type, value } of new Intl.DateTimeFormat('en-US', {
    timeZone: hours.zone,
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now))
    parts[type] = value;
  if (hours.holidays.includes(`${parts['year']}-${parts['month']}-${parts['day']}`)) return false;
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts['weekday']!);
  const minute = Number(parts['hour']) * 60 + Number(parts['minute']);
  return hours.weekly.some(([d, open, close]) => d === day && open <= minute && minute < close);
}

/** Whether the frequency cap lets the campaign show again (`every` 0: once per visitor; N: once per N days). */
export function capAllows(
  campaign: Pick<LoaderCampaign, 'every'>,
  memory: CampaignMemory | undefined,
  now: number,
): boolean {
  if (memory?.t === undefined) return true;
  return campaign.every > 0 && now - memory.t >= campaign.every * DAY_MS;
}

/**
 * Whether the campaign may show on this page to this visitor (everything but its triggers: delay, scroll, exit
 * intent): its pages, dates, business hours, visitors, languages and cap.
 */
export function eligible(
  campaign: LoaderCampaign,
  visit: Visit,
  memory: CampaignMemory | undefined,
  hours: LoaderHours | undefined,
): boolean {
  if (campaign.urls.length > 0 && !campaign.urls.some((pattern) => urlMatches(pattern, visit.href))) return false;
  if (campaign.start !== null && visit.now < campaign.start) return false;
  if (campaign.end !== null && visit.now >= campaign.end) return false;
  if (campaign.hours && hours && !withinHours(hours, visit.now)) return false;
  if (campaign.visitors !== 'all' && (campaign.visitors === 'returning') !== visit.returning) return false;
  if (campaign.identified !== 'all' && (campaign.identified === 'identified') !== visit.identified) return false;
  if (
    campaign.languages.length > 0 &&
    !visit.languages.some((tag) => campaign.languages.includes(tag.toLowerCase().split(/[-_]/)[0]!))
  )
    return false;
  return capAllows(campaign, memory, visit.now);
}

/** The variant this visitor sees: the one drawn before, else one drawn now (`random` in [0, 1)). */
export function variantFor(
  campaign: Pick<LoaderCampaign, 'texts'>,
  memory: CampaignMemory | undefined,
  random: number,
): number {
  const kept = memory?.v;
  if (kept !== undefined && kept >= 0 && kept < campaign.texts.length) return kept;
  return Math.min(campaign.texts.length - 1, Math.floor(random * campaign.texts.length));
}

/** How far down the page the visitor has seen, in percent (a page no taller than the window: 100). */
export function scrolledPercent(scrollY: number, viewport: number, height: number): number {
  return height <= viewport ? 100 : Math.min(100, ((scrollY + viewport) / height) * 100);
}

/** Whether a `mouseout` is the pointer leaving the page towards the top (the tabs, the address bar). */
export function isExitIntent(event: Pick<MouseEvent, 'clientY' | 'relatedTarget'>): boolean {
  return event.relatedTarget === null && event.clientY <= 0;
}
