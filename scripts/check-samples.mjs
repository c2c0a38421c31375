#!/usr/bin/env node
// Type-checks every TypeScript and JavaScript code sample of the documentation (`npm run typecheck` runs it last):
// each ```ts and ```js block of README.md, CONTRIBUTING.md, the packages' and examples' READMEs and docs/, as a
// module of its own, under `strict` with the repository's compiler options, importing the packages as a user of the
// published ones would (their `types`, so after `tsc -b`). A sample that stopped compiling misleads every reader
// who copies it: the README's bot once passed `string | undefined` where a string was needed.
//
// An HTML comment right before a block (readers never see it) gives what the sample takes for granted:
//   <!-- sample: declare const form: HTMLFormElement; -->   TypeScript put before the sample (several comments add up)
//   <!-- sample: skip, a fragment of a lit element's render() -->   not checked, with the reason (required)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Inside the repository (git ignores .tmp/), so that `@parley/sdk`, `ws` and `lit` resolve from its node_modules.
const out = join(root, '.tmp/samples');

/** The Markdown files whose samples are checked. */
export function documents() {
  const found = ['README.md', 'CONTRIBUTING.md'];
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'dist') walk(path);
      else if (entry.isFile() && entry.name.endsWith('.md')) found.push(path);
    }
  };
  walk('docs');
  walk('examples');
  for (const pkg of readdirSync(join(root, 'packages'))) found.push(`packages/${pkg}/README.md`);
  return found.filter((path) => {
    try {
      readFileSync(join(root, path));
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * The samples of one Markdown text: `{ line, lang, code, context, skip }`, `line` the 1-based line of the sample's
 * first line of code.
 */
export function samplesOf(text) {
  const lines = text.split('\n');
  const samples = [];
  let notes = [];
  for (let i = 0; i < lines.length; i++) {
    const note = /^\s*<!-- sample: ([^]*?) -->\s*$/.exec(lines[i]);
    if (note) {
      notes.push(note[1].trim());
      continue;
    }
    const open = /^(\s*)```(ts|typescript|js|javascript)\s*$/.exec(lines[i]);
    if (!open) {
      if (lines[i].trim() !== '') notes = [];
      continue;
    }
    const indent = open[1].length;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end])) end++;
    const skip = notes.find((each) => each.startsWith('skip'));
    samples.push({
      line: start + 1,
      lang: open[2].startsWith('t') ? 'ts' : 'js',
      code: lines
        .slice(start, end)
        .map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length)))
        .join('\n'),
      context: notes.filter((each) => !each.startsWith('skip')),
      skip: skip === undefined ? undefined : skip.replace(/^skip[,:]?\s*/, ''),
    });
    notes = [];
    i = end;
  }
  return samples;
}

/** Writes every sample as a module under .tmp/samples and type-checks them; resolves with the problems, in words. */
export function checkSamples() {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const origin = new Map();
  const problems = [];
  let count = 0;
  for (const doc of documents()) {
    for (const sample of samplesOf(readFileSync(join(root, doc), 'utf8'))) {
      if (sample.skip !== undefined) {
        if (sample.skip === '') problems.push(`${doc}:${sample.line}: a skipped sample says why (sample: skip, <why>)`);
        continue;
      }
      const name = `${doc.replace(/[^A-Za-z0-9]+/g, '-')}-${sample.line}.${sample.lang === 'ts' ? 'ts' : 'js'}`;
      // Context first (TypeScript only: a .js sample's context is declared in a .d.ts beside it), then the sample;
      // `export {}` makes each a module, so that top-level await works and names do not meet across samples.
      const context = sample.context.join('\n');
      if (sample.lang === 'ts') {
        const head = context ? `${context}\n` : '';
        writeFileSync(join(out, name), `${head}${sample.code}\nexport {};\n`);
        origin.set(name, { doc, line: sample.line, shift: head ? head.split('\n').length - 1 : 0 });
      } else {
        writeFileSync(join(out, name), `${sample.code}\nexport {};\n`);
        if (context) writeFileSync(join(out, `${name.replace(/\.js$/, '')}.context.d.ts`), `${context}\n`);
        origin.set(name, { doc, line: sample.line, shift: 0 });
      }
      count++;
    }
  }
  writeFileSync(join(out, 'package.json'), '{ "type": "module", "private": true }\n');
  writeFileSync(
    join(out, 'tsconfig.json'),
    `${JSON.stringify(
      {
        extends: '../../tsconfig.base.json',
        compilerOptions: {
          noEmit: true,
          composite: false,
          declaration: false,
          declarationMap: false,
          allowJs: true,
          checkJs: true,
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          types: ['node'],
          // A sample's variables may go unused: it shows a call, not a program.
          noUnusedLocals: false,
        },
        include: ['*.ts', '*.js'],
      },
      null,
      2,
    )}\n`,
  );
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', out, '--pretty', 'false'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  for (const line of `${tsc.stdout}${tsc.stderr}`.split('\n')) {
    const found = /^\.tmp\/samples\/([^(]+)\((\d+),(\d+)\): (.*)$/.exec(line);
    if (found) {
      const where = origin.get(found[1].replace(/\.context\.d\.ts$/, '.js'));
      if (where) {
        const at = Number(found[2]) - where.shift;
        problems.push(
          at >= 1
            ? `${where.doc}:${where.line + at - 1}: ${found[4]}`
            : `${where.doc}:${where.line}: (in its <!-- sample: --> context) ${found[4]}`,
        );
        continue;
      }
    }
    if (line.trim() && !found) problems.push(line);
  }
  if (tsc.status !== 0 && problems.length === 0) problems.push(`tsc exited with ${tsc.status}`);
  return { count, problems };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { count, problems } = checkSamples();
  if (problems.length) {
    process.stderr.write(`Code samples of the documentation that do not type-check:\n${problems.join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write(`check-samples: ${count} code samples type-check (${relative(root, out)}).\n`);
}
