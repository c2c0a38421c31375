import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { SqlDb, SqlValue } from '../store/sql/sql-db.js';

/**
 * One-time codes mailed to an address to prove that whoever asks reads its mail (issue #80): a support address's
 * confirmation, a single sign-on domain's verification by mail. Only the hash of a code is stored; a code is typed
 * back in the inbox, so it needs no public URL to work.
 */

/** Characters of a code: no 0/O, 1/I/L, so that it reads aloud and types back. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** How long a mailed code works (ms). */
export const confirmationCodeMs = 24 * 60 * 60 * 1000;
/** Codes checked for one mailing, right or wrong, before it stops working (a new one must be sent). */
export const maxCodeAttempts = 5;
/** The least time between two codes mailed for one thing (ms): the admin API cannot spam an address. */
export const resendAfterMs = 60_000;

/** A new code, `XXXX-XXXX-XXXX` (12 of 31 characters: 59 bits). */
export function newConfirmationCode(): string {
  let code = '';
  for (let i = 0; i < 12; i++)
    code += (i > 0 && i % 4 === 0 ? '-' : '') + CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** What is stored of a code: the SHA-256 of it without dashes or spaces, upper-cased (as typed, read back). */
export function confirmationCodeHash(code: string): string {
  return createHash('sha256').update(code.replace(/[\s-]/g, '').toUpperCase()).digest('hex');
}

/** Whether `code` (as typed) is the one whose hash was stored, compared in constant time. */
export function confirmationCodeMatches(code: string, storedHash: string): boolean {
  const stored = Buffer.from(storedHash, 'hex');
  const typed = Buffer.from(confirmationCodeHash(code), 'hex');
  return stored.length === typed.length && timingSafeEqual(typed, stored);
}

/**
 * Counts an attempt at the code of the row of `table` that `where` picks, and hands the code's hash back; `undefined`
 * when the code may not be tried: no such row, none sent, older than {@link confirmationCodeMs}, or
 * {@link maxCodeAttempts} tried already. The count and the check are one conditional `UPDATE … RETURNING` (a row
 * lock on PostgreSQL), so concurrent attempts — other connections, other relays — never try more codes than the
 * limit on either store: each takes its turn before it is checked, right or wrong. `table` has the columns
 * `code_hash`, `code_sent_at` and `code_attempts`.
 */
export async function countCodeAttempt(
  db: SqlDb,
  table: string,
  where: string,
  params: readonly SqlValue[],
  now: number,
): Promise<string | undefined> {
  const [row] = await db.all<{ code_hash: string }>(
    `UPDATE ${table} SET code_attempts = code_attempts + 1
     WHERE ${where} AND code_hash IS NOT NULL AND code_sent_at >= ? AND code_attempts < ?
     RETURNING code_hash`,
    [...params, now - confirmationCodeMs, maxCodeAttempts],
  );
  return row?.code_hash;
}
