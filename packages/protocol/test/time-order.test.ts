import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { inTimeOrder } from '../src/time-order.js';

interface Shown {
  seq: number;
  ts: number;
  origin?: { from: string; seq: number };
}

const own = (seq: number, ts: number): Shown => ({ seq, ts });
const moved = (seq: number, ts: number, from: string, fromSeq: number): Shown => ({
  seq,
  ts,
  origin: { from, seq: fromSeq },
});
const seqs = (messages: readonly Shown[]) => messages.map((message) => message.seq);

describe('inTimeOrder: a merged conversation shown in the order it was written', () => {
  it('gives back a conversation without merged messages as it is, whatever its times', () => {
    const messages = [own(1, 50), own(2, 40), own(3, 60)];
    assert.equal(inTimeOrder(messages), messages);
  });

  it('interleaves the messages merged in among the conversation’s own by their times', () => {
    // Two conversations of one visitor that overlapped: 1–3 here (10, 30, 50), 4–5 merged from c_b (20, 40).
    const messages = [own(1, 10), own(2, 30), own(3, 50), moved(4, 20, 'c_b', 1), moved(5, 40, 'c_b', 2)];
    assert.deepEqual(seqs(inTimeOrder(messages)), [1, 4, 2, 5, 3]);
  });

  it('leaves the usual merge (a newer conversation into an older one) in sequence order', () => {
    const messages = [own(1, 10), own(2, 20), moved(3, 30, 'c_new', 1), moved(4, 40, 'c_new', 2)];
    assert.deepEqual(seqs(inTimeOrder(messages)), [1, 2, 3, 4]);
  });

  it('keeps each history’s own order even where a relay’s clock put a reply a moment before its question', () => {
    // Here, 2 (a bot's reply stored by another relay) is 3 ms "earlier" than 1: it still follows 1.
    const messages = [own(1, 1000), own(2, 997), moved(3, 998, 'c_b', 1), own(4, 2000)];
    const shown = seqs(inTimeOrder(messages));
    assert.ok(shown.indexOf(1) < shown.indexOf(2), `${shown}`);
    // 3, written at 998 in the other conversation, comes before both.
    assert.deepEqual(shown, [3, 1, 2, 4]);
  });

  it('interleaves several conversations merged in, the conversation’s own first on equal times', () => {
    const messages = [
      own(1, 10),
      own(2, 40),
      moved(3, 20, 'c_b', 1),
      moved(4, 40, 'c_b', 2),
      moved(5, 5, 'c_c', 1),
      moved(6, 30, 'c_c', 2),
    ];
    assert.deepEqual(seqs(inTimeOrder(messages)), [5, 1, 3, 6, 2, 4]);
  });

  it('holds for any histories: every message once, each history in its order, the heads taken earliest first', () => {
    const history = fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 12 });
    fc.assert(
      fc.property(history, fc.array(history, { maxLength: 3 }), (mine, merged) => {
        let seq = 0;
        const messages: Shown[] = mine.map((ts) => own(++seq, ts));
        merged.forEach((times, k) => times.forEach((ts, i) => messages.push(moved(++seq, ts, `c_${k}`, i + 1))));
        const shown = inTimeOrder(messages);
        assert.deepEqual(
          [...seqs(shown)].sort((a, b) => a - b),
          seqs(messages),
          'a permutation',
        );
        const key = (message: Shown) => message.origin?.from ?? '';
        for (const from of new Set(messages.map(key))) {
          const order = (list: readonly Shown[]) => seqs(list.filter((message) => key(message) === from));
          assert.deepEqual(order(shown), order(messages), `history ${from || 'own'} in its order`);
        }
        // Taking earliest heads first: no message is shown before a head of another history that is earlier.
        const position = new Map(shown.map((message, i) => [message, i]));
        for (const message of shown) {
          const before = messages.filter(
            (other) => key(other) !== key(message) && position.get(other)! > position.get(message)!,
          );
          // Every message of another history shown later was at or after this one's time, or waited behind an
          // earlier-shown message of its own history that was (its history's order comes first).
          for (const other of before) {
            const ahead = messages.filter(
              (m) => key(m) === key(other) && m.seq < other.seq && position.get(m)! > position.get(message)!,
            );
            assert.ok(other.ts >= message.ts || ahead.length > 0, `${message.seq} before ${other.seq}`);
          }
        }
      }),
    );
  });
});
