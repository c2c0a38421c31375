import { PushKey, PushSubscribe, PushSubscriptions, PushUnsubscribe } from '@parley/protocol/admin';
import { type Json, body, ok, operation } from '../http/openapi/openapi-parts.js';

const description =
  'Browser push (Web Push with VAPID, RFC 8291/8292) for the signed-in staff member: when their inbox is closed (no connection within 45 s) and they are not offline, the relay pushes new visitor messages (the assignee’s, or everyone’s while unassigned) and mentions. The payload is encrypted to the browser’s keys; the push service cannot read it. The VAPID key is derived from the relay secret, so every relay of a deployment signs with the same one.';

/** Web Push to staff. (`push-routes.ts` serves it.) */
export const pushPaths = (): Record<string, Json> => ({
  '/v1/admin/me/push': {
    get: operation('The relay’s push key, and how many of my browsers are subscribed', description, {
      tag: 'notifications',
      responses: ok('The key and the count.', PushKey),
    }),
  },
  '/v1/admin/me/push-subscriptions': {
    post: operation(
      'Subscribe this browser',
      `${description}\n\nAt most 10 browsers per staff member (409). An endpoint another staff member or site saved is refused with 409 \`conflict\` and never moved; the same member saving their own again updates its keys. \`keys.p256dh\` must be a point on P-256 (400).`,
      {
        tag: 'notifications',
        conflict: true,
        requestBody: body(PushSubscribe),
        responses: ok('Subscribed.', PushSubscriptions, '201'),
      },
    ),
    delete: operation('Unsubscribe a browser', 'The endpoint goes in the body, never in the URL.', {
      tag: 'notifications',
      notFound: true,
      requestBody: body(PushUnsubscribe),
      responses: { '204': { description: 'Unsubscribed.' } },
    }),
  },
});
