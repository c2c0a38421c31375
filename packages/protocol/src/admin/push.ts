import * as z from 'zod/mini';
import { doc } from './document.js';

/** Web Push to staff (RFC 8291/8292): the relay's key and the browsers of the signed-in member. */

// The document shows these as plain strings with their descriptions; the relay checks them as below.
const base64url = (min: number, max: number, description: string) =>
  z
    .string()
    .check(
      z.minLength(min),
      z.maxLength(max),
      z.regex(/^[A-Za-z0-9_-]+={0,2}$/),
      doc({ description, omit: ['minLength', 'maxLength', 'pattern'] }),
    );

const Endpoint = z.string().check(
  z.minLength(1),
  z.maxLength(2048),
  doc({
    omit: ['minLength'],
    description:
      'The push service’s address for this browser (`PushSubscription.endpoint`): https, and never a private address unless `PARLEY_WEBHOOK_ALLOW_PRIVATE` is set. A capability: the relay never logs it or lists it back.',
  }),
);

/** `POST /v1/admin/me/push-subscriptions`: this browser's `PushSubscription`. */
export const PushSubscribe = z
  .object({
    endpoint: Endpoint,
    keys: z.object({
      p256dh: base64url(80, 100, 'The browser’s P-256 public key, base64url (65 bytes).'),
      auth: base64url(16, 32, 'The browser’s auth secret, base64url (16 bytes).'),
    }),
  })
  .check(
    doc({
      example: {
        endpoint: 'https://push.example/matrix',
        // A point on P-256, as a browser's key is (the relay refuses others).
        keys: {
          p256dh: 'BPE-ff5j_3FqjGsx3-45t0sN99t0HxSYlFRpXtUpccS6CtBEvEc-rYmC_Pp6ejmOWE8TjhbU5-oufo26TYGvrzw',
          auth: 'AAAAAAAAAAAAAAAAAAAAAA',
        },
      },
    }),
  );

/** `DELETE /v1/admin/me/push-subscriptions`: the endpoint goes in the body, never in the URL. */
export const PushUnsubscribe = z
  .object({ endpoint: Endpoint })
  .check(doc({ example: { endpoint: 'https://push.example/matrix' } }));

/** `GET /v1/admin/me/push`. */
export const PushKey = z.object({
  publicKey: z
    .string()
    .check(
      doc({ description: 'The VAPID public key, base64url: `applicationServerKey` for `pushManager.subscribe`.' }),
    ),
  subscriptions: z.int(),
});

/** How many browsers of the member are subscribed. */
export const PushSubscriptions = z.object({ subscriptions: z.int() });

export type PushKey = z.output<typeof PushKey>;
export type PushSubscribe = z.input<typeof PushSubscribe>;
