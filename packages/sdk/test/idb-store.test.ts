import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IdbStore } from '../src/outbox/idb-store.js';

// The store itself is tested in the browser (test/browser/outbox.test.ts); Node has no IndexedDB.
describe('IdbStore.open', () => {
  it('resolves to undefined where there is no IndexedDB, so the caller falls back to memory', async () => {
    assert.equal(typeof indexedDB, 'undefined');
    assert.equal(await IdbStore.open(), undefined);
  });
});
