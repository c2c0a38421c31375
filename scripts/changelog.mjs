#!/usr/bin/env node
// The changelog's unreleased entries are fragments, one file per change in changes/, so that two branches never edit
// the same lines of CHANGELOG.md; this script checks them and, at a release, joins them into CHANGELOG.md.
//
//   npm run changelog                      prints the next release's section as the fragments make it; changes nothing
//   npm run changelog -- --check           checks every fragment and CHANGELOG.md's [Unreleased] section (npm test
//                                          runs the same check: scripts/test/changelog.test.mjs)
//   npm run changelog -- --split           moves entries written under [Unreleased] into fragments (a branch made
//                                          before the fragments, merged)
//   npm run changelog -- 0.2.0             at a release: writes `## [0.2.0] - <today>` below [Unreleased] from the
//                                          fragments and removes them (--date YYYY-MM-DD for another day)
//
// A fragment is `changes/YYYY-MM-DD-slug.md` (the day it was written, a slug of lower-case words joined by `-`) whose
// first line is its heading in the changelog, `### <Kind>` or `### <Kind> (<what it is about>)` with Kind one of Keep
// a Changelog's (Added, Changed, Deprecated, Removed, Fixed, Security), and an issue in the parentheses when there is
// one (`### Fixed (issue #82: the rate limit of the attributes' scenarios)`); then its entries, Markdown list items
// written as in CHANGELOG.md (links from the repository's root). The joined section lists the kinds in Keep a
// Changelog's order; inside a kind the newest fragments first (by the date of their names, then by name), and
// fragments of the same heading under that heading once.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandLine } from './command-line.mjs';

/** Keep a Changelog's kinds of change, in the order a release's section lists them. */
export const KINDS = ['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'];
const NAME = /^(\d{4})-(\d{2})-(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;
const HEADING = /^### (\S+)(?: \((.+)\))?\s*$/;
const UNRELEASED = '## [Unreleased]';

/**
 * @typedef {{ file: string, date: string, kind: string, heading: string, body: string }} Fragment
 */

/**
 * Reads and checks one fragment's text. Throws an error naming the file when it is not a fragment.
 *
 * @param {string} file its name in changes/
 * @param {string} text
 * @returns {Fragment}
 */
export function parseFragment(file, text) {
  const fail = (why) => {
    throw new Error(`changes/${file}: ${why}`);
  };
  const name = NAME.exec(file);
  if (!name) fail('a fragment is named changes/YYYY-MM-DD-slug.md (a slug of lower-case words joined by -)');
  const [, year, month, day] = name;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.toISOString().slice(0, 10) !== `${year}-${month}-${day}`) fail(`${year}-${month}-${day} is not a date`);
  const lines = text.replace(/\r\n/g, '\n').trim().split('\n');
  const heading = HEADING.exec(lines[0] ?? '');
  if (!heading)
    fail(
      `its first line is its heading, "### <Kind>" or "### <Kind> (<what it is about>)", Kind one of ${KINDS.join(', ')}`,
    );
  if (!KINDS.includes(heading[1])) fail(`"${heading[1]}" is not a kind of change: one of ${KINDS.join(', ')}`);
  const body = lines.slice(1).join('\n').trim();
  if (body === '') fail('it has a heading and no entry');
  const inner = lines.findIndex((line, index) => index > 0 && /^#{1,3} /.test(line));
  if (inner !== -1) fail(`line ${inner + 1} is a heading of the changelog's own levels: one fragment, one heading`);
  return { file, date: `${year}-${month}-${day}`, kind: heading[1], heading: lines[0].trim(), body };
}

/**
 * The fragments of `dir`, checked; a README.md there is not one.
 *
 * @param {string} dir
 * @returns {Fragment[]}
 */
export function readFragments(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file !== 'README.md')
    .sort()
    .map((file) => parseFragment(file, readFileSync(join(dir, file), 'utf8')));
}

/**
 * The body of a release's section made of `fragments` (its `###` parts, without the `##` line): kinds in
 * {@link KINDS}' order, inside a kind the newest first (then by name), one heading for fragments that share it.
 *
 * @param {Fragment[]} fragments
 */
export function joinFragments(fragments) {
  const sorted = [...fragments].sort(
    (a, b) =>
      KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || b.date.localeCompare(a.date) || a.file.localeCompare(b.file),
  );
  /** @type {Map<string, string[]>} heading → bodies, in the order the headings first come */
  const parts = new Map();
  for (const fragment of sorted) parts.set(fragment.heading, [...(parts.get(fragment.heading) ?? []), fragment.body]);
  return [...parts].map(([heading, bodies]) => `${heading}\n\n${bodies.join('\n\n')}\n`).join('\n');
}

/** The line index of CHANGELOG.md's `## [Unreleased]` and of the next `## ` after it (or the end). */
function unreleasedSection(lines) {
  const start = lines.indexOf(UNRELEASED);
  if (start === -1) throw new Error(`CHANGELOG.md: no "${UNRELEASED}" section`);
  let end = start + 1;
  while (end < lines.length && !lines[end].startsWith('## ')) end++;
  return { start, end };
}

/**
 * Every problem of the fragments in `root`/changes and of CHANGELOG.md's [Unreleased] section, which holds only the
 * note that says where unreleased changes are (an entry written there is one a branch would collide on).
 *
 * @param {string} root
 * @returns {string[]}
 */
export function changelogProblems(root) {
  const problems = [];
  const dir = join(root, 'changes');
  if (existsSync(dir))
    for (const file of readdirSync(dir).sort()) {
      if (file === 'README.md') continue;
      try {
        parseFragment(file, readFileSync(join(dir, file), 'utf8'));
      } catch (error) {
        problems.push(/** @type {Error} */ (error).message);
      }
    }
  try {
    const lines = readFileSync(join(root, 'CHANGELOG.md'), 'utf8').split('\n');
    const { start, end } = unreleasedSection(lines);
    const entry = lines.slice(start + 1, end).findIndex((line) => /^(###|\s*[-*] )/.test(line));
    if (entry !== -1)
      problems.push(
        `CHANGELOG.md:${start + entry + 2}: an entry under ${UNRELEASED}; write it as a fragment in changes/ (\`npm run changelog -- --split\` moves it there)`,
      );
  } catch (error) {
    problems.push(/** @type {Error} */ (error).message);
  }
  return problems;
}

/** A fragment's slug from its heading: the kind and the words in the parentheses (issue numbers kept), 8 words. */
function slugOf(heading) {
  const [, kind, about = ''] = HEADING.exec(heading) ?? [];
  const words = `${kind} ${about}`
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((word) => word && word !== 'issue');
  return words.slice(0, 8).join('-');
}

/**
 * Moves the entries written under CHANGELOG.md's [Unreleased] (a branch made before the fragments, or a merge that
 * brought some back) into fragments, one per `###` section, word for word, named `<date>-<kind and what it is
 * about>.md`; [Unreleased] keeps what came before its first section (the note). Checks every one first and writes
 * nothing when one is wrong.
 *
 * @param {string} root
 * @param {string} date YYYY-MM-DD
 * @returns {string[]} the fragments written
 */
export function splitUnreleased(root, date) {
  const path = join(root, 'CHANGELOG.md');
  const lines = readFileSync(path, 'utf8').split('\n');
  const { start, end } = unreleasedSection(lines);
  const heads = [];
  for (let index = start + 1; index < end; index++) if (lines[index].startsWith('### ')) heads.push(index);
  const stray = lines.slice(start + 1, heads[0] ?? end).findIndex((line) => /^\s*[-*] /.test(line));
  if (stray !== -1)
    throw new Error(
      `CHANGELOG.md:${start + stray + 2}: an entry under ${UNRELEASED} with no "### <Kind>" heading above it`,
    );
  const dir = join(root, 'changes');
  const taken = new Set(existsSync(dir) ? readdirSync(dir) : []);
  const fragments = heads.map((head, index) => {
    const text = `${lines
      .slice(head, heads[index + 1] ?? end)
      .join('\n')
      .trim()}\n`;
    let file = `${date}-${slugOf(lines[head])}.md`;
    for (let n = 2; taken.has(file); n++) file = `${date}-${slugOf(lines[head])}-${n}.md`;
    taken.add(file);
    parseFragment(file, text);
    return { file, text };
  });
  if (fragments.length === 0) return [];
  mkdirSync(dir, { recursive: true });
  for (const { file, text } of fragments) writeFileSync(join(dir, file), text);
  const note = lines.slice(0, heads[0]).join('\n').trimEnd();
  writeFileSync(path, `${note}\n\n${lines.slice(end).join('\n')}`);
  return fragments.map(({ file }) => file);
}

/**
 * At a release: writes `## [version] - date` below CHANGELOG.md's [Unreleased] section, made of the fragments, and
 * removes them. Refuses (and changes nothing) when a fragment is wrong or there is none.
 *
 * @param {string} root
 * @param {string} version
 * @param {string} date YYYY-MM-DD
 * @returns {string[]} the files of the fragments joined
 */
export function release(root, version, date) {
  const dir = join(root, 'changes');
  const fragments = readFragments(dir);
  if (fragments.length === 0) throw new Error('changes/ has no fragment: nothing to release');
  const path = join(root, 'CHANGELOG.md');
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines.some((line) => line.startsWith(`## [${version}]`)))
    throw new Error(`CHANGELOG.md already has a section for ${version}`);
  const { end } = unreleasedSection(lines);
  const section = `## [${version}] - ${date}\n\n${joinFragments(fragments)}`;
  const before = lines.slice(0, end).join('\n').trimEnd();
  const after = lines.slice(end).join('\n');
  writeFileSync(path, `${before}\n\n${section}${after ? `\n${after}` : ''}`);
  for (const fragment of fragments) rmSync(join(dir, fragment.file));
  return fragments.map((fragment) => fragment.file);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = commandLine({
    name: 'changelog',
    usage: `Usage: npm run changelog [-- --check | --split | <version> [--date YYYY-MM-DD]] [--root DIR]

The unreleased changes are fragments in changes/, one file per change (CONTRIBUTING.md, "The changelog").

  (no argument)   prints the next release's section as the fragments make it; changes nothing
  --check         checks every fragment and that CHANGELOG.md's [Unreleased] section holds no entry; exits 1 if not
  --split         moves entries written under [Unreleased] (a branch older than the fragments) into fragments
  <version>       writes "## [<version>] - <date>" into CHANGELOG.md from the fragments and removes them
  --date DAY      the release's day, or the fragments' with --split (default: today, UTC)
  --root DIR      the repository (default: this one)`,
    options: {
      check: { type: 'boolean', default: false },
      split: { type: 'boolean', default: false },
      date: { type: 'string' },
      root: { type: 'string' },
    },
    allowPositionals: true,
    check: ({ values, positionals }) => {
      if (positionals.length > 1) throw new Error('one version at most');
      if ([values.check, values.split, positionals.length > 0].filter(Boolean).length > 1)
        throw new Error('one of --check, --split or a version');
      if (positionals[0] !== undefined && !/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(positionals[0]))
        throw new Error(`${positionals[0]} is not a version (like 0.2.0)`);
      if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date))
        throw new Error(`--date ${values.date} is not YYYY-MM-DD`);
    },
  });
  const root = values.root ? resolve(values.root) : fileURLToPath(new URL('..', import.meta.url));
  try {
    if (values.check) {
      const problems = changelogProblems(root);
      for (const problem of problems) process.stderr.write(`${problem}\n`);
      if (problems.length) process.exit(1);
      process.stdout.write(`changelog: ${readFragments(join(root, 'changes')).length} fragments, all well formed\n`);
    } else if (values.split) {
      const written = splitUnreleased(root, values.date ?? new Date().toISOString().slice(0, 10));
      process.stdout.write(
        `changelog: ${written.length} entries of [Unreleased] moved to changes/${written.map((file) => `\n  changes/${file}`).join('')}\n`,
      );
    } else if (positionals[0] !== undefined) {
      const joined = release(root, positionals[0], values.date ?? new Date().toISOString().slice(0, 10));
      process.stdout.write(
        `changelog: ${joined.length} fragments joined into CHANGELOG.md's [${positionals[0]}] and removed from changes/\n`,
      );
    } else process.stdout.write(joinFragments(readFragments(join(root, 'changes'))));
  } catch (error) {
    process.stderr.write(`changelog: ${/** @type {Error} */ (error).message}\n`);
    process.exit(1);
  }
}
