import type { AppendInput, AppendResult, Store } from './store/store.js';
import type { HealthProbe } from './health.js';

/** A store call refused or abandoned because the store is unreachable; the handlers answer `store_unavailable`. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/** Options for {@link guardStore}. */
export interface GuardOptions {
  readonly probe: HealthProbe & { probe(): Promise<void> };
  /** A call that has not settled after this long is answered as failed. Default 10 s. */
  readonly deadlineMs?: number;
  /**
   * Called with a message whose `append` resolved after its deadline had answered the caller with an error (so the
   * caller published nothing): publishing it now is harmless (receivers drop sequences they delivered) and makes
   * sure online clients get it. (Duplicates are published again by the callers, who know the sender.)
   */
  readonly onUnpublished?: (result: AppendResult, input: AppendInput) => void;
}

const unguarded = new Set<PropertyKey>(['init', 'close', 'kind', 'constructor', 'setMessageEffects']);

/**
 * Wraps a store shared by several relays so that an unreachable database fails fast and never hangs a client:
 * while the probe reports it down, calls are refused at once; a call that takes longer than the deadline is
 * answered as failed (the SDK keeps the message and resends it; the resend is idempotent, so a late commit is
 * acknowledged as a duplicate then). Nothing is ever acknowledged that was not committed: only `append`'s own
 * resolution acknowledges.
 *
 * A Proxy rather than a class, so that methods added to {@link Store} later are guarded too.
 */
export function guardStore<S extends Store>(store: S, options: GuardOptions): S {
  const deadline = options.deadlineMs ?? 10_000;
  const wrapped = new Map<PropertyKey, unknown>();
  const guard =
    (name: PropertyKey, method: (...args: unknown[]) => unknown) =>
    (...args: unknown[]): unknown => {
      if (!options.probe.healthy()) return Promise.reject(new StoreUnavailableError('The store is unreachable.'));
      const call = method.apply(store, args);
      if (!(call instanceof Promise)) return call;
      let timedOut = false;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          void options.probe.probe();
          reject(new StoreUnavailableError(`The store did not answer ${String(name)} within ${deadline} ms.`));
        }, deadline);
        timer.unref();
      });
      const settled = call.then(
        (value: unknown) => {
          clearTimeout(timer);
          if (name === 'append' && timedOut) options.onUnpublished?.(value as AppendResult, args[0] as AppendInput);
          return value;
        },
        (error: unknown) => {
          clearTimeout(timer);
          // Let health follow at once (a broken connection is usually the first sign of an outage).
          void options.probe.probe();
          throw error;
        },
      );
      return Promise.race([settled, late]);
    };
  return new Proxy(store, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (typeof value !== 'function' || unguarded.has(prop))
        return typeof value === 'function' ? value.bind(target) : value;
      let fn = wrapped.get(prop);
      if (!fn) {
        fn = guard(prop, value as (...args: unknown[]) => unknown);
        wrapped.set(prop, fn);
      }
      return fn;
    },
  });
}
