import { createECDH } from 'node:crypto';
import type { Push } from './push.js';
import { PushKey, PushSubscribe, PushSubscriptions, PushUnsubscribe } from '@parley/protocol/admin';
import { checkWebhookUrl } from '../outbound/address-guard.js';
import { ApiError } from '../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';

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

/** What the API document says of browser push, on the key's route and the subscribing one. */
const pushProse =
  'Browser push (Web Push with VAPID, RFC 8291/8292) for the signed-in staff member: when their inbox is closed (no connection within 45 s) and they are not offline, the relay pushes new visitor messages (the assignee’s, or everyone’s while unassigned) and mentions. The payload is encrypted to the browser’s keys; the push service cannot read it. The VAPID key is derived from the relay secret, so every relay of a deployment signs with the same one.';

/** Web Push (issue #19): the relay's key, and the signed-in staff member's browsers. */
export const pushRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/me/push',
    doc: {
      summary: 'The relay’s push key, and how many of my browsers are subscribed',
      description: pushProse,
      tag: 'notifications',
      responses: ok('The key and the count.', PushKey),
    },
    run: async (call) => ({
      status: 200,
      body: {
        publicKey: pushOf(call).publicKey,
        subscriptions: await call.admin.repos.push.countPushSubscriptions(call.site.id, call.staff.id),
      } satisfies PushKey,
    }),
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/me/push-subscriptions',
    requestBody: PushSubscribe,
    doc: {
      summary: 'Subscribe this browser',
      description: `${pushProse}\n\nAt most 10 browsers per staff member (409). An endpoint another staff member or site saved is refused with 409 \`conflict\` and never moved; the same member saving their own again updates its keys. \`keys.p256dh\` must be a point on P-256 (400).`,
      tag: 'notifications',
      conflict: true,
      responses: ok('Subscribed.', PushSubscriptions, '201'),
    },
    run: async (call) => {
      const push = pushOf(call);
      const body = call.body;
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
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/me/push-subscriptions',
    requestBody: PushUnsubscribe,
    doc: {
      summary: 'Unsubscribe a browser',
      description: 'The endpoint goes in the body, never in the URL.',
      tag: 'notifications',
      notFound: true,
      responses: { '204': { description: 'Unsubscribed.' } },
    },
    run: async (call) => {
      pushOf(call);
      const { endpoint } = call.body;
      if (!(await call.admin.repos.push.deletePushSubscription(call.site.id, call.staff.id, endpoint)))
        throw new ApiError('not_found', 'No such subscription of yours.');
      await audit(call, 'push.unsubscribe', 'staff', call.staff.id);
      return { status: 204 };
    },
  }),
];
