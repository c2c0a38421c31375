import type { Broadcast, BroadcastSegment } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** Broadcasts and the live figures (`/broadcasts`, `/stats`) of the fake admin API. */
export function withBroadcasts<B extends FakeBase>(Base: B) {
  return class extends Base {
    broadcastsMade: { text: string; segment: BroadcastSegment }[] = [];
    broadcastList: Broadcast[] = [];
    async createBroadcast(body: { text: string; segment: BroadcastSegment }) {
      this.broadcastsMade.push(body);
      const b: Broadcast = {
        id: 'b1',
        ...body,
        status: 'running',
        targeted: 10,
        stored: 2,
        delivered: 0,
        read: 0,
        createdAt: Date.now(),
      };
      this.broadcastList = [b];
      return b;
    }
    async broadcasts() {
      return this.broadcastList;
    }
    async broadcast(id: string) {
      const b = this.broadcastList.find((x) => x.id === id)!;
      const next: Broadcast = { ...b, status: 'done', stored: 10, delivered: 6, read: 3, finishedAt: Date.now() };
      this.broadcastList = [next];
      return next;
    }
    async stats() {
      return {
        visitorsOnline: 4,
        staffOnline: 2,
        openConversations: 3,
        messagesToday: 57,
        medianFirstReplySeconds: 95,
      };
    }

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /broadcasts': async () => ({ items: await this.broadcasts() }),
        'GET /broadcasts/{id}': (c) => this.broadcast(c.ref!),
        'POST /broadcasts': (c) => this.createBroadcast(c.body as { text: string; segment: BroadcastSegment }),
        'GET /stats': () => this.stats(),
      } satisfies FakeRoutes);
    }
  };
}
