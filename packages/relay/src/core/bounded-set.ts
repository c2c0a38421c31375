/**
 * Adds `value` to `set`, then forgets the oldest member once the set holds more than `max`: what features keep in
 * memory per conversation (an away reply written, a first reply seen) stays bounded however long the relay runs.
 * Insertion order is a `Set`'s iteration order, so the first member is the oldest.
 */
export function rememberBounded<T>(set: Set<T>, value: T, max: number): void {
  set.add(value);
  if (set.size > max) set.delete(set.values().next().value as T);
}
