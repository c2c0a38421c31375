// A generated FAQ for the benchmark (issue #17): each entry a question, two phrasings and three keywords drawn
// from a vocabulary of common English words and 3,000 product words, the same every run (a seeded generator).
// bench/faq-match.mjs times the matcher on it; the `parley-faq` peer seeds it into the relay before a run.

/** A seeded generator of FAQ entries and of visitor messages about them. */
export function faqGenerator(seed = 0x5eed) {
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = (list) => list[Math.floor(random() * list.length)];
  const common = `how what when where why can do does is are my the a to for of in on with your you i we it order
    account price cost pay payment delivery shipping return refund change cancel help need want get find time day week
    size color store open close email phone password login card address track status available stock`.split(/\s+/);
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vo', 'zi', 'pe', 'sa', 'do', 'fu', 'gri', 'bel', 'tor'];
  const product = Array.from({ length: 3000 }, () => pick(syllables) + pick(syllables) + pick(syllables));
  const sentence = (n) => Array.from({ length: n }, () => (random() < 0.5 ? pick(common) : pick(product))).join(' ');
  return {
    /** `count` entries in English, each with an id (`faq_<i>`) and an answer. */
    entries: (count) =>
      Array.from({ length: count }, (_, i) => ({
        id: `faq_${i}`,
        language: 'en',
        question: `${sentence(7)}?`,
        // Not drawn from the generator: the entries stay those bench/faq-match.mjs has always timed.
        answer: `The answer to entry ${i}.`,
        phrasings: [sentence(6), sentence(8)],
        keywords: [pick(product), pick(product), pick(common)],
      })),
    /** `count` messages: half a phrasing of one of `entries` with words changed, half unrelated text. */
    messages: (entries, count) =>
      Array.from({ length: count }, () => {
        if (random() < 0.5) return sentence(9);
        const words = pick(entries).phrasings[0].split(' ');
        for (let k = 0; k < 2; k++) words[Math.floor(random() * words.length)] = pick(common);
        return words.join(' ');
      }),
  };
}
