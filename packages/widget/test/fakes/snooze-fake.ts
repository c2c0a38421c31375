import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** Snooze (`/conversations/{id}/snooze`) of the fake admin API: what was asked, and until when it answers. */
export function withSnooze<B extends FakeBase>(Base: B) {
  return class extends Base {
    snoozeCalls: Array<[string, string, unknown]> = [];
    snoozedUntil = new Map<string, number>();
    /** Set to make the next snooze fail with this refusal. */
    snoozeRefusal: Error | undefined;

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /conversations/{id}/snooze': async (c) => ({
          until: this.snoozedUntil.get(c.ref!) ?? null,
          timeZone: 'Europe/Paris',
        }),
        'PUT /conversations/{id}/snooze': async (c) => {
          this.snoozeCalls.push(['PUT', c.ref!, c.body]);
          if (this.snoozeRefusal) throw this.snoozeRefusal;
          const until = Date.parse('2026-11-25T08:00:00Z');
          this.snoozedUntil.set(c.ref!, until);
          return { conversation: { id: c.ref, status: 'snoozed' }, until };
        },
        'DELETE /conversations/{id}/snooze': async (c) => {
          this.snoozeCalls.push(['DELETE', c.ref!, undefined]);
          this.snoozedUntil.delete(c.ref!);
          return { conversation: { id: c.ref, status: 'open' } };
        },
      } satisfies FakeRoutes);
    }
  };
}
