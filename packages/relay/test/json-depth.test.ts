import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_JSON_DEPTH, jsonNestsDeeper, jsonObjectWiderThan } from '../src/http/json-depth.js';

describe('jsonNestsDeeper', () => {
  it('counts arrays and objects, and only up to the bound', () => {
    assert.equal(jsonNestsDeeper('{"a":[[1]]}', 3), false);
    assert.equal(jsonNestsDeeper('{"a":[[1]]}', 2), true);
    assert.equal(jsonNestsDeeper('[[],[],[]]', 2), false);
    assert.equal(jsonNestsDeeper('1', 0), false);
    assert.equal(jsonNestsDeeper('[]', 0), true);
  });

  it('skips brackets inside strings, escaped quotes included', () => {
    assert.equal(jsonNestsDeeper(JSON.stringify({ text: '[[[[{{{{' }), 1), false);
    assert.equal(jsonNestsDeeper(JSON.stringify({ text: 'say \\"[[[[" and \\\\' }), 1), false);
    assert.equal(jsonNestsDeeper(`{"a":"\\\\"}`, 1), false);
    assert.equal(jsonNestsDeeper(`{"a":"\\\\","b":[1]}`, 1), true);
  });

  it('passes every body the admin API takes: the default bound is well above their depth', () => {
    const deep = JSON.parse('{"hours":{"days":[{"ranges":[{"from":"09:00"}]}]}}');
    assert.equal(jsonNestsDeeper(JSON.stringify(deep)), false);
    assert.equal(jsonNestsDeeper('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)), false);
    assert.equal(jsonNestsDeeper('['.repeat(MAX_JSON_DEPTH + 1)), true);
  });

  it('counts an object’s members, each object its own, skipping strings and arrays’ items', () => {
    assert.equal(jsonObjectWiderThan('{"a":1,"b":{"c":2}}', 1), true);
    assert.equal(jsonObjectWiderThan('{"a":{"c":2,"d":3}}', 1), true);
    assert.equal(jsonObjectWiderThan('{"a":{"c":2},"b":[1,2,3]}', 2), false);
    assert.equal(jsonObjectWiderThan('[{"a":1},{"b":2},{"c":3}]', 1), false);
    assert.equal(jsonObjectWiderThan(JSON.stringify({ text: 'a:b:c:d "x":1' }), 1), false);
    assert.equal(jsonObjectWiderThan(`{"a":"\\\\","b":1}`, 1), true);
    const wide = JSON.stringify(Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, i])));
    assert.equal(jsonObjectWiderThan(wide, 1000), true);
    assert.equal(jsonObjectWiderThan(JSON.stringify({ nested: JSON.parse(wide) }), 1000), true);
    assert.equal(jsonObjectWiderThan(wide, 1001), false);
  });
});
