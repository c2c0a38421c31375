// Verifies a Parley webhook in Node.js, with nothing but node:crypto (docs/webhooks.md includes this file, and the
// relay's tests verify real deliveries with it). Pass the raw body, exactly as received: not re-serialised JSON.
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * True when `header` (the `Parley-Signature` header: `t=<unix seconds>,v1=<hex>`) signs `rawBody` with
 * `secret`, and was made within `toleranceSeconds` of `nowSeconds` (a replay window).
 *
 * @param {string} secret
 * @param {string | undefined} header
 * @param {string} rawBody
 */
export function verifyWebhook(
  secret,
  header,
  rawBody,
  { toleranceSeconds = 300, nowSeconds = Date.now() / 1000 } = {},
) {
  const parts = Object.fromEntries(
    String(header ?? '')
      .split(',')
      .map((part) => part.trim().split('=', 2)),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(parts.v1 ?? '')) return false;
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(parts.v1, 'hex'));
}
