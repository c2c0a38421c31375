import { AdminApiError } from '../../src/chat-admin/chat-admin.js';
import { PRECHAT_KEY, type PrechatForm, type PrechatFormPut } from '@parley/protocol/admin';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/**
 * The site's pre-chat form (`/prechat-form`) in the fake admin API, with the relay's checks the page can meet: a key
 * asked twice, a choice without options, a malformed key (each refused naming the field).
 */
export function withPrechatForm<B extends FakeBase>(Base: B) {
  return class extends Base {
    prechatForm: PrechatForm = { when: 'always', fields: [] };
    /** Each save, as sent. */
    savedPrechatForms: PrechatFormPut[] = [];

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /prechat-form': async (): Promise<PrechatForm> => structuredClone(this.prechatForm),
        'PUT /prechat-form': async (c): Promise<PrechatForm> => {
          if (this.role === 'agent') throw new AdminApiError('forbidden', 'Admins only.', 403);
          const body = c.body as PrechatFormPut;
          const seen = new Set<string>();
          body.fields.forEach((field, index) => {
            const at = `body.fields.${index}`;
            if (!PRECHAT_KEY.test(field.key)) throw new AdminApiError('bad_request', `Invalid ${at}.key.`, 400);
            if (seen.has(field.key))
              throw new AdminApiError('bad_request', `Invalid ${at}.key: ${field.key} is asked twice.`, 400);
            seen.add(field.key);
            if (field.type === 'choice' && !field.options?.length)
              throw new AdminApiError('bad_request', `Invalid ${at}.options: a choice needs at least one option.`, 400);
          });
          this.savedPrechatForms.push(structuredClone(body));
          this.prechatForm = { ...structuredClone(body), updatedAt: 1 };
          return structuredClone(this.prechatForm);
        },
      } satisfies FakeRoutes);
    }
  };
}
