#!/usr/bin/env node
// Checks the decision records (docs/decisions/) and the links to them, so that adding an ADR edits no shared file and
// no two branches take the same number:
//
//   node scripts/decisions.mjs     prints each problem and exits 1 (scripts/test/decisions.test.mjs runs the same
//                                  check in `npm test`)
//
// - The first 45 ADRs keep their numbers (`0001-…` to `0045-…`: cited as "ADR 0023" across code and docs). Every ADR
//   after them is named by its date and a slug: `YYYY-MM-DD-slug.md` (lower-case words joined by `-`). A number above
//   0045, or any other name, is refused.
// - Every Markdown link to a file under docs/decisions/ (in README.md, CONTRIBUTING.md, CHANGELOG.md, docs/, changes/,
//   the packages', examples', bench's, deploy's and tests' Markdown) points to a file that exists, and every "ADR 00NN" written in them
//   names one of the numbered ADRs.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The last ADR named by a running number; those after it are named by date. */
export const LAST_NUMBERED = 45;
/** `2026-11-29-extension-points.md`: a date (a real one) and a slug of lower-case words and digits joined by `-`. */
const DATED = /^(\d{4})-(\d{2})-(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;
const NUMBERED = /^(\d{4})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

/** True when `year-month-day` is a day of the calendar. */
function isDate(year, month, day) {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return (
    date.getUTCFullYear() === Number(year) &&
    date.getUTCMonth() === Number(month) - 1 &&
    date.getUTCDate() === Number(day)
  );
}

/**
 * What is wrong with the name of a file in docs/decisions/, or undefined when it is a right name (`README.md`, a
 * numbered ADR up to {@link LAST_NUMBERED}, or a dated one).
 *
 * @param {string} name
 * @returns {string | undefined}
 */
export function decisionNameProblem(name) {
  if (name === 'README.md') return undefined;
  const dated = DATED.exec(name);
  if (dated) {
    const [, year, month, day] = dated;
    return isDate(year, month, day) ? undefined : `${name}: ${year}-${month}-${day} is not a date`;
  }
  const numbered = NUMBERED.exec(name);
  if (numbered) {
    if (Number(numbered[1]) <= LAST_NUMBERED && Number(numbered[1]) > 0) return undefined;
    return `${name}: ADRs after ${String(LAST_NUMBERED).padStart(4, '0')} are named by date, not by number: docs/decisions/YYYY-MM-DD-${numbered[2]}.md`;
  }
  return `${name}: an ADR is named docs/decisions/YYYY-MM-DD-slug.md (a slug of lower-case words joined by -)`;
}

/**
 * The Markdown files whose links to ADRs are checked, relative to `root`.
 *
 * @param {string} root
 */
function markdownFiles(root) {
  const found = [];
  const walk = (dir) => {
    if (!existsSync(join(root, dir))) return;
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!['node_modules', 'dist', '.git', '.tmp', 'release', 'data'].includes(entry.name) && dir !== '') walk(path);
      } else if (entry.isFile() && entry.name.endsWith('.md')) found.push(path);
    }
  };
  walk('');
  for (const dir of ['docs', 'changes', 'examples', 'packages', 'bench', 'deploy', 'tests']) walk(dir);
  return found.sort();
}

/**
 * Every problem of the decision records under `root` (the repository by default): names, links to ADR files that do
 * not exist, "ADR 00NN" citations of no numbered ADR. Each is one line naming the file (and line).
 *
 * @param {string} [root]
 * @returns {string[]}
 */
export function decisionProblems(root = fileURLToPath(new URL('..', import.meta.url))) {
  const folder = join(root, 'docs/decisions');
  const problems = [];
  const names = existsSync(folder) ? readdirSync(folder).sort() : [];
  const numbers = new Map();
  for (const name of names) {
    if (!statSync(join(folder, name)).isFile()) {
      problems.push(`docs/decisions/${name}: a folder; an ADR is one Markdown file`);
      continue;
    }
    const problem = decisionNameProblem(name);
    if (problem) problems.push(`docs/decisions/${problem}`);
    else if (NUMBERED.test(name) && !DATED.test(name)) {
      const number = name.slice(0, 4);
      if (numbers.has(number)) problems.push(`docs/decisions/${name}: ADR ${number} is ${numbers.get(number)} too`);
      else numbers.set(number, name);
    }
  }
  for (const file of markdownFiles(root)) {
    // Code (fenced blocks and inline spans) shows names; it links to nothing.
    let fenced = false;
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    lines.forEach((text, index) => {
      if (/^\s*(```|~~~)/.test(text)) fenced = !fenced;
      if (fenced) return;
      const line = text.replace(/`[^`]*`/g, '');
      const where = `${file}:${index + 1}`;
      // Inline links and reference definitions: [text](target) and [label]: target.
      for (const match of line.matchAll(/\]\(\s*<?([^)\s>]+)>?[^)]*\)|^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/g)) {
        const target = (match[1] ?? match[2]).split('#')[0];
        if (!target || /^[a-z][a-z0-9+.-]*:/i.test(target) || !target.includes('decisions/')) continue;
        // A changelog fragment is joined into CHANGELOG.md: its links are written from the repository's root.
        const from = file.startsWith('changes/') ? root : dirname(join(root, file));
        const path = resolve(from, decodeURI(target));
        if (!existsSync(path)) problems.push(`${where}: links to ${target}, which does not exist`);
      }
      for (const match of line.matchAll(/\bADR (\d{4})\b/g))
        if (!numbers.has(match[1]) && names.length)
          problems.push(`${where}: cites ADR ${match[1]}, which is not in docs/decisions/`);
    });
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const problems = decisionProblems();
  for (const problem of problems) process.stderr.write(`${problem}\n`);
  process.exit(problems.length ? 1 : 0);
}
