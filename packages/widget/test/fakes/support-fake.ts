import type { SupportAddressList, SupportAddressesBody } from '@parley/protocol/admin';
import { AdminApiError } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** The site's support addresses (`/support-addresses`) of the fake admin API. */
export function withSupportAddresses<B extends FakeBase>(Base: B) {
  return class extends Base {
    supportValue: SupportAddressList = { items: [], receiving: ['smtp'] };
    savedSupport: SupportAddressesBody[] = [];
    /** What saving throws, when set. */
    refuseSupport: AdminApiError | undefined;

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /support-addresses': async () => structuredClone(this.supportValue),
        'PUT /support-addresses': async (c) => {
          if (this.role !== 'admin') throw new AdminApiError('forbidden', 'Admins only.', 403);
          if (this.refuseSupport) throw this.refuseSupport;
          const body = c.body as SupportAddressesBody;
          this.savedSupport.push(structuredClone(body));
          this.supportValue = {
            ...this.supportValue,
            items: body.items.map((item, i) => ({
              address: item.address.toLowerCase(),
              name: item.name ?? null,
              createdAt: 1_700_000_000_000 + i,
              // As the relay answers: an address new to the site waits for the code mailed to it.
              verifiedAt:
                this.supportValue.items.find((kept) => kept.address === item.address.toLowerCase())?.verifiedAt ?? null,
            })),
          };
          return structuredClone(this.supportValue);
        },
      } satisfies FakeRoutes);
    }
  };
}
