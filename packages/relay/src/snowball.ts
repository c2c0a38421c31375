import type Snowball from 'snowball-stemmers';

/*
 * Snowball's stemmers (the FAQ bot's terms, the help center's index on SQLite). The package is every language in one
 * file of ~740 KB (~40 ms of a start unbundled, ~15 ms bundled), so it is loaded once a feature needs it, not at
 * every start: the automations and help center features load it in the background once the relay listens (their
 * `preload`), and whatever stems awaits {@link loadSnowball} first.
 */

let snowball: typeof Snowball | undefined;
let loading: Promise<void> | undefined;

/** Loads the stemmers, once; resolves when {@link newStemmer} can be called. */
export function loadSnowball(): Promise<void> {
  return (loading ??= import('snowball-stemmers').then((module) => {
    snowball = module.default;
  }));
}

/**
 * Snowball's stemmer for `language` (`english`, `french`…).
 * @throws when {@link loadSnowball} has not resolved yet: a caller that stems awaits it first.
 */
export function newStemmer(language: string): { stem(word: string): string } {
  if (!snowball) throw new Error('the Snowball stemmers are not loaded yet: await loadSnowball() before stemming');
  return snowball.newStemmer(language);
}
