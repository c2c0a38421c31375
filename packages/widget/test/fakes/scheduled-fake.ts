import type { ScheduledMessage } from '@parley/protocol/admin';
import { AdminApiError } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** Send later (`/conversations/{id}/scheduled`, `/scheduled/{id}`) of the fake admin API: the messages, and the calls. */
export function withScheduled<B extends FakeBase>(Base: B) {
  return class extends Base {
    scheduled: ScheduledMessage[] = [];
    scheduledCalls: Array<[string, string, unknown]> = [];

    constructor(...args: any[]) {
      super(...args);
      const waiting = (id: string): ScheduledMessage => {
        const found = this.scheduled.find((item) => item.id === id);
        if (!found) throw new AdminApiError('not_found', 'No such scheduled message on this site.', 404);
        if (found.status !== 'scheduled')
          throw new AdminApiError(
            'conflict',
            `This scheduled message has been sent; it can no longer be changed.`,
            409,
          );
        return found;
      };
      Object.assign(this.routes, {
        'GET /conversations/{id}/scheduled': async (c) => ({
          items: structuredClone(
            this.scheduled.filter(
              (item) => item.conversationId === c.ref && ['scheduled', 'sending', 'failed'].includes(item.status),
            ),
          ),
        }),
        'POST /conversations/{id}/scheduled': async (c) => {
          this.scheduledCalls.push(['POST', c.ref!, c.body]);
          const { text, sendAt } = c.body as { text: string; sendAt: number };
          const made: ScheduledMessage = {
            id: `sm_${this.scheduled.length + 1}`,
            conversationId: c.ref!,
            staffId: 's_me',
            staffName: 'Ana',
            text,
            sendAt,
            status: 'scheduled',
            messageId: null,
            error: null,
            createdAt: Date.now(),
            updatedAt: Date.now(),
          };
          this.scheduled.push(made);
          return structuredClone(made);
        },
        'PATCH /scheduled/{id}': async (c) => {
          this.scheduledCalls.push(['PATCH', c.ref!, c.body]);
          const found = waiting(c.ref!);
          Object.assign(found, c.body);
          return structuredClone(found);
        },
        'DELETE /scheduled/{id}': async (c) => {
          this.scheduledCalls.push(['DELETE', c.ref!, undefined]);
          const failed = this.scheduled.find((item) => item.id === c.ref && item.status === 'failed');
          const found = failed ?? waiting(c.ref!);
          found.status = 'cancelled';
          return structuredClone(found);
        },
      } satisfies FakeRoutes);
    }
  };
}
