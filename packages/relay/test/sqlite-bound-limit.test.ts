/**
 * SQLite prepares a statement again on every run when its LIMIT is a bound parameter (`boundLimitsPlanned`): the
 * SQLite side writes it `LIMIT +?`, which must select exactly what `LIMIT ?` did.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { boundLimitsPlanned } from '../src/store/sqlite-bound-limit.js';

describe('boundLimitsPlanned', () => {
  it('writes each bound LIMIT as +?, and nothing else', () => {
    assert.equal(
      boundLimitsPlanned('SELECT id FROM t WHERE id > ? ORDER BY id LIMIT ?'),
      'SELECT id FROM t WHERE id > ? ORDER BY id LIMIT +?',
    );
    assert.equal(
      boundLimitsPlanned('SELECT a FROM (SELECT a FROM t LIMIT ?) UNION ALL SELECT b FROM u limit ? OFFSET ?'),
      'SELECT a FROM (SELECT a FROM t LIMIT +?) UNION ALL SELECT b FROM u LIMIT +? OFFSET ?',
    );
    for (const unchanged of ['SELECT 1 LIMIT 5', 'SELECT 1 LIMIT +?', 'SELECT 1 LIMIT $1', 'SELECT ? AS nolimit'])
      assert.equal(boundLimitsPlanned(unchanged), unchanged);
  });

  it('selects what LIMIT ? selects, for every value a caller may bind', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, c TEXT)');
    const insert = db.prepare('INSERT INTO t (c) VALUES (?)');
    for (let i = 0; i < 20; i++) insert.run(`c${i % 3}`);
    const sql = 'SELECT id FROM t WHERE c = ? AND id > ? ORDER BY id LIMIT ? OFFSET ?';
    const plain = db.prepare(sql).pluck();
    const planned = db.prepare(boundLimitsPlanned(sql)).pluck();
    assert.notEqual(planned.source, plain.source);
    const outcome = (statement: Database.Statement, params: unknown[]): unknown => {
      try {
        return statement.all(...params);
      } catch (error) {
        return (error as Error).message;
      }
    };
    for (const [limit, offset] of [
      [3, 0],
      [0, 0],
      [-1, 2],
      ['2', '1'],
      [2.0, 1],
      [1.5, 0],
      ['x', 0],
      [null, 0],
      [100, 0],
    ])
      assert.deepEqual(
        outcome(planned, ['c1', 2, limit, offset]),
        outcome(plain, ['c1', 2, limit, offset]),
        `${limit}`,
      );
    db.close();
  });
});
