import { type Json, body, ok, operation } from './openapi-parts.js';

const endpointBody = {
  endpoint: {
    type: 'string',
    maxLength: 2048,
    description:
      'The push service’s address for this browser (`PushSubscription.endpoint`): https, and never a private address unless `PARLEY_WEBHOOK_ALLOW_PRIVATE` is set. A capability: the relay never logs it or lists it back.',
  },
};

const description =
  'Browser push (Web Push with VAPID, RFC 8291/8292) for the signed-in staff member: when their inbox is closed (no connection within 45 s) and they are not offline, the relay pushes new visitor messages (the assignee’s, or everyone’s while unassigned) and mentions. The payload is encrypted to the browser’s keys; the push service cannot read it. The VAPID key is derived from the relay secret, so every relay of a deployment signs with the same one.';

/** Web Push to staff. (`admin-routes/push.ts` serves it.) */
export const pushPaths: Record<string, Json> = {
  '/v1/admin/me/push': {
    get: operation('The relay’s push key, and how many of my browsers are subscribed', description, {
      tag: 'notifications',
      responses: ok('The key and the count.', {
        type: 'object',
        required: ['publicKey', 'subscriptions'],
        properties: {
          publicKey: {
            type: 'string',
            description: 'The VAPID public key, base64url: `applicationServerKey` for `pushManager.subscribe`.',
          },
          subscriptions: { type: 'integer' },
        },
      }),
    }),
  },
  '/v1/admin/me/push-subscriptions': {
    post: operation(
      'Subscribe this browser',
      `${description}\n\nAt most 10 browsers per staff member (409). An endpoint another staff member or site saved is refused with 409 \`conflict\` and never moved; the same member saving their own again updates its keys. \`keys.p256dh\` must be a point on P-256 (400).`,
      {
        tag: 'notifications',
        conflict: true,
        requestBody: body({
          type: 'object',
          required: ['endpoint', 'keys'],
          properties: {
            ...endpointBody,
            keys: {
              type: 'object',
              required: ['p256dh', 'auth'],
              properties: {
                p256dh: { type: 'string', description: 'The browser’s P-256 public key, base64url (65 bytes).' },
                auth: { type: 'string', description: 'The browser’s auth secret, base64url (16 bytes).' },
              },
            },
          },
        }),
        responses: ok(
          'Subscribed.',
          {
            type: 'object',
            required: ['subscriptions'],
            properties: { subscriptions: { type: 'integer' } },
          },
          '201',
        ),
      },
    ),
    delete: operation('Unsubscribe a browser', 'The endpoint goes in the body, never in the URL.', {
      tag: 'notifications',
      notFound: true,
      requestBody: body({ type: 'object', required: ['endpoint'], properties: endpointBody }),
      responses: { '204': { description: 'Unsubscribed.' } },
    }),
  },
};
