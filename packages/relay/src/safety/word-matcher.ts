// The content filter's words and phrases (issue #39, docs/safety.md "The content filter and link rules"): every
// entry is found in one pass over the text, whatever the number of entries (Aho–Corasick over words, and over
// characters for scripts written without spaces), so the cost is linear in the text's length.
import { CharClass, charClass, fold, UNSPACED, variants, words } from './text-fold.js';

/** An Aho–Corasick automaton over numbers (word ids or code points); `match` reports the first entry found. */
class Automaton {
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  /** The entry that ends at each node, or through its suffix links; -1 for none. */
  private readonly out: number[] = [-1];

  add(symbols: readonly number[], entry: number): void {
    let node = 0;
    for (const symbol of symbols) {
      let child = this.next[node]!.get(symbol);
      if (child === undefined) {
        child = this.next.length;
        this.next.push(new Map());
        this.fail.push(0);
        this.out.push(-1);
        this.next[node]!.set(symbol, child);
      }
      node = child;
    }
    if (this.out[node] === -1) this.out[node] = entry;
  }

  /** Links every node to its longest proper suffix in the tree (breadth first). */
  seal(): void {
    const queue: number[] = [];
    for (const child of this.next[0]!.values()) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head]!;
      for (const [symbol, child] of this.next[node]!) {
        let link = this.fail[node]!;
        while (link !== 0 && !this.next[link]!.has(symbol)) link = this.fail[link]!;
        const target = this.next[link]!.get(symbol);
        this.fail[child] = target !== undefined && target !== child ? target : 0;
        if (this.out[child] === -1) this.out[child] = this.out[this.fail[child]!]!;
        queue.push(child);
      }
    }
  }

  /** The node after `symbol` from `node` (0, the root, to start). */
  step(node: number, symbol: number): number {
    let at = node;
    while (at !== 0 && !this.next[at]!.has(symbol)) at = this.fail[at]!;
    return this.next[at]!.get(symbol) ?? 0;
  }

  /** The entry that ends at `node`, or -1. */
  output(node: number): number {
    return this.out[node]!;
  }

  get empty(): boolean {
    return this.next[0]!.size === 0;
  }
}

/** Letters joined by one of these, one letter at a time (`f.u.c.k`, `f u c k`, `f-u-c-k`), are read as a word. */
const SPELLING_SEPARATORS = new Uint8Array(256);
for (const separator of ' .-_*·/+~') SPELLING_SEPARATORS[separator.charCodeAt(0)] = 1;
/** Symbols read as letters in leetspeak, which are not word characters. */
const LEET_SYMBOLS = ['@', '$', '!', '|'];

/** Words and phrases, compiled once for a site's settings. */
export class WordMatcher {
  private readonly listed: string[] = [];
  private readonly ids = new Map<string, number>();
  /** Whole-word entries (Latin, Cyrillic, Greek, Arabic, Hangul…): over word ids. */
  private readonly byWords = new Automaton();
  /** Single-word entries by their folded form, for the cheap spellings ({@link variants}). */
  private readonly single = new Map<string, number>();
  /** The longest single-word entry: no spelling of a word yields anything longer worth looking up. */
  private longestSingle = 0;
  /** Entries in scripts without spaces, or with no letter at all (🖕): over UTF-16 code units, anywhere. */
  private readonly byChars = new Automaton();
  /** 1 for each code unit that starts an entry of {@link byChars}. */
  private readonly charStarts = new Uint8Array(65536);
  private hasChars = false;
  private hasWords = false;
  /** The longest word of any entry: a longer word of the text is no entry's word. */
  private longest = 0;

  /** @param entries the words and phrases as the site (or the built-in list) wrote them. */
  constructor(entries: Iterable<string>) {
    for (const entry of entries) {
      const folded = fold(entry).trim();
      if (folded === '') continue;
      const index = this.listed.push(entry) - 1;
      const parts = words(folded);
      if (parts.length === 0 || UNSPACED.test(folded)) {
        const units = folded.replace(/\s+/gu, '');
        this.charStarts[units.charCodeAt(0)] = 1;
        this.byChars.add(
          Array.from({ length: units.length }, (_, at) => units.charCodeAt(at)),
          index,
        );
        this.hasChars = true;
        continue;
      }
      for (const part of parts) this.longest = Math.max(this.longest, part.length);
      this.byWords.add(
        parts.map((part) => this.id(part)),
        index,
      );
      this.hasWords = true;
      if (parts.length === 1 && !this.single.has(parts[0]!)) {
        this.single.set(parts[0]!, index);
        this.longestSingle = Math.max(this.longestSingle, parts[0]!.length);
      }
    }
    this.byWords.seal();
    this.byChars.seal();
  }

  /** How many entries were compiled. */
  get size(): number {
    return this.listed.length;
  }

  /** The first listed entry found in `folded` (a {@link fold}ed text), as it was listed. */
  find(folded: string): string | undefined {
    const found = this.hasWords ? this.findWords(folded) : -1;
    if (found !== -1) return this.listed[found];
    if (this.hasChars) {
      const starts = this.charStarts;
      let node = 0;
      for (let at = 0; at < folded.length; at++) {
        const code = folded.charCodeAt(at);
        // Most characters start no entry: at the root, skip them without touching the automaton.
        if (node === 0 && starts[code] === 0) continue;
        node = this.byChars.step(node, code);
        if (this.byChars.output(node) !== -1) return this.listed[this.byChars.output(node)];
      }
    }
    return undefined;
  }

  private id(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(word, id);
    }
    return id;
  }

  /**
   * One pass over the words of the text: the automaton over word ids (every entry), and for single-word entries
   * the cheap spellings of each word ({@link variants}) and letters spelt one at a time.
   */
  private findWords(folded: string): number {
    const checkSpellings = this.single.size > 0;
    const memo = new Map<string, number>();
    let node = 0;
    let letters = '';
    let end = -2;
    let at = 0;
    while (at < folded.length) {
      if (charClass(folded.charCodeAt(at)) !== CharClass.word) {
        at += 1;
        continue;
      }
      const start = at;
      let digits = false;
      let repeated = false;
      for (; at < folded.length; at++) {
        const code = folded.charCodeAt(at);
        if (charClass(code) !== CharClass.word) break;
        if (code >= 48 && code <= 57) digits = true;
        if (at - start >= 2 && code === folded.charCodeAt(at - 1) && code === folded.charCodeAt(at - 2))
          repeated = true;
      }
      const length = at - start;
      const spellable = checkSpellings && length >= 3 && (digits || repeated);
      // A long plain word is no entry's: not even copied out of the text.
      const word = length <= this.longest || spellable ? folded.slice(start, at) : '';
      node = this.byWords.step(node, length > this.longest ? -1 : (this.ids.get(word) ?? -1));
      if (this.byWords.output(node) !== -1) return this.byWords.output(node);
      if (!checkSpellings) continue;
      if (spellable) {
        const found = this.lookUp(word, memo);
        if (found !== -1) return found;
      }
      if (length === 1 && start === end + 1 && SPELLING_SEPARATORS[folded.charCodeAt(end)] === 1) {
        // Spelt-out letters far longer than any entry are no entry (squeezed repeats aside): stop collecting.
        if (letters.length <= 4 * this.longest + 16) letters += word;
      } else {
        const found = this.spelled(letters);
        if (found !== -1) return found;
        letters = length === 1 ? word : '';
      }
      end = at;
    }
    if (!checkSpellings) return -1;
    const found = this.spelled(letters);
    if (found !== -1) return found;
    return LEET_SYMBOLS.some((symbol) => folded.includes(symbol)) ? this.findLeetSymbols(folded, memo) : -1;
  }

  /** Words written with `@`, `$`, `!` or `|` for letters (`@ss`, `b!tch`). */
  private findLeetSymbols(folded: string, memo: Map<string, number>): number {
    let at = 0;
    while (at < folded.length) {
      if (!isLoose(folded, at)) {
        at += 1;
        continue;
      }
      const start = at;
      let symbols = false;
      for (; at < folded.length && isLoose(folded, at); at++) {
        if (charClass(folded.charCodeAt(at)) !== CharClass.word) symbols = true;
      }
      if (symbols) {
        const found = this.lookUp(folded.slice(start, at), memo);
        if (found !== -1) return found;
      }
    }
    return -1;
  }

  /** The single-word entry behind one of the word's cheap spellings, or -1; `memo` remembers words already seen. */
  private lookUp(word: string, memo?: Map<string, number>): number {
    const known = memo?.get(word);
    if (known !== undefined) return known;
    let found = -1;
    for (const form of variants(word, this.longestSingle)) {
      const entry = this.single.get(form);
      if (entry !== undefined) {
        found = entry;
        break;
      }
    }
    memo?.set(word, found);
    return found;
  }

  private spelled(letters: string): number {
    if (letters.length < 3) return -1;
    return this.single.get(letters) ?? this.lookUp(letters);
  }
}

function isLoose(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  // @ $ ! |
  return code === 64 || code === 36 || code === 33 || code === 124 || charClass(code) === CharClass.word;
}
