#!/usr/bin/env node
// Writes a new relay feature's skeleton in its own folder, in the frame docs/architecture.md ("Adding a feature")
// describes and snooze (packages/relay/src/snooze/) follows:
//
//   npm run new:feature -- <name>            e.g. npm run new:feature -- call-notes
//   npm run new:feature -- <name> --root DIR  into another copy of the repository's layout (its tests use one)
//
// It writes packages/relay/src/<name>/ (feature.ts with defineFeature; the running part; a repository over the
// feature's own table, declared for erasure; its migration `<name>.entries`; the route module with one admin route,
// `PUT /v1/admin/conversations/{id}/<name>`, and its body's and answer's schemas; the route's prose for the API
// document), packages/relay/test/<name>.test.ts (a relay started with the desk fixture, the route called), docs/<name>.md
// and a changelog fragment changes/<today>-<name>.md, and adds the one line of the feature to the feature list
// (packages/relay/src/features/features.ts, with its import). Then `npm run build` writes the API document.
//
// A name is lower-case words joined by `-` (a letter first). A name that is taken (a feature, a folder of the relay's
// src, a test, a docs page, a table, a route of a conversation) is refused before anything is written.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { commandLine } from './command-line.mjs';

const NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const FEATURES_FILE = 'packages/relay/src/features/features.ts';

/** The spellings of a feature's name the files need: `call-notes` → CallNotes, callNotes, CALL_NOTES, call_notes. */
export function spellings(name) {
  const words = name.split('-');
  const pascal = words.map((word) => word[0].toUpperCase() + word.slice(1)).join('');
  return {
    name,
    pascal,
    camel: pascal[0].toLowerCase() + pascal.slice(1),
    constant: words.map((word) => word.toUpperCase()).join('_'),
    snake: words.join('_'),
    title: words.join(' ')[0].toUpperCase() + words.join(' ').slice(1),
    key: name.includes('-') ? `'${name}'` : name,
    table: `${words.join('_')}_entries`,
  };
}

/** Every file under `dir` whose name ends with `.ts`, recursively. */
function* tsFiles(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* tsFiles(path);
    else if (entry.isFile() && entry.name.endsWith('.ts')) yield path;
  }
}

/**
 * Why `name` cannot be a new feature in the repository at `root`, or undefined when it can.
 *
 * @param {string} root
 * @param {string} name
 * @returns {string | undefined}
 */
export function refusal(root, name) {
  if (!NAME.test(name))
    return `"${name}" is not a feature's name: lower-case words of letters and digits joined by - (a letter first), like call-notes`;
  if (name.length > 40) return `"${name}" is longer than 40 characters`;
  const s = spellings(name);
  const src = join(root, 'packages/relay/src');
  if (!existsSync(join(root, FEATURES_FILE))) return `${FEATURES_FILE} is not there: is ${root} the repository?`;
  if (existsSync(join(src, name))) return `packages/relay/src/${name}/ exists already`;
  for (const path of [`packages/relay/test/${name}.test.ts`, `docs/${name}.md`])
    if (existsSync(join(root, path))) return `${path} exists already`;
  const list = readFileSync(join(root, FEATURES_FILE), 'utf8');
  if (!/\] as const;/.test(list) || !/^import \{ \w+ \} from '\.\.\/[^']+\/[^']+\.js';$/m.test(list))
    return `${FEATURES_FILE} has no FEATURES list ending in "] as const;" after its imports: add the feature by hand`;
  if (new RegExp(`\\b${s.camel}Feature\\b`).test(list)) return `${s.camel}Feature is in the feature list already`;
  for (const file of tsFiles(src)) {
    const text = readFileSync(file, 'utf8');
    const where = file.slice(root.length + 1);
    if (new RegExp(`\\bname: '${name}'`).test(text) && /defineFeature\(/.test(text))
      return `a feature is named ${name} already (${where})`;
    if (new RegExp(`\\b${s.key.replace(/'/g, "'?")}:\\s`).test(text) && /interface FeatureInstances\b/.test(text))
      return `use('${name}') is another feature's already (${where})`;
    if (new RegExp(`CREATE TABLE (IF NOT EXISTS )?${s.table}\\b`).test(text))
      return `the table ${s.table} exists already (${where})`;
    if (text.includes(`/v1/admin/conversations/{id}/${name}'`))
      return `the route /v1/admin/conversations/{id}/${name} exists already (${where})`;
  }
  return undefined;
}

/** The files of a new feature, by path from the repository's root. */
export function featureFiles(name, date) {
  const s = spellings(name);
  const dir = `packages/relay/src/${name}`;
  return {
    [`${dir}/feature.ts`]: `import { defineFeature } from '../features/feature.js';
import { ${s.constant}_MIGRATIONS } from './${name}-migrations.js';
import { ${s.pascal}Repository } from './${name}-repository.js';
import { ${s.camel}Routes } from './${name}-routes.js';
import { ${s.pascal} } from './${name}.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    ${s.key}: ${s.pascal};
  }
}

/** ${s.title}: a value kept per conversation (docs/${name}.md). */
export const ${s.camel}Feature = defineFeature({
  name: '${name}',
  migrations: ${s.constant}_MIGRATIONS,
  adminRoutes: ${s.camel}Routes,
  apiTag: { name: '${name}', description: '${s.title}: a value kept per conversation (docs/${name}.md).' },
  // Its rows belong to a conversation: erased with it (an erasure request, retention).
  erasure: { conversations: [{ table: '${s.table}' }] },
  create: ({ db, options }) => {
    const ${s.camel} = new ${s.pascal}({
      repository: new ${s.pascal}Repository(db),
      ...(options.clock ? { now: options.clock } : {}),
    });
    return { instance: ${s.camel} };
  },
});
`,
    [`${dir}/${name}.ts`]: `import type { ${s.pascal}Entry, ${s.pascal}Repository } from './${name}-repository.js';

/** What {@link ${s.pascal}} is made with. */
export interface ${s.pascal}Options {
  readonly repository: ${s.pascal}Repository;
  /** The clock (tests); default \`Date.now\`. */
  readonly now?: () => number;
}

/** ${s.title}'s running part (\`use('${name}')\`): a value kept per conversation. */
export class ${s.pascal} {
  private readonly repository: ${s.pascal}Repository;
  readonly now: () => number;

  constructor(options: ${s.pascal}Options) {
    this.repository = options.repository;
    this.now = options.now ?? Date.now;
  }

  /** The conversation's value, or undefined when none was set. */
  get(siteId: string, conversationId: string): Promise<${s.pascal}Entry | undefined> {
    return this.repository.get(siteId, conversationId);
  }

  /** Sets the conversation's value (replacing the one before) as \`staffId\`, and answers it as stored. */
  async set(siteId: string, conversationId: string, value: string, staffId: string): Promise<${s.pascal}Entry> {
    const entry = { siteId, conversationId, value, updatedBy: staffId, updatedAt: this.now() };
    await this.repository.put(entry);
    return entry;
  }
}
`,
    [`${dir}/${name}-repository.ts`]: `import type { SqlDb } from '../store/sql/sql-db.js';

/** A conversation's value, as stored. */
export interface ${s.pascal}Entry {
  readonly siteId: string;
  readonly conversationId: string;
  readonly value: string;
  /** The staff member who set it. */
  readonly updatedBy: string;
  /** When (ms since the epoch). */
  readonly updatedAt: number;
}

interface Row {
  site_id: string;
  conversation_id: string;
  value: string;
  updated_by: string;
  updated_at: number | string;
}

const entry = (row: Row): ${s.pascal}Entry => ({
  siteId: row.site_id,
  conversationId: row.conversation_id,
  value: row.value,
  updatedBy: row.updated_by,
  updatedAt: Number(row.updated_at),
});

/** ${s.title}'s table, \`${s.table}\`: one row per conversation (the feature's migrations make it). */
export class ${s.pascal}Repository {
  constructor(private readonly db: SqlDb) {}

  async get(siteId: string, conversationId: string): Promise<${s.pascal}Entry | undefined> {
    const [row] = await this.db.all<Row>('SELECT * FROM ${s.table} WHERE site_id = ? AND conversation_id = ?', [
      siteId,
      conversationId,
    ]);
    return row ? entry(row) : undefined;
  }

  async put(value: ${s.pascal}Entry): Promise<void> {
    await this.db.run(
      \`INSERT INTO ${s.table} (conversation_id, site_id, value, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (conversation_id) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by,
         updated_at = excluded.updated_at\`,
      [value.conversationId, value.siteId, value.value, value.updatedBy, value.updatedAt],
    );
  }
}
`,
    [`${dir}/${name}-migrations.ts`]: `import type { Migration } from '../store/migration.js';

/** ${s.title}'s migrations (docs/${name}.md), by name (ADR 0021). Never edit one that has shipped: add another. */
export const ${s.constant}_MIGRATIONS: readonly Migration[] = [
  // Each conversation's value: one row per conversation, replaced by the next.
  {
    name: '${name}.entries',
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => \`
  CREATE TABLE ${s.table} (
    conversation_id ${'$'}{TEXT} PRIMARY KEY,
    site_id         ${'$'}{TEXT} NOT NULL,
    value           ${'$'}{TEXT} NOT NULL,
    updated_by      ${'$'}{TEXT} NOT NULL,
    updated_at      ${'$'}{BIGINT} NOT NULL
  ) ${'$'}{WITHOUT_ROWID};
  \`,
  },
];
`,
    [`${dir}/${name}-schemas.ts`]: `import { doc } from '@parley/protocol/admin';
import * as z from 'zod/mini';

// ${s.title}'s bodies and answers, once, in zod: the route parses with them and the API document shows them. When
// the inbox calls the route, they move to the admin API's contract (packages/protocol/src/admin/${name}.ts), which
// the inbox takes its types from.

/** \`PUT /v1/admin/conversations/{id}/${name}\`. */
export const ${s.pascal}Body = z
  .strictObject({
    value: z
      .string()
      .check(z.minLength(1), z.maxLength(1000), doc({ description: 'The value, 1 to 1,000 characters.' })),
  })
  .check(doc({ example: { value: 'Call back on Monday' } }));

/** What setting it answers: the value as stored. */
export const ${s.pascal}Entry = z.object({
  conversationId: z.string(),
  value: z.string(),
  updatedBy: z.string().check(doc({ description: 'The staff member who set it.' })),
  updatedAt: z.int().check(doc({ description: 'When, in ms since the epoch.' })),
});

export type ${s.pascal}Body = z.output<typeof ${s.pascal}Body>;
export type ${s.pascal}Answer = z.output<typeof ${s.pascal}Entry>;
`,
    [`${dir}/${name}-routes.ts`]: `import { ApiError } from '../http/admin-http.js';
import { adminRoute, audit, conversationOr404, type AdminRoute, type Call } from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';
import { ${s.pascal}Body, ${s.pascal}Entry, type ${s.pascal}Answer } from './${name}-schemas.js';
import type { ${s.pascal} } from './${name}.js';

function ${s.camel}Of(call: Call): ${s.pascal} {
  const feature = call.use('${name}');
  if (!feature) throw new ApiError('not_found', '${s.title} is not part of this relay.');
  return feature;
}

/**
 * ${s.title} (docs/${name}.md): any staff member who sees the conversation. Each route is one object: the router
 * parses its body by \`requestBody\` (\`call.body\`), and the API document is made from its \`doc\`.
 */
export const ${s.camel}Routes: readonly AdminRoute[] = [
  adminRoute({
    method: 'PUT',
    path: '/v1/admin/conversations/{id}/${name}',
    resource: 'conversation',
    requestBody: ${s.pascal}Body,
    doc: {
      summary: 'Set a conversation’s ${s.title.toLowerCase()} value',
      description:
        'Replaces the value set before. Any staff member who sees the conversation; written to the audit log as \`${name}.set\`.',
      tag: '${name}',
      responses: ok('Set.', ${s.pascal}Entry),
    },
    run: async (call) => {
      const conversation = await conversationOr404(call);
      const entry = await ${s.camel}Of(call).set(call.site.id, conversation.id, call.body.value, call.staff.id);
      await audit(call, '${name}.set', 'conversation', conversation.id);
      const answer: ${s.pascal}Answer = {
        conversationId: entry.conversationId,
        value: entry.value,
        updatedBy: entry.updatedBy,
        updatedAt: entry.updatedAt,
      };
      return { status: 200, body: answer };
    },
  }),
];
`,
    [`packages/relay/test/${name}.test.ts`]: `/**
 * ${s.title} (docs/${name}.md): a value kept per conversation, set through the admin API and erased with the
 * conversation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from './support/client.js';
import { siteKey, startDesk, type Desk } from './support/desk.js';

describe('${name} (admin API)', () => {
  let relay: Desk;
  const clients: TestClient[] = [];

  before(async () => {
    relay = await startDesk({ ipRateLimitPerSecond: 0 });
  });
  after(async () => {
    for (const client of clients) client.close();
    await relay.close();
  });

  /** A visitor's new conversation: its id and the visitor's. */
  async function conversation(): Promise<{ id: string; visitorId: string }> {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    clients.push(client);
    await client.say('m-1', 'Hello');
    return { id: welcome.conversationId!, visitorId: welcome.visitorId! };
  }

  it('sets a conversation’s value, replaces it, and keeps it', async () => {
    const { id } = await conversation();
    const set = await relay.call('PUT', \`/v1/admin/conversations/\${id}/${name}\`, { value: 'Call back on Monday' });
    assert.equal(set.status, 200);
    assert.equal(set.body.conversationId, id);
    assert.equal(set.body.value, 'Call back on Monday');
    assert.equal(typeof set.body.updatedAt, 'number');
    const again = await relay.call('PUT', \`/v1/admin/conversations/\${id}/${name}\`, { value: 'Call back on Tuesday' });
    assert.equal(again.status, 200);
    const kept = await relay.use('${name}')!.get('default', id);
    assert.equal(kept?.value, 'Call back on Tuesday');
    assert.equal(kept?.updatedBy, set.body.updatedBy);
  });

  it('refuses a body it does not take, and a conversation that is not there', async () => {
    const { id } = await conversation();
    for (const body of [{}, { value: '' }, { value: 'x'.repeat(1001) }, { value: 'Hi', other: 1 }])
      assert.equal(
        (await relay.call('PUT', \`/v1/admin/conversations/\${id}/${name}\`, body)).status,
        400,
        JSON.stringify(body),
      );
    const missing = await relay.call('PUT', '/v1/admin/conversations/no-such-conversation/${name}', { value: 'Hi' });
    assert.equal(missing.status, 404);
    assert.equal(await relay.use('${name}')!.get('default', id), undefined);
  });

  it('is erased with the conversation (its contact erased)', async () => {
    const { id, visitorId } = await conversation();
    assert.equal((await relay.call('PUT', \`/v1/admin/conversations/\${id}/${name}\`, { value: 'Secret' })).status, 200);
    assert.equal((await relay.call('DELETE', \`/v1/admin/contacts/\${visitorId}\`)).status, 204);
    assert.equal(await relay.use('${name}')!.get('default', id), undefined);
  });
});
`,
    [`docs/${name}.md`]: `# ${s.title}

${s.title} keeps a value per conversation, set by staff through the admin API. The feature is
\`packages/relay/src/${name}/\` ([docs/architecture.md, "Adding a feature"](architecture.md#adding-a-feature)).

## Admin API

\`PUT /v1/admin/conversations/{id}/${name}\` with \`{ "value": "…" }\` (1 to 1,000 characters) sets the conversation's
value, replacing the one before, and answers it as stored (\`conversationId\`, \`value\`, \`updatedBy\`, \`updatedAt\`).
Any staff member who sees the conversation may; it is written to the audit log as \`${name}.set\`. A body with another
field is refused (400 \`bad_request\`), and a conversation the caller may not see is 404. The route is in
[the OpenAPI document](api/openapi.json), tag \`${name}\`.

## Storage and erasure

One row per conversation in \`${s.table}\` (migration \`${name}.entries\`, on SQLite and PostgreSQL), erased with the
conversation.
`,
    [`changes/${date}-${name}.md`]: `### Added

- ${s.title}: a value kept per conversation, \`PUT /v1/admin/conversations/{id}/${name}\` (migration \`${name}.entries\`
  on both stores). [docs/${name}.md](docs/${name}.md).
`,
  };
}

/** The feature list with the new feature's import and its line (last: it asks its hooks and starts last). */
export function withFeature(list, name) {
  const s = spellings(name);
  const lines = list.split('\n');
  const lastImport = lines.findLastIndex((line) => /^import \{ \w+Feature \} from '\.\.\/[^']+\.js';$/.test(line));
  lines.splice(lastImport + 1, 0, `import { ${s.camel}Feature } from '../${name}/feature.js';`);
  const end = lines.indexOf('] as const;');
  lines.splice(end, 0, `  ${s.camel}Feature,`);
  return lines.join('\n');
}

/**
 * Writes the feature `name` into the repository at `root`, or throws (having written nothing) when it cannot be.
 *
 * @returns {string[]} the paths written, from `root`
 */
export async function newFeature(root, name, date = new Date().toISOString().slice(0, 10)) {
  const why = refusal(root, name);
  if (why) throw new Error(why);
  const files = featureFiles(name, date);
  for (const path of Object.keys(files)) if (existsSync(join(root, path))) throw new Error(`${path} exists already`);
  const list = withFeature(readFileSync(join(root, FEATURES_FILE), 'utf8'), name);
  // Formatted as `npm run lint` wants them, whatever the name's length does to the lines (this repository's settings).
  const options = (await prettier.resolveConfig(fileURLToPath(new URL('../package.json', import.meta.url)))) ?? {};
  for (const path of Object.keys(files))
    files[path] = await prettier.format(files[path], { ...options, filepath: join(root, path) });
  mkdirSync(join(root, `packages/relay/src/${name}`), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  writeFileSync(join(root, FEATURES_FILE), list);
  return [...Object.keys(files), FEATURES_FILE];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = commandLine({
    name: 'new:feature',
    usage: `Usage: npm run new:feature -- <name> [--root DIR]

Writes a relay feature's skeleton in its own folder, packages/relay/src/<name>/ (docs/architecture.md, "Adding a
feature"): feature.ts, its running part, repository, migration, one admin route with its schemas and prose; its test
packages/relay/test/<name>.test.ts, docs/<name>.md, a changelog fragment in changes/, and its line in the feature list.

  <name>       lower-case words joined by - (call-notes); refused, with nothing written, when it is taken
  --root DIR   the repository to write into (default: this one)`,
    options: { root: { type: 'string' } },
    allowPositionals: true,
    check: ({ positionals }) => {
      if (positionals.length !== 1) throw new Error('give the feature one name');
    },
  });
  const root = values.root ? resolve(values.root) : fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
  try {
    const written = await newFeature(root, positionals[0]);
    process.stdout.write(
      `new:feature: wrote ${positionals[0]}:\n${written.map((path) => `  ${path}`).join('\n')}\n` +
        `Next: npm run build (it writes docs/api/openapi.json), then\n` +
        `  cd packages/relay && node --conditions=source --import ../../scripts/ts-hooks.mjs --test test/${positionals[0]}.test.ts\n`,
    );
  } catch (error) {
    process.stderr.write(`new:feature: ${/** @type {Error} */ (error).message}; nothing was written\n`);
    process.exit(1);
  }
}
