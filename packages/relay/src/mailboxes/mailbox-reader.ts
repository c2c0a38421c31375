import { randomUUID } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import type { InboundResult } from '../inbound-email/public.js';
import type { Logger } from '../log.js';
import type { SecretSealer } from '../store/secret-sealer.js';
import { MailboxConnectError, openImap, type Resolve, type ServerLogin } from './mailbox-connect.js';
import type { MailboxRecord, Mailboxes } from './mailboxes.js';

/** What {@link MailboxReader} is built from. */
export interface MailboxReaderOptions {
  readonly mailboxes: Mailboxes;
  readonly sealer: SecretSealer;
  readonly log: Logger;
  /** `PARLEY_MAILBOX_ALLOW_PRIVATE`: mail servers on loopback and private addresses may be reached. */
  readonly allowPrivate: boolean;
  /** How often the INBOX is read again besides IDLE (and how often the lease is renewed), in ms. */
  readonly pollMs: number;
  /** Largest message imported, in bytes (the inbound path's bound); a larger one is left in the mailbox. */
  readonly maxBytes: number;
  /** Hands a fetched message to the inbound path, as mail to `mailbox`. */
  receive(raw: Buffer, mailbox: MailboxRecord): Promise<InboundResult>;
  readonly now?: () => number;
  readonly resolve?: Resolve;
}

/** Messages imported per read at most; the rest on the next. */
const batch = 50;

/**
 * Reads the relay's mailboxes (issue #84): each mailbox is read by one relay at a time, the one holding its lease
 * (a row of `mailboxes`, renewed every poll and taken over by another relay once it runs out). A reader keeps an
 * IMAP connection open on the INBOX, waits in IDLE for new mail (and reads it again every `pollMs`, the fallback
 * for servers without IDLE and the lease's heartbeat), and imports every message whose UID is past the last one
 * imported: through the inbound path as mail to the mailbox, then flagged `\Seen` or moved as the admin chose,
 * then the UID recorded. A changed `UIDVALIDITY` reads the INBOX's unseen messages again; the inbound path's
 * dedupe by `Message-ID` keeps what was imported before from being stored twice.
 */
export class MailboxReader {
  readonly #options: MailboxReaderOptions;
  readonly #now: () => number;
  /** This relay's name in the leases. */
  readonly #owner = `relay-${randomUUID()}`;
  readonly #sessions = new Map<string, Session>();
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: MailboxReaderOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** How long a lease runs without renewal: three polls. */
  get #leaseMs(): number {
    return Math.max(3 * this.#options.pollMs, 3000);
  }

  /** Starts reading: every mailbox this relay can lease, and new ones within a poll. */
  start(): void {
    this.#stopped = false;
    this.#timer = setInterval(() => void this.refresh(), this.#options.pollMs);
    this.#timer.unref();
    void this.refresh();
  }

  /** Looks for mailboxes to read (new ones, ones whose lease ran out) and drops the deleted. */
  async refresh(): Promise<void> {
    if (this.#stopped) return;
    let all: MailboxRecord[];
    try {
      all = await this.#options.mailboxes.all();
    } catch (error) {
      this.#options.log.warn('mailboxes: read failed', { error: String(error) });
      return;
    }
    const ids = new Set(all.map((mailbox) => mailbox.id));
    for (const [id, session] of this.#sessions)
      if (!ids.has(id)) {
        this.#sessions.delete(id);
        await session.stop();
      }
    for (const mailbox of all) {
      const running = this.#sessions.get(mailbox.id);
      if (running) {
        running.poll();
        continue;
      }
      const now = this.#now();
      if (!(await this.#options.mailboxes.lease(mailbox.id, this.#owner, now + this.#leaseMs, now))) continue;
      const session = new Session(mailbox, this.#options, this.#owner, () => {
        if (this.#sessions.get(mailbox.id) === session) this.#sessions.delete(mailbox.id);
      });
      this.#sessions.set(mailbox.id, session);
      session.run();
    }
  }

  /** Reads one mailbox now (after it was saved), when this relay reads it. */
  poll(id: string): void {
    this.#sessions.get(id)?.poll();
  }

  /** Resolves once every mailbox this relay reads was read up to its last message (tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.#sessions.values()].map((session) => session.settled()));
  }

  /** Stops reading: connections closed, leases let go. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(sessions.map((session) => session.stop()));
    await Promise.all(
      sessions.map((session) => this.#options.mailboxes.release(session.id, this.#owner).catch(() => undefined)),
    );
  }
}

/** One mailbox read by this relay: its connection, and its reads one after another. */
class Session {
  #client: ImapFlow | undefined;
  #reading: Promise<void> = Promise.resolve();
  #again = false;
  #stopped = false;
  #mailbox: MailboxRecord;

  constructor(
    mailbox: MailboxRecord,
    private readonly options: MailboxReaderOptions,
    private readonly owner: string,
    private readonly ended: () => void,
  ) {
    this.#mailbox = mailbox;
  }

  get id(): string {
    return this.#mailbox.id;
  }

  /** Connects and reads; a failed connection is recorded on the mailbox and tried again at the next poll. */
  run(): void {
    this.poll();
  }

  /** Reads the INBOX again (after IDLE told of new mail, at each poll): once at a time, again when asked meanwhile. */
  poll(): void {
    if (this.#stopped) return;
    this.#again = true;
    this.#reading = this.#reading.then(async () => {
      while (this.#again && !this.#stopped) {
        this.#again = false;
        await this.#read();
      }
    });
  }

  settled(): Promise<void> {
    return this.#reading;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    const client = this.#client;
    this.#client = undefined;
    await client?.logout().catch(() => client.close());
  }

  #login(server: MailboxRecord['imap']): ServerLogin {
    return { ...server, password: this.options.sealer.open(server.passwordSealed) };
  }

  async #read(): Promise<void> {
    const { mailboxes, log } = this.options;
    const now = this.options.now?.() ?? Date.now();
    // The heartbeat of the lease: a relay that lost it (its renewals stopped long enough) stops reading.
    if (!(await mailboxes.lease(this.id, this.owner, now + Math.max(3 * this.options.pollMs, 3000), now))) {
      this.#stopped = true;
      await this.stop();
      this.ended();
      return;
    }
    const fresh = await mailboxes.get(this.id);
    if (!fresh) return;
    // Its IMAP server or login was edited (on any relay): the connection made with the old one is closed.
    const was = this.#mailbox.imap;
    const imap = fresh.imap;
    if (
      this.#client &&
      (was.host !== imap.host ||
        was.port !== imap.port ||
        was.tls !== imap.tls ||
        was.user !== imap.user ||
        was.passwordSealed !== imap.passwordSealed)
    ) {
      const client = this.#client;
      this.#client = undefined;
      await client.logout().catch(() => client.close());
    }
    this.#mailbox = fresh;
    try {
      const client = await this.#connect();
      const lock = await client.getMailboxLock('INBOX');
      try {
        await this.#import(client);
      } finally {
        lock.release();
      }
    } catch (error) {
      const words = error instanceof MailboxConnectError ? error.message : 'the IMAP connection failed';
      if (!(error instanceof MailboxConnectError))
        log.warn('mailbox: read failed', { mailboxId: this.id, code: String((error as { code?: unknown }).code) });
      await mailboxes.checked(this.id, words, now).catch(() => undefined);
      const client = this.#client;
      this.#client = undefined;
      client?.close();
    }
  }

  async #connect(): Promise<ImapFlow> {
    if (this.#client?.usable) return this.#client;
    const client = await openImap(this.#login(this.#mailbox.imap), this.options.allowPrivate, this.options.resolve);
    // New mail while in IDLE (or a poll's NOOP): read again.
    client.on('exists', () => this.poll());
    client.on('close', () => {
      if (this.#client === client) this.#client = undefined;
    });
    this.#client = client;
    return client;
  }

  /** Imports the INBOX's messages past the last UID imported (or its unseen ones under a new `UIDVALIDITY`). */
  async #import(client: ImapFlow): Promise<void> {
    const { mailboxes, log } = this.options;
    const box = client.mailbox;
    if (!box) return;
    const uidValidity = String(box.uidValidity);
    const same = this.#mailbox.uidValidity === uidValidity;
    let last = same ? this.#mailbox.lastUid : 0;
    if (!same && this.#mailbox.uidValidity !== null)
      log.info('mailbox: UIDVALIDITY changed, reading unseen mail again', { mailboxId: this.id });
    const found = same
      ? await client.search({ uid: `${last + 1}:*` }, { uid: true })
      : await client.search({ seen: false }, { uid: true });
    const uids = (found || []).filter((uid) => uid > last).sort((a, b) => a - b);
    if (!same && uids.length === 0) {
      // Nothing to read again: from here on, what comes after the newest message.
      const newest = Math.max(0, Number(box.uidNext) - 1);
      if (!(await mailboxes.advance(this.id, this.owner, uidValidity, newest))) this.#stopped = true;
      this.#mailbox = { ...this.#mailbox, uidValidity, lastUid: newest };
      return;
    }
    for (const uid of uids.slice(0, batch)) {
      if (this.#stopped) return;
      const head = await client.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
      if (!head) continue;
      let result: InboundResult | undefined;
      if ((head.size ?? 0) > this.options.maxBytes) {
        // Left where it is, unread, for the team to see in their own mail program.
        log.info('mailbox: message too large, left in the mailbox', { mailboxId: this.id, bytes: head.size });
      } else {
        const source = await this.#download(client, uid);
        if (!source) continue;
        result = await this.options.receive(source, this.#mailbox);
        // The store could not be reached: read again at the next poll, from this message.
        if (result.status === 'unavailable') return;
        // Over a quota of new conversations (one sender's many mails): left unread in the mailbox for the team, and
        // passed over, so that one sender cannot hold up everyone else's mail until the quota frees.
        if (result.status === 'limited')
          log.info('mailbox: over a quota, left in the mailbox unread', { mailboxId: this.id, uid });
        else await this.#done(client, uid);
      }
      last = uid;
      if (!(await mailboxes.advance(this.id, this.owner, uidValidity, last))) {
        this.#stopped = true;
        return;
      }
      this.#mailbox = { ...this.#mailbox, uidValidity, lastUid: last };
      if (result) log.info('mailbox: imported', { mailboxId: this.id, uid, status: result.status });
    }
    if (uids.length > batch) this.#again = true;
  }

  /**
   * A message's bytes, fetched 64 KiB at a time (partial FETCHes, a turn of the event loop between them): the IMAP
   * client reads a literal line by line, and a whole message of short lines in one answer held the loop for tens of
   * milliseconds. `undefined` when it is gone.
   */
  async #download(client: ImapFlow, uid: number): Promise<Buffer | undefined> {
    const download = await client.download(String(uid), undefined, {
      uid: true,
      chunkSize: 64 * 1024,
      maxBytes: this.options.maxBytes,
    });
    if (!download.content) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of download.content) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** What the admin chose for imported mail: flagged `\Seen`, or moved to their folder. */
  async #done(client: ImapFlow, uid: number): Promise<void> {
    const { afterImport, moveTo } = this.#mailbox;
    if (afterImport === 'move' && moveTo) {
      let moved = await client.messageMove(String(uid), moveTo, { uid: true }).catch(() => false);
      if (!moved) {
        // The folder is made the first time (an admin names it in the inbox; the mail program shows it as made).
        await client.mailboxCreate(moveTo).catch(() => undefined);
        moved = await client.messageMove(String(uid), moveTo, { uid: true }).catch(() => false);
      }
      if (moved) return;
      this.options.log.warn('mailbox: could not move imported mail; flagged as seen', { mailboxId: this.id });
    }
    await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
  }
}
