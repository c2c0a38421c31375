// The answers of past conversations (issue #86) have a decoder of their own, which a visitor's part of past
// conversations runs before the client's (`VisitorClient.reads`): the widget's first load does not carry their
// checks. It agrees with decodeServerFrame on them, and leaves every other frame (`undefined`) to the client.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePastFrame, decodeServerFrame, decodeServerFrameForWidget } from '../src/index.js';
import { encode, mutations } from './lockstep.js';
import { validServerFrames } from './server-frames.js';

const past = validServerFrames.filter((frame) => frame.type === 'conversations' || frame.type === 'continue');

describe('decodePastFrame, the answers of past conversations', () => {
  it('reads them as decodeServerFrame does, which the widget’s decoder does not', () => {
    assert.ok(past.length >= 3);
    for (const frame of past) {
      assert.deepStrictEqual(decodePastFrame(encode(frame)), decodeServerFrame(encode(frame)));
      assert.equal(decodeServerFrameForWidget(encode(frame)).ok, false);
    }
  });

  it('agrees with decodeServerFrame on every mutation of them, or leaves the frame to the client', () => {
    let compared = 0;
    for (const frame of past)
      for (const [label, text] of mutations(frame, ['conversations', 'continue', 'welcome'])) {
        const mine = decodePastFrame(text);
        if (mine === undefined) {
          const type = (JSON.parse(text) as { type?: unknown }).type;
          assert.ok(type !== 'conversations' && type !== 'continue', label);
        } else {
          assert.deepStrictEqual(mine, decodeServerFrame(text), label);
          compared++;
        }
      }
    assert.ok(compared > 10);
  });

  it('leaves any other frame to the client', () => {
    assert.equal(decodePastFrame(JSON.stringify({ type: 'pong', serverTime: 1 })), undefined);
    assert.equal(decodePastFrame(JSON.stringify({ type: 'conversation_x' })), undefined);
  });
});
