/**
 * Waits for a condition the test cannot subscribe to (a row in a store, a figure in `/healthz`, a file growing):
 * calls `probe` until it returns something truthy and resolves with that. A probe that throws counts as "not yet";
 * its last error is in the timeout's message.
 *
 * @example
 * ```ts
 * await until(async () => (await health(relay)).connections === 1, 'the relay to see the close');
 * ```
 */
export async function until<T>(
  probe: () => T | Promise<T>,
  what: string,
  { timeoutMs = 5000, intervalMs = 20 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      const seen = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${seen})`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
