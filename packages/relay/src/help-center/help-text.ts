import { newStemmer } from '../snowball.js';

/*
 * The help center's words (docs/help-center.md, "Search"): text is folded (NFKD, accents dropped, lower case) and
 * split into words; each word is stemmed with the Snowball stemmer of the article's language. PostgreSQL stems with
 * its own text search configuration of the same name (the same Snowball algorithms); SQLite's FTS5 has only an
 * English stemmer (porter), so its index holds the words stemmed here and is tokenized with `unicode61`.
 */

/** The language part of a locale (`pt-BR` → `pt`). */
export const languageOf = (locale: string): string => locale.split('-', 1)[0]!;

/** Languages both Snowball (here, for SQLite) and PostgreSQL's configurations of the same name stem. */
const LANGUAGES: Readonly<Record<string, string>> = {
  da: 'danish',
  de: 'german',
  en: 'english',
  es: 'spanish',
  fi: 'finnish',
  fr: 'french',
  hu: 'hungarian',
  it: 'italian',
  nl: 'dutch',
  no: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sv: 'swedish',
  tr: 'turkish',
};

/** PostgreSQL's text search configuration for a locale: its language's, else `simple` (folded words, no stemming). */
export function regconfigOf(locale: string): string {
  return LANGUAGES[languageOf(locale)] ?? 'simple';
}

/**
 * Words too common to tell articles apart, dropped from queries (not from the index): a question's "how do I"
 * would otherwise match every article. PostgreSQL's configurations drop their own lists.
 */
const STOP_WORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  en: new Set(
    'a an and are as at be by can do does for from how i if in is it me my of on or our so that the this to was what when where which who why will with you your'.split(
      ' ',
    ),
  ),
  de: new Set(
    'aber als am an auch auf aus bei bin bis das dass dem den der des die du ein eine einen einer es für hat ich ihr im in ist ja kann man mein meine mit nach nicht noch oder sie sind so um und von was wie wir wo zu zum zur'.split(
      ' ',
    ),
  ),
};

// Combining marks, after NFKD: what is left of an accent.
const marks = /\p{M}+/gu;
const nonWords = /[^\p{L}\p{N}]+/u;

/** The words of `text`, folded: `Où est ma commande ?` → `ou est ma commande`. */
export function foldedWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(marks, '')
    .toLowerCase()
    .split(nonWords)
    .filter((word) => word.length > 0 && word.length <= 64);
}

const stemmers = new Map<string, (word: string) => string>();
const STEM_CACHE = 50_000;

/** The stemmer of a locale's language (the identity when Snowball has none), remembering what it made. */
function stemmerOf(locale: string): (word: string) => string {
  const language = languageOf(locale);
  let stem = stemmers.get(language);
  if (!stem) {
    const name = LANGUAGES[language];
    const stemmer = name ? newStemmer(name) : undefined;
    const cache = new Map<string, string>();
    stem = (word) => {
      let made = cache.get(word);
      if (made === undefined) {
        made = stemmer ? foldedWords(stemmer.stem(word)).join('') : word;
        if (cache.size >= STEM_CACHE) cache.clear();
        cache.set(word, made);
      }
      return made;
    };
    stemmers.set(language, stem);
  }
  return stem;
}

/** `text` as SQLite's index holds it: its words stemmed for `locale`, space-separated. */
export function stemmedText(text: string, locale: string): string {
  const stem = stemmerOf(locale);
  return text
    .normalize('NFC')
    .toLowerCase()
    .split(nonWords)
    .filter((word) => word.length > 0 && word.length <= 64)
    .map(stem)
    .join(' ');
}

/** The stem of one folded query word for `locale`. */
export function stemOf(word: string, locale: string): string {
  return stemmerOf(locale)(word);
}

/** The words of a query worth searching for: folded, without the language's stop words (all of them if that is all). */
export function queryWords(query: string, locale: string): string[] {
  const words = foldedWords(query).slice(0, 32);
  const stop = STOP_WORDS[languageOf(locale)];
  const kept = stop ? words.filter((word) => !stop.has(word)) : words;
  return kept.length > 0 ? kept : words;
}
