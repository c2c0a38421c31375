/**
 * A promise that `start` settles, or that rejects with `signal`'s reason when it aborts first. `start` must not
 * settle synchronously; the function it returns releases what it set up, however the promise settles.
 */
export function abortable<T>(
  signal: AbortSignal | undefined,
  start: (resolve: (value: T) => void, reject: (error: unknown) => void) => () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const settle = (): void => {
      release();
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      settle();
      reject(signal!.reason);
    };
    const release = start(
      (value) => {
        settle();
        resolve(value);
      },
      (error) => {
        settle();
        reject(error);
      },
    );
    signal?.addEventListener('abort', onAbort);
  });
}
