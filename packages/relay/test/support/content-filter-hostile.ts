// Hostile inputs and a heavy site setup for the content filter (issue #39): 1 MiB texts shaped to make a careless
// matcher backtrack or rescan (long runs, near-misses of listed words, letters spelt one at a time, many URLs), and
// settings at the admin API's limits (1,000 words, 50 patterns, every built-in list, 500 domains per list). Used by
// test/content-filter.test.ts and bench/diagnostics/content-filter-hostile.mjs. Deterministic.
import type { ContentFilterSettings, LinkSettings } from '@parley/protocol/admin';

const MIB = 1024 * 1024;

function fill(unit: string): string {
  return unit.repeat(Math.ceil(MIB / unit.length)).slice(0, MIB);
}

/** A small seeded generator (mulberry32), so every run builds the same words. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 1,000 made-up words and phrases (a third of them two or three words long), in several scripts. */
export function heavyWords(): string[] {
  const next = random(39);
  const alphabets = ['abcdefghijklmnopqrstuvwxyz', 'абвгдежзиклмнопрстуфх', 'αβγδεζηθικλμνξοπρστ', 'éèàùçäöüß'];
  const word = () => {
    const alphabet = alphabets[Math.floor(next() * alphabets.length)]!;
    const length = 4 + Math.floor(next() * 8);
    return Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  };
  return Array.from({ length: 1000 }, (_, n) =>
    n % 3 === 0 ? `${word()} ${word()}${n % 2 ? ` ${word()}` : ''}` : word(),
  );
}

/** 50 patterns of the kinds sites write (phrases with gaps, classes, alternations, bounded repeats). */
export function heavyPatterns(): string[] {
  const shapes = [
    (n: number) => `free\\s+bitcoin${n}`,
    (n: number) => `(?:cheap|discount)\\s+(?:pills|meds)\\s*${n}`,
    (n: number) => `\\b[a-z]{3,12}@[a-z]{2,10}\\.ru${n}\\b`,
    (n: number) => `wire\\s+transfer\\s+to\\s+\\w{1,20}\\s+${n}`,
    (n: number) => `(?:call|whatsapp)\\s*\\+?\\d{6,14}x${n}`,
  ];
  return Array.from({ length: 50 }, (_, n) => shapes[n % shapes.length]!(n));
}

/** Patterns chosen to defeat an automaton: each can make a DFA grow a state per character of random `a`/`b` text. */
export function hostilePatterns(): string[] {
  return Array.from({ length: 50 }, (_, n) => `[ab]*a[ab]{${15 + (n % 5)}}c${n}`);
}

/** A content filter at the admin API's limits: every word, pattern and built-in list. */
export function heavyFilter(patterns = heavyPatterns()): ContentFilterSettings {
  return { words: heavyWords(), patterns, profanity: ['en', 'es', 'fr', 'de'], action: 'flag', message: null };
}

/** Link rules at the admin API's limits (500 domains per list), flagging every other host. */
export function heavyLinks(): LinkSettings {
  const list = (name: string) => Array.from({ length: 500 }, (_, n) => `${name}${n}.example${n % 7}.com`);
  return { allow: list('ok'), flag: list('look'), refuse: list('bad'), otherwise: 'flag' };
}

/** An ordinary 4,000-character support message (the protocol's longest). */
export function ordinaryMessage(): string {
  const sentence =
    'Hello, my order from last week has not arrived yet and the tracking page at https://shop.example.com/track says it is still in the warehouse. ';
  return sentence.repeat(Math.ceil(4000 / sentence.length)).slice(0, 4000);
}

/** Each hostile shape by name, 1 MiB of text. */
export function hostileInputs(): Record<string, string> {
  const next = random(7);
  let ab = '';
  while (ab.length < MIB) ab += next() < 0.5 ? 'a' : 'b';
  return {
    'one letter run': fill('a'),
    'random a/b (for automaton-hostile patterns)': ab,
    'repeated letters': fill('fuuuuuuuuuuuuuuuuuuuuuck '),
    'letters spelt one at a time': fill('f.u.c.k.'),
    'near misses of listed words': fill('fucks scunthorpe shitake assassin '),
    'leetspeak runs': fill('sh1t$@!|0 '),
    'phrase prefixes with no end': fill('free free free '),
    'many URLs': fill('https://a.example.com/x '),
    'many bare domains': fill('bad1.example1.com '),
    'userinfo tricks': fill('https://ok1.example1.com@look2.example2.com '),
    'one long host': fill('a.'),
    'dots and dashes': fill('.-'),
    'scheme prefixes with no host': fill('http://'),
    'CJK text': fill('これは普通の日本語の文章です。'),
    'accents to fold': fill('é'),
    'pattern near misses': fill('free bitcoin wire transfer to '),
  };
}
