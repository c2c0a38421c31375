// perf-share's names for JavaScript's frames: the last entry of a `--perf-basic-prof` map that covers an address, as
// V8 reuses the addresses of code it dropped (perf itself names an address by the first entry).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { latestNames } from '../lib/perf-map.mjs';

describe('perf map names', () => {
  it('names an address by the last entry that covers it, whatever came before at that place', () => {
    const name = latestNames(
      [
        '0f00 300 JS:^wide file:///a.js:1:1',
        '1000 100 JS:*handle file:///webhook-log.js:170:17',
        'not an entry',
        '1000 40 JS:*insertMessages file:///sqlite-rows.js:28:19',
        '1080 10 JS:^late file:///b.js:2:2',
        '',
      ].join('\n'),
    );
    assert.equal(name(0x1010), 'JS:*insertMessages file:///sqlite-rows.js:28:19', 'the code put there last');
    assert.equal(name(0x1050), 'JS:*handle file:///webhook-log.js:170:17', 'past the later entry: the earlier one');
    assert.equal(name(0x1085), 'JS:^late file:///b.js:2:2');
    assert.equal(name(0x1150), 'JS:^wide file:///a.js:1:1', 'only the wide entry from below reaches it');
    assert.equal(name(0x0eff), undefined);
    assert.equal(name(0x1200), undefined, 'each range ends before start + size');
    assert.equal(name(0x1010), 'JS:*insertMessages file:///sqlite-rows.js:28:19', 'the same again, remembered');
  });

  it('names nothing from an empty or missing map', () => {
    assert.equal(latestNames('')(0x1000), undefined);
  });
});
