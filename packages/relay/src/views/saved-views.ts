import { randomBytes } from 'node:crypto';
import type { SavedView, ViewFilter } from '@parley/protocol/admin';
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
  #timer: NodeJS.Timeout | undefined;

  constructor(repository: ViewsRepository, log: Logger) {
    this.repository = repository;
    this.#log = log;
  }

  /** A view `staffId` may use: a shared one of the site, or their own. */
  async find(siteId: string, staffId: string, id: string): Promise<ViewRecord | undefined> {
    const view = await this.repository.get(siteId, id);
    return view && (view.shared || view.ownerId === staffId) ? view : undefined;
  }

  /** The views `staffId` sees, with their counts (one query for all). */
  async list(siteId: string, staffId: string): Promise<SavedView[]> {
    const views = await this.repository.visible(siteId, staffId);
    const counts = await this.repository.counts(siteId, staffId, views);
    return views.map((view) => wireView(view, counts.get(view.id) ?? 0));
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
