import type { SafetyFlag } from '@parley/protocol/admin';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** Spam and review (`/conversations/{id}/flags`, `/conversations/{id}/spam`) of the fake admin API. */
export function withModeration<B extends FakeBase>(Base: B) {
  return class extends Base {
    moderationCalls: Array<[string, string]> = [];
    /** Each conversation's flags not dismissed. */
    flagsOf = new Map<string, SafetyFlag[]>();
    /** The conversations marked as spam, and by whom. */
    spamBy = new Map<string, string>();

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /conversations/{id}/flags': async (c) => {
          const marked = this.spamBy.get(c.ref!);
          const items = [...(this.flagsOf.get(c.ref!) ?? [])];
          if (marked !== undefined) items.push({ reason: 'spam', detail: marked, seq: null, at: Date.now() });
          return { items, spam: marked !== undefined };
        },
        'POST /conversations/{id}/flags/dismiss': async (c) => {
          this.moderationCalls.push(['dismiss', c.ref!]);
          const dismissed = this.flagsOf.get(c.ref!)?.length ?? 0;
          this.flagsOf.delete(c.ref!);
          return { dismissed };
        },
        'POST /conversations/{id}/spam': async (c) => {
          this.moderationCalls.push(['spam', c.ref!]);
          this.spamBy.set(c.ref!, 'Ada');
          return { spam: true, blockedUntil: Date.now() + 168 * 3_600_000 };
        },
        'DELETE /conversations/{id}/spam': async (c) => {
          this.moderationCalls.push(['not-spam', c.ref!]);
          this.spamBy.delete(c.ref!);
          return { spam: false, blockedUntil: null };
        },
      } satisfies FakeRoutes);
    }
  };
}
