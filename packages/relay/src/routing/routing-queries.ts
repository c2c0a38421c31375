/** Routing and SLA (issue #17, ADR 0012): settings, staff availability and capacity, teams, assignment, deadlines. */

import type {
  AssignOutcome,
  AssignRequest,
  Availability,
  RoutingSettingsRecord,
  RoutingStaff,
  TeamRecord,
} from './routing-store.js';
import type { OutboxInsert } from '../outbox/outbox.js';
import { enqueue } from '../store/sql/outbox-rows.js';
import { placeholders } from '../store/sql/admin-rows.js';
import type { SqlDb, SqlValue } from '../store/sql/sql-db.js';

interface SettingsRow {
  site_id: string;
  settings: string;
  updated_at: number | string;
}

function toSettings(row: SettingsRow): RoutingSettingsRecord {
  return { siteId: row.site_id, settings: JSON.parse(row.settings) as unknown, updatedAt: Number(row.updated_at) };
}

export async function getRoutingSettings(db: SqlDb, siteId: string): Promise<RoutingSettingsRecord | undefined> {
  const [row] = await db.all<SettingsRow>(
    'SELECT site_id, settings, updated_at FROM routing_settings WHERE site_id = ?',
    [siteId],
  );
  return row && toSettings(row);
}

export async function putRoutingSettings(
  db: SqlDb,
  siteId: string,
  settings: unknown,
  now: number,
): Promise<RoutingSettingsRecord> {
  const text = JSON.stringify(settings);
  await db.run(
    `INSERT INTO routing_settings (site_id, settings, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (site_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
    [siteId, text, now],
  );
  return { siteId, settings: JSON.parse(text) as unknown, updatedAt: now };
}

export async function listRoutingSettings(db: SqlDb, changedSince: number): Promise<RoutingSettingsRecord[]> {
  const rows = await db.all<SettingsRow>(
    'SELECT site_id, settings, updated_at FROM routing_settings WHERE updated_at >= ?',
    [changedSince],
  );
  return rows.map(toSettings);
}

interface StaffRow {
  id: string;
  name: string;
  role: 'admin' | 'agent';
  availability: Availability | null;
  availability_at: number | string | null;
  capacity: number | null;
  last_seen_at: number | string | null;
  last_assigned: number | string | null;
  open: number | string;
}

const OPEN_COUNT = `(SELECT count(*) FROM conversations c
   WHERE c.site_id = s.site_id AND c.assignee_id = s.id AND c.status IN ('open', 'pending'))`;

const STAFF_SELECT = `
  SELECT s.id, s.name, CASE WHEN s.role = 'owner' THEN 'admin' ELSE s.role END AS role, r.availability, r.availability_at, r.capacity, r.last_seen_at, r.last_assigned,
         ${OPEN_COUNT} AS open
  FROM staff s LEFT JOIN staff_routing r ON r.staff_id = s.id
  WHERE s.site_id = ? AND s.revoked_at IS NULL AND s.deactivated_at IS NULL`;

async function staffRecords(db: SqlDb, siteId: string, rows: readonly StaffRow[]): Promise<RoutingStaff[]> {
  if (rows.length === 0) return [];
  const teams = new Map<string, string[]>();
  for (const row of await db.all<{ staff_id: string; team_id: string }>(
    `SELECT m.staff_id, m.team_id FROM team_members m JOIN teams t ON t.id = m.team_id
     WHERE t.site_id = ? AND m.staff_id IN (${placeholders(rows.length)}) ORDER BY m.team_id`,
    [siteId, ...rows.map((row) => row.id)],
  )) {
    const list = teams.get(row.staff_id) ?? [];
    list.push(row.team_id);
    teams.set(row.staff_id, list);
  }
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    role: row.role,
    availability: row.availability ?? 'online',
    availabilityAt: Number(row.availability_at ?? 0),
    capacity: row.capacity,
    lastSeenAt: Number(row.last_seen_at ?? 0),
    open: Number(row.open),
    teamIds: teams.get(row.id) ?? [],
  }));
}

export async function listRoutingStaff(db: SqlDb, siteId: string): Promise<RoutingStaff[]> {
  return staffRecords(db, siteId, await db.all<StaffRow>(`${STAFF_SELECT} ORDER BY s.name, s.id`, [siteId]));
}

export async function getRoutingStaff(db: SqlDb, siteId: string, staffId: string): Promise<RoutingStaff | undefined> {
  const rows = await db.all<StaffRow>(`${STAFF_SELECT} AND s.id = ?`, [siteId, staffId]);
  return (await staffRecords(db, siteId, rows))[0];
}

export async function updateRoutingStaff(
  db: SqlDb,
  siteId: string,
  staffId: string,
  patch: { readonly availability?: Availability | undefined; readonly capacity?: number | null | undefined },
  now: number,
  effects: readonly OutboxInsert[] = [],
): Promise<RoutingStaff | undefined> {
  const found = await db.transaction(async (db) => {
    const [staff] = await db.all<{ id: string }>(
      'SELECT id FROM staff WHERE site_id = ? AND id = ? AND revoked_at IS NULL AND deactivated_at IS NULL',
      [siteId, staffId],
    );
    if (!staff) return false;
    await db.run(
      `INSERT INTO staff_routing (staff_id, site_id, availability_at) VALUES (?, ?, ?) ON CONFLICT (staff_id) DO NOTHING`,
      [staffId, siteId, now],
    );
    const sets: string[] = [];
    const params: SqlValue[] = [];
    if (patch.availability !== undefined) {
      // Since when: only a change moves it (saying "online" twice keeps the first time).
      sets.push('availability_at = CASE WHEN availability = ? THEN availability_at ELSE ? END', 'availability = ?');
      params.push(patch.availability, now, patch.availability);
    }
    if (patch.capacity !== undefined) {
      sets.push('capacity = ?');
      params.push(patch.capacity);
    }
    if (sets.length > 0)
      await db.run(`UPDATE staff_routing SET ${sets.join(', ')} WHERE staff_id = ?`, [...params, staffId]);
    await enqueue(db, effects, now);
    return true;
  });
  return found ? getRoutingStaff(db, siteId, staffId) : undefined;
}

export async function staffSeen(
  db: SqlDb,
  staff: ReadonlyArray<{ readonly id: string; readonly siteId: string }>,
  now: number,
): Promise<void> {
  if (staff.length === 0) return;
  // One statement for every staff member connected here; a row is made the first time (available by default).
  await db.run(
    `INSERT INTO staff_routing (staff_id, site_id, availability_at, last_seen_at)
     VALUES ${staff.map(() => '(?, ?, ?, ?)').join(', ')}
     ON CONFLICT (staff_id) DO UPDATE SET last_seen_at = excluded.last_seen_at`,
    staff.flatMap((member) => [member.id, member.siteId, now, now]),
  );
}

export async function staleStaff(
  db: SqlDb,
  from: number,
  to: number,
): Promise<Array<{ id: string; siteId: string; lastSeenAt: number }>> {
  const rows = await db.all<{ staff_id: string; site_id: string; last_seen_at: number | string }>(
    `SELECT staff_id, site_id, last_seen_at FROM staff_routing
     WHERE last_seen_at >= ? AND last_seen_at < ? AND availability <> 'offline' ORDER BY staff_id`,
    [from, to],
  );
  return rows.map((row) => ({ id: row.staff_id, siteId: row.site_id, lastSeenAt: Number(row.last_seen_at) }));
}

export async function listTeams(db: SqlDb, siteId: string): Promise<TeamRecord[]> {
  const teams = await db.all<{ id: string; name: string; created_at: number | string }>(
    'SELECT id, name, created_at FROM teams WHERE site_id = ? ORDER BY name, id',
    [siteId],
  );
  const members = new Map<string, string[]>();
  for (const row of await db.all<{ team_id: string; staff_id: string }>(
    `SELECT m.team_id, m.staff_id FROM team_members m JOIN teams t ON t.id = m.team_id
     WHERE t.site_id = ? ORDER BY m.staff_id`,
    [siteId],
  )) {
    const list = members.get(row.team_id) ?? [];
    list.push(row.staff_id);
    members.set(row.team_id, list);
  }
  return teams.map((team) => ({
    id: team.id,
    name: team.name,
    memberIds: members.get(team.id) ?? [],
    createdAt: Number(team.created_at),
  }));
}

export async function putTeam(
  db: SqlDb,
  siteId: string,
  team: { readonly id: string; readonly name: string; readonly memberIds: readonly string[] },
  now: number,
): Promise<TeamRecord | 'bad_member'> {
  const memberIds = [...new Set(team.memberIds)];
  const result = await db.transaction(async (db) => {
    if (memberIds.length > 0) {
      const [row] = await db.all<{ n: number | string }>(
        `SELECT count(*) AS n FROM staff WHERE site_id = ? AND revoked_at IS NULL AND deactivated_at IS NULL AND id IN (${placeholders(memberIds.length)})`,
        [siteId, ...memberIds],
      );
      if (Number(row?.n ?? 0) !== memberIds.length) return 'bad_member' as const;
    }
    const [other] = await db.all<{ site_id: string }>('SELECT site_id FROM teams WHERE id = ?', [team.id]);
    if (other && other.site_id !== siteId) return 'bad_member' as const;
    if (other) await db.run('UPDATE teams SET name = ? WHERE id = ?', [team.name, team.id]);
    else
      await db.run('INSERT INTO teams (id, site_id, name, created_at) VALUES (?, ?, ?, ?)', [
        team.id,
        siteId,
        team.name,
        now,
      ]);
    await db.run('DELETE FROM team_members WHERE team_id = ?', [team.id]);
    if (memberIds.length > 0)
      await db.run(
        `INSERT INTO team_members (team_id, staff_id) VALUES ${memberIds.map(() => '(?, ?)').join(', ')}`,
        memberIds.flatMap((id) => [team.id, id]),
      );
    return 'ok' as const;
  });
  if (result === 'bad_member') return result;
  return (await listTeams(db, siteId)).find((found) => found.id === team.id)!;
}

export async function deleteTeam(db: SqlDb, siteId: string, teamId: string): Promise<boolean> {
  return db.transaction(async (db) => {
    const [team] = await db.all<{ id: string }>('SELECT id FROM teams WHERE site_id = ? AND id = ?', [siteId, teamId]);
    if (!team) return false;
    await db.run('DELETE FROM team_members WHERE team_id = ?', [teamId]);
    await db.run('UPDATE conversations SET team_id = NULL WHERE site_id = ? AND team_id = ?', [siteId, teamId]);
    await db.run('DELETE FROM teams WHERE id = ?', [teamId]);
    return true;
  });
}

interface Candidate {
  id: string;
  capacity: number | null;
  last_assigned: number | string | null;
  open: number | string;
}

export async function assignConversation(db: SqlDb, request: AssignRequest): Promise<AssignOutcome> {
  const { siteId, conversationId, from, now } = request;
  return db.transaction(async (db) => {
    // One assignment of a site at a time, cluster-wide: the round-robin turn and the open counts read below stay
    // true until this commits. An advisory lock, not the site's row: a row lock would also hold up the message
    // path's inserts (their foreign keys share-lock that row). SQLite's transactions are one at a time already.
    if (db.dialect === 'postgres')
      await db.all("SELECT pg_advisory_xact_lock(hashtext('parley.routing:' || ?))", [siteId]);
    const [conversation] = await db.all<{ assignee_id: string | null; team_id: string | null; status: string }>(
      'SELECT assignee_id, team_id, status FROM conversations WHERE site_id = ? AND id = ?',
      [siteId, conversationId],
    );
    if (!conversation) return { status: 'stale', detail: 'no such conversation' } as const;
    if (conversation.status === 'resolved') return { status: 'stale', detail: 'resolved' } as const;
    if (conversation.assignee_id !== from)
      return { status: 'stale', detail: `assigned to ${conversation.assignee_id ?? 'nobody'} meanwhile` } as const;
    const teamId = conversation.team_id;
    const params: SqlValue[] = [siteId, request.seenSince];
    let teamCondition = '';
    if (teamId !== null) {
      teamCondition = 'AND s.id IN (SELECT staff_id FROM team_members WHERE team_id = ?)';
      params.push(teamId);
    }
    const candidates = (
      await db.all<Candidate>(
        `SELECT s.id, r.capacity, r.last_assigned, ${OPEN_COUNT} AS open
         FROM staff s JOIN staff_routing r ON r.staff_id = s.id
         WHERE s.site_id = ? AND s.revoked_at IS NULL AND s.deactivated_at IS NULL AND r.availability = 'online' AND r.last_seen_at >= ?
           ${teamCondition}`,
        params,
      )
    ).filter(
      (candidate) => candidate.id !== from && Number(candidate.open) < (candidate.capacity ?? request.defaultCapacity),
    );
    const turn = (candidate: Candidate): number => Number(candidate.last_assigned ?? 0);
    candidates.sort((a, b) =>
      request.mode === 'least-open'
        ? Number(a.open) - Number(b.open) || turn(a) - turn(b) || (a.id < b.id ? -1 : 1)
        : turn(a) - turn(b) || (a.id < b.id ? -1 : 1),
    );
    const chosen = candidates[0];
    if (!chosen && (request.nobody === 'keep' || from === null)) return { status: 'nobody' } as const;
    const assigneeId = chosen?.id ?? null;
    const moved = await db.run(
      `UPDATE conversations SET assignee_id = ?, updated_at = ?
       WHERE site_id = ? AND id = ? AND ${from === null ? 'assignee_id IS NULL' : 'assignee_id = ?'}`,
      from === null ? [assigneeId, now, siteId, conversationId] : [assigneeId, now, siteId, conversationId, from],
    );
    if (moved === 0) return { status: 'stale', detail: 'assigned meanwhile' } as const;
    if (chosen) {
      // The site's turn counter: the next round-robin pick is whoever was assigned longest ago.
      await db.run(
        `UPDATE staff_routing SET last_assigned = 1 + (SELECT coalesce(max(last_assigned), 0) FROM staff_routing WHERE site_id = ?)
         WHERE staff_id = ?`,
        [siteId, chosen.id],
      );
    }
    const effects = request.effects?.(assigneeId, teamId);
    if (effects && effects.length > 0) await enqueue(db, effects, now);
    return assigneeId === null
      ? ({ status: 'unassigned', teamId } as const)
      : ({ status: 'assigned', assigneeId, teamId } as const);
  });
}

export async function openAssignedTo(db: SqlDb, siteId: string, staffId: string): Promise<string[]> {
  const rows = await db.all<{ id: string }>(
    `SELECT id FROM conversations WHERE site_id = ? AND assignee_id = ? AND status IN ('open', 'pending') ORDER BY id`,
    [siteId, staffId],
  );
  return rows.map((row) => row.id);
}
