import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rawReplyText, replyText } from '../src/inbound-email/inbound-message.js';
import { htmlReplyText } from '../src/inbound-email/html-text.js';
import { decodeCharset, metaCharset } from '../src/inbound-email/mime-body.js';
import { stripQuoted } from '../src/inbound-email/strip-quoted.js';

/**
 * The reply corpus (issue #38): sets of emails as mail programs send them, each with the reply Parley must keep, in
 * `test/fixtures/email-replies/<set>/` as `<case>.txt` (the text body), `<case>.eml` (the whole email, headers and
 * MIME body: it goes through the whole path from the raw message) or `<case>.html` (an HTML body: it goes the way
 * of an HTML part, its charset from its `<meta>`), and `<case>.reply.txt` (the expected reply).
 * Read by `reply-corpus.test.ts` (thresholds) and `scripts/reply-report.ts` (the figures).
 *
 * How an output is judged against its expected reply, line by line after {@link normalise}:
 * - **exact**: the normalised output equals the normalised expectation.
 * - **quote leaked**: the output has a non-blank line that the expectation has not (counted as a multiset: a line
 *   kept twice when expected once leaked once). Quoted history, a header block, a signature or a footer left in.
 * - **reply line lost**: the expectation has a non-blank line that the output has not, and the reply is not lost
 *   entirely. A case may count as both leaked and lost (a garbled reply).
 * - **lost entirely**: the expectation has text but the output has no letter, digit or symbol of any script: empty
 *   (refused as `empty`), or only separators ("----", "____", ">").
 */

/** One email and the reply Parley must keep of it. */
export interface ReplyCase {
  readonly name: string;
  /** The text body (a `.txt` case); for an `.eml` or `.html` case, its bytes as read as UTF-8 (for a look only). */
  readonly mail: string;
  /** The whole email, for an `.eml` case. */
  readonly raw?: Buffer;
  /** The HTML body, for an `.html` case. */
  readonly html?: Buffer;
  readonly reply: string;
}

/** A named set of cases (one folder of the corpus). */
export interface ReplySet {
  readonly name: string;
  readonly cases: readonly ReplyCase[];
}

/** How a set (or the whole corpus) fared; `failures` names the cases that are not exact. */
export interface ReplyFigures {
  cases: number;
  exact: number;
  quoteLeaked: number;
  lineLost: number;
  lostEntirely: number;
  failures: string[];
}

/** The corpus's folder. */
export const corpusDir = join(import.meta.dirname, 'fixtures', 'email-replies');

/** The set of the corpus that holds many languages: the multilingual target of issue #38 is measured on it. */
export const multilingualSet = 'crisp';

/** Every set of the corpus, its cases in name order. */
export function loadReplySets(dir = corpusDir): ReplySet[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, cases: loadCases(join(dir, name)) }));
}

function loadCases(dir: string): ReplyCase[] {
  return readdirSync(dir)
    .filter((file) => /\.(?:eml|html)$/.test(file) || (file.endsWith('.txt') && !file.endsWith('.reply.txt')))
    .sort()
    .map((file) => {
      const name = file.replace(/\.(?:txt|eml|html)$/, '');
      const reply = readFileSync(join(dir, `${name}.reply.txt`), 'utf8');
      if (file.endsWith('.txt')) return { name, mail: readFileSync(join(dir, file), 'utf8'), reply };
      const bytes = readFileSync(join(dir, file));
      const whole = file.endsWith('.eml') ? { raw: bytes } : { html: bytes };
      return { name, mail: bytes.toString('utf8'), ...whole, reply };
    });
}

/**
 * A text as compared: line ends as `\n`, no white space at line ends, no blank lines around, at most one blank line
 * in a row. Leading white space is kept (an indented list stays indented).
 */
export function normalise(text: string): string {
  const lines = text.split(/\r\n?|\n/).map((line) => line.trimEnd());
  const first = lines.findIndex((line) => line !== '');
  let last = lines.length - 1;
  while (last > first && lines[last] === '') last--;
  return lines
    .slice(first, last + 1)
    .filter((line, i, kept) => line !== '' || kept[i - 1] !== '')
    .join('\n');
}

/**
 * The reply the relay keeps of a case: the quote stripper over a text body; the whole path (MIME tree, charsets,
 * `format=flowed`, quotes marked up in HTML, then the stripper) over a whole email; over an HTML body, the way of
 * an HTML part without a MIME charset (its `<meta>` charset, its marked-up quotes dropped, then the stripper).
 */
export function keptReply(replyCase: ReplyCase): string | Promise<string> {
  if (replyCase.raw) return rawReplyText(replyCase.raw);
  if (replyCase.html) {
    const html = replyCase.html;
    return replyText(htmlReplyText(decodeCharset(html, metaCharset(html) ?? 'utf-8')));
  }
  return stripQuoted(replyCase.mail);
}

/**
 * Runs `keep` over every case of `sets` (the reply kept of a case: from its text body, or from its whole email when
 * it has `raw`): figures per set, and over everything under the name `all`.
 */
export async function measureReplies(
  sets: readonly ReplySet[],
  keep: (replyCase: ReplyCase) => string | Promise<string>,
): Promise<Map<string, ReplyFigures>> {
  const figures = new Map<string, ReplyFigures>();
  const all = emptyFigures();
  for (const set of sets) {
    const own = emptyFigures();
    for (const replyCase of set.cases) {
      const verdict = judge(await keep(replyCase), replyCase.reply);
      for (const into of [own, all]) {
        into.cases++;
        if (verdict.exact) into.exact++;
        else into.failures.push(`${set.name}/${replyCase.name}`);
        if (verdict.quoteLeaked) into.quoteLeaked++;
        if (verdict.lineLost) into.lineLost++;
        if (verdict.lostEntirely) into.lostEntirely++;
      }
    }
    figures.set(set.name, own);
  }
  figures.set('all', all);
  return figures;
}

/** How one output compares with its expected reply (the definitions are in this file's first comment). */
export function judge(
  output: string,
  expected: string,
): { exact: boolean; quoteLeaked: boolean; lineLost: boolean; lostEntirely: boolean } {
  const got = normalise(output);
  const want = normalise(expected);
  const lostEntirely = hasText(want) && !hasText(got);
  return {
    exact: got === want,
    quoteLeaked: extraLines(got, want) > 0,
    lineLost: !lostEntirely && extraLines(want, got) > 0,
    lostEntirely,
  };
}

/** Whether a text has a letter, digit or symbol (an emoji) of any script: more than separators. */
function hasText(text: string): boolean {
  return /[\p{L}\p{N}\p{So}]/u.test(text);
}

/** How many non-blank lines of `a` (trimmed) are not matched by one of `b`'s, each of `b`'s matching once. */
function extraLines(a: string, b: string): number {
  const available = new Map<string, number>();
  for (const line of b.split('\n')) {
    const key = line.trim();
    if (key !== '') available.set(key, (available.get(key) ?? 0) + 1);
  }
  let extra = 0;
  for (const line of a.split('\n')) {
    const key = line.trim();
    if (key === '') continue;
    const left = available.get(key) ?? 0;
    if (left > 0) available.set(key, left - 1);
    else extra++;
  }
  return extra;
}

function emptyFigures(): ReplyFigures {
  return { cases: 0, exact: 0, quoteLeaked: 0, lineLost: 0, lostEntirely: 0, failures: [] };
}
