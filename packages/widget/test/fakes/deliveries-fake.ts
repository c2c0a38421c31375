import { AdminApiError, type OutboxJob, type OutboxStatus } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** The relay's outbox (`/outbox`) of the fake admin API. */
export function withDeliveries<B extends FakeBase>(Base: B) {
  return class extends Base {
    outboxJobs: OutboxJob[] = [];
    outboxQueries: { status?: OutboxStatus; cursor?: string }[] = [];
    replays: string[] = [];

    async outbox(query: { status?: OutboxStatus; cursor?: string }) {
      this.outboxQueries.push(query);
      return { items: this.outboxJobs.filter((job) => !query.status || job.status === query.status) };
    }

    async replayOutbox(id: string) {
      this.replays.push(id);
      const job = this.outboxJobs.find((each) => each.id === id && each.status === 'dead');
      if (!job) throw new AdminApiError('not_found', 'No dead outbox job with that id on this site.', 404);
      job.status = 'pending';
      job.attempts = 0;
      return { ...job };
    }

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /outbox': (c) => this.outbox(c.q as { status?: OutboxStatus; cursor?: string }),
        'POST /outbox/{id}/replay': (c) => this.replayOutbox(c.ref!),
      } satisfies FakeRoutes);
    }
  };
}
