import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TypoIndex } from '../src/help-center/help-typo-index.js';
import { inlineTypoIndexBuilder, TypoIndexes } from '../src/help-center/help-typo-indexes.js';
import {
  allowedEdits,
  correctWords,
  editDistance,
  MAX_CORRECTED,
  type Vocabulary,
} from '../src/help-center/help-typos.js';

// The help search's typo correction (issue #80, finding 3): the index gives the answers that comparing the word with
// every word of the vocabulary gave (the public search's cost is in test/slow-input.test.ts), and the caps hold.

/** The correction as it was made before the index: every word of the vocabulary compared, in its order. */
function everyWord(word: string, vocabulary: Vocabulary, prefix: boolean): string {
  const limit = allowedEdits(word.length);
  if (limit === 0 || vocabulary.has(word)) return word;
  let best = word;
  let bestDistance = limit + 1;
  let bestCount = 0;
  for (const [known, count] of vocabulary) {
    if (prefix && known.startsWith(word)) return word;
    const distance = editDistance(word, known, Math.min(limit, bestDistance));
    if (distance < bestDistance || (distance === bestDistance && count > bestCount)) {
      best = known;
      bestDistance = distance;
      bestCount = count;
    }
  }
  return bestDistance <= limit ? best : word;
}

/** A deterministic generator (xorshift), so that a failure can be replayed. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}

// Pieces that make many near neighbours (the index's hard case), accents folded away or not, and other scripts.
const PIECES = ['pass', 'word', 'con', 'fig', 'ung', 'keit', 'ab', 're', 'aa', 'e', 'é', 'ß', 'да', 'ть', '日本', 'x'];

function vocabularyOf(random: () => number, size: number): Map<string, number> {
  const vocabulary = new Map<string, number>();
  while (vocabulary.size < size) {
    let word = '';
    const pieces = 1 + Math.floor(random() * 5);
    for (let i = 0; i < pieces; i++) word += PIECES[Math.floor(random() * PIECES.length)];
    vocabulary.set(word, 1 + Math.floor(random() * 4));
  }
  return vocabulary;
}

/** `word` with one or two slips: a letter changed, dropped, added, or two swapped. */
function misspelled(random: () => number, word: string): string {
  let letters = [...word];
  const slips = 1 + Math.floor(random() * 2);
  for (let i = 0; i < slips; i++) {
    const at = Math.floor(random() * letters.length);
    const kind = Math.floor(random() * 4);
    if (kind === 0) letters[at] = 'q';
    else if (kind === 1 && letters.length > 1) letters.splice(at, 1);
    else if (kind === 2) letters.splice(at, 0, 'z');
    else if (at + 1 < letters.length)
      letters = [...letters.slice(0, at), letters[at + 1]!, letters[at]!, ...letters.slice(at + 2)];
  }
  return letters.join('');
}

describe('help search: typo correction', () => {
  it('the index answers as comparing with every word did, as you type or not', async () => {
    const random = generator(80);
    const vocabulary = vocabularyOf(random, 4000);
    const index = TypoIndex.build(vocabulary);
    const words = [...vocabulary.keys()];
    const queries = Array.from({ length: 1000 }, () => misspelled(random, words[Math.floor(random() * words.length)]!));
    queries.push(
      'passwrd',
      'pasword',
      'conifg',
      'wrod',
      'ungkiet',
      'é'.repeat(64),
      'a'.repeat(64),
      'passwordpassword1',
    );
    let corrected = 0;
    for (const query of queries)
      for (const prefix of [false, true]) {
        const expected = everyWord(query, vocabulary, prefix);
        assert.equal(index.correct(query, prefix), expected, `${query} (prefix ${prefix})`);
        if (expected !== query) corrected++;
      }
    // The set exercises corrections, not only words left alone.
    assert.ok(corrected > 700, `${corrected} corrections`);
  });

  it('ties go to the word more articles hold, then to the word met first', async () => {
    const index = TypoIndex.build(
      new Map([
        ['parcel', 1],
        ['parsel', 3],
        ['barcel', 3],
        ['invoice', 2],
        ['invoise', 2],
      ]),
    );
    assert.equal(index.correct('farcel', false), 'barcel');
    assert.equal(index.correct('invoixe', false), 'invoice');
    // As you type, a word the vocabulary extends is left alone; otherwise it is corrected.
    assert.equal(index.correct('invo', true), 'invo');
    assert.equal(index.correct('invoicez', true), 'invoice');
  });

  it(`corrects the first ${MAX_CORRECTED} words that need it, and searches the rest as typed`, async () => {
    const index = TypoIndex.build(new Map([['password', 1]]));
    const words = Array.from({ length: MAX_CORRECTED + 3 }, () => 'passwrd');
    const corrected = await correctWords(['password', 'the', ...words], index, false);
    assert.deepEqual(corrected, [
      'password',
      'the',
      ...Array<string>(MAX_CORRECTED).fill('password'),
      ...Array<string>(3).fill('passwrd'),
    ]);
  });

  it('an index is checked once aged, in the background, and built again only when its articles changed', async () => {
    let now = 0;
    let fingerprint = 'a';
    let builds = 0;
    let words = ['delivery'];
    const indexes = new TypoIndexes(
      {
        words: (_site, _locale, after) => {
          if (after === '') builds++;
          return Promise.resolve(after === '' ? words.map((text, i) => ({ id: `a${i}`, words: text })) : []);
        },
        fingerprint: () => Promise.resolve(fingerprint),
      },
      inlineTypoIndexBuilder,
      { ttlMs: 1000, maxWords: 10, now: () => now },
    );
    const first = await indexes.get('site', 'en');
    assert.equal(first.correct('delivry', false), 'delivery');
    now = 2000;
    // Aged, unchanged: the same index, checked.
    assert.equal(await indexes.get('site', 'en'), first);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(builds, 1);
    // Aged, changed: the old index answers while the new one is built.
    now = 4000;
    fingerprint = 'b';
    words = ['refund'];
    assert.equal(await indexes.get('site', 'en'), first);
    for (let i = 0; i < 10 && (await indexes.get('site', 'en')) === first; i++)
      await new Promise((resolve) => setImmediate(resolve));
    assert.equal((await indexes.get('site', 'en')).correct('refnd', false), 'refund');
    assert.equal(builds, 2);
    // A write through this relay: built again at once.
    words = ['invoice'];
    indexes.forget('site', 'en');
    assert.equal((await indexes.get('site', 'en')).correct('invoce', false), 'invoice');
    // Past the words kept in all, the least recently used index goes.
    words = [Array.from({ length: 10 }, (_, i) => `word${i}`).join(' ')];
    await indexes.get('other', 'en');
    assert.equal(indexes.words, 10);
  });
});
