import { LINK_TTL_MS } from '../auth/link-ttl.js';
import { hashToken, randomId, randomToken } from '../auth/tokens.js';
import type { RelayConfig } from '../config.js';
import { DEFAULT_SITE_ID } from '../store/store.js';
import {
  EXIT,
  UsageError,
  parseCommandArgs,
  stringOption,
  type CliCommand,
  type CliOutput,
  subcommandRunner,
} from '../commands/command.js';
import { relayParts } from './load-relay-parts.js';
import { listeningOrigin } from '../http/public-origin.js';
import { BREAK_GLASS_TTL_MS, SsoRepository } from '../sso/sso-repository.js';

const resetUsage = [
  'Usage: parley-relay account reset-link --email <email>',
  '',
  'Prints a one-time password reset link for the account with that email (it works once, for an hour). For an',
  'owner who lost their password and their two-factor device: the reset keeps two-factor as it is, so an owner',
  'without their codes also needs `--disable-2fa`.',
  '',
  'Options:',
  '  --email <email>   the account’s email',
  '  --disable-2fa     also turn two-factor off for the account (its recovery codes go too)',
].join('\n');

const breakGlassUsage = [
  'Usage: parley-relay account break-glass --email <email> [--minutes <1-1440>]',
  '',
  'Lets an owner sign in with their password (and two-factor) for a while, although a site of theirs requires',
  'single sign-on: for when the identity provider is down or misconfigured. Owners only; in the audit log of every',
  'site of the account. Default 60 minutes.',
].join('\n');

const setupUsage = [
  'Usage: parley-relay account setup-link',
  '',
  'Prints a new one-time setup link for the first owner (2 hours), as the relay prints at start while no account',
  'exists. Refused once an account exists.',
].join('\n');

/** Where links point, as the running relay builds them: `PARLEY_PUBLIC_URL`, else the address it listens on. */
function baseUrl(config: RelayConfig): string {
  return config.publicUrl ?? listeningOrigin(config.host, config.port);
}

async function resetLink(args: readonly string[], env: NodeJS.ProcessEnv, output: CliOutput): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    { email: { type: 'string' }, 'disable-2fa': { type: 'boolean' } },
    { min: 0, max: 0 },
    resetUsage,
  );
  const email = stringOption(values.email, 'email', false)?.trim().toLowerCase();
  if (!email) throw new UsageError('--email is required.', resetUsage);
  const { loadConfig, openStores } = await relayParts();
  const config = loadConfig({}, env);
  const stores = await openStores(config);
  try {
    const account = await stores.repos.accounts.findAccountByEmail(email);
    if (!account) throw new UsageError(`no account has the email "${email}".`, resetUsage);
    const now = Date.now();
    if (values['disable-2fa'])
      await stores.repos.accounts.updateAccount(
        account.id,
        { totpSecret: null, totpPending: null, totpEnabledAt: null, recoveryCodes: [], resetTotpStep: true },
        now,
      );
    const token = randomToken('lr', 24);
    await stores.repos.accounts.createAuthLink({
      id: randomId('link'),
      tokenHash: hashToken(token),
      kind: 'reset',
      siteId: null,
      accountId: account.id,
      email: null,
      name: null,
      role: null,
      createdBy: 'cli',
      createdAt: now,
      expiresAt: now + LINK_TTL_MS.reset,
      usedAt: null,
    });
    for (const membership of await stores.repos.accounts.memberships(account.id))
      await stores.repos.audit.appendAudit({
        siteId: membership.siteId,
        at: now,
        actorId: 'cli',
        actorName: 'parley-relay CLI',
        action: 'member.reset_link',
        targetType: 'staff',
        targetId: membership.staffId,
        details: values['disable-2fa'] ? { totpDisabled: true } : {},
      });
    output.out(
      [
        `A password reset link for ${account.email} (secret: it works once, for an hour):`,
        `  ${baseUrl(config)}/admin#reset=${token}`,
        ...(values['disable-2fa'] ? ['Two-factor authentication is off for this account.'] : []),
        '',
      ].join('\n'),
    );
    return EXIT.ok;
  } finally {
    await stores.close();
  }
}

async function breakGlass(args: readonly string[], env: NodeJS.ProcessEnv, output: CliOutput): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    { email: { type: 'string' }, minutes: { type: 'string' } },
    { min: 0, max: 0 },
    breakGlassUsage,
  );
  const email = stringOption(values.email, 'email', false)?.trim().toLowerCase();
  if (!email) throw new UsageError('--email is required.', breakGlassUsage);
  const minutesText = stringOption(values.minutes, 'minutes', false) ?? String(BREAK_GLASS_TTL_MS / 60_000);
  const minutes = Number(minutesText);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440)
    throw new UsageError('--minutes is a whole number from 1 to 1440.', breakGlassUsage);
  const { loadConfig, openStores } = await relayParts();
  const config = loadConfig({}, env);
  const stores = await openStores(config);
  try {
    const account = await stores.repos.accounts.findAccountByEmail(email);
    if (!account) throw new UsageError(`no account has the email "${email}".`, breakGlassUsage);
    const memberships = await stores.repos.accounts.memberships(account.id);
    if (!memberships.some((m) => m.role === 'owner' && m.deactivatedAt === null))
      throw new UsageError('only an owner gets a break-glass sign-in.', breakGlassUsage);
    const now = Date.now();
    const until = now + minutes * 60_000;
    await new SsoRepository(stores.db).setBreakGlass(account.id, until, now);
    for (const membership of memberships)
      await stores.repos.audit.appendAudit({
        siteId: membership.siteId,
        at: now,
        actorId: 'cli',
        actorName: 'parley-relay CLI',
        action: 'account.break_glass',
        targetType: 'account',
        targetId: account.id,
        details: { until },
      });
    output.out(
      `${account.email} may sign in with their password until ${new Date(until).toISOString()}, whatever single sign-on requires.\n`,
    );
    return EXIT.ok;
  } finally {
    await stores.close();
  }
}

async function setupLink(args: readonly string[], env: NodeJS.ProcessEnv, output: CliOutput): Promise<number> {
  parseCommandArgs(args, {}, { min: 0, max: 0 }, setupUsage);
  const { loadConfig, openStores } = await relayParts();
  const config = loadConfig({}, env);
  const stores = await openStores(config);
  try {
    if ((await stores.repos.accounts.countAccounts()) > 0)
      throw new UsageError('an account exists already: invite people from the inbox instead.', setupUsage);
    const now = Date.now();
    const token = randomToken('ls', 24);
    await stores.repos.accounts.createAuthLink(
      {
        id: randomId('link'),
        tokenHash: hashToken(token),
        kind: 'setup',
        siteId: DEFAULT_SITE_ID,
        accountId: null,
        email: null,
        name: null,
        role: 'owner',
        createdBy: 'cli',
        createdAt: now,
        expiresAt: now + LINK_TTL_MS.setup,
        usedAt: null,
      },
      true,
    );
    output.out(
      `Create the owner account (secret: it works once, for 2 hours):\n  ${baseUrl(config)}/admin#setup=${token}\n`,
    );
    return EXIT.ok;
  } finally {
    await stores.close();
  }
}

const subcommands = new Map([
  ['reset-link', resetLink],
  ['setup-link', setupLink],
  ['break-glass', breakGlass],
]);

/** `parley-relay account reset-link|setup-link` */
export const accountCommand: CliCommand = {
  name: 'account',
  summary: 'one-time links for staff accounts: a password reset, the first owner’s setup; an owner’s break-glass',
  usage: [
    'Usage: parley-relay account <reset-link|setup-link|break-glass> [options]',
    '',
    '  account reset-link --email <email> [--disable-2fa]   prints a password reset link (one hour)',
    '  account setup-link                                   prints a setup link while no account exists',
    '  account break-glass --email <email> [--minutes <n>]  an owner’s password works despite required SSO',
    '',
    'For the operator, when nobody can sign in to make the link in the inbox. Works beside a running relay.',
  ].join('\n'),
  run: subcommandRunner(subcommands),
};
