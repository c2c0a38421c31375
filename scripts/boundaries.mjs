#!/usr/bin/env node
// Checks the relay's boundaries (docs/architecture.md, "Adding a feature"; ADR
// docs/decisions/2026-11-29-boundaries-by-dependency-cruiser.md): dependency-cruiser cruises packages/relay/src with
// the rules of packages/relay/.dependency-cruiser.mjs, this adds the one rule it has no form for (no new cycle
// between folders), and what breaks a rule is compared with the checked-in baseline:
//
//   - a violation the baseline does not list fails, naming the importing file, the imported file and the rule;
//   - a baseline entry that no longer occurs fails too ("remove it from the baseline"), so the list only shrinks.
//
//   npm run lint:boundaries                 check (part of npm run lint, and so of CI)
//   npm run lint:boundaries -- --update     write the baseline as the code is now (review what it adds)
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { commandLine } from './command-line.mjs';

const repository = fileURLToPath(new URL('..', import.meta.url));

/** The rule this script adds: an import between two folders that lie on a cycle of folders. */
export const FOLDER_CYCLE = 'no-folder-cycle';
const FOLDER_CYCLE_COMMENT =
  'Folders import each other one way: an import that closes a cycle of folders (a kit and a feature that need each ' +
  'other, two features that do) is a knot to cut, by moving what both need down or through an extension point.';

/**
 * The node of the folder graph a module of `src/` belongs to: its folder (`http`), or a loose file itself
 * (`log.ts`); undefined for a composition root. The roots import every feature by design and nothing imports
 * them but other roots, so a cycle through one is a kit importing a root, which `kit-imports-feature` names
 * already; left in, they would put every feature on that one cycle.
 */
export function folderOf(path, roots) {
  if (roots.some((root) => (root.endsWith('/') ? path.startsWith(root) : path === root))) return undefined;
  const rest = path.slice('src/'.length);
  const slash = rest.indexOf('/');
  return slash < 0 ? rest : rest.slice(0, slash);
}

/** The strongly connected components of a graph (Tarjan's), as a map from node to its component's number. */
function components(nodes, edgesFrom) {
  const index = new Map();
  const low = new Map();
  const component = new Map();
  const stack = [];
  const onStack = new Set();
  let counter = 0;
  let count = 0;
  const visit = (node) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of edgesFrom.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), index.get(next)));
    }
    if (low.get(node) === index.get(node)) {
      for (;;) {
        const member = stack.pop();
        onStack.delete(member);
        component.set(member, count);
        if (member === node) break;
      }
      count += 1;
    }
  };
  for (const node of [...nodes].sort()) if (!index.has(node)) visit(node);
  return component;
}

/** The shortest path of folders from `start` to `goal` (both included), or undefined. */
function shortestPath(start, goal, edgesFrom) {
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    if (node === goal) {
      const path = [];
      for (let at = goal; at !== undefined; at = previous.get(at)) path.unshift(at);
      return path;
    }
    for (const next of [...(edgesFrom.get(node) ?? [])].sort())
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
  }
  return undefined;
}

/**
 * The violations of the package at `root` (a folder with `.dependency-cruiser.mjs`, `tsconfig.json` and
 * `src/features/features.ts`), sorted: each `{ rule, from, to, key, imports, comment, cycle? }`, where `key` is
 * its baseline entry (`from -> to`: files for dependency-cruiser's rules, folders for {@link FOLDER_CYCLE}) and
 * `imports` the file-to-file imports it stands for.
 */
export async function findViolations(root) {
  const [{ cruise }, { default: extractTSConfig }, config] = await Promise.all([
    import('dependency-cruiser'),
    import('dependency-cruiser/config-utl/extract-ts-config'),
    import(pathToFileURL(join(root, '.dependency-cruiser.mjs')).href),
  ]);
  const { default: settings, COMPOSITION_ROOTS } = config;
  const rules = config.boundaryRules(root);
  const tsConfigFile = join(root, settings.options.tsConfig.fileName);
  const { output } = await cruise(
    ['src'],
    {
      ...settings.options,
      baseDir: root,
      tsConfig: { fileName: tsConfigFile },
      validate: true,
      ruleSet: { forbidden: rules },
    },
    undefined,
    { tsConfig: extractTSConfig(tsConfigFile) },
  );
  const comments = new Map(rules.map((rule) => [rule.name, rule.comment]));
  const violations = output.summary.violations.map(({ rule, from, to }) => ({
    rule: rule.name,
    from,
    to,
    key: `${from} -> ${to}`,
    imports: [{ from, to }],
    comment: comments.get(rule.name),
  }));

  // Folders, and which file imports which across them.
  const edgesFrom = new Map();
  const imports = new Map();
  const folders = new Set();
  for (const module of output.modules) {
    if (!module.source.startsWith('src/')) continue;
    const from = folderOf(module.source, COMPOSITION_ROOTS);
    if (from === undefined) continue;
    folders.add(from);
    for (const dependency of module.dependencies) {
      if (!dependency.resolved.startsWith('src/') || dependency.couldNotResolve) continue;
      const to = folderOf(dependency.resolved, COMPOSITION_ROOTS);
      if (to === undefined || to === from) continue;
      folders.add(to);
      if (!edgesFrom.has(from)) edgesFrom.set(from, new Set());
      edgesFrom.get(from).add(to);
      const key = `${from} -> ${to}`;
      if (!imports.has(key)) imports.set(key, []);
      imports.get(key).push({ from: module.source, to: dependency.resolved });
    }
  }
  const component = components(folders, edgesFrom);
  for (const [from, targets] of edgesFrom)
    for (const to of targets) {
      if (component.get(from) !== component.get(to)) continue;
      const key = `${from} -> ${to}`;
      violations.push({
        rule: FOLDER_CYCLE,
        from,
        to,
        key,
        imports: imports.get(key).sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
        comment: FOLDER_CYCLE_COMMENT,
        cycle: [from, ...shortestPath(to, from, edgesFrom)],
      });
    }
  return violations.sort((a, b) => a.rule.localeCompare(b.rule) || a.key.localeCompare(b.key));
}

/** The baseline's entries, by rule: `{ [rule]: ['from -> to', …] }`. An absent file is an empty baseline. */
export function readBaseline(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') return {};
    throw error;
  }
  return JSON.parse(text).violations ?? {};
}

/** The baseline file's text for these violations (sorted, one entry a line). */
export function baselineText(violations) {
  const byRule = {};
  for (const { rule, key } of violations) (byRule[rule] ??= []).push(key);
  for (const keys of Object.values(byRule)) keys.sort();
  return `${JSON.stringify(
    {
      comment:
        'Imports that break the boundaries of docs/architecture.md ("Adding a feature"), accepted because they were ' +
        'there before the check: it fails on any other, and on an entry here that no longer occurs. Written by ' +
        '`npm run lint:boundaries -- --update`; shrink it, never grow it without a reason in the review.',
      violations: byRule,
    },
    null,
    2,
  )}\n`;
}

/**
 * Compares violations with a baseline: `added` are violations the baseline does not list, `gone` baseline entries
 * (`{ rule, key }`) that no longer occur.
 */
export function compare(violations, baseline) {
  const known = new Set(Object.entries(baseline).flatMap(([rule, keys]) => keys.map((key) => `${rule}\n${key}`)));
  const found = new Set(violations.map(({ rule, key }) => `${rule}\n${key}`));
  return {
    added: violations.filter(({ rule, key }) => !known.has(`${rule}\n${key}`)),
    gone: [...known]
      .filter((entry) => !found.has(entry))
      .sort()
      .map((entry) => {
        const [rule, key] = entry.split('\n');
        return { rule, key };
      }),
  };
}

/** What a violation the baseline does not list says: the importing file, the imported file and the rule. */
export function describeAdded(violation) {
  const lines =
    violation.rule === FOLDER_CYCLE
      ? [
          `${violation.rule}: ${violation.key} closes a cycle of folders (${violation.cycle.join(' -> ')}):`,
          ...violation.imports.map(({ from, to }) => `  ${from} imports ${to}`),
        ]
      : [`${violation.rule}: ${violation.from} imports ${violation.to}`];
  return [...lines, `  ${violation.comment}`].join('\n');
}

/** What a baseline entry that no longer occurs says. */
export function describeGone({ rule, key }, baselineFile) {
  return `${rule}: ${key} no longer occurs: remove it from the baseline (${baselineFile}; npm run lint:boundaries -- --update)`;
}

async function main() {
  const { values } = commandLine({
    name: 'lint:boundaries',
    usage: `Usage: npm run lint:boundaries [-- --update]    (or: node scripts/boundaries.mjs ...)

Checks the relay's boundaries (packages/relay/.dependency-cruiser.mjs, and no new cycle between folders) against
packages/relay/boundaries-baseline.json: fails on a violation it does not list, and on an entry that no longer occurs.

  --update   writes the baseline as the code is now`,
    options: { update: { type: 'boolean', default: false } },
  });
  const root = join(repository, 'packages/relay');
  const baselineFile = join(root, 'boundaries-baseline.json');
  const shown = relative(repository, baselineFile);
  const violations = await findViolations(root);
  const { added, gone } = compare(violations, readBaseline(baselineFile));
  if (values.update) {
    writeFileSync(baselineFile, baselineText(violations));
    console.log(`${shown}: ${violations.length} entries (${added.length} added, ${gone.length} removed)`);
    return;
  }
  for (const violation of added) console.error(describeAdded(violation));
  for (const entry of gone) console.error(describeGone(entry, shown));
  const counts = Object.entries(Object.groupBy(violations, ({ rule }) => rule))
    .map(([rule, list]) => `${list.length} ${rule}`)
    .join(', ');
  if (added.length > 0 || gone.length > 0) {
    console.error(
      `boundaries: ${added.length} new violation(s), ${gone.length} baseline entr${gone.length === 1 ? 'y' : 'ies'} gone`,
    );
    process.exitCode = 1;
  } else console.log(`boundaries: no new violation; the baseline's ${violations.length} still occur (${counts})`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
