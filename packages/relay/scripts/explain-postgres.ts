// Prints PostgreSQL's plans for the relay's hot queries, as the stores really issue them: it seeds a fresh schema
// through PostgresStore and the admin side's repositories (openPostgresAdminDb), records the SQL they send, and runs EXPLAIN on it.
//
//   node --conditions=source --import ./scripts/ts-hooks.mjs packages/relay/scripts/explain-postgres.ts [conversations] [messagesEach]
//
// PARLEY_TEST_DATABASE_URL picks the server (default postgres://postgres@127.0.0.1:5432/test). The schema is
// dropped at the end.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgresAdminDb } from '../src/store/postgres-admin-db.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import { ERASURE_PLAN, MIGRATIONS } from '../src/features/features.js';

const conversations = Number(process.argv[2] ?? 2000);
const messagesEach = Number(process.argv[3] ?? 10);
const base = process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `parley_explain_${randomBytes(4).toString('hex')}`;
const url = new URL(base);
url.searchParams.set('options', `-c search_path=${schema}`);
const connectionString = url.toString();

const admin = new pg.Pool({ connectionString: base, max: 1 });

// Record every statement the stores send, with its parameters.
const seen: Array<{ text: string; values: unknown[] }> = [];
let recording = false;
const originalQuery = pg.Pool.prototype.query;
pg.Pool.prototype.query = function (this: pg.Pool, ...args: unknown[]) {
  if (recording && typeof args[0] === 'string')
    seen.push({ text: args[0], values: Array.isArray(args[1]) ? args[1] : [] });
  if (recording && typeof args[0] === 'object' && args[0] !== null && 'text' in args[0]) {
    const config = args[0] as { text: string; values?: unknown[] };
    seen.push({ text: config.text, values: config.values ?? [] });
  }
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Pool.prototype.query;
const originalClientQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (recording && typeof args[0] === 'string')
    seen.push({ text: args[0], values: Array.isArray(args[1]) ? args[1] : [] });
  return (originalClientQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

const store = new PostgresStore({ connectionString, migrations: MIGRATIONS });
const adminDb = openPostgresAdminDb({ connectionString, erasure: ERASURE_PLAN });
// Made once the stores are: from here on, the `finally` below drops it whatever fails.
await admin.query(`CREATE SCHEMA "${schema}"`);
try {
  await store.init();
  await store.upsertSite({
    id: 'site',
    name: 'Site',
    siteKey: 'pk_explain_site',
    allowedOrigins: ['*'],
    identitySecret: 'x'.repeat(32),
    requireIdentity: false,
  });
  const words = ['tent', 'stove', 'delivery', 'refund', 'invoice', 'size', 'colour', 'warranty', 'order', 'return'];
  for (let c = 0; c < conversations; c += 100) {
    const batch: Array<Promise<unknown>> = [];
    for (let k = c; k < Math.min(conversations, c + 100); k++) {
      for (let m = 0; m < messagesEach; m++) {
        batch.push(
          store.append({
            siteId: 'site',
            conversationId: `c_${k}`,
            visitorId: `v_${k}`,
            clientId: `m_${m}`,
            author: m % 2 ? { role: 'staff', id: 'st_1', name: 'Sam' } : { role: 'visitor', id: `v_${k}` },
            text: `message ${m} about the ${words[(k + m) % words.length]} ${words[(k * 7 + m) % words.length]}`,
            kind: 'text',
          }),
        );
      }
    }
    await Promise.all(batch);
  }
  // The full-text index is filled from the message log, off the message path: no consumer runs here, so index now.
  await adminDb.sql.indexForSearch();
  await admin.query(
    `ANALYZE "${schema}".messages; ANALYZE "${schema}".conversations; ANALYZE "${schema}".message_search;`,
  );

  const cases: Array<[string, () => Promise<unknown>]> = [
    [
      'append (group commit of one message)',
      () =>
        store.append({
          siteId: 'site',
          conversationId: 'c_7',
          visitorId: 'v_7',
          clientId: 'm_new',
          author: { role: 'visitor', id: 'v_7' },
          text: 'one more about the tent',
          kind: 'text',
        }),
    ],
    ['resume: messages after a sequence', () => store.messagesAfter('c_42', 3, 100)],
    ['history: the page before a sequence', () => store.messagesBefore('c_42', 9, 50)],
    [
      'inbox: open conversations, newest activity first',
      () =>
        adminDb.repos.conversations.listConversations({
          siteId: 'site',
          staffId: 'st_1',
          status: 'open',
          view: 'all',
          limit: 50,
        }),
    ],
    [
      'inbox: every status, newest activity first',
      () => adminDb.repos.conversations.listConversations({ siteId: 'site', staffId: 'st_1', limit: 50 }),
    ],
    [
      'inbox: unread only',
      () => adminDb.repos.conversations.listConversations({ siteId: 'site', staffId: 'st_1', unread: true, limit: 50 }),
    ],
    [
      'inbox: full-text search',
      () =>
        adminDb.repos.conversations.listConversations({
          siteId: 'site',
          staffId: 'st_1',
          q: 'warranty refund',
          limit: 50,
        }),
    ],
  ];
  for (const [name, run] of cases) {
    seen.length = 0;
    recording = true;
    await run();
    recording = false;
    // Pool.query goes through Client.query, so each statement is recorded twice: keep one of each.
    const unique = new Map(
      seen.map((statement) => [`${statement.text}\u0000${JSON.stringify(statement.values)}`, statement]),
    );
    const statements = [...unique.values()].filter(({ text }) => /^\s*(SELECT|WITH|INSERT|UPDATE)/i.test(text));
    process.stdout.write(`\n### ${name}\n`);
    for (const { text, values } of statements) {
      const client = await admin.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SET LOCAL search_path = "${schema}"`);
        const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, values);
        process.stdout.write(
          `\n\`\`\`sql\n${text.replace(/\s+/g, ' ').trim().slice(0, 400)}\n\`\`\`\n\`\`\`\n${plan.rows.map((row) => row['QUERY PLAN']).join('\n')}\n\`\`\`\n`,
        );
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    }
  }
} finally {
  recording = false;
  await adminDb.close().catch(() => undefined);
  await store.close().catch(() => undefined);
  await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
  await admin.end();
}
