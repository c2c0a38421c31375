import { randomBytes } from 'node:crypto';
import type { SavedView, ViewFilter } from '@parley/protocol/admin';
import type { ConversationFilters, ListParams, SqlCondition } from '../admin/public.js';
import { ApiError } from '../http/admin-http.js';
import type { Logger } from '../log.js';
import type { ViewCriterion } from './view-points.js';
import type { ViewRecord, ViewsRepository } from './views-repository.js';

/** The criteria the views apply themselves, in their query (`filterCondition` in views-repository.ts). */
const OWN_CRITERIA = new Set<keyof ViewFilter>(['status', 'assignee', 'teamId', 'labels', 'channel']);

/** How often the personal views of removed staff are deleted (ms). */
const SWEEP_MS = 60 * 60_000;

/** A view on the wire, with its count. */
export const wireView = (view: ViewRecord, count: number): SavedView => ({
  id: view.id,
  name: view.name,
  filter: view.filter,
  shared: view.shared,
  ownerId: view.ownerId,
  position: view.position,
  count,
  createdAt: view.createdAt,
  updatedAt: view.updatedAt,
});

/**
 * Saved views of the conversation list (docs/views-and-bulk.md): a named filter, shared with the site or its
 * owner's own. The list route applies one by id (`savedView=`); personal views of staff removed for good are
 * deleted on start and every hour.
 */
export class SavedViews {
  readonly repository: ViewsRepository;
  readonly #log: Logger;
  /** The conversation list's filters, among them those the features declare for their parameters. */
  readonly #filters: ConversationFilters;
  /** The criteria of views' filters that other features apply (`views.filters`), by key. */
  readonly #criteria: ReadonlyMap<string, ViewCriterion>;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    repository: ViewsRepository,
    log: Logger,
    filters: ConversationFilters,
    criteria: readonly ViewCriterion[] = [],
  ) {
    this.repository = repository;
    this.#log = log;
    this.#filters = filters;
    this.#criteria = new Map(criteria.map((criterion) => [criterion.key, criterion]));
  }

  /**
   * The conditions of a filter's criteria that other features apply (its custom attributes: the attributes
   * feature's), all of them to hold. A criterion no feature of this relay applies, or one its feature refuses (an
   * attribute since deleted), is a 400 naming `where` and the criterion.
   */
  async criteriaConditions(
    siteId: string,
    filter: ViewFilter,
    where = 'body.filter',
    params: ListParams = {},
  ): Promise<SqlCondition[]> {
    const conditions: SqlCondition[] = [];
    for (const key of Object.keys(filter) as (keyof ViewFilter)[]) {
      if (filter[key] === undefined || OWN_CRITERIA.has(key)) continue;
      const criterion = this.#criteria.get(key);
      if (!criterion)
        throw new ApiError('bad_request', `Invalid ${where}.${key}: no feature of this relay applies it.`);
      conditions.push(...(await criterion.conditions({ siteId, filters: this.#filters, params, where }, filter)));
    }
    return conditions;
  }

  /** Whether a filter has a criterion other features apply. */
  #hasCriteria(filter: ViewFilter): boolean {
    return (Object.keys(filter) as (keyof ViewFilter)[]).some(
      (key) => filter[key] !== undefined && !OWN_CRITERIA.has(key),
    );
  }

  /** A view `staffId` may use: a shared one of the site, or their own. */
  async find(siteId: string, staffId: string, id: string): Promise<ViewRecord | undefined> {
    const view = await this.repository.get(siteId, id);
    return view && (view.shared || view.ownerId === staffId) ? view : undefined;
  }

  /**
   * The views `staffId` sees, with their counts (one query for all), of the conversations `visible` lets them see
   * (their scope's condition, issue #41; none: all).
   */
  async list(siteId: string, staffId: string, visible?: SqlCondition): Promise<SavedView[]> {
    const views = await this.repository.visible(siteId, staffId);
    const counts = await this.counts(siteId, staffId, views, visible);
    return views.map((view) => wireView(view, counts.get(view.id) ?? 0));
  }

  /**
   * How many conversations each view shows now. A view whose criterion no longer holds (its attribute deleted)
   * counts none, as the list answers it: 400, saying which.
   */
  async counts(
    siteId: string,
    staffId: string,
    views: readonly ViewRecord[],
    visible?: SqlCondition,
  ): Promise<Map<string, number>> {
    const extra = new Map<string, readonly SqlCondition[]>();
    for (const view of views) {
      const conditions = this.#hasCriteria(view.filter)
        ? await this.criteriaConditions(siteId, view.filter).catch(() => [{ sql: '1 = 0', params: [] }])
        : [];
      if (visible) conditions.push(visible);
      if (conditions.length > 0) extra.set(view.id, conditions);
    }
    return this.repository.counts(siteId, staffId, views, extra);
  }

  /** A new view's record. */
  make(
    siteId: string,
    ownerId: string,
    fields: { name: string; filter: ViewFilter; shared: boolean; position: number },
    now: number,
  ): ViewRecord {
    return {
      id: `vw_${randomBytes(12).toString('base64url')}`,
      siteId,
      ownerId,
      ...fields,
      createdAt: now,
      updatedAt: now,
    };
  }

  async sweep(): Promise<void> {
    try {
      const deleted = await this.repository.deleteOrphans();
      if (deleted > 0) this.#log.info('views: deleted the personal views of removed staff', { deleted });
    } catch (error) {
      this.#log.warn('views: could not delete the views of removed staff', { error: String(error) });
    }
  }

  async start(): Promise<void> {
    await this.sweep();
    this.#timer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
