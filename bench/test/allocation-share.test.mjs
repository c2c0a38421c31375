// allocation-share: a sampling heap profile's bytes by function, self and inclusive, a recursive function counted once
// per stack.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allocationShares } from '../lib/allocation-share.mjs';

const frame = (functionName, url = '', lineNumber = 0) => ({ functionName, url, lineNumber, columnNumber: 0 });
const node = (callFrame, selfSize, children = []) => ({ callFrame, selfSize, children });

describe('allocation shares', () => {
  it('sums bytes by function, self and under it, a recursion once', () => {
    const handle = frame('handle', 'file:///work/x/packages/relay/dist/webhooks/webhook-log.js', 180);
    const walk = frame('walk', 'file:///work/x/node_modules/lib/walk.js', 9);
    const profile = {
      head: node(frame('(root)'), 0, [
        node(handle, 100, [node(walk, 10, [node(walk, 5, [node(frame('join'), 40)])]), node(frame('join'), 60)]),
        node(frame(''), 7),
      ]),
    };
    const { total, self, inclusive } = allocationShares(profile);
    assert.equal(total, 222);
    const handleName = 'handle packages/relay/dist/webhooks/webhook-log.js:181';
    const walkName = 'walk node_modules/lib/walk.js:10';
    assert.deepEqual(
      new Map(self),
      new Map([
        [handleName, 100],
        ['join :1', 100],
        [walkName, 15],
        ['(anonymous) :1', 7],
      ]),
    );
    assert.equal(self[0][1], 100, 'largest first');
    const under = new Map(inclusive);
    assert.equal(under.get('(root) :1'), 222);
    assert.equal(under.get(handleName), 215);
    assert.equal(under.get(walkName), 55, 'the inner call is inside the outer one: not counted twice');
    assert.equal(under.get('join :1'), 100);
    assert.equal(allocationShares(profile, 2).self.length, 2);
  });
});
