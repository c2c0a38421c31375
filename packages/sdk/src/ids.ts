let lastTime = -1;
/** The random part of the last id, as base-32 digits. */
let random: number[] = [];

/**
 * A ULID-like id: 10 characters of millisecond time, then 16 random characters, all base 32 (`0-9a-v`, the
 * "base32hex" alphabet, whose ASCII order is its numeric order), so ids sort by creation time as plain strings.
 * Ids made in the same millisecond (or after the clock stepped back) count up from the last one, so they still
 * sort in creation order (which is the order the outbox flushes in).
 *
 * @example
 * createId(); // '01k7v5qh2f6cr1jip3qid5kiuo'
 */
export function createId(now: number = Date.now()): string {
  if (now > lastTime) {
    lastTime = now;
    random = Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte & 31);
  } else {
    // 32^16 ids in one millisecond would overflow: not a concern.
    let index = 15;
    while (random[index] === 31) random[index--] = 0;
    random[index]!++;
  }
  return lastTime.toString(32).padStart(10, '0') + random.map((digit) => digit.toString(32)).join('');
}
