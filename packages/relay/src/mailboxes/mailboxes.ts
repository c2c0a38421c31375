import type { Migration } from '../store/migration.js';
import type { SqlDb } from '../store/sql/sql-db.js';

/**
 * The table of a team's own mailboxes (issue #84, docs/email.md "Your own mailbox (IMAP)"): where to fetch (IMAP)
 * and send (SMTP), both passwords sealed with the data key, what is done to a message once imported, how far the
 * INBOX was read (its `UIDVALIDITY` and the last UID imported), and the lease of the relay that reads it (one relay
 * at a time, as the message log's consumers).
 */
export const MAILBOX_MIGRATIONS: readonly Migration[] = [
  {
    name: 'mailboxes.tables',
    after: ['desk.conversation-channels'],
    ddl: ({ TEXT, BIGINT, STRICT }) => `
  CREATE TABLE mailboxes (
    id ${TEXT} PRIMARY KEY,
    site_id ${TEXT} NOT NULL,
    address ${TEXT} NOT NULL,
    name ${TEXT},
    imap_host ${TEXT} NOT NULL,
    imap_port ${BIGINT} NOT NULL,
    imap_tls ${TEXT} NOT NULL,
    imap_user ${TEXT} NOT NULL,
    imap_password_sealed ${TEXT} NOT NULL,
    smtp_host ${TEXT} NOT NULL,
    smtp_port ${BIGINT} NOT NULL,
    smtp_tls ${TEXT} NOT NULL,
    smtp_user ${TEXT} NOT NULL,
    smtp_password_sealed ${TEXT} NOT NULL,
    after_import ${TEXT} NOT NULL,
    move_to ${TEXT},
    uid_validity ${TEXT},
    last_uid ${BIGINT} NOT NULL DEFAULT 0,
    owner ${TEXT},
    lease_until ${BIGINT} NOT NULL DEFAULT 0,
    last_error ${TEXT},
    checked_at ${BIGINT},
    created_at ${BIGINT} NOT NULL
  ) ${STRICT};
  CREATE UNIQUE INDEX mailboxes_by_address ON mailboxes(address);
  CREATE INDEX mailboxes_by_site ON mailboxes(site_id, created_at);
  `,
  },
];

/** How a connection is secured: TLS from the start (993, 465), STARTTLS (143, 587), or none (loopback tests). */
export type TlsMode = 'tls' | 'starttls' | 'none';

/** What becomes of a message once imported: flagged `\Seen` where it is, or moved to a folder. */
export type AfterImport = 'seen' | 'move';

/** One server of a mailbox (IMAP or SMTP) as stored: the password sealed. */
export interface MailServer {
  readonly host: string;
  readonly port: number;
  readonly tls: TlsMode;
  readonly user: string;
  readonly passwordSealed: string;
}

/** A mailbox as stored. */
export interface MailboxRecord {
  readonly id: string;
  readonly siteId: string;
  /** The address its mail is for and its replies come from (lower case). */
  readonly address: string;
  /** The `From` name of replies; the site's name without it. */
  readonly name: string | null;
  readonly imap: MailServer;
  readonly smtp: MailServer;
  readonly afterImport: AfterImport;
  /** The folder imported mail is moved to (`afterImport: 'move'`). */
  readonly moveTo: string | null;
  /** The INBOX's `UIDVALIDITY` when it was last read; null before the first read. */
  readonly uidValidity: string | null;
  /** The last UID imported under {@link uidValidity}. */
  readonly lastUid: number;
  /** Why the last connection failed (no secret in it); null once it works. */
  readonly lastError: string | null;
  readonly checkedAt: number | null;
  readonly createdAt: number;
}

interface Row {
  id: string;
  site_id: string;
  address: string;
  name: string | null;
  imap_host: string;
  imap_port: number | string;
  imap_tls: string;
  imap_user: string;
  imap_password_sealed: string;
  smtp_host: string;
  smtp_port: number | string;
  smtp_tls: string;
  smtp_user: string;
  smtp_password_sealed: string;
  after_import: string;
  move_to: string | null;
  uid_validity: string | null;
  last_uid: number | string;
  last_error: string | null;
  checked_at: number | string | null;
  created_at: number | string;
}

const COLUMNS =
  'id, site_id, address, name, imap_host, imap_port, imap_tls, imap_user, imap_password_sealed, smtp_host, smtp_port, ' +
  'smtp_tls, smtp_user, smtp_password_sealed, after_import, move_to, uid_validity, last_uid, last_error, checked_at, created_at';

const toRecord = (row: Row): MailboxRecord => ({
  id: row.id,
  siteId: row.site_id,
  address: row.address,
  name: row.name,
  imap: {
    host: row.imap_host,
    port: Number(row.imap_port),
    tls: row.imap_tls as TlsMode,
    user: row.imap_user,
    passwordSealed: row.imap_password_sealed,
  },
  smtp: {
    host: row.smtp_host,
    port: Number(row.smtp_port),
    tls: row.smtp_tls as TlsMode,
    user: row.smtp_user,
    passwordSealed: row.smtp_password_sealed,
  },
  afterImport: row.after_import as AfterImport,
  moveTo: row.move_to,
  uidValidity: row.uid_validity,
  lastUid: Number(row.last_uid),
  lastError: row.last_error,
  checkedAt: row.checked_at === null ? null : Number(row.checked_at),
  createdAt: Number(row.created_at),
});

/** The mailboxes of a relay, over its database. */
export class Mailboxes {
  constructor(private readonly db: SqlDb) {}

  /** A site's mailboxes, oldest first. */
  async list(siteId: string): Promise<MailboxRecord[]> {
    const rows = await this.db.all<Row>(`SELECT ${COLUMNS} FROM mailboxes WHERE site_id = ? ORDER BY created_at, id`, [
      siteId,
    ]);
    return rows.map(toRecord);
  }

  /** Every mailbox of the relay (each relay tries to lease each). */
  async all(): Promise<MailboxRecord[]> {
    return (await this.db.all<Row>(`SELECT ${COLUMNS} FROM mailboxes ORDER BY created_at, id`)).map(toRecord);
  }

  async get(id: string): Promise<MailboxRecord | undefined> {
    const [row] = await this.db.all<Row>(`SELECT ${COLUMNS} FROM mailboxes WHERE id = ?`, [id]);
    return row && toRecord(row);
  }

  /** The mailbox of `address` (any site's), compared case-insensitively. */
  async byAddress(address: string): Promise<MailboxRecord | undefined> {
    const [row] = await this.db.all<Row>(`SELECT ${COLUMNS} FROM mailboxes WHERE address = ?`, [
      address.trim().toLowerCase(),
    ]);
    return row && toRecord(row);
  }

  /** Stores a new mailbox; false when its address is already another mailbox's. */
  async create(mailbox: Omit<MailboxRecord, 'uidValidity' | 'lastUid' | 'lastError'>): Promise<boolean> {
    if (await this.byAddress(mailbox.address)) return false;
    await this.db.run(
      `INSERT INTO mailboxes (id, site_id, address, name, imap_host, imap_port, imap_tls, imap_user, imap_password_sealed,
        smtp_host, smtp_port, smtp_tls, smtp_user, smtp_password_sealed, after_import, move_to, checked_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        mailbox.id,
        mailbox.siteId,
        mailbox.address,
        mailbox.name,
        mailbox.imap.host,
        mailbox.imap.port,
        mailbox.imap.tls,
        mailbox.imap.user,
        mailbox.imap.passwordSealed,
        mailbox.smtp.host,
        mailbox.smtp.port,
        mailbox.smtp.tls,
        mailbox.smtp.user,
        mailbox.smtp.passwordSealed,
        mailbox.afterImport,
        mailbox.moveTo,
        mailbox.checkedAt,
        mailbox.createdAt,
      ],
    );
    return true;
  }

  /**
   * Changes a site's mailbox: its name, servers (passwords sealed), what becomes of imported mail. How far its INBOX
   * was read (`uid_validity`, `last_uid`) is left as it is, so nothing is imported twice. False when there is none.
   */
  async update(
    siteId: string,
    id: string,
    change: Pick<MailboxRecord, 'name' | 'imap' | 'smtp' | 'afterImport' | 'moveTo' | 'lastError' | 'checkedAt'>,
  ): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE mailboxes SET name = ?, imap_host = ?, imap_port = ?, imap_tls = ?, imap_user = ?, imap_password_sealed = ?,
        smtp_host = ?, smtp_port = ?, smtp_tls = ?, smtp_user = ?, smtp_password_sealed = ?, after_import = ?, move_to = ?,
        last_error = ?, checked_at = ?
       WHERE site_id = ? AND id = ?`,
      [
        change.name,
        change.imap.host,
        change.imap.port,
        change.imap.tls,
        change.imap.user,
        change.imap.passwordSealed,
        change.smtp.host,
        change.smtp.port,
        change.smtp.tls,
        change.smtp.user,
        change.smtp.passwordSealed,
        change.afterImport,
        change.moveTo,
        change.lastError,
        change.checkedAt,
        siteId,
        id,
      ],
    );
    return changed > 0;
  }

  /** Deletes a site's mailbox; false when there is none. */
  async delete(siteId: string, id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM mailboxes WHERE site_id = ? AND id = ?', [siteId, id])) > 0;
  }

  /**
   * Takes (or keeps) the lease on a mailbox for `owner` until `until`: true when `owner` holds it now. A lease
   * runs out when its relay stops renewing it (killed), and another relay takes the mailbox over then.
   */
  async lease(id: string, owner: string, until: number, now: number): Promise<boolean> {
    // SQLite has one relay per data directory (it holds the directory's lock): a lease left by one killed is its own.
    const changed =
      this.db.dialect === 'postgres'
        ? await this.db.run(
            'UPDATE mailboxes SET owner = ?, lease_until = ? WHERE id = ? AND (owner = ? OR owner IS NULL OR lease_until < ?)',
            [owner, until, id, owner, now],
          )
        : await this.db.run('UPDATE mailboxes SET owner = ?, lease_until = ? WHERE id = ?', [owner, until, id]);
    return changed > 0;
  }

  /** Lets go of the lease (at shutdown), so another relay takes the mailbox at once. */
  async release(id: string, owner: string): Promise<void> {
    await this.db.run('UPDATE mailboxes SET owner = NULL, lease_until = 0 WHERE id = ? AND owner = ?', [id, owner]);
  }

  /**
   * Records how far the INBOX was imported, if `owner` still holds the lease: false when it does not (another relay
   * took the mailbox over; this one stops).
   */
  async advance(id: string, owner: string, uidValidity: string, lastUid: number): Promise<boolean> {
    const changed = await this.db.run(
      'UPDATE mailboxes SET uid_validity = ?, last_uid = ?, last_error = NULL WHERE id = ? AND owner = ?',
      [uidValidity, lastUid, id, owner],
    );
    return changed > 0;
  }

  /** Records why the mailbox could not be read (no secret in `error`), or that it works (`null`). */
  async checked(id: string, error: string | null, at: number): Promise<void> {
    await this.db.run('UPDATE mailboxes SET last_error = ?, checked_at = ? WHERE id = ?', [error, at, id]);
  }
}
