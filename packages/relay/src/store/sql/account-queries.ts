/** Staff accounts (issue #19, ADR 0016): accounts, memberships, sessions and one-time links. */

import type {
  Account,
  AccountPatch,
  AuthLink,
  AuthLinkKind,
  AuthSession,
  LinkUse,
  Membership,
  TeamMemberRecord,
  ThrottleKey,
} from '../account-store.js';
import type { Staff, StaffRole } from '../store.js';
import type { SqlDb, SqlValue } from './sql-db.js';

interface AccountRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  totp_secret: string | null;
  totp_pending: string | null;
  totp_enabled_at: number | null;
  recovery_codes: string;
  created_at: number;
  updated_at: number;
}

const n = (value: number | string | null): number | null => (value === null ? null : Number(value));

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    passwordHash: row.password_hash,
    totpSecret: row.totp_secret,
    totpPending: row.totp_pending,
    totpEnabledAt: n(row.totp_enabled_at),
    recoveryCodes: JSON.parse(row.recovery_codes) as string[],
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

const accountColumns =
  'id, email, name, password_hash, totp_secret, totp_pending, totp_enabled_at, recovery_codes, created_at, updated_at';

export async function countAccounts(db: SqlDb): Promise<number> {
  const [row] = await db.all<{ count: number }>('SELECT count(*) AS count FROM accounts');
  return Number(row?.count ?? 0);
}

async function insertAccount(db: SqlDb, account: Account): Promise<boolean> {
  const changed = await db.run(
    `INSERT INTO accounts (${accountColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING`,
    [
      account.id,
      account.email.toLowerCase(),
      account.name,
      account.passwordHash,
      account.totpSecret,
      account.totpPending,
      account.totpEnabledAt,
      JSON.stringify(account.recoveryCodes),
      account.createdAt,
      account.updatedAt,
    ],
  );
  return changed > 0;
}

export function createAccount(db: SqlDb, account: Account): Promise<boolean> {
  return insertAccount(db, account);
}

export async function getAccount(db: SqlDb, id: string): Promise<Account | undefined> {
  const [row] = await db.all<AccountRow>(`SELECT ${accountColumns} FROM accounts WHERE id = ?`, [id]);
  return row && toAccount(row);
}

export async function findAccountByEmail(db: SqlDb, email: string): Promise<Account | undefined> {
  const [row] = await db.all<AccountRow>(`SELECT ${accountColumns} FROM accounts WHERE email = ?`, [
    email.toLowerCase(),
  ]);
  return row && toAccount(row);
}

export async function updateAccount(
  db: SqlDb,
  id: string,
  patch: AccountPatch,
  now: number,
): Promise<Account | undefined> {
  const sets: string[] = ['updated_at = ?'];
  const params: SqlValue[] = [now];
  const set = (column: string, value: SqlValue): void => {
    sets.push(`${column} = ?`);
    params.push(value);
  };
  if (patch.name !== undefined) set('name', patch.name);
  if (patch.passwordHash !== undefined) set('password_hash', patch.passwordHash);
  if (patch.totpSecret !== undefined) set('totp_secret', patch.totpSecret);
  if (patch.totpPending !== undefined) set('totp_pending', patch.totpPending);
  if (patch.totpEnabledAt !== undefined) set('totp_enabled_at', patch.totpEnabledAt);
  if (patch.recoveryCodes !== undefined) set('recovery_codes', JSON.stringify(patch.recoveryCodes));
  if (patch.resetTotpStep) sets.push('totp_last_step = NULL');
  await db.run(`UPDATE accounts SET ${sets.join(', ')} WHERE id = ?`, [...params, id]);
  return getAccount(db, id);
}

export async function loginBlockedUntil(db: SqlDb, key: ThrottleKey, now: number): Promise<number | null> {
  const [row] = await db.all<{ blocked_until: number | string | null }>(
    'SELECT blocked_until FROM login_throttle WHERE email = ? AND address = ? AND blocked_until > ?',
    [key.email, key.address, now],
  );
  return row ? n(row.blocked_until) : null;
}

export async function recordLoginFailure(
  db: SqlDb,
  key: ThrottleKey,
  now: number,
  max: number,
  blockMs: number,
): Promise<{ failures: number; blockedUntil: number | null }> {
  // One statement: two relays counting the same pair's failures never lose one. SET reads the row as it was, so
  // the count is spelled twice: from 1 again once a block has ended, else one more.
  const counted =
    'CASE WHEN login_throttle.blocked_until IS NOT NULL AND login_throttle.blocked_until <= ? THEN 1 ELSE login_throttle.failures + 1 END';
  const [row] = await db.all<{ failures: number; blocked_until: number | string | null }>(
    `INSERT INTO login_throttle (email, address, failures, blocked_until, updated_at) VALUES (?, ?, 1, CAST(? AS bigint), ?)
     ON CONFLICT (email, address) DO UPDATE SET
       failures = ${counted},
       blocked_until = CASE WHEN ${counted} >= ? THEN CAST(? AS bigint) ELSE NULL END,
       updated_at = ?
     RETURNING failures, blocked_until`,
    [key.email, key.address, max <= 1 ? now + blockMs : null, now, now, now, max, now + blockMs, now],
  );
  return { failures: Number(row?.failures ?? 0), blockedUntil: n(row?.blocked_until ?? null) };
}

export async function clearLoginFailures(db: SqlDb, email: string, address?: string): Promise<void> {
  if (address === undefined) await db.run('DELETE FROM login_throttle WHERE email = ?', [email]);
  else await db.run('DELETE FROM login_throttle WHERE email = ? AND address = ?', [email, address]);
}

export async function useTotpStep(db: SqlDb, id: string, step: number): Promise<boolean> {
  return (
    (await db.run(
      'UPDATE accounts SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)',
      [step, id, step],
    )) > 0
  );
}

export function useRecoveryCode(db: SqlDb, id: string, codeHash: string, now: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx.all<{ recovery_codes: string }>(
      `SELECT recovery_codes FROM accounts WHERE id = ?${tx.dialect === 'postgres' ? ' FOR UPDATE' : ''}`,
      [id],
    );
    if (!row) return false;
    const codes = JSON.parse(row.recovery_codes) as string[];
    const left = codes.filter((code) => code !== codeHash);
    if (left.length === codes.length) return false;
    await tx.run('UPDATE accounts SET recovery_codes = ?, updated_at = ? WHERE id = ?', [
      JSON.stringify(left),
      now,
      id,
    ]);
    return true;
  });
}

// ---- memberships -------------------------------------------------------------------------------------------

export async function memberships(db: SqlDb, accountId: string): Promise<Membership[]> {
  const rows = await db.all<{
    id: string;
    site_id: string;
    site_name: string;
    role: StaffRole;
    deactivated_at: number | null;
  }>(
    `SELECT st.id, st.site_id, s.name AS site_name, st.role, st.deactivated_at
     FROM staff st JOIN sites s ON s.id = st.site_id
     WHERE st.account_id = ? AND st.revoked_at IS NULL ORDER BY st.created_at, st.id`,
    [accountId],
  );
  return rows.map((row) => ({
    staffId: row.id,
    siteId: row.site_id,
    siteName: row.site_name,
    role: row.role,
    deactivatedAt: n(row.deactivated_at),
  }));
}

interface StaffRow {
  id: string;
  site_id: string;
  name: string;
  role: StaffRole;
  created_at: number;
  revoked_at: number | null;
  account_id: string | null;
  deactivated_at: number | null;
}

export async function memberOf(db: SqlDb, accountId: string, siteId: string): Promise<Staff | undefined> {
  const [row] = await db.all<StaffRow>(
    `SELECT id, site_id, name, role, created_at, revoked_at, account_id, deactivated_at
     FROM staff WHERE account_id = ? AND site_id = ?`,
    [accountId, siteId],
  );
  return (
    row && {
      id: row.id,
      siteId: row.site_id,
      name: row.name,
      role: row.role,
      tokenHash: null,
      createdAt: Number(row.created_at),
      revokedAt: n(row.revoked_at),
      accountId: row.account_id,
      deactivatedAt: n(row.deactivated_at),
    }
  );
}

const memberSelect = `SELECT st.id, st.account_id, a.name, a.email, st.role, a.totp_enabled_at, st.deactivated_at, st.created_at
  FROM staff st JOIN accounts a ON a.id = st.account_id`;

interface MemberRow {
  id: string;
  account_id: string;
  name: string;
  email: string;
  role: StaffRole;
  totp_enabled_at: number | null;
  deactivated_at: number | null;
  created_at: number;
}

function toMember(row: MemberRow): TeamMemberRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    email: row.email,
    role: row.role,
    totpEnabled: row.totp_enabled_at !== null,
    deactivatedAt: n(row.deactivated_at),
    createdAt: Number(row.created_at),
  };
}

export async function listMembers(db: SqlDb, siteId: string): Promise<TeamMemberRecord[]> {
  const rows = await db.all<MemberRow>(
    `${memberSelect} WHERE st.site_id = ? AND st.revoked_at IS NULL ORDER BY st.created_at, st.id`,
    [siteId],
  );
  return rows.map(toMember);
}

export async function getMember(db: SqlDb, siteId: string, staffId: string): Promise<TeamMemberRecord | undefined> {
  const [row] = await db.all<MemberRow>(
    `${memberSelect} WHERE st.site_id = ? AND st.id = ? AND st.revoked_at IS NULL`,
    [siteId, staffId],
  );
  return row && toMember(row);
}

export async function updateMember(
  db: SqlDb,
  siteId: string,
  staffId: string,
  patch: { readonly role?: StaffRole; readonly deactivatedAt?: number | null },
): Promise<TeamMemberRecord | undefined> {
  const sets: string[] = [];
  const params: SqlValue[] = [];
  if (patch.role !== undefined) {
    sets.push('role = ?');
    params.push(patch.role);
  }
  if (patch.deactivatedAt !== undefined) {
    sets.push('deactivated_at = ?');
    params.push(patch.deactivatedAt);
  }
  if (sets.length > 0)
    await db.run(
      `UPDATE staff SET ${sets.join(', ')} WHERE site_id = ? AND id = ? AND account_id IS NOT NULL AND revoked_at IS NULL`,
      [...params, siteId, staffId],
    );
  return getMember(db, siteId, staffId);
}

async function insertMember(db: SqlDb, member: Staff): Promise<boolean> {
  const changed = await db.run(
    `INSERT INTO staff (id, site_id, name, role, token_hash, created_at, revoked_at, account_id)
     VALUES (?, ?, ?, ?, NULL, ?, NULL, ?) ON CONFLICT (account_id, site_id) WHERE account_id IS NOT NULL DO NOTHING`,
    [member.id, member.siteId, member.name, member.role, member.createdAt, member.accountId ?? null],
  );
  return changed > 0;
}

async function useLink(db: SqlDb, tokenHash: string, now: number, kinds: readonly AuthLinkKind[]): Promise<LinkUse> {
  const [row] = await db.all<LinkRow>(`SELECT ${readColumns} FROM auth_links WHERE token_hash = ?`, [tokenHash]);
  if (!row || !kinds.includes(row.kind)) return { ok: false, reason: 'unknown' };
  const link = toLink(row);
  if (link.usedAt !== null) return { ok: false, reason: 'used' };
  if (link.expiresAt <= now) return { ok: false, reason: 'expired' };
  // The condition makes the use single even when two requests race past the read above.
  const changed = await db.run('UPDATE auth_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL', [
    now,
    tokenHash,
  ]);
  return changed > 0 ? { ok: true, link: { ...link, usedAt: now } } : { ok: false, reason: 'used' };
}

/** Thrown inside a transaction to roll it back with a refusal. */
class Refused extends Error {
  constructor(readonly reason: 'unknown' | 'used' | 'expired' | 'conflict') {
    super(reason);
  }
}

export async function completeSetup(
  db: SqlDb,
  tokenHash: string,
  account: Account,
  member: Staff,
  now: number,
): Promise<{ ok: true } | { ok: false; reason: 'unknown' | 'used' | 'expired' }> {
  try {
    await db.transaction(async (tx) => {
      const used = await useLink(tx, tokenHash, now, ['setup']);
      if (!used.ok) throw new Refused(used.reason);
      if ((await countAccounts(tx)) > 0) throw new Refused('used');
      if (!(await insertAccount(tx, account))) throw new Refused('used');
      await insertMember(tx, { ...member, siteId: used.link.siteId ?? member.siteId, accountId: account.id });
    });
    return { ok: true };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.reason === 'conflict' ? 'used' : error.reason };
    throw error;
  }
}

export async function acceptInvitation(
  db: SqlDb,
  tokenHash: string,
  account: Account | undefined,
  member: Staff,
  now: number,
): Promise<{ ok: true } | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'conflict' }> {
  try {
    await db.transaction(async (tx) => {
      const used = await useLink(tx, tokenHash, now, ['invite']);
      if (!used.ok) throw new Refused(used.reason);
      if (account && !(await insertAccount(tx, account))) throw new Refused('conflict');
      if (!(await insertMember(tx, member))) throw new Refused('conflict');
    });
    return { ok: true };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.reason };
    throw error;
  }
}

// ---- sessions ----------------------------------------------------------------------------------------------

interface SessionRow {
  id: string;
  account_id: string;
  site_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  user_agent: string;
  ip: string;
  revoked_at: number | null;
  second_factor_at: number | null;
}

const sessionColumns =
  'id, account_id, site_id, csrf_token, created_at, last_seen_at, expires_at, user_agent, ip, revoked_at, ' +
  'second_factor_at';

function toSession(row: SessionRow): AuthSession {
  return {
    id: row.id,
    accountId: row.account_id,
    siteId: row.site_id,
    csrfToken: row.csrf_token,
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
    expiresAt: Number(row.expires_at),
    userAgent: row.user_agent,
    ip: row.ip,
    revokedAt: n(row.revoked_at),
    secondFactorAt: n(row.second_factor_at),
  };
}

export async function createSession(db: SqlDb, session: AuthSession, secretHash: string): Promise<void> {
  await db.run(
    `INSERT INTO auth_sessions (${sessionColumns}, secret_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      session.id,
      session.accountId,
      session.siteId,
      session.csrfToken,
      session.createdAt,
      session.lastSeenAt,
      session.expiresAt,
      session.userAgent,
      session.ip,
      session.revokedAt,
      session.secondFactorAt,
      secretHash,
    ],
  );
}

export async function findSession(db: SqlDb, secretHash: string): Promise<AuthSession | undefined> {
  const [row] = await db.all<SessionRow>(`SELECT ${sessionColumns} FROM auth_sessions WHERE secret_hash = ?`, [
    secretHash,
  ]);
  return row && toSession(row);
}

export async function getSession(db: SqlDb, id: string): Promise<AuthSession | undefined> {
  const [row] = await db.all<SessionRow>(`SELECT ${sessionColumns} FROM auth_sessions WHERE id = ?`, [id]);
  return row && toSession(row);
}

export async function touchSession(db: SqlDb, id: string, lastSeenAt: number, expiresAt: number): Promise<void> {
  await db.run('UPDATE auth_sessions SET last_seen_at = ?, expires_at = ? WHERE id = ? AND revoked_at IS NULL', [
    lastSeenAt,
    expiresAt,
    id,
  ]);
}

export async function switchSessionSite(db: SqlDb, id: string, siteId: string): Promise<void> {
  await db.run('UPDATE auth_sessions SET site_id = ? WHERE id = ?', [siteId, id]);
}

export async function markSecondFactor(db: SqlDb, id: string, at: number): Promise<void> {
  await db.run('UPDATE auth_sessions SET second_factor_at = ? WHERE id = ? AND revoked_at IS NULL', [at, id]);
}

export async function listSessions(db: SqlDb, accountId: string, now: number): Promise<AuthSession[]> {
  const rows = await db.all<SessionRow>(
    `SELECT ${sessionColumns} FROM auth_sessions WHERE account_id = ? AND revoked_at IS NULL AND expires_at > ?
     ORDER BY last_seen_at DESC, id`,
    [accountId, now],
  );
  return rows.map(toSession);
}

export async function revokeSessions(
  db: SqlDb,
  accountId: string,
  now: number,
  which: { readonly only?: string; readonly except?: string; readonly siteId?: string } = {},
): Promise<string[]> {
  let where = 'account_id = ? AND revoked_at IS NULL';
  const params: SqlValue[] = [now, accountId];
  if (which.only !== undefined) {
    where += ' AND id = ?';
    params.push(which.only);
  }
  if (which.except !== undefined) {
    where += ' AND id <> ?';
    params.push(which.except);
  }
  if (which.siteId !== undefined) {
    where += ' AND site_id = ?';
    params.push(which.siteId);
  }
  const rows = await db.all<{ id: string }>(
    `UPDATE auth_sessions SET revoked_at = ? WHERE ${where} RETURNING id`,
    params,
  );
  return rows.map((row) => row.id);
}

// ---- one-time links ----------------------------------------------------------------------------------------

interface LinkRow {
  id: string;
  token_hash: string;
  kind: AuthLinkKind;
  site_id: string | null;
  account_id: string | null;
  email: string | null;
  name: string | null;
  role: StaffRole | null;
  created_by: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  mailed_at?: number | string | null;
}

const linkColumns =
  'id, token_hash, kind, site_id, account_id, email, name, role, created_by, created_at, expires_at, used_at';
/** What a link is read with: its columns, and when its email went (`store/sql/invitation-code-queries.ts`). */
const readColumns = `${linkColumns}, mailed_at`;

function toLink(row: LinkRow): AuthLink {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    kind: row.kind,
    siteId: row.site_id,
    accountId: row.account_id,
    email: row.email,
    name: row.name,
    role: row.role,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    usedAt: n(row.used_at),
    mailedAt: n(row.mailed_at ?? null),
  };
}

export function createAuthLink(db: SqlDb, link: AuthLink, replaceKind = false): Promise<void> {
  return db.transaction(async (tx) => {
    if (replaceKind)
      await tx.run('DELETE FROM auth_links WHERE kind = ? AND site_id IS NOT DISTINCT FROM ? AND used_at IS NULL', [
        link.kind,
        link.siteId,
      ]);
    await tx.run(`INSERT INTO auth_links (${linkColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      link.id,
      link.tokenHash,
      link.kind,
      link.siteId,
      link.accountId,
      link.email,
      link.name,
      link.role,
      link.createdBy,
      link.createdAt,
      link.expiresAt,
      link.usedAt,
    ]);
  });
}

export async function findAuthLink(db: SqlDb, tokenHash: string): Promise<AuthLink | undefined> {
  const [row] = await db.all<LinkRow>(`SELECT ${readColumns} FROM auth_links WHERE token_hash = ?`, [tokenHash]);
  return row && toLink(row);
}

export function useAuthLink(db: SqlDb, tokenHash: string, now: number): Promise<LinkUse> {
  return useLink(db, tokenHash, now, ['setup', 'invite', 'reset', 'login']);
}

export async function listInvitations(db: SqlDb, siteId: string, now: number): Promise<AuthLink[]> {
  const rows = await db.all<LinkRow>(
    `SELECT ${readColumns} FROM auth_links WHERE site_id = ? AND kind = 'invite' AND used_at IS NULL AND expires_at > ?
     ORDER BY created_at, id`,
    [siteId, now],
  );
  return rows.map(toLink);
}

export async function deleteInvitation(db: SqlDb, siteId: string, id: string): Promise<boolean> {
  return (
    (await db.run(`DELETE FROM auth_links WHERE site_id = ? AND id = ? AND kind = 'invite' AND used_at IS NULL`, [
      siteId,
      id,
    ])) > 0
  );
}

export async function spendAuthLinks(
  db: SqlDb,
  accountId: string,
  kinds: readonly AuthLinkKind[],
  now: number,
): Promise<number> {
  if (kinds.length === 0) return 0;
  return db.run(
    `UPDATE auth_links SET used_at = ? WHERE account_id = ? AND used_at IS NULL AND kind IN (${kinds.map(() => '?').join(', ')})`,
    [now, accountId, ...kinds],
  );
}

export async function pruneAuthLinks(db: SqlDb, before: number): Promise<number> {
  const links = await db.run('DELETE FROM auth_links WHERE expires_at < ?', [before]);
  const sessions = await db.run('DELETE FROM auth_sessions WHERE expires_at < ? OR revoked_at < ?', [before, before]);
  const throttle = await db.run('DELETE FROM login_throttle WHERE updated_at < ?', [before]);
  return links + sessions + throttle;
}
