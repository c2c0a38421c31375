import { SupportAddressesBody, type SupportAddressList } from '@parley/protocol/admin';
import { ApiError, parseBody } from '../http/admin-http.js';
import { audit, type AdminRoute, type Call } from '../http/admin-routes/admin-route.js';
import type { SupportMail } from './inbound-replies.js';
import type { SupportAddressRecord } from './support-addresses.js';

function supportOf(call: Call): SupportMail {
  const support = call.use('support');
  if (!support) throw new ApiError('not_found', 'Support addresses are not part of this relay.');
  return support;
}

function list(call: Call, items: readonly SupportAddressRecord[]): SupportAddressList {
  return {
    items: items.map(({ address, name, createdAt }) => ({ address, name, createdAt })),
    receiving: call.use('inbound')?.receiving ?? [],
  };
}

/** A site's support addresses (docs/email.md, "A support address"): any member reads them, admins set them. */
export const supportRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/support-addresses',
    run: async (call) => ({ status: 200, body: list(call, await supportOf(call).addresses.list(call.site.id)) }),
  },
  {
    method: 'PUT',
    path: '/v1/admin/support-addresses',
    permission: 'settings.manage',
    requestBody: SupportAddressesBody,
    run: async (call) => {
      const { items } = await parseBody(call.request, SupportAddressesBody);
      const done = await supportOf(call).addresses.replace(
        call.site.id,
        items.map((item) => ({ address: item.address, name: item.name ?? null })),
      );
      if (done.status === 'taken')
        throw new ApiError('conflict', `Another site of this relay has ${done.address}: remove it there first.`);
      await audit(call, 'support-addresses.update', 'site', call.site.id, {
        addresses: done.items.map((item) => item.address),
      });
      return { status: 200, body: list(call, done.items) };
    },
  },
];
