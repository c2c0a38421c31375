import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { tempDir } from './temp.js';

/** Where Debian's `dovecot-imapd` puts the server (`.ci/run` installs it). */
const binary = '/usr/sbin/dovecot';

/** Where Debian's `dovecot-lmtpd` puts the LMTP server (`.ci/run` installs it), for {@link DovecotOptions.postfix}. */
const lmtpBinary = '/usr/lib/dovecot/lmtp';

/**
 * A free loopback port: one the kernel gave and took back (Dovecot's and Postfix's configs name their port before
 * they listen).
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once something answers on `port` (Dovecot's greeting comes from its login process). */
async function answering(port: number, deadline: number): Promise<void> {
  for (;;) {
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('* OK'));
      });
      socket.once('error', () => resolve(false));
    });
    if (greeted) return;
    if (Date.now() > deadline) throw new Error(`Dovecot did not answer on 127.0.0.1:${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A mail user of the test server. */
export interface MailUser {
  readonly user: string;
  readonly password: string;
}

/** How a test's Dovecot is started. */
export interface DovecotOptions {
  /**
   * Also serve a private Postfix (`test/support/postfix.ts`): LMTP on a socket Postfix delivers accepted mail to,
   * and Dovecot's authentication on a socket Postfix checks SMTP logins against (SASL), both under its `base_dir`.
   * Needs Debian's `dovecot-lmtpd`. Default false.
   */
  readonly postfix?: boolean;
}

/**
 * A private Dovecot IMAP server for one test file: its own temp directory (config, runtime `base_dir`, Maildir
 * storage), a passwd-file of `users`, plain IMAP on a free loopback port, nothing of the system's (no /etc, no
 * /var/run). Run as root (as in CI), its processes take Dovecot's own unprivileged users, which its directories
 * are handed to; run as anyone else, they are that user's. {@link stop} ends it and all its processes.
 */
export class Dovecot {
  readonly port: number;
  readonly dir: string;
  readonly #process: ChildProcess;
  #exited: Promise<void>;

  private constructor(port: number, dir: string, child: ChildProcess) {
    this.port = port;
    this.dir = dir;
    this.#process = child;
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static async start(users: readonly MailUser[], options: DovecotOptions = {}): Promise<Dovecot> {
    if (options.postfix && !existsSync(lmtpBinary))
      throw new Error(`Dovecot's LMTP server (${lmtpBinary}) is missing: apt-get install dovecot-lmtpd`);
    const dir = tempDir('parley-dovecot-');
    const root = process.getuid?.() === 0;
    const internal = root ? 'dovecot' : userInfo().username;
    const login = root ? 'dovenull' : internal;
    const uid = root ? Number(execFileSync('id', ['-u', 'dovecot']).toString().trim()) : process.getuid!();
    const gid = root ? Number(execFileSync('id', ['-g', 'dovecot']).toString().trim()) : process.getgid!();
    const base = join(dir, 'run');
    const mail = join(dir, 'mail');
    mkdirSync(base);
    mkdirSync(mail);
    // Dovecot's login and internal processes reach their sockets under base_dir; the mail processes write mail.
    chmodSync(dir, 0o755);
    chmodSync(base, 0o755);
    if (root) chownSync(mail, uid, gid);
    writeFileSync(join(dir, 'users'), users.map((u) => `${u.user}:{PLAIN}${u.password}`).join('\n') + '\n');
    chmodSync(join(dir, 'users'), 0o644);
    const port = await freePort();
    const conf = join(dir, 'dovecot.conf');
    writeFileSync(
      conf,
      `base_dir = ${base}
state_dir = ${join(base, 'state')}
instance_name = parley-test-${port}
protocols = imap${options.postfix ? ' lmtp' : ''}
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
log_path = ${join(dir, 'dovecot.log')}
mail_location = maildir:${mail}/%u
default_internal_user = ${internal}
default_internal_group = ${root ? 'dovecot' : internal}
default_login_user = ${login}
first_valid_uid = ${uid}
first_valid_gid = ${gid}
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${join(dir, 'users')}
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${mail}/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
${
  options.postfix
    ? `# Postfix's lmtp client and smtpd run as its own user, not Dovecot's: the sockets are open to anyone on this
# machine, in a directory of this test's.
service lmtp {
  unix_listener lmtp {
    mode = 0666
  }
}
service auth {
  unix_listener auth-postfix {
    mode = 0666
  }
}
`
    : ''
}`,
    );
    const child = spawn(binary, ['-c', conf, '-F'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const server = new Dovecot(port, dir, child);
    try {
      await answering(port, Date.now() + 10_000);
    } catch (error) {
      await server.stop();
      let log = '';
      try {
        log = readFileSync(join(dir, 'dovecot.log'), 'utf8');
      } catch {
        // No log written: stderr says why.
      }
      throw new Error(`${(error as Error).message}\n${stderr}\n${log}`);
    }
    return server;
  }

  /** The socket Dovecot takes LMTP deliveries on (with {@link DovecotOptions.postfix}). */
  get lmtpSocket(): string {
    return join(this.dir, 'run', 'lmtp');
  }

  /** The socket Postfix asks Dovecot to check an SMTP login on (with {@link DovecotOptions.postfix}). */
  get authSocket(): string {
    return join(this.dir, 'run', 'auth-postfix');
  }

  /** Where `login`'s Maildir is (its INBOX's files, Dovecot's index and UID list). */
  maildir(login: MailUser): string {
    return join(this.dir, 'mail', login.user);
  }

  /** An IMAP client logged in as `login` (the test's own look at the mailbox). */
  async client(login: MailUser): Promise<ImapFlow> {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: this.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: login.user, pass: login.password },
      logger: false,
    });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  /** Puts a message in `login`'s `folder` with IMAP APPEND (as a mail server's delivery would). */
  async append(login: MailUser, raw: string | Buffer, folder = 'INBOX'): Promise<void> {
    const client = await this.client(login);
    try {
      await client.append(folder, raw);
    } finally {
      await client.logout();
    }
  }

  /** The UIDs and flags of `folder`'s messages. */
  async list(login: MailUser, folder = 'INBOX'): Promise<Array<{ uid: number; seen: boolean; subject: string }>> {
    const client = await this.client(login);
    try {
      const lock = await client.getMailboxLock(folder);
      try {
        const found: Array<{ uid: number; seen: boolean; subject: string }> = [];
        if ((client.mailbox && client.mailbox.exists) === 0) return found;
        for await (const message of client.fetch('1:*', { uid: true, flags: true, envelope: true }))
          found.push({
            uid: message.uid,
            seen: message.flags?.has('\\Seen') ?? false,
            subject: message.envelope?.subject ?? '',
          });
        return found;
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  }

  /** `folder`'s messages as they are stored (fetched whole over IMAP), parsed, in UID order. */
  async messages(login: MailUser, folder = 'INBOX'): Promise<ParsedMail[]> {
    const client = await this.client(login);
    try {
      const lock = await client.getMailboxLock(folder);
      try {
        const sources: Buffer[] = [];
        if ((client.mailbox && client.mailbox.exists) === 0) return [];
        for await (const message of client.fetch('1:*', { uid: true, source: true }))
          if (message.source) sources.push(message.source);
        return await Promise.all(sources.map((source) => simpleParser(source)));
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  }

  /** Ends the server and every process of it. */
  async stop(): Promise<void> {
    if (this.#process.exitCode === null && this.#process.signalCode === null) this.#process.kill('SIGTERM');
    await this.#exited;
  }
}

/** A caught email, parsed, with who logged in to send it. */
export interface SentEmail {
  readonly mail: ParsedMail;
  readonly user: string | undefined;
  readonly to: readonly string[];
}

/**
 * A mailbox's SMTP server on loopback (the `smtp-server` package) that takes a login (`user`, `password`) over
 * plain SMTP and keeps what it is sent: the outbound side of a test mailbox.
 */
export class MailboxSmtp {
  readonly sent: SentEmail[] = [];
  #server: SMTPServer;
  #waiters: Array<() => void> = [];
  port = 0;

  constructor(readonly login: MailUser) {
    this.#server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth: (auth, _session, callback) => {
        if (auth.username === login.user && auth.password === login.password) callback(null, { user: auth.username });
        else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          simpleParser(Buffer.concat(chunks)).then(
            (mail) => {
              this.sent.push({
                mail,
                user: session.user as string | undefined,
                to: session.envelope.rcptTo.map((r) => r.address),
              });
              callback();
              for (const wake of this.#waiters.splice(0)) wake();
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
  }

  static async start(login: MailUser): Promise<MailboxSmtp> {
    const smtp = new MailboxSmtp(login);
    await new Promise<void>((resolve) => smtp.#server.listen(0, '127.0.0.1', resolve));
    smtp.port = (smtp.#server.server.address() as AddressInfo).port;
    return smtp;
  }

  /** Resolves once `count` emails were sent. */
  async waitFor(count: number): Promise<SentEmail[]> {
    while (this.sent.length < count) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    return this.sent;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
