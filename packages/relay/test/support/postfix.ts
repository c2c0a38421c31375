import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { promisify } from 'node:util';
import { freePort, type Dovecot } from './dovecot.js';
import { tempDir } from './temp.js';

/** Where Debian's `postfix` puts its master daemon (`.ci/run` installs the package, with "No configuration"). */
const master = '/usr/lib/postfix/sbin/master';

/** Postfix's queue directories, each with its owner (`postfix`, else root) and mode, as `postfix check` makes them. */
const queueDirs: ReadonlyArray<
  readonly [name: string, owner: 'postfix' | 'root', group: 'postdrop' | 'root', mode: number]
> = [
  ...['active', 'bounce', 'corrupt', 'defer', 'deferred', 'flush', 'hold', 'incoming', 'private', 'saved', 'trace'].map(
    (name) => [name, 'postfix', 'root', 0o700] as const,
  ),
  ['maildrop', 'postfix', 'postdrop', 0o1730],
  ['public', 'postfix', 'postdrop', 0o2710],
  ['pid', 'root', 'root', 0o755],
];

/** Every master still running when the test file's process ends, killed with its whole process group then. */
const running = new Set<number>();
process.once('exit', () => {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
});

/** Node's own trust store (22.19 and 24.5 on: newer than the project's `@types/node`). */
const trustStore = tls as typeof tls & {
  getCACertificates(type: 'default'): string[];
  setDefaultCACertificates(certificates: readonly string[]): void;
};

/**
 * Makes this process's TLS clients that name no CA of their own (the relay's, in a test: nodemailer, imapflow)
 * trust `certificate` besides the CAs they trusted before, as they would a real server's; the function returned
 * puts the trust back as it was.
 *
 * @example
 * ```ts
 * const untrust = trust(postfix.certificate!);
 * after(() => untrust());
 * ```
 */
export function trust(certificate: string): () => void {
  const before = trustStore.getCACertificates('default');
  trustStore.setDefaultCACertificates([...before, certificate]);
  return () => trustStore.setDefaultCACertificates(before);
}

/** Resolves once Postfix's smtpd greets on `port` (the master listens before its first smtpd is up). */
async function greeting(port: number, deadline: number, exited: () => boolean): Promise<void> {
  for (;;) {
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('data', (data) => {
        socket.end('QUIT\r\n');
        resolve(data.toString().startsWith('220 '));
      });
      socket.once('error', () => resolve(false));
    });
    if (greeted) return;
    if (exited()) throw new Error(`Postfix's master ended before it greeted on 127.0.0.1:${port}`);
    if (Date.now() > deadline) throw new Error(`Postfix did not greet on 127.0.0.1:${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** How a test's Postfix is started. */
export interface PostfixOptions {
  /**
   * STARTTLS with a certificate made for this server (self-signed, for 127.0.0.1 and localhost, a day long; its
   * PEM is {@link Postfix.certificate}, for a client to trust: {@link trust}). Default false: no STARTTLS offered.
   */
  readonly starttls?: boolean;
  /** The name the server greets with and stamps on its `Received:` headers. Default `mail.team.test.example`. */
  readonly hostname?: string;
}

/**
 * A private Postfix for one test file: a mailbox's submission server on a free loopback port, from Debian's
 * package but nothing of the system's instance (its own `main.cf` and `master.cf`, queue and data directories in a
 * temp directory; no /etc/postfix, no port 25, no syslog: it logs to `postfix.log` there).
 *
 * Only a client that logs in may send (SMTP AUTH, checked by the {@link Dovecot}'s users over its auth socket), and
 * any mail it takes, for any domain, is delivered over LMTP into that Dovecot, where a test fetches it over IMAP as
 * the recipient would. With {@link PostfixOptions.starttls} it offers STARTTLS.
 *
 * Postfix's master runs as root (the `master` command is the superuser's; its daemons take the `postfix` user), as
 * the tests do in CI. {@link stop} ends the master and every process of it (also when the test file's process
 * ends), {@link start} brings the same server back on the same port with its queue as it was; the directory goes
 * when the test file's process ends.
 */
export class Postfix {
  readonly port: number;
  readonly dir: string;
  /** The server's certificate (PEM) with {@link PostfixOptions.starttls}, else undefined. */
  readonly certificate: string | undefined;
  #process: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();

  private constructor(port: number, dir: string, certificate: string | undefined) {
    this.port = port;
    this.dir = dir;
    this.certificate = certificate;
  }

  /** Writes the configuration for `dovecot` and starts the server. */
  static async start(dovecot: Dovecot, options: PostfixOptions = {}): Promise<Postfix> {
    if (process.getuid?.() !== 0)
      throw new Error('a test’s Postfix runs as root (its master daemon is the superuser’s), as CI does');
    if (!existsSync(master)) throw new Error(`Postfix (${master}) is missing: apt-get install postfix`);
    const dir = tempDir('parley-postfix-');
    const conf = join(dir, 'conf');
    const queue = join(dir, 'queue');
    const data = join(dir, 'data');
    const hostname = options.hostname ?? 'mail.team.test.example';
    // Postfix's daemons (user postfix) reach the queue, and the configuration is read by all.
    chmodSync(dir, 0o755);
    mkdirSync(conf, { mode: 0o755 });
    mkdirSync(queue, { mode: 0o755 });
    mkdirSync(data, { mode: 0o700 });
    const postfixUid = Number(execFileSync('id', ['-u', 'postfix']).toString().trim());
    const postdropGid = Number(execFileSync('getent', ['group', 'postdrop']).toString().split(':')[2]);
    chownSync(data, postfixUid, 0);
    for (const [name, owner, group, mode] of queueDirs) {
      const path = join(queue, name);
      mkdirSync(path);
      chownSync(path, owner === 'postfix' ? postfixUid : 0, group === 'postdrop' ? postdropGid : 0);
      chmodSync(path, mode);
    }

    let certificate: string | undefined;
    let tls = 'smtpd_tls_security_level = none';
    if (options.starttls) {
      const key = join(conf, 'key.pem');
      const cert = join(conf, 'cert.pem');
      await promisify(execFile)('openssl', [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        key,
        '-out',
        cert,
      ]);
      chmodSync(key, 0o600);
      certificate = readFileSync(cert, 'utf8');
      tls = `smtpd_tls_security_level = may
smtpd_tls_cert_file = ${cert}
smtpd_tls_key_file = ${key}
smtpd_tls_loglevel = 1`;
    }

    const port = await freePort();
    writeFileSync(
      join(conf, 'main.cf'),
      `compatibility_level = 3.6
queue_directory = ${queue}
data_directory = ${data}
meta_directory = /etc/postfix
mail_owner = postfix
setgid_group = postdrop
maillog_file = ${join(dir, 'postfix.log')}
maillog_file_prefixes = ${dir}
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = ${hostname}
mydomain = ${hostname.replace(/^[^.]+\./, '')}
myorigin = $mydomain
append_dot_mydomain = no
biff = no
readme_directory = no
alias_maps =
alias_database =
mydestination =
relay_domains =
local_recipient_maps =
mynetworks = 127.0.0.1/32
# A submission server: nothing is taken from a client that has not logged in, whatever its address.
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = ${dovecot.authSocket}
smtpd_sasl_security_options = noanonymous
smtpd_relay_restrictions = permit_sasl_authenticated, reject
smtpd_recipient_restrictions = permit_sasl_authenticated, reject
# Every domain's mail goes into the test's Dovecot, where the recipient reads it over IMAP.
default_transport = lmtp:unix:${dovecot.lmtpSocket}
relay_transport = lmtp:unix:${dovecot.lmtpSocket}
${tls}
`,
    );
    // The daemons of a submission server that delivers over LMTP, none chrooted (the sockets are outside the queue).
    writeFileSync(
      join(conf, 'master.cf'),
      `127.0.0.1:${port} inet n - n - - smtpd
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
verify unix - - n - 1 verify
flush unix n - n 1000? 0 flush
proxymap unix - - n - - proxymap
showq unix n - n - - showq
error unix - - n - - error
retry unix - - n - - error
discard unix - - n - - discard
lmtp unix - - n - - lmtp
anvil unix - - n - 1 anvil
scache unix - - n - 1 scache
tlsmgr unix - - n 1000? 1 tlsmgr
postlog unix-dgram n - n - 1 postlogd
`,
    );
    const server = new Postfix(port, dir, certificate);
    await server.start();
    return server;
  }

  /** Starts the master (again, after {@link stop}: same port, same queue) and resolves once smtpd greets. */
  async start(): Promise<void> {
    if (this.#process) return;
    // A process group of its own: the master's daemons are its children, and stop() ends the group.
    const child = spawn(master, ['-c', join(this.dir, 'conf'), '-d'], {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    this.#process = child;
    if (child.pid !== undefined) running.add(child.pid);
    let gone = false;
    this.#exited = new Promise((resolve) => {
      const ended = () => {
        gone = true;
        resolve();
      };
      child.once('exit', ended);
      // Not started at all (the error names why, in the greeting's failure).
      child.once('error', (error) => ((stderr += String(error)), ended()));
    });
    try {
      await greeting(this.port, Date.now() + 15_000, () => gone);
    } catch (error) {
      await this.stop();
      throw new Error(`${(error as Error).message}\n${stderr}\n${this.log()}`);
    }
  }

  /** What Postfix logged (its `maillog_file`), for a failing test's message. */
  log(): string {
    try {
      return readFileSync(join(this.dir, 'postfix.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** Ends the master and every process of its group; the port is closed until {@link start}. */
  async stop(): Promise<void> {
    const child = this.#process;
    if (!child || child.pid === undefined) return;
    this.#process = undefined;
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // The group is gone already.
      }
    }
    await this.#exited;
    // The master ends its daemons as it goes; whatever of the group is left does not outlive it.
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Nothing left.
    }
    running.delete(child.pid);
  }
}
