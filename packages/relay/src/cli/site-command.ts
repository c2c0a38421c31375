import * as z from 'zod/mini';
import { IN_ENGLISH } from '../english-issues.js';
import { DEFAULT_SITE_ID } from '../store/store.js';
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

const createUsage = [
  'Usage: parley-relay site create --name <name> [--origins <a,b>] [--json]',
  '',
  'Adds a site to this relay: a website (or app) with its own key, visitors, staff and inbox. Prints its',
  'public site key and its first admin token, once. A running relay serves the new site at once.',
  '',
  'Options:',
  '  --name <name>      the site name (1-120 characters)',
  '  --origins <a,b>    origins whose pages may open the chat, comma-separated, e.g.',
  '                     https://example.com,https://www.example.com (default *: any)',
  '  --json             print {"id","name","siteKey","allowedOrigins","createdAt","adminToken"} as JSON',
].join('\n');

const listUsage = ['Usage: parley-relay site list [--json]', '', 'Lists the sites on this relay.'].join('\n');

async function create(args: readonly string[], env: NodeJS.ProcessEnv, output: CliOutput): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    { name: { type: 'string' }, origins: { type: 'string' }, json: { type: 'boolean' } },
    { min: 0, max: 0 },
    createUsage,
  );
  const origins = stringOption(values.origins, 'origins')
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  // The admin API's contract (every schema of it), read only here.
  const { SiteCreate } = await import('@parley/protocol/admin');
  const parsed = z.safeParse(
    SiteCreate,
    {
      name: stringOption(values.name, 'name') ?? '',
      ...(origins ? { allowedOrigins: origins } : {}),
    },
    IN_ENGLISH,
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const option = issue?.path[0] === 'allowedOrigins' ? '--origins' : '--name';
    throw new UsageError(`${option}: ${issue?.message ?? 'invalid value'}.`, createUsage);
  }
  const { createSite, loadConfig, openStores } = await relayParts();
  const config = loadConfig({}, env);
  const stores = await openStores(config);
  try {
    const now = Date.now();
    const created = await createSite(stores.repos, parsed.data, now, stores.sealer);
    const { site } = created;
    // Recorded on the operator's (default) site, whose admins may list and create sites too.
    if (await stores.store.getSite(DEFAULT_SITE_ID))
      await stores.repos.audit.appendAudit({
        siteId: DEFAULT_SITE_ID,
        at: now,
        actorId: 'cli',
        actorName: 'parley-relay CLI',
        action: 'site.create',
        targetType: 'site',
        targetId: site.id,
        details: { name: site.name, siteKey: site.siteKey },
      });
    if (values.json) {
      output.out(`${JSON.stringify({ ...site, adminToken: created.adminToken })}\n`);
    } else {
      output.out(
        [
          `Created the site ${site.name} (${site.id}).`,
          `  site key     ${site.siteKey}   (public: goes in the widget's script tag, data-site-key)`,
          `  admin token  ${created.adminToken}   (secret: sign in at /admin; shown only now)`,
          `  origins      ${site.allowedOrigins.join(', ')}`,
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
  const { values } = parseCommandArgs(args, { json: { type: 'boolean' } }, { min: 0, max: 0 }, listUsage);
  const { loadConfig, openStores } = await relayParts();
  const config = loadConfig({}, env);
  const stores = await openStores(config);
  try {
    const sites = await stores.repos.sites.listSites();
    if (values.json) output.out(`${JSON.stringify(sites)}\n`);
    else
      output.out(
        table(
          ['ID', 'SITE KEY', 'CREATED', 'ORIGINS', 'NAME'],
          sites.map((site) => [
            site.id,
            site.siteKey,
            new Date(site.createdAt).toISOString(),
            site.allowedOrigins.join(','),
            site.name,
          ]),
        ),
      );
    return EXIT.ok;
  } finally {
    await stores.close();
  }
}

const subcommands = new Map([
  ['create', create],
  ['list', list],
]);

/** `parley-relay site create|list` */
export const siteCommand: CliCommand = {
  name: 'site',
  summary: 'create and list the sites one relay serves',
  usage: [
    'Usage: parley-relay site <create|list> [options]',
    '',
    '  site create --name <name> [--origins <a,b>]   prints the site key and its first admin token once',
    '  site list',
    '',
    '`parley-relay site <subcommand> --help` describes each.',
  ].join('\n'),
  run: subcommandRunner(subcommands),
};
