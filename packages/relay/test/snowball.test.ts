import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FaqIndex, terms } from '../src/automations/faq-matcher.js';
import { loadSnowball, newStemmer } from '../src/snowball.js';

// Its own file: node:test runs each file in a process of its own, so nothing here has loaded the stemmers yet.
describe('Snowball stemmers, loaded when first needed', () => {
  it('refuses to stem before they are loaded, with a message that says what to do', () => {
    assert.throws(() => newStemmer('english'), /not loaded yet: await loadSnowball\(\) before stemming/);
    assert.throws(() => terms('shipping', 'en'), /not loaded yet/);
    // A language without a stemmer needs none.
    assert.deepEqual(terms('Ünïcödé', 'de'), ['unicode']);
  });

  it('FaqIndex.build loads them itself', async () => {
    const index = await FaqIndex.build([
      { id: 'ship', language: 'en', question: 'How much is shipping?', phrasings: [], keywords: ['shipping'] },
    ]);
    assert.equal(index.match('what do you ship', 'en').answer?.entry.id, 'ship');
    assert.deepEqual(terms('shipped ships', 'en'), ['ship', 'ship']);
  });

  it('loads once: every caller shares one load', async () => {
    const first = loadSnowball();
    assert.equal(loadSnowball(), first);
    await first;
    assert.equal(newStemmer('french').stem('livraisons'), 'livraison');
  });
});
