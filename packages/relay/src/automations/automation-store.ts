/** The automations' repository (`Repositories.automations`; SQL in `automation-queries.ts`) and its records. */

declare module '../store/repositories.js' {
  interface Repositories {
    readonly automations: AutomationRepository;
  }
}

/** A site's automation settings as stored: a JSON document the automations feature reads and checks. */
export interface AutomationSettingsRecord {
  readonly siteId: string;
  readonly settings: unknown;
  readonly updatedAt: number;
}

/** Visitors' ratings (CSAT) over a period: how many, and their mean score (1–5), `null` when none. */
export interface RatingStats {
  readonly count: number;
  readonly average: number | null;
}

/** Automation settings and ratings. */
export interface AutomationRepository {
  /** A site's automation settings, if it saved any. */
  getAutomationSettings(siteId: string): Promise<AutomationSettingsRecord | undefined>;
  /** Replaces a site's automation settings. */
  putAutomationSettings(siteId: string, settings: unknown, now: number): Promise<AutomationSettingsRecord>;
  /** Every site's automation settings saved at or after `changedSince` (0: all). */
  listAutomationSettings(changedSince: number): Promise<AutomationSettingsRecord[]>;
  /** Visitors' ratings given since `since` (ms). */
  ratingStats(siteId: string, since: number): Promise<RatingStats>;
}
