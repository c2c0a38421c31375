/**
 * The script behind docs/postgres-plans.md (`scripts/explain-postgres.ts`) still runs against the stores as they are:
 * it seeds a schema of its own through them, prints a plan for every hot query, and drops the schema. It went stale
 * once (the stores gained required options it did not pass) without anything noticing.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import pg from 'pg';
import { TS_NODE_ARGS } from '../test/support/ts-process.js';
import { testDatabaseUrl } from './support/postgres.js';

const script = fileURLToPath(new URL('../scripts/explain-postgres.ts', import.meta.url));

describe('scripts/explain-postgres.ts', () => {
  it('prints a plan for each hot query, the inbox over every status among them, and leaves no schema behind', async () => {
    const before = await explainSchemas();
    const { stdout } = await promisify(execFile)(process.execPath, [...TS_NODE_ARGS, script, '300', '3'], {
      env: { ...process.env, PARLEY_TEST_DATABASE_URL: testDatabaseUrl },
      timeout: 60_000,
    });
    const headings = [...stdout.matchAll(/^### (.+)$/gm)].map((match) => match[1]);
    assert.ok(headings.includes('inbox: every status, newest activity first'), headings.join('; '));
    assert.ok(headings.length >= 6, headings.join('; '));
    // Every heading has at least one statement with its plan.
    assert.equal(
      stdout
        .split('\n### ')
        .slice(1)
        .filter((part) => !part.includes('```sql')).length,
      0,
    );
    assert.deepEqual(await explainSchemas(), before);
  });
});

/** The schemas the script makes (`parley_explain_…`) that exist now. */
async function explainSchemas(): Promise<string[]> {
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ nspname: string }>(
      "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'parley\\_explain\\_%' ORDER BY nspname",
    );
    return rows.map((row) => row.nspname);
  } finally {
    await admin.end();
  }
}
