/**
 * An invitation's proof of the mailbox (issue #80, docs/accounts.md "Invitations"): whether its link was emailed,
 * and the code emailed to the address when it was handed over instead. Part of the accounts repository.
 */

import type { InvitationCodeUse } from '../account-store.js';
import type { SqlDb } from './sql-db.js';

export async function markInvitationMailed(db: SqlDb, id: string, now: number): Promise<void> {
  await db.run(`UPDATE auth_links SET mailed_at = ? WHERE id = ? AND kind = 'invite'`, [now, id]);
}

export async function issueInvitationCode(
  db: SqlDb,
  tokenHash: string,
  codeHash: string,
  now: number,
  resendAfterMs: number,
): Promise<{ readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number }> {
  // One statement decides: two requests at once never both send a code.
  const changed = await db.run(
    `UPDATE auth_links SET code_hash = ?, code_sent_at = ?, code_attempts = 0
     WHERE token_hash = ? AND kind = 'invite' AND used_at IS NULL AND expires_at > ?
       AND (code_sent_at IS NULL OR code_sent_at <= ?)`,
    [codeHash, now, tokenHash, now, now - resendAfterMs],
  );
  if (changed > 0) return { ok: true };
  const [row] = await db.all<{ code_sent_at: number | string | null }>(
    'SELECT code_sent_at FROM auth_links WHERE token_hash = ?',
    [tokenHash],
  );
  const sentAt = row?.code_sent_at == null ? now : Number(row.code_sent_at);
  return { ok: false, retryAfterMs: Math.max(1, sentAt + resendAfterMs - now) };
}

export async function useInvitationCode(
  db: SqlDb,
  tokenHash: string,
  codeHash: string,
  now: number,
  ttlMs: number,
  maxAttempts: number,
): Promise<InvitationCodeUse> {
  // The try is counted before the code is compared, in one statement: concurrent tries cannot pass the limit.
  const counted = await db.run(
    `UPDATE auth_links SET code_attempts = code_attempts + 1
     WHERE token_hash = ? AND kind = 'invite' AND code_hash IS NOT NULL AND code_attempts < ? AND code_sent_at > ?`,
    [tokenHash, maxAttempts, now - ttlMs],
  );
  if (counted === 0) return 'expired';
  const spent = await db.run('UPDATE auth_links SET code_hash = NULL WHERE token_hash = ? AND code_hash = ?', [
    tokenHash,
    codeHash,
  ]);
  return spent > 0 ? 'right' : 'wrong';
}
