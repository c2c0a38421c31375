/** Types of verify-webhook.mjs (the relay's tests import it, so the docs' snippet is the one tested). */
export declare function verifyWebhook(
  secret: string,
  header: string | undefined,
  rawBody: string,
  options?: { toleranceSeconds?: number; nowSeconds?: number },
): boolean;
