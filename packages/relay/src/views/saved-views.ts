import { randomBytes } from 'node:crypto';
import { attributeFilterParams, type SavedView, type ViewFilter } from '@parley/protocol/admin';
import type { ConversationFilters, ListParams, SqlCondition } from '../admin/conversation-filters.js';
import { ApiError } from '../http/admin-http.js';
import type { Logger } from '../log.js';
import type { ViewRecord, ViewsRepository } from './views-repository.js';

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
  /** The conversation list's filters, among them the one the attributes feature declares for `attribute`. */
  readonly #filters: ConversationFilters;
  #timer: NodeJS.Timeout | undefined;

  constructor(repository: ViewsRepository, log: Logger, filters: ConversationFilters) {
    this.repository = repository;
    this.#log = log;
    this.#filters = filters;
  }

  /**
   * The conditions of a filter's custom attributes, made by the filter the attributes feature declares for the list's
   * `attribute` parameter (one per criterion, all of them to hold), each as the list's parameters say it
   * (`attributeFilterParams`) on top of `params` (the list request's: its `attributeValues` holds for the view's
   * criteria too). A criterion it refuses (an attribute since deleted, a value its type cannot take) is a 400 naming
   * `where` and the criterion's place.
   */
  async attributeConditions(
    siteId: string,
    filter: ViewFilter,
    where = 'body.filter',
    params: ListParams = {},
  ): Promise<SqlCondition[]> {
    const conditions: SqlCondition[] = [];
    for (const [index, attribute] of (filter.attributes ?? []).entries()) {
      try {
        const condition = await this.#filters.condition(siteId, 'attribute', {
          ...params,
          ...attributeFilterParams(attribute),
        });
        if (condition) conditions.push(condition);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        const why = error.message.replace(/^Invalid query\.attribute: /, '');
        throw new ApiError('bad_request', `Invalid ${where}.attributes.${index}: ${why}`);
      }
    }
    return conditions;
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
   * How many conversations each view shows now. A view whose attribute criterion no longer holds (its attribute
   * deleted) counts none, as the list answers it: 400, saying which.
   */
  async counts(
    siteId: string,
    staffId: string,
    views: readonly ViewRecord[],
    visible?: SqlCondition,
  ): Promise<Map<string, number>> {
    const extra = new Map<string, readonly SqlCondition[]>();
    for (const view of views) {
      const conditions = view.filter.attributes
        ? await this.attributeConditions(siteId, view.filter).catch(() => [{ sql: '1 = 0', params: [] }])
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
