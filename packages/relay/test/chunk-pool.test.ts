import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChunkPool } from '../src/http/chunk-pool.js';

/** An ArrayBuffer of `size` bytes, each `value`. */
const chunkOf = (size: number, value: number): ArrayBuffer => new Uint8Array(size).fill(value).buffer;

describe('ChunkPool: upload chunks copied into reused memory', () => {
  it('copies the chunk: the copy keeps its bytes when uWS reuses the source', () => {
    const pool = new ChunkPool(1024, 4);
    const source = chunkOf(100, 7);
    const { bytes } = pool.copy(source);
    new Uint8Array(source).fill(9);
    assert.equal(bytes.length, 100);
    assert.ok(bytes.every((byte) => byte === 7));
  });

  it('gives released memory to the next chunk, and keeps no more than it was told', () => {
    const pool = new ChunkPool(1024, 2);
    const copies = [1, 2, 3].map((value) => pool.copy(chunkOf(512, value)));
    assert.equal(pool.idle, 0);
    for (const copy of copies) copy.release();
    assert.equal(pool.idle, 2, 'the third buffer is dropped');
    const reused = pool.copy(chunkOf(16, 4));
    assert.equal(reused.bytes.buffer, copies[1]!.bytes.buffer, 'the last kept buffer is reused');
    assert.deepEqual([...reused.bytes], new Array(16).fill(4));
    assert.equal(pool.idle, 1);
  });

  it('takes a release once: a second call does not put the buffer back twice', () => {
    const pool = new ChunkPool(1024, 4);
    const copy = pool.copy(chunkOf(8, 1));
    copy.release();
    copy.release();
    assert.equal(pool.idle, 1);
    const [a, b] = [pool.copy(chunkOf(8, 2)), pool.copy(chunkOf(8, 3))];
    assert.notEqual(a.bytes.buffer, b.bytes.buffer, 'two live copies never share memory');
  });

  it('gives a chunk larger than its buffers memory of its own, never pooled', () => {
    const pool = new ChunkPool(64, 4);
    const copy = pool.copy(chunkOf(100, 5));
    assert.equal(copy.bytes.length, 100);
    assert.ok(copy.bytes.every((byte) => byte === 5));
    copy.release();
    assert.equal(pool.idle, 0);
  });
});
