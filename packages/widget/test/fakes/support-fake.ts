import type { SupportAddressConfirm, SupportAddressList, SupportAddressesBody } from '@parley/protocol/admin';
import { AdminApiError } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** The site's support addresses (`/support-addresses`) of the fake admin API. */
export function withSupportAddresses<B extends FakeBase>(Base: B) {
  return class extends Base {
    supportValue: SupportAddressList = { items: [], receiving: ['smtp'] };
    savedSupport: SupportAddressesBody[] = [];
    /** What saving throws, when set. */
    refuseSupport: AdminApiError | undefined;
    /** The code each waiting address was mailed, as the test knows it. */
    supportCode = 'K7QX-M2PD-9WHA';
    resentSupport: string[] = [];

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
        'POST /support-addresses/confirm': async (c) => {
          const { address, code } = c.body as SupportAddressConfirm;
          if (code !== this.supportCode)
            throw new AdminApiError('bad_request', 'That is not the code sent to the address.', 400);
          this.supportValue = {
            ...this.supportValue,
            items: this.supportValue.items.map((item) =>
              item.address === address ? { ...item, verifiedAt: 1_700_000_100_000 } : item,
            ),
          };
          return structuredClone(this.supportValue);
        },
        'POST /support-addresses/resend': async (c) => {
          this.resentSupport.push((c.body as { address: string }).address);
          return undefined;
        },
      } satisfies FakeRoutes);
    }
  };
}
