/** FAQ answers (issue #17, ADR 0011): a site's entries, their counts, and the events counted once. */

import type { FaqCount, FaqEntryInput, FaqEntryRecord, FaqEvent } from './faq-store.js';
import { TimeSlice } from '../time-slice.js';
import type { SqlDb } from '../store/sql/sql-db.js';

interface EntryRow {
  id: string;
  site_id: string;
  language: string;
  question: string;
  answer: string;
  phrasings: string;
  keywords: string;
  answered: number | string;
  helpful: number | string;
  escalated: number | string;
  created_at: number | string;
  updated_at: number | string;
}

const COLUMNS =
  'id, site_id, language, question, answer, phrasings, keywords, answered, helpful, escalated, created_at, updated_at';

function toRecord(row: EntryRow): FaqEntryRecord {
  return {
    id: row.id,
    siteId: row.site_id,
    language: row.language,
    question: row.question,
    answer: row.answer,
    phrasings: JSON.parse(row.phrasings) as string[],
    keywords: JSON.parse(row.keywords) as string[],
    counts: { answered: Number(row.answered), helpful: Number(row.helpful), escalated: Number(row.escalated) },
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export async function listFaqEntries(db: SqlDb, siteId: string): Promise<FaqEntryRecord[]> {
  // A full FAQ is megabytes of phrasings: read off the loop, and parsed a slice at a time.
  const rows = await db.scan<EntryRow>(
    `SELECT ${COLUMNS} FROM faq_entries WHERE site_id = ? AND deleted = 0 ORDER BY created_at, id`,
    [siteId],
  );
  const records: FaqEntryRecord[] = [];
  const slice = new TimeSlice();
  for (const row of rows) {
    records.push(toRecord(row));
    await slice.pass();
  }
  return records;
}

export async function faqVersion(db: SqlDb, siteId: string): Promise<string> {
  const [row] = await db.all<{ n: number | string; at: number | string | null }>(
    'SELECT count(*) AS n, max(updated_at) AS at FROM faq_entries WHERE site_id = ? AND deleted = 0',
    [siteId],
  );
  return `${Number(row?.n ?? 0)}:${Number(row?.at ?? 0)}`;
}

export async function getFaqEntry(db: SqlDb, siteId: string, id: string): Promise<FaqEntryRecord | undefined> {
  const [row] = await db.all<EntryRow>(
    `SELECT ${COLUMNS} FROM faq_entries WHERE site_id = ? AND id = ? AND deleted = 0`,
    [siteId, id],
  );
  return row && toRecord(row);
}

export async function createFaqEntry(
  db: SqlDb,
  siteId: string,
  id: string,
  input: FaqEntryInput,
  now: number,
  max: number,
): Promise<FaqEntryRecord | undefined> {
  return db.transaction(async (tx) => {
    const [count] = await tx.all<{ n: number | string }>(
      'SELECT count(*) AS n FROM faq_entries WHERE site_id = ? AND deleted = 0',
      [siteId],
    );
    if (Number(count?.n ?? 0) >= max) return undefined;
    await tx.run(
      `INSERT INTO faq_entries (id, site_id, language, question, answer, phrasings, keywords, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        siteId,
        input.language,
        input.question,
        input.answer,
        JSON.stringify(input.phrasings),
        JSON.stringify(input.keywords),
        now,
        now,
      ],
    );
    const [row] = await tx.all<EntryRow>(`SELECT ${COLUMNS} FROM faq_entries WHERE id = ?`, [id]);
    return toRecord(row!);
  });
}

export async function updateFaqEntry(
  db: SqlDb,
  siteId: string,
  id: string,
  patch: Partial<FaqEntryInput>,
  now: number,
): Promise<FaqEntryRecord | undefined> {
  const sets: string[] = ['updated_at = ?'];
  const params: Array<string | number> = [now];
  for (const key of ['language', 'question', 'answer'] as const) {
    if (patch[key] !== undefined) {
      sets.push(`${key} = ?`);
      params.push(patch[key]);
    }
  }
  for (const key of ['phrasings', 'keywords'] as const) {
    if (patch[key] !== undefined) {
      sets.push(`${key} = ?`);
      params.push(JSON.stringify(patch[key]));
    }
  }
  const changed = await db.run(
    `UPDATE faq_entries SET ${sets.join(', ')} WHERE site_id = ? AND id = ? AND deleted = 0`,
    [...params, siteId, id],
  );
  return changed === 0 ? undefined : getFaqEntry(db, siteId, id);
}

export async function deleteFaqEntry(db: SqlDb, siteId: string, id: string, now: number): Promise<boolean> {
  const changed = await db.run(
    'UPDATE faq_entries SET deleted = 1, updated_at = ? WHERE site_id = ? AND id = ? AND deleted = 0',
    [now, siteId, id],
  );
  return changed > 0;
}

export async function faqChangedSites(
  db: SqlDb,
  changedSince: number,
): Promise<Array<{ siteId: string; changedAt: number }>> {
  const rows = await db.all<{ site_id: string; changed_at: number | string }>(
    'SELECT site_id, max(updated_at) AS changed_at FROM faq_entries WHERE updated_at >= ? GROUP BY site_id',
    [changedSince],
  );
  return rows.map((row) => ({ siteId: row.site_id, changedAt: Number(row.changed_at) }));
}

const COUNT_COLUMNS: Readonly<Record<FaqCount, string>> = {
  answered: 'answered',
  helpful: 'helpful',
  escalated: 'escalated',
};

export async function recordFaqEvent(db: SqlDb, event: FaqEvent, now: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const added = await tx.run(
      `INSERT INTO faq_events (conversation_id, event, site_id, entry_id, at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (conversation_id, event) DO NOTHING`,
      [event.conversationId, event.event, event.siteId, event.entryId ?? null, now],
    );
    if (added === 0) return false;
    if (event.count !== undefined && event.entryId !== undefined) {
      const column = COUNT_COLUMNS[event.count];
      await tx.run(`UPDATE faq_entries SET ${column} = ${column} + 1 WHERE site_id = ? AND id = ?`, [
        event.siteId,
        event.entryId,
      ]);
    }
    return true;
  });
}

export async function faqConversationState(
  db: SqlDb,
  conversationId: string,
): Promise<{ staffReplied: boolean; handedOver: boolean }> {
  const [row] = await db.all<{ staff: number | string; handover: number | string }>(
    `SELECT
       (SELECT count(*) FROM (SELECT 1 FROM messages
          WHERE conversation_id = ? AND author_role = 'staff' AND kind = 'text' LIMIT 1) s) AS staff,
       (SELECT count(*) FROM faq_events WHERE conversation_id = ? AND event = 'handover') AS handover`,
    [conversationId, conversationId],
  );
  return { staffReplied: Number(row?.staff ?? 0) > 0, handedOver: Number(row?.handover ?? 0) > 0 };
}
