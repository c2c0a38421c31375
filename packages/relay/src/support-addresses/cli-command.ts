import * as z from 'zod/mini';
import { IN_ENGLISH } from '../english-issues.js';
import { SupportAddresses } from './support-addresses.js';
import {
  EXIT,
  UsageError,
  parseCommandArgs,
  stringOption,
  table,
  type CliCommand,
  type CliOutput,
  subcommandRunner,
  type CommandContext,
  type OpenStores,
} from '../commands/command.js';

const listUsage = [
  'Usage: parley-relay support-address list [--site <id>] [--json]',
  '',
  'Lists the support addresses waiting for confirmation (every site’s, or one site’s): an address takes no mail and',
  'sends nothing until the code mailed to it is entered in the inbox, or the operator confirms it.',
  '',
  'Options:',
  '  --site <id>   one site’s (its id, as `parley-relay site list` shows it)',
  '  --json        print [{"address","siteId","siteName","name","createdAt"}] as JSON',
].join('\n');

const confirmUsage = [
  'Usage: parley-relay support-address confirm <address> --site <id>',
  '',
  'Confirms a support address waiting on that site without its code, as the operator who set up where the',
  'address’s mail goes (the relay’s own mail, a mailbox the code never reaches). From then on its mail opens',
  'conversations on the site and replies are sent from it; a running relay follows within seconds. Refused when the',
  'address does not wait on that site: another site’s claim, or an address confirmed already, is left as it is.',
  'Recorded in the site’s audit log.',
  '',
  'Options:',
  '  --site <id>   the site the address waits on (required, so that no other site’s is confirmed by mistake)',
].join('\n');

/** The site `id` names, or a {@link UsageError} saying there is none (and where to look). */
async function siteOf(stores: OpenStores, id: string, usage: string): Promise<{ id: string; name: string }> {
  // The list, not the site with its identity secret: that needs the data key, which this command has no use for.
  const site = (await stores.repos.sites.listSites()).find((candidate) => candidate.id === id);
  if (!site) throw new UsageError(`no site "${id}" on this relay (\`parley-relay site list\` shows them).`, usage);
  return site;
}

async function list(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  output: CliOutput,
  context: CommandContext,
): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    { site: { type: 'string' }, json: { type: 'boolean' } },
    { min: 0, max: 0 },
    listUsage,
  );
  const siteId = stringOption(values.site, 'site');
  const stores = await context.openStores(env);
  try {
    if (siteId !== undefined) await siteOf(stores, siteId, listUsage);
    const names = new Map((await stores.repos.sites.listSites()).map((site) => [site.id, site.name]));
    const waiting = (await new SupportAddresses(stores.db).waiting(siteId)).map((item) => ({
      address: item.address,
      siteId: item.siteId,
      siteName: names.get(item.siteId) ?? null,
      name: item.name,
      createdAt: item.createdAt,
    }));
    if (values.json) output.out(`${JSON.stringify(waiting)}\n`);
    else if (waiting.length === 0)
      output.out(`No support address waits for confirmation${siteId === undefined ? '' : ` on ${siteId}`}.\n`);
    else
      output.out(
        table(
          ['ADDRESS', 'SITE', 'ADDED', 'SITE NAME'],
          waiting.map((item) => [
            item.address,
            item.siteId,
            new Date(item.createdAt).toISOString(),
            item.siteName ?? '',
          ]),
        ),
      );
    return EXIT.ok;
  } finally {
    await stores.close();
  }
}

async function confirm(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  output: CliOutput,
  context: CommandContext,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { site: { type: 'string' } },
    { min: 1, max: 1, names: '<address>' },
    confirmUsage,
  );
  // The admin API's contract, read only here: `--help` answers without it.
  const { SupportAddressValue } = await import('@parley/protocol/admin');
  const parsed = z.safeParse(SupportAddressValue, positionals[0]!.trim(), IN_ENGLISH);
  if (!parsed.success)
    throw new UsageError(`<address>: ${parsed.error.issues[0]?.message ?? 'invalid'}.`, confirmUsage);
  const address = parsed.data.toLowerCase();
  const siteId = stringOption(values.site, 'site');
  if (siteId === undefined) throw new UsageError('--site is required.', confirmUsage);
  const stores = await context.openStores(env);
  try {
    const site = await siteOf(stores, siteId, confirmUsage);
    const addresses = new SupportAddresses(stores.db);
    const found = await addresses.lookup(address);
    if (!found) throw new UsageError(`no site of this relay has the support address ${address}.`, confirmUsage);
    if (found.siteId !== site.id)
      throw new UsageError(
        `${address} is ${found.verifiedAt === null ? 'waiting' : 'confirmed'} on the site ${found.siteId}, not on ${site.id}: nothing changed.`,
        confirmUsage,
      );
    if (found.verifiedAt !== null || !(await addresses.vouch(site.id, address)))
      throw new UsageError(`${address} is confirmed already on ${site.id}: nothing changed.`, confirmUsage);
    await stores.repos.audit.appendAudit({
      siteId: site.id,
      at: Date.now(),
      actorId: 'cli',
      actorName: 'parley-relay CLI',
      action: 'support-addresses.confirm',
      targetType: 'site',
      targetId: site.id,
      details: { address, withoutCode: true },
    });
    output.out(`Confirmed ${address} as a support address of ${site.name} (${site.id}).\n`);
    return EXIT.ok;
  } finally {
    await stores.close();
  }
}

const subcommands = new Map([
  ['list', list],
  ['confirm', confirm],
]);

/** `parley-relay support-address list|confirm` */
export const cliCommand: CliCommand = {
  name: 'support-address',
  summary: 'list the support addresses waiting for confirmation, and confirm one for its site',
  usage: [
    'Usage: parley-relay support-address <list|confirm> [options]',
    '',
    '  support-address list [--site <id>]                the addresses waiting for their confirmation code',
    '  support-address confirm <address> --site <id>     confirms one without its code (the operator’s word)',
    '',
    '`parley-relay support-address <subcommand> --help` describes each. Works beside a running relay.',
  ].join('\n'),
  run: subcommandRunner(subcommands),
};
