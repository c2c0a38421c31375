// The content filter and link rules of issue #39 (docs/safety.md "The content filter and link rules"): a site's
// words, patterns, built-in profanity lists and link domain lists, compiled once when the site saves them, then
// checked against each visitor message. Pure (no I/O, no state but the patterns' automaton cache) and linear in
// the text's length.
import type { ContentFilterSettings, FilterAction, LinkSettings } from '@parley/protocol/admin';
import { FilterPatterns } from './filter-patterns.js';
import { LinkRules } from './link-rules.js';
import { PROFANITY } from './profanity/profanity.js';
import { fold } from './text-fold.js';
import { WordMatcher } from './word-matcher.js';

export { patternError } from './filter-patterns.js';

/** What the filter found in a text: the strongest action wins (refuse > hide > flag). */
export interface FilterVerdict {
  readonly action: FilterAction;
  readonly reason: 'word' | 'pattern' | 'link';
  /** What matched: the word (as listed), the pattern (as written), or the link's domain. */
  readonly detail: string;
}

/** A site's content filter and link rules, compiled by {@link compileFilter}. */
export interface CompiledFilter {
  /**
   * The strongest verdict on `text` (refuse > hide > flag); between equals, words come first, then patterns, then
   * links, and within each the first found. `undefined` when nothing matched.
   */
  check(text: string): FilterVerdict | undefined;
}

/** What the filter says when its patterns could not all be read in time (docs/safety.md): for a person to look at. */
export const UNCHECKED_PATTERNS = '(patterns not checked in time)';

const STRENGTH: Readonly<Record<FilterAction, number>> = { flag: 1, hide: 2, refuse: 3 };

/**
 * Compiles a site's content filter and link rules; `undefined` when the settings check nothing (no words, no
 * patterns, no profanity lists, and every link allowed). Invalid patterns ({@link patternError}) are left out: the
 * admin API refuses them before they are saved.
 *
 * @example
 * const filter = compileFilter(settings.filter, settings.links);
 * const verdict = filter?.check(message.text); // { action: 'refuse', reason: 'link', detail: 'bit.ly' }
 */
export function compileFilter(filter: ContentFilterSettings, links: LinkSettings): CompiledFilter | undefined {
  const words = new WordMatcher([
    ...filter.words,
    ...[...new Set(filter.profanity)].flatMap((locale) => PROFANITY[locale]),
  ]);
  const compiled = filter.patterns.length > 0 ? new FilterPatterns(filter.patterns) : undefined;
  const patterns = compiled !== undefined && compiled.size > 0 ? compiled : undefined;
  const rules = new LinkRules(links);
  const linkRules = rules.allowsAll ? undefined : rules;
  if (words.size === 0 && patterns === undefined && linkRules === undefined) return undefined;
  const action = filter.action;

  return {
    check(text: string): FilterVerdict | undefined {
      let verdict: FilterVerdict | undefined;
      const consider = (next: FilterVerdict) => {
        if (verdict === undefined || STRENGTH[next.action] > STRENGTH[verdict.action]) verdict = next;
      };
      if (words.size > 0) {
        const word = words.find(fold(text));
        if (word !== undefined) consider({ action, reason: 'word', detail: word });
      }
      if (verdict?.action !== 'refuse' && patterns !== undefined) {
        const found = patterns.find(text);
        if (found !== undefined) {
          consider(
            'pattern' in found
              ? { action, reason: 'pattern', detail: found.pattern }
              : { action: 'flag', reason: 'pattern', detail: UNCHECKED_PATTERNS },
          );
        }
      }
      if (verdict?.action !== 'refuse' && linkRules !== undefined) {
        const link = linkRules.check(text);
        if (link !== undefined) consider({ action: link.action, reason: 'link', detail: link.domain });
      }
      return verdict;
    },
  };
}
