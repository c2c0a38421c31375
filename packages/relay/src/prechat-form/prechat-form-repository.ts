import { PrechatFormPut } from '@parley/protocol/admin';
import * as z from 'zod/mini';
import type { SqlDb } from '../store/sql/sql-db.js';

/** A site's form as stored, and when it was saved. */
export interface StoredPrechatForm {
  readonly form: PrechatFormPut;
  readonly updatedAt: number;
}

interface Row {
  site_id: string;
  form: string;
  updated_at: number | string;
}

/** A row's form, read with the contract's schema (a row a newer relay wrote that this one cannot read: no form). */
function formOf(row: Row): StoredPrechatForm | undefined {
  const parsed = z.safeParse(PrechatFormPut, JSON.parse(row.form));
  return parsed.success ? { form: parsed.data, updatedAt: Number(row.updated_at) } : undefined;
}

/** The pre-chat forms' table, `prechat_forms`: one row per site that saved one. */
export class PrechatFormRepository {
  constructor(private readonly db: SqlDb) {}

  /** The site's form, if it saved one. */
  async get(siteId: string): Promise<StoredPrechatForm | undefined> {
    const [row] = await this.db.all<Row>('SELECT site_id, form, updated_at FROM prechat_forms WHERE site_id = ?', [
      siteId,
    ]);
    return row && formOf(row);
  }

  /** Every site's form (when the relay starts: sites without one have no row). */
  async all(): Promise<ReadonlyMap<string, StoredPrechatForm>> {
    const rows = await this.db.scan<Row>('SELECT site_id, form, updated_at FROM prechat_forms ORDER BY site_id');
    const forms = new Map<string, StoredPrechatForm>();
    for (const row of rows) {
      const stored = formOf(row);
      if (stored) forms.set(row.site_id, stored);
    }
    return forms;
  }

  /** Replaces the site's form (no field: the row goes). */
  async put(siteId: string, form: PrechatFormPut, now: number): Promise<void> {
    if (form.fields.length === 0) {
      await this.db.run('DELETE FROM prechat_forms WHERE site_id = ?', [siteId]);
      return;
    }
    await this.db.run(
      `INSERT INTO prechat_forms (site_id, form, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (site_id) DO UPDATE SET form = excluded.form, updated_at = excluded.updated_at`,
      [siteId, JSON.stringify(form), now],
    );
  }
}
