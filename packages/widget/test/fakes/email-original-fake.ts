import type { EmailOriginal } from '@parley/protocol/admin';
import { AdminApiError } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** Emails' originals (`/conversations/{id}/messages/{seq}/original`) of the fake admin API, by `conversation/seq`. */
export function withEmailOriginal<B extends FakeBase>(Base: B) {
  return class extends Base {
    originals = new Map<string, EmailOriginal>();

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /conversations/{id}/messages/{seq}/original': async (c) => {
          const original = this.originals.get(`${c.params[0]}/${c.params[1]}`);
          if (!original) throw new AdminApiError('not_found', 'No original email is kept for this message.', 404);
          return structuredClone(original);
        },
      } satisfies FakeRoutes);
    }
  };
}
