import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { ImapFlow, ImapFlowOptions } from 'imapflow';
import { refusedAddress } from '../outbound/address-guard.js';
import type { TlsMode } from './mailboxes.js';

/** How an operator lets sites reach a mail server on the relay's own machine or network, told with every refusal. */
export const ALLOW_HINT = 'the relay’s operator may allow them with PARLEY_MAILBOX_ALLOW_PRIVATE=1';

/** The guard's reasons that name an address of one's own machine or network (what the opt-in lifts). */
const LOCAL_REASONS = new Set([
  'loopback',
  'private',
  'private (CGNAT)',
  'private (unique local) or metadata',
  'link-local or metadata',
  'site-local',
]);

/** Seconds a server has to answer (connect, greet, log in) before the check gives up. */
export const answerSeconds = 10;

/** One server of a mailbox with its password in the clear (in memory only, never logged). */
export interface ServerLogin {
  readonly host: string;
  readonly port: number;
  readonly tls: TlsMode;
  readonly user: string;
  readonly password: string;
}

/** Resolves names the way the connection will (tests inject one). */
export type Resolve = (host: string) => Promise<readonly string[]>;

const systemResolve: Resolve = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * The address to connect to for `host`, or why the relay will not (a sentence naming the host, never a secret).
 * The address guard's judgement (`outbound/address-guard.ts`) on every address the name resolves to, before any
 * connection: a public unicast address passes; a loopback or private one only with the operator's opt-in
 * (`PARLEY_MAILBOX_ALLOW_PRIVATE`, as `PARLEY_WEBHOOK_ALLOW_PRIVATE` for webhooks); anything else (multicast,
 * reserved, metadata-like link-local without the opt-in) never. The connection then goes to the very address
 * judged, so a name that resolves elsewhere later gains nothing.
 */
export async function guardedAddress(
  host: string,
  allowPrivate: boolean,
  resolve: Resolve = systemResolve,
): Promise<{ readonly address: string } | { readonly refused: string }> {
  const bare = host
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[|\]$/g, '');
  let addresses: readonly string[];
  // Names under the TLDs reserved for examples and tests (RFC 2606, 6761) resolve nowhere: no query is made for them.
  if (/\.(example|invalid|test)$/.test(bare)) return { refused: `${host} could not be resolved` };
  if (isIP(bare) !== 0) addresses = [bare];
  else if (bare === 'localhost' || bare.endsWith('.localhost')) addresses = ['127.0.0.1'];
  else {
    try {
      addresses = await resolve(bare);
    } catch {
      return { refused: `${host} could not be resolved` };
    }
  }
  let refusal: string | undefined;
  for (const address of addresses) {
    const reason = refusedAddress(address);
    if (reason === undefined) return { address };
    if (allowPrivate && LOCAL_REASONS.has(reason)) return { address };
    refusal ??= LOCAL_REASONS.has(reason)
      ? `the relay does not connect to loopback or private addresses (${host} is ${address}); ${ALLOW_HINT}`
      : `the relay does not connect to ${reason} addresses (${host} is ${address})`;
  }
  return { refused: refusal ?? `${host} has no address` };
}

/** imapflow's options for one mailbox, connecting to `address` (judged) and checking TLS against `host`. */
export function imapOptions(login: ServerLogin, address: string): ImapFlowOptions {
  return {
    host: address,
    port: login.port,
    secure: login.tls === 'tls',
    doSTARTTLS: login.tls === 'starttls' ? true : login.tls === 'none' ? false : undefined,
    servername: isIP(login.host) === 0 ? login.host : undefined,
    auth: { user: login.user, pass: login.password },
    logger: false,
    connectionTimeout: answerSeconds * 1000,
    greetingTimeout: answerSeconds * 1000,
    socketTimeout: 5 * 60_000,
    // An IMAP literal larger than the inbound path takes is refused by the parser before it is held in memory.
    maxLiteralSize: 2 * 1024 * 1024,
    disableCompression: true,
    // IDLE soon after each read, so new mail is told at once rather than at the next poll.
    autoIdleDelay: 1000,
    clientInfo: { name: 'Parley' },
  };
}

/** nodemailer's SMTP options for one mailbox, connecting to `address` (judged). */
export function smtpOptions(login: ServerLogin, address: string): Record<string, unknown> {
  return {
    host: address,
    port: login.port,
    secure: login.tls === 'tls',
    requireTLS: login.tls === 'starttls',
    ignoreTLS: login.tls === 'none',
    auth: { user: login.user, pass: login.password },
    tls: isIP(login.host) === 0 ? { servername: login.host } : {},
    connectionTimeout: answerSeconds * 1000,
    greetingTimeout: answerSeconds * 1000,
    socketTimeout: 60_000,
    logger: false,
    debug: false,
  };
}

/** What went wrong with a connection, in words for the admin (never the server's text: it may echo a secret). */
export function connectionError(kind: 'IMAP' | 'SMTP', login: ServerLogin, error: unknown): string {
  const where = `${login.host}:${login.port}`;
  const e = error as { code?: unknown; authenticationFailed?: unknown; responseCode?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  if (e?.authenticationFailed === true || code === 'EAUTH' || e?.responseCode === 535)
    return `the ${kind} server refused the login`;
  if (code === 'ECONNREFUSED') return `${where} refused the connection`;
  if (/TIMEOUT|ETIMEDOUT|ETIMEOUT|ECONNECTION/i.test(code) || /timeout|timed out/i.test(String(e?.message)))
    return `no answer from ${where} in ${answerSeconds} s`;
  if (/CERT|SSL|TLS|EPROTO|ERR_SSL/i.test(code) || /certificate|ssl|tls/i.test(String(e?.message)))
    return `the TLS handshake with ${where} failed (${code || 'its certificate was not accepted'})`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `${login.host} could not be resolved`;
  if (kind === 'IMAP' && (code === 'NoConnection' || code === 'ClosedAfterConnectText' || code === 'EConnectionClosed'))
    return `${where} closed the connection before the login`;
  return `could not reach the ${kind} server at ${where}${code ? ` (${code})` : ''}`;
}

let loadedImap: Promise<typeof import('imapflow')> | undefined;
/** imapflow, loaded once, when a mailbox is first used (never for a relay without one). */
export function loadImap(): Promise<typeof import('imapflow')> {
  loadedImap ??= import('imapflow');
  return loadedImap;
}

/** Connects and logs in to a mailbox's IMAP server (the address judged first); rejects with words for the admin. */
export async function openImap(login: ServerLogin, allowPrivate: boolean, resolve?: Resolve): Promise<ImapFlow> {
  const guarded = await guardedAddress(login.host, allowPrivate, resolve);
  if ('refused' in guarded) throw new MailboxConnectError(guarded.refused);
  const { ImapFlow } = await loadImap();
  const client = new ImapFlow(imapOptions(login, guarded.address));
  // A socket error after connecting comes as an event: without a listener it would end the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.close();
    throw new MailboxConnectError(connectionError('IMAP', login, error));
  }
  return client;
}

/** Checks a mailbox's SMTP login (the address judged first); rejects with words for the admin. */
export async function checkSmtp(login: ServerLogin, allowPrivate: boolean, resolve?: Resolve): Promise<void> {
  const guarded = await guardedAddress(login.host, allowPrivate, resolve);
  if ('refused' in guarded) throw new MailboxConnectError(guarded.refused);
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport(smtpOptions(login, guarded.address));
  try {
    await transport.verify();
  } catch (error) {
    throw new MailboxConnectError(connectionError('SMTP', login, error));
  } finally {
    transport.close();
  }
}

/** A connection to a mailbox's server failed; the message is for the admin and holds no secret. */
export class MailboxConnectError extends Error {
  override name = 'MailboxConnectError';
}
