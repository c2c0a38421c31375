import { createECDH } from 'node:crypto';
import type { Push } from './push.js';
import { type PushKey, PushSubscribe, PushUnsubscribe } from '@parley/protocol/admin';
import { checkWebhookUrl } from '../webhooks/webhook-address.js';
import { ApiError, parseBody } from '../http/admin-http.js';
import { audit, type AdminRoute, type Call } from '../http/admin-routes/admin-route.js';

/** The most browsers one staff member keeps subscribed. */
export const MAX_PUSH_SUBSCRIPTIONS = 10;

function pushOf(call: Call): Push {
  const push = call.use('push');
  if (!push) throw new ApiError('not_found', 'This relay does not push.');
  return push;
}

/** A valid private key for {@link onCurve}'s check (the secret it computes is thrown away). */
const ONE = Buffer.alloc(32, 0).fill(1, 31);

/** True when `point` is on P-256: a payload can be encrypted to it (ECDH refuses any other). */
function onCurve(point: Buffer): boolean {
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(ONE);
    ecdh.computeSecret(point);
    return true;
  } catch {
    return false;
  }
}

/** The push service's address, checked like a webhook's (https, and no private address unless allowed). */
function endpointOf(raw: string, allowPrivate: boolean): string {
  const checked = checkWebhookUrl(raw, allowPrivate);
  if ('error' in checked) throw new ApiError('bad_request', `Invalid endpoint: ${checked.error}.`);
  if (!allowPrivate && !checked.url.startsWith('https:'))
    throw new ApiError('bad_request', 'Invalid endpoint: push services are reached over https.');
  return raw;
}

/** Web Push (issue #19): the relay's key, and the signed-in staff member's browsers. */
export const pushRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/me/push',
    run: async (call) => ({
      status: 200,
      body: {
        publicKey: pushOf(call).publicKey,
        subscriptions: await call.admin.repos.push.countPushSubscriptions(call.site.id, call.staff.id),
      } satisfies PushKey,
    }),
  },
  {
    method: 'POST',
    path: '/v1/admin/me/push-subscriptions',
    requestBody: PushSubscribe,
    run: async (call) => {
      const push = pushOf(call);
      const body = await parseBody(call.request, PushSubscribe);
      const p256dh = Buffer.from(body.keys.p256dh, 'base64url');
      if (p256dh.length !== 65 || p256dh[0] !== 4 || !onCurve(p256dh))
        throw new ApiError('bad_request', 'Invalid keys.p256dh: an uncompressed P-256 public key (65 bytes).');
      if (Buffer.from(body.keys.auth, 'base64url').length !== 16)
        throw new ApiError('bad_request', 'Invalid keys.auth: 16 bytes.');
      const endpoint = endpointOf(body.endpoint, pushOf(call).allowPrivate);
      const count = await call.admin.repos.push.countPushSubscriptions(call.site.id, call.staff.id);
      if (count >= MAX_PUSH_SUBSCRIPTIONS)
        throw new ApiError('conflict', `At most ${MAX_PUSH_SUBSCRIPTIONS} browsers; turn push off on one first.`);
      const saved = await call.admin.repos.push.savePushSubscription({
        endpoint,
        siteId: call.site.id,
        staffId: call.staff.id,
        p256dh: body.keys.p256dh,
        auth: body.keys.auth,
        createdAt: call.now,
        // The device: a read through this session leaves this browser out of the read push (issue #43).
        sessionId: call.session?.id,
      });
      // Never moved to the caller: whoever holds an endpoint would otherwise take a colleague's pushes.
      if (!saved)
        throw new ApiError(
          'conflict',
          'This browser’s subscription belongs to someone else; it must be turned off there (or the browser unsubscribed) first.',
        );
      push.subscribed(call.site.id);
      // The endpoint is a capability: the audit log says that a browser subscribed, not where.
      await audit(call, 'push.subscribe', 'staff', call.staff.id);
      return {
        status: 201,
        body: { subscriptions: await call.admin.repos.push.countPushSubscriptions(call.site.id, call.staff.id) },
      };
    },
  },
  {
    method: 'DELETE',
    path: '/v1/admin/me/push-subscriptions',
    requestBody: PushUnsubscribe,
    run: async (call) => {
      pushOf(call);
      const { endpoint } = await parseBody(call.request, PushUnsubscribe);
      if (!(await call.admin.repos.push.deletePushSubscription(call.site.id, call.staff.id, endpoint)))
        throw new ApiError('not_found', 'No such subscription of yours.');
      await audit(call, 'push.unsubscribe', 'staff', call.staff.id);
      return { status: 204 };
    },
  },
];
