// snowball-stemmers ships no types: what Parley uses of it (snowball-stemmers.js, 0.6).
declare module 'snowball-stemmers' {
  interface Stemmer {
    stem(word: string): string;
  }
  const snowball: {
    /** A stemmer for a language by its English name (`english`, `french`, `spanish`, …). */
    newStemmer(language: string): Stemmer;
    algorithms(): string[];
  };
  export default snowball;
}
