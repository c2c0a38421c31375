import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FaqIndex, terms, words, type FaqEntry } from '../src/automations/faq-matcher.js';
import { loadSnowball } from '../src/snowball.js';

// The constructor and `terms` stem with the stemmers loaded (FaqIndex.build loads them itself: snowball.test.ts).
await loadSnowball();

const entry = (id: string, language: string, question: string, phrasings: string[], keywords: string[]): FaqEntry => ({
  id,
  language,
  question,
  phrasings,
  keywords,
});

const entries: FaqEntry[] = [
  entry('ship', 'en', 'How much does shipping cost?', ['What are the delivery fees?'], ['shipping', 'delivery']),
  entry('refund', 'en', 'How do I get a refund?', ['Can I send it back?'], ['refund', 'return']),
  entry('password', 'en', 'I forgot my password', ['How do I reset my password?'], ['password', 'login']),
  entry('hours', 'en', 'When are you open?', ['What are your opening hours?'], ['hours', 'open']),
  entry('livraison', 'fr', 'Combien coûte la livraison ?', ['Quels sont les frais de port ?'], ['livraison']),
  entry('envio', 'es', '¿Cuánto cuesta el envío?', ['¿Cuáles son los gastos de envío?'], ['envío']),
];
const index = new FaqIndex(entries);
const answered = (text: string, language?: string): string | undefined => index.match(text, language).answer?.entry.id;

describe('FAQ matching', () => {
  it('folds accents and case, and stems in English, French and Spanish', () => {
    assert.deepEqual(words('Où est MA Commande ?'), ['ou', 'est', 'ma', 'commande']);
    assert.deepEqual(terms('shipping shipped ships', 'en'), ['ship', 'ship', 'ship']);
    assert.deepEqual(terms('livraisons livraison', 'fr'), ['livraison', 'livraison']);
    assert.deepEqual(terms('envíos envío ENVIO', 'es'), ['envi', 'envi', 'envi']);
    assert.deepEqual(terms('Ünïcödé', 'de'), ['unicode'], 'a language without a stemmer matches on folded words');
    assert.deepEqual(terms('livrai\u0301son', 'fr'), terms('livraíson', 'fr'), 'decomposed and composed text alike');
  });

  it('answers a message that matches one entry well, in any of the ways it is asked', () => {
    assert.equal(answered('how much is shipping?'), 'ship');
    assert.equal(answered('What does delivery cost'), 'ship');
    assert.equal(answered('I want a refund please'), 'refund');
    assert.equal(answered('password reset'), 'password');
    assert.equal(answered('combien coutent les livraisons'), 'livraison', 'French, stemmed and without accents');
    assert.equal(answered('cuanto cuestan los envios', 'es'), 'envio', 'Spanish, plural and without accents');
  });

  it('suggests up to three entries for a weak match, and nothing for an unrelated message', () => {
    const weak = index.match('how do I do that', 'en');
    assert.equal(weak.answer, undefined);
    assert.ok(weak.suggestions.length > 0 && weak.suggestions.length <= 3, `${weak.suggestions.length} suggestions`);
    assert.deepEqual(index.match('bonjour, je suis Marie', 'fr'), { suggestions: [] });
    assert.deepEqual(index.match('xyzzy plugh'), { suggestions: [] });
    assert.deepEqual(new FaqIndex([]).match('anything'), { suggestions: [] });
  });

  it('does not answer when two entries match about as well', () => {
    const close = new FaqIndex([
      entry('a', 'en', 'Delivery to France', [], []),
      entry('b', 'en', 'Delivery to Spain', [], []),
    ]);
    const match = close.match('delivery');
    assert.equal(match.answer, undefined);
    assert.deepEqual(
      match.suggestions.map((e) => e.id),
      ['a', 'b'],
    );
    assert.equal(close.match('delivery to spain').answer?.entry.id, 'b');
  });

  it('matches a message only against its own language when that language has entries', () => {
    assert.equal(answered('combien coûte la livraison', 'en'), undefined, 'no English entry holds these words');
    assert.equal(answered('combien coûte la livraison', 'fr'), 'livraison');
    assert.equal(answered('combien coûte la livraison', 'de'), 'livraison', 'no German entries: every language');
  });
});
