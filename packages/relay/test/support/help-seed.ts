import Database from 'better-sqlite3';
import { scopeToken } from '../../src/help-center/help-repository.js';
import { foldedWords, stemmedText } from '../../src/help-center/help-text.js';
import { loadSnowball } from '../../src/snowball.js';

/** How many articles {@link seedHelpCenter} writes per locale, and how many distinct words each locale's are made of. */
export const SEEDED_HELP: Readonly<Record<string, { readonly articles: number; readonly words: number }>> = {
  en: { articles: 4990, words: 110_000 },
  de: { articles: 2500, words: 70_000 },
  fr: { articles: 1500, words: 40_000 },
  es: { articles: 1000, words: 30_000 },
};

/** Syllables per locale: words made of them have many near neighbours, the typo index's hard case. */
const SYLLABLES: Readonly<Record<string, readonly string[]>> = {
  en: [
    'pass',
    'word',
    'ship',
    'ment',
    'ing',
    'con',
    'fig',
    'ure',
    'ac',
    'count',
    'or',
    'der',
    're',
    'fund',
    'in',
    'voice',
  ],
  de: [
    'lie',
    'fer',
    'ung',
    'keit',
    'be',
    'stel',
    'lung',
    'kon',
    'to',
    'pass',
    'wort',
    'ein',
    'schaft',
    'ver',
    'sand',
    'ab',
  ],
  fr: ['com', 'man', 'de', 'li', 'vrai', 'son', 'mot', 'pas', 'se', 'rem', 'bour', 'ment', 'fac', 'ture', 'é', 'tion'],
  es: ['pe', 'di', 'do', 'con', 'tra', 'se', 'ña', 'en', 'ví', 'o', 'fac', 'tu', 'ra', 'cu', 'en', 'ta'],
};

/** A deterministic generator (xorshift): the same help center every run. */
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

/** The words a locale's seeded articles are made of (distinct, 4 to 18 letters). */
export function seededWords(locale: string): string[] {
  const random = generator(locale.charCodeAt(0) * 31 + locale.charCodeAt(1));
  const syllables = SYLLABLES[locale]!;
  const words = new Set<string>();
  while (words.size < SEEDED_HELP[locale]!.words) {
    let word = '';
    const count = 2 + Math.floor(random() * 4);
    for (let i = 0; i < count; i++) word += syllables[Math.floor(random() * syllables.length)];
    if (random() < 0.3) word += String(Math.floor(random() * 100));
    if (word.length >= 4) words.add(word);
  }
  return [...words];
}

/**
 * Writes a help center of 9,990 published articles (a site keeps 10,000 at most) in four locales (a vocabulary of 250,000 words) to the site
 * `siteId` in a relay's SQLite file, as the repository writes them (its row, its words, its full-text entry), while
 * no relay runs on it: a help center as large as a real site's, made in seconds rather than through the API.
 */
export async function seedHelpCenter(path: string, siteId: string): Promise<number> {
  await loadSnowball();
  const db = new Database(path);
  const insert = db.prepare(
    `INSERT INTO help_articles (id, site_id, collection_id, locale, slug, title, summary, body, html, status,
       author_id, updated_by, words, created_at, updated_at, published_at)
     VALUES (?, ?, NULL, ?, ?, ?, NULL, ?, ?, 'published', 'st_seed', 'st_seed', ?, ?, ?, ?)`,
  );
  const index = db.prepare('INSERT INTO help_articles_fts (rowid, scope, title, body) VALUES (?, ?, ?, ?)');
  let written = 0;
  const at = Date.now();
  for (const [locale, { articles }] of Object.entries(SEEDED_HELP)) {
    const words = seededWords(locale);
    const random = generator(locale.charCodeAt(1) * 977);
    const pick = (n: number): string =>
      Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(' ');
    db.transaction(() => {
      for (let i = 0; i < articles; i++) {
        // Every word of the locale in some article: each article takes its share in turn, and random others.
        const own = words.slice((i * words.length) / articles, ((i + 1) * words.length) / articles).join(' ');
        const title = pick(5);
        const text = `${own} ${pick(120)}`;
        const folded = [...new Set(foldedWords(`${title} ${text}`))].join(' ');
        const { lastInsertRowid } = insert.run(
          `hart_seed_${locale}_${i}`,
          siteId,
          locale,
          `seeded-${i}`,
          title,
          text,
          `<p>${text}</p>`,
          folded,
          at,
          at + i,
          at,
        );
        index.run(lastInsertRowid, scopeToken(siteId, locale), stemmedText(title, locale), stemmedText(text, locale));
        written++;
      }
    })();
  }
  db.close();
  return written;
}
