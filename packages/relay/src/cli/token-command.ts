import { hashToken, randomId, randomToken } from '../auth/tokens.js';
import { DEFAULT_SITE_ID, type Site, type Staff } from '../store/store.js';
import {
  EXIT,
  UsageError,
  parseCommandArgs,
  stringOption,
  table,
  type CliCommand,
  type CliOutput,
  subcommandRunner,
} from '../commands/command.js';
import { relayParts } from './load-relay-parts.js';
import type { OpenStores } from './open-stores.js';

const createUsage = [
  'Usage: parley-relay token create --name <name> [--role admin|agent] [--site <key>] [--json]',
  '',
  'Creates a staff token and prints it once (only its SHA-256 is stored). A running relay accepts it at once.',
  '',
  'Options:',
  '  --name <name>   who the token is for (1-120 characters), shown in the inbox and the audit log',
  '  --role <role>   admin (may manage the team, settings and broadcasts) or agent (default)',
  "  --site <key>    the site's public key (default: the relay's default site)",
  '  --json          print {"id","siteKey","name","role","createdAt","token"} as JSON',
].join('\n');

const listUsage = [
  'Usage: parley-relay token list [--site <key>] [--json]',
  '',
  'Lists active staff tokens (never the tokens themselves): of one site, or of every site.',
].join('\n');

const revokeUsage = [
  'Usage: parley-relay token revoke <id>',
  '',
  'Revokes the staff token with that id (from `token list`). The admin API refuses it at once; a running',
  "relay also closes that member's open inbox connections (4014) within a few seconds.",
].join('\n');

const actor = { actorId: 'cli', actorName: 'parley-relay CLI' };

/** The site a `--site` key names, or the default site; wrong keys are usage errors. */
async function siteFor(stores: OpenStores, key: string | undefined, usage: string): Promise<Site> {
  const site = key === undefined ? await stores.store.getSite(DEFAULT_SITE_ID) : await stores.store.getSiteByKey(key);
  if (!site)
    throw new UsageError(
      key === undefined
        ? 'the relay has no default site yet: start it once, or pass --site <key>.'
        : `no site has the key "${key}" (see \`parley-relay site list\`).`,
      usage,
    );
  return site;
}

async function create(args: readonly string[], env: NodeJS.ProcessEnv, output: CliOutput): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    { name: { type: 'string' }, role: { type: 'string' }, site: { type: 'string' }, json: { type: 'boolean' } },
    { min: 0, max: 0 },
    createUsage,
  );
  const name = stringOption(values.name, 'name', false)?.trim();
  if (!name || name.length > 120) throw new UsageError('--name is required (1-120 characters).', createUsage);
  const role = stringOption(values.role, 'role') ?? 'agent';
  if (role !== 'admin' && role !== 'agent') throw new UsageError('--role must be admin or agent.', createUsage);
  const { loadConfig, openStores } = await relayParts();
  const config = loadConfig({}, env);
  const stores = await openStores(config);
  try {
    const site = await siteFor(stores, stringOption(values.site, 'site'), createUsage);
    const token = randomToken('st', 32);
    const staff: Staff = {
      id: randomId('staff'),
      siteId: site.id,
      name,
      role,
      tokenHash: hashToken(token),
      createdAt: Date.now(),
      revokedAt: null,
    };
    await stores.store.createStaff(staff);
    await stores.repos.audit.appendAudit({
      siteId: site.id,
      at: staff.createdAt,
      ...actor,
      action: 'token.create',
      targetType: 'staff',
      targetId: staff.id,
      details: { name, role },
    });
    if (values.json) {
      const { id, createdAt } = staff;
      output.out(`${JSON.stringify({ id, siteKey: site.siteKey, name, role, createdAt, token })}\n`);
    } else {
      output.out(
        [
          // Both roles begin with a vowel: "an admin token", "an agent token".
          `Created an ${role} token for ${name} on ${site.name} (${site.siteKey}).`,
          `  id     ${staff.id}`,
          `  token  ${token}   (secret: shown only now; only its hash is stored)`,
          '',
        ].join('\n'),
      );
    }
    return EXIT.ok;
  } finally {
    await stores.close();
  }
}

async function list(args: readonly string[], env: NodeJS.ProcessEnv, output: CliOutput): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    { site: { type: 'string' }, json: { type: 'boolean' } },
    { min: 0, max: 0 },
    listUsage,
  );
  const { loadConfig, openStores } = await relayParts();
  const config = loadConfig({}, env);
  const stores = await openStores(config);
  try {
    const key = stringOption(values.site, 'site');
    const sites = key === undefined ? await stores.repos.sites.listSites() : [await siteFor(stores, key, listUsage)];
    const rows = [];
    for (const site of sites)
      for (const staff of await stores.repos.desk.listStaff(site.id)) rows.push({ ...staff, siteKey: site.siteKey });
    if (values.json) output.out(`${JSON.stringify(rows)}\n`);
    else
      output.out(
        table(
          ['ID', 'ROLE', 'SITE', 'CREATED', 'NAME'],
          rows.map((row) => [row.id, row.role, row.siteKey, new Date(row.createdAt).toISOString(), row.name]),
        ),
      );
    return EXIT.ok;
  } finally {
    await stores.close();
  }
}

async function revoke(args: readonly string[], env: NodeJS.ProcessEnv, output: CliOutput): Promise<number> {
  const { positionals } = parseCommandArgs(args, {}, { min: 1, max: 1, names: '<id>' }, revokeUsage);
  const id = positionals[0]!;
  const { loadConfig, openStores } = await relayParts();
  const config = loadConfig({}, env);
  const stores = await openStores(config);
  try {
    const siteId = await stores.repos.sites.findStaffSite(id);
    const now = Date.now();
    if (siteId === undefined || !(await stores.repos.desk.revokeStaff(siteId, id, now)))
      throw new UsageError(`no active token has the id "${id}" (see \`parley-relay token list\`).`, revokeUsage);
    await stores.repos.audit.appendAudit({
      siteId,
      at: now,
      ...actor,
      action: 'token.revoke',
      targetType: 'staff',
      targetId: id,
      details: {},
    });
    output.out(`Revoked ${id}.\n`);
    return EXIT.ok;
  } finally {
    await stores.close();
  }
}

const subcommands = new Map([
  ['create', create],
  ['list', list],
  ['revoke', revoke],
]);

/** `parley-relay token create|list|revoke` */
export const tokenCommand: CliCommand = {
  name: 'token',
  summary: 'create, list and revoke staff and admin tokens',
  usage: [
    'Usage: parley-relay token <create|list|revoke> [options]',
    '',
    '  token create --name <name> [--role admin|agent] [--site <key>]   prints the token once',
    '  token list [--site <key>]',
    '  token revoke <id>',
    '',
    'Works beside a running relay (the same database), which honours the change at once.',
    '`parley-relay token <subcommand> --help` describes each.',
  ].join('\n'),
  run: subcommandRunner(subcommands),
};
