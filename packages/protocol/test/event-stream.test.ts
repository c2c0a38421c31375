import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_SSE_LINE, SseError, SseReader } from '../src/event-stream.js';

describe('SseReader', () => {
  it('reads events split anywhere, with CRLF, comments, unnamed events and multi-line data', () => {
    const stream =
      ': keep-alive\r\nevent: delta\r\ndata: {"text":"Hel"}\r\n\r\ndata: one\ndata: two\nid: 7\n\nevent: done\ndata: {}\n\n';
    for (const size of [1, 2, 3, 7, stream.length]) {
      const reader = new SseReader();
      const events = [];
      for (let at = 0; at < stream.length; at += size) events.push(...reader.push(stream.slice(at, at + size)));
      assert.deepEqual(
        events,
        [
          { event: 'delta', data: '{"text":"Hel"}' },
          { event: 'message', data: 'one\ntwo' },
          { event: 'done', data: '{}' },
        ],
        `pieces of ${size}`,
      );
    }
  });

  it('fails a line or an event longer than its bound before holding more of it', () => {
    assert.throws(() => new SseReader().push('data: ' + 'x'.repeat(MAX_SSE_LINE)), SseError);
    const reader = new SseReader();
    reader.push(`data: ${'x'.repeat(MAX_SSE_LINE / 2)}\n`);
    assert.throws(() => reader.push(`data: ${'x'.repeat(MAX_SSE_LINE / 2 + 1)}\n`), SseError);
  });
});
