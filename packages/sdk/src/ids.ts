/** Crockford's base32: sortable as ASCII, no I, L, O or U. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

let lastTime = -1;
/** The random part of the last id, as base32 digits. */
let random: number[] = [];

/**
 * A ULID-like id: 10 characters of millisecond time, then 16 random characters, all Crockford base32, so ids
 * sort by creation time as plain strings. Ids made in the same millisecond (or after the clock stepped back)
 * count up from the last one, so they still sort in creation order (which is the order the outbox flushes in).
 *
 * @example
 * createId(); // '01JD3W5X8K7Q2M4N6P8R0S2T4V'
 */
export function createId(now: number = Date.now()): string {
  if (now > lastTime) {
    lastTime = now;
    random = Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte & 31);
  } else {
    // 32^16 ids in one millisecond would overflow: not a concern.
    let index = random.length - 1;
    while (random[index] === 31) random[index--] = 0;
    random[index]!++;
  }
  let time = '';
  for (let rest = lastTime, i = 0; i < 10; i++, rest = Math.floor(rest / 32)) time = ALPHABET[rest % 32] + time;
  return time + random.map((digit) => ALPHABET[digit]).join('');
}
