/**
 * Strings the relay builds from many small ones, a turn's or a batch's (a Redis payload, a webhook batch's body), are
 * built in pieces of at most {@link REGULAR_STRING_CHARS} characters. V8 allocates a string over 128 KiB
 * (`kMaxRegularHeapObjectSize`) outside its regular heap, in pages mapped for it alone and given back when it dies:
 * on the bench's VM, joining 500 events of ~310 characters took 620 µs where 400 took 8–18 (docs/performance.md,
 * "Strings over 128 KiB"). 60,000 characters stay under it even at two bytes a character.
 */
export const REGULAR_STRING_CHARS = 60_000;

/**
 * `items` cut into runs, in order, each as long as it can be with the sizes of its items (`size`) adding up to at most
 * `most`; an item larger than `most` is a run of its own. No run is empty.
 *
 * @example
 * inPieces(['ab', 'cd', 'efg'], (s) => s.length, 4) // [['ab', 'cd'], ['efg']]
 */
export function inPieces<T>(items: readonly T[], size: (item: T) => number, most: number): T[][] {
  const runs: T[][] = [];
  let start = 0;
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    const next = size(items[i]!);
    if (total + next > most && i > start) {
      runs.push(items.slice(start, i));
      start = i;
      total = 0;
    }
    total += next;
  }
  if (start < items.length) runs.push(items.slice(start));
  return runs;
}
