/** Crockford's base32: sortable as ASCII, no I, L, O or U. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

let lastTime = -1;
let lastRandom: number[] = [];

function randomDigits(count: number): number[] {
  const bytes = new Uint8Array(count);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte & 31);
}

/**
 * A ULID-like id: 10 characters of millisecond time, then 16 random characters, all Crockford base32, so ids
 * sort by creation time as plain strings. Ids made in the same millisecond increment the random part, so they
 * still sort in creation order (which is the order the outbox flushes in).
 *
 * @example
 * createId(); // '01JD3W5X8K7Q2M4N6P8R0S2T4V'
 */
export function createId(now: number = Date.now()): string {
  let random: number[];
  if (now <= lastTime) {
    now = lastTime;
    random = lastRandom.slice();
    let index = random.length - 1;
    while (index >= 0 && random[index] === 31) random[index--] = 0;
    if (index >= 0) random[index] = (random[index] ?? 0) + 1;
  } else {
    random = randomDigits(16);
  }
  lastTime = now;
  lastRandom = random;
  let time = '';
  for (let rest = now, i = 0; i < 10; i++, rest = Math.floor(rest / 32)) time = ALPHABET[rest % 32] + time;
  return time + random.map((digit) => ALPHABET[digit]).join('');
}
