/**
 * The AI calls' records written in batches (issue #83, docs/ai.md "Budget and usage"): many calls make one or a few
 * multi-row inserts, the stop writes what is held, and the budgets count a call at once, before its row is written.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AiCallBuffer } from '../src/ai/ai-call-buffer.js';
import { AiRepository, type AiCallInput } from '../src/ai/ai-repository.js';
import { Ai } from '../src/ai/ai.js';
import { ApiError } from '../src/http/admin-http.js';
import { ERASURE_PLAN, MIGRATIONS } from '../src/features/features.js';
import { createLogger } from '../src/log.js';
import { openSqliteAdminDb } from '../src/store/sqlite-admin-db.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import type { SqlDb } from '../src/store/sql/sql-db.js';
import { startModelServer, type ModelServer } from './support/model-servers.js';
import { tempDir } from './support/temp.js';

const call = (siteId: string, tokens: number, feature: AiCallInput['feature'] = 'rewrite'): AiCallInput => ({
  siteId,
  at: Date.UTC(2026, 10, 30, 12),
  feature,
  model: 'm',
  inputTokens: tokens,
  outputTokens: 0,
  latencyMs: 1,
  outcome: 'ok',
});

describe('ai call buffer', () => {
  it('writes a burst in batches of at most maxBatch, and the rest on flush', async () => {
    const writes: number[] = [];
    const buffer = new AiCallBuffer(async (calls) => void writes.push(calls.length), { flushMs: 60_000, maxBatch: 50 });
    for (let i = 0; i < 120; i += 1) buffer.add(call('s', 1));
    assert.equal(buffer.pending, 20, 'two full batches started at once');
    await buffer.flush();
    assert.deepEqual(writes, [50, 50, 20]);
    assert.equal(buffer.pending, 0);
  });

  it('writes what it holds on its timer', async () => {
    let written: (count: number) => void = () => undefined;
    const done = new Promise<number>((resolve) => (written = resolve));
    const buffer = new AiCallBuffer(async (calls) => written(calls.length), { flushMs: 5 });
    for (let i = 0; i < 7; i += 1) buffer.add(call('s', 1));
    assert.equal(await done, 7, 'one insert of the seven');
  });

  it('counts a record held, being written or written exactly once, per site, month and feature', async () => {
    let table = 0;
    let release: () => void = () => undefined;
    const buffer = new AiCallBuffer(
      async (calls) => {
        await new Promise<void>((resolve) => (release = resolve));
        table += calls.reduce((sum, each) => sum + each.inputTokens + each.outputTokens, 0);
      },
      { flushMs: 60_000 },
    );
    const used = (feature?: AiCallInput['feature']) => buffer.usedTokens('s', '2026-11', feature, async () => table);
    buffer.add(call('s', 10));
    buffer.add(call('s', 5, 'draft'));
    buffer.add(call('other', 1_000));
    assert.equal(await used(), 15);
    assert.equal(await used('rewrite'), 10);
    assert.equal(await used('draft'), 5);
    assert.equal(await buffer.usedTokens('s', '2026-12', undefined, async () => 0), 0, 'another month');
    const flushed = buffer.flush();
    assert.equal(await used(), 15, 'while being written');
    release();
    await flushed;
    assert.equal(table, 1_015);
    // The table now answers (1,015 in this fake, which knows no sites): nothing is held any more.
    assert.equal(await used(), 1_015);
  });

  it('drops a batch that failed to be written, saying how many', async () => {
    const failures: number[] = [];
    const buffer = new AiCallBuffer(
      async () => {
        throw new Error('disk full');
      },
      { onError: (_error, count) => failures.push(count) },
    );
    buffer.add(call('s', 1));
    buffer.add(call('s', 1));
    await buffer.flush();
    assert.deepEqual(failures, [2]);
    assert.equal(await buffer.usedTokens('s', '2026-11', undefined, async () => 0), 0);
  });
});

describe('ai calls recorded in batches', () => {
  let model: ModelServer;
  let store: SqliteStore;
  let admin: ReturnType<typeof openSqliteAdminDb>;
  let db: SqlDb;
  let inserts = 0;

  before(async () => {
    model = await startModelServer('openai');
    const path = join(tempDir(), 'parley.db');
    store = new SqliteStore({ path, migrations: MIGRATIONS });
    await store.init();
    admin = openSqliteAdminDb({ path, erasure: ERASURE_PLAN });
    // The real database, its inserts into ai_calls counted.
    const sql = admin.sql;
    db = new Proxy(sql, {
      get: (target, name) => {
        if (name === 'run')
          return (text: string, params?: readonly (string | number | boolean | null)[]) => {
            if (/INSERT INTO ai_calls/.test(text)) inserts += 1;
            return target.run(text, params);
          };
        const value: unknown = Reflect.get(target, name);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  });
  after(async () => {
    await admin.close();
    await store.close();
    await model.close();
  });

  const start = async (siteId: string, budget: number | null) => {
    const ai = new Ai({
      repository: new AiRepository(db),
      dataKey: randomBytes(32).toString('base64'),
      log: createLogger('silent'),
      defaultProvider: undefined,
      allowPrivate: true,
      // Nothing is written by the timer in these tests: only a full batch, the usage page or the stop writes.
      callBuffer: { flushMs: 600_000 },
    });
    await ai.put(siteId, {
      enabled: true,
      provider: 'openai',
      baseUrl: model.baseUrl,
      model: 'batched',
      monthlyTokenBudget: budget,
    });
    return ai;
  };
  const rewrite = (ai: Ai, siteId: string) =>
    ai.complete(siteId, {
      feature: 'rewrite',
      system: 'Fix it.',
      messages: [{ role: 'user', content: 'hello' }],
      maxTokens: 100,
      maxChars: 1_000,
    });
  const rows = async (siteId: string) =>
    (await admin.sql.all<{ n: number }>('SELECT COUNT(*) AS n FROM ai_calls WHERE site_id = ?', [siteId]))[0]!.n;

  it('records 30 calls in one insert, written by the stop', async () => {
    const ai = await start('burst', null);
    const before = inserts;
    await Promise.all(Array.from({ length: 30 }, () => rewrite(ai, 'burst')));
    assert.equal(inserts, before, 'no insert on the calls’ path');
    assert.equal(await rows('burst'), 0);
    await ai.stop();
    assert.equal(inserts, before + 1, 'one multi-row insert');
    assert.equal(await rows('burst'), 30);
  });

  it('refuses the call past the budget at once, from the records not yet written', async () => {
    // Each call uses 42 + 7 = 49 tokens: three fit in 147, the fourth is refused.
    const ai = await start('budgeted', 147);
    const asked = model.requests.length;
    for (let i = 0; i < 3; i += 1) await rewrite(ai, 'budgeted');
    await assert.rejects(rewrite(ai, 'budgeted'), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.code, 'ai_budget_exhausted');
      return true;
    });
    assert.equal(model.requests.length, asked + 3, 'the provider was not asked a fourth time');
    assert.equal(await rows('budgeted'), 0, 'nothing written yet');
    const usage = await ai.usage('budgeted', new Date().toISOString().slice(0, 7));
    assert.equal(usage.usedTokens, 147, 'the usage page writes what is held first');
    assert.deepEqual(
      usage.recent.map((each) => each.outcome),
      ['budget', 'ok', 'ok', 'ok'],
    );
    await ai.stop();
  });
});
