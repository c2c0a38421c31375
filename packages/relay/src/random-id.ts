import { randomFillSync } from 'node:crypto';

/**
 * Random bytes for ids, drawn from the CSPRNG 4 KiB at a time: one `randomBytes` call per id cost more than the
 * rest of writing a webhook's outbox row (two ids per message). Each byte is used once.
 */
const pool = Buffer.alloc(4096);
let pooled = pool.length;

function poolBytes(count: number): Buffer {
  if (pooled + count > pool.length) {
    randomFillSync(pool);
    pooled = 0;
  }
  const bytes = pool.subarray(pooled, pooled + count);
  pooled += count;
  return bytes;
}

/** A random id (96 bits) for conversations, visitors, sessions, events and jobs. */
export function randomId(prefix: string): string {
  return `${prefix}_${poolBytes(12).toString('base64url')}`;
}
