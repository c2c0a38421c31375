import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FaqIndex, terms } from '../src/automations/faq-matcher.js';

/** A module instance of its own (the suite may run files in one process): nothing has loaded its stemmers yet. */
const freshSnowball = (): Promise<typeof import('../src/snowball.js')> =>
  import(`../src/snowball.ts?fresh=${Math.random()}`) as Promise<typeof import('../src/snowball.js')>;

describe('Snowball stemmers, loaded when first needed', () => {
  it('refuses to stem before they are loaded, with a message that says what to do', async () => {
    const { loadSnowball, newStemmer } = await freshSnowball();
    assert.throws(() => newStemmer('english'), /not loaded yet: await loadSnowball\(\) before stemming/);
    await loadSnowball();
    assert.equal(newStemmer('english').stem('shipping'), 'ship');
  });

  it('loads once: every caller shares one load', async () => {
    const { loadSnowball, newStemmer } = await freshSnowball();
    const first = loadSnowball();
    assert.equal(loadSnowball(), first);
    await first;
    assert.equal(newStemmer('french').stem('livraisons'), 'livraison');
  });

  it('FaqIndex.build loads them itself', async () => {
    const index = await FaqIndex.build([
      { id: 'ship', language: 'en', question: 'How much is shipping?', phrasings: [], keywords: ['shipping'] },
    ]);
    assert.equal(index.match('what do you ship', 'en').answer?.entry.id, 'ship');
    assert.deepEqual(terms('shipped ships', 'en'), ['ship', 'ship']);
    // A language without a stemmer needs none.
    assert.deepEqual(terms('Ünïcödé', 'de'), ['unicode']);
  });
});
