import type { SupportAddress } from '@parley/protocol/admin';
import {
  confirmationCodeHash,
  confirmationCodeMatches,
  countCodeAttempt,
  newConfirmationCode,
  resendAfterMs,
} from '../domains/confirmation-code.js';
import type { Migration } from '../store/migration.js';
import type { SqlDb } from '../store/sql/sql-db.js';

/** The table of support addresses (issue #38): one row per address, each of one site. */
export const SUPPORT_MIGRATIONS: readonly Migration[] = [
  {
    name: 'email.support-addresses',
    after: ['desk.conversation-channels'],
    ddl: ({ TEXT, BIGINT, STRICT }) => `
  CREATE TABLE support_addresses (
    address ${TEXT} PRIMARY KEY,
    site_id ${TEXT} NOT NULL,
    name ${TEXT},
    created_at ${BIGINT} NOT NULL
  ) ${STRICT};
  CREATE INDEX support_addresses_by_site ON support_addresses(site_id);
  `,
  },
  {
    // An address does nothing until confirmed by the code mailed to it (issue #80). Those set before stay in use
    // on the default site only, the operator's, whose mail the operator set up; another site's wait for their
    // site's admins to confirm them (docs/email.md, "Confirming a support address").
    name: 'email.support-address-verification',
    after: ['email.support-addresses'],
    ddl: ({ TEXT, BIGINT }) => `
  ALTER TABLE support_addresses ADD COLUMN verified_at ${BIGINT};
  ALTER TABLE support_addresses ADD COLUMN code_hash ${TEXT};
  ALTER TABLE support_addresses ADD COLUMN code_sent_at ${BIGINT};
  ALTER TABLE support_addresses ADD COLUMN code_attempts ${BIGINT} NOT NULL DEFAULT 0;
  UPDATE support_addresses SET verified_at = created_at WHERE site_id = 'default';
  `,
  },
];

/** A support address and the site it opens conversations for. */
export interface SupportAddressRecord extends SupportAddress {
  readonly siteId: string;
}

interface Row {
  address: string;
  site_id: string;
  name: string | null;
  created_at: number | string;
  verified_at: number | string | null;
}

const COLUMNS = 'address, site_id, name, created_at, verified_at';

const toRecord = (row: Row): SupportAddressRecord => ({
  address: row.address,
  siteId: row.site_id,
  name: row.name,
  createdAt: Number(row.created_at),
  verifiedAt: row.verified_at === null ? null : Number(row.verified_at),
});

/** A confirmation to email: the address and its code (never stored, never logged). */
export interface Confirmation {
  readonly address: string;
  readonly code: string;
}

/** What entering a code came to. */
export type ConfirmOutcome = 'confirmed' | 'wrong' | 'expired' | 'not_waiting';

/** How long the addresses read for `RCPT TO` are trusted before they are read again (another relay's changes). */
const cacheMs = 5_000;

/**
 * A relay's support addresses (docs/email.md, "A support address"). Every address is known to every site's
 * mail: {@link find} answers from a copy of the whole (small) table, read again after {@link cacheMs} or at once
 * after a change made here, so that `RCPT TO` is answered without a query per recipient.
 *
 * An address is the site's to use only once confirmed (issue #80): a site could otherwise claim another company's
 * address, take its mail and send replies `From:` it. Setting one mails a code to it ({@link replace}); entering the
 * code ({@link confirm}) confirms it. A waiting claim holds nothing: another site may claim the address (the first
 * claim's code then stops working), and only a confirmed address is refused to other sites.
 */
export class SupportAddresses {
  #all: Promise<Map<string, SupportAddressRecord>> | undefined;
  #readAt = 0;

  constructor(
    private readonly db: SqlDb,
    private readonly now: () => number = Date.now,
  ) {}

  /** The confirmed support address `address` is (compared case-insensitively), or `undefined`. */
  async find(address: string): Promise<SupportAddressRecord | undefined> {
    const key = address.trim().toLowerCase();
    if (!key.includes('@')) return undefined;
    return (await this.#table()).get(key);
  }

  /** A site's addresses, oldest first. */
  async list(siteId: string): Promise<SupportAddressRecord[]> {
    const rows = await this.db.all<Row>(
      `SELECT ${COLUMNS} FROM support_addresses WHERE site_id = ? ORDER BY created_at, address`,
      [siteId],
    );
    return rows.map(toRecord);
  }

  /**
   * Replaces a site's addresses with `items` (names included). An address new to the site waits for confirmation:
   * `confirmations` are the codes to email, one for each. `taken`: another site of this relay has confirmed one of
   * them (its address is given; nothing changed).
   */
  async replace(
    siteId: string,
    items: readonly { readonly address: string; readonly name: string | null }[],
  ): Promise<
    | {
        readonly status: 'replaced';
        readonly items: SupportAddressRecord[];
        readonly confirmations: readonly Confirmation[];
      }
    | { readonly status: 'taken'; readonly address: string }
  > {
    const at = this.now();
    const wanted = items.map((item) => ({ address: item.address.trim().toLowerCase(), name: item.name }));
    const confirmations: Confirmation[] = [];
    const outcome = await this.db.transaction(async (db) => {
      for (const { address, name } of wanted) {
        const [held] = await db.all<{ site_id: string; verified_at: number | string | null }>(
          'SELECT site_id, verified_at FROM support_addresses WHERE address = ?',
          [address],
        );
        if (held && held.site_id !== siteId && held.verified_at !== null) return { status: 'taken' as const, address };
        if (held?.site_id === siteId) {
          await db.run('UPDATE support_addresses SET name = ? WHERE address = ?', [name, address]);
          continue;
        }
        // New here (or another site's unconfirmed claim, which holds nothing): it waits for its code.
        const code = newConfirmationCode();
        confirmations.push({ address, code });
        await db.run(
          `INSERT INTO support_addresses (address, site_id, name, created_at, verified_at, code_hash, code_sent_at,
             code_attempts) VALUES (?, ?, ?, ?, NULL, ?, ?, 0)
           ON CONFLICT (address) DO UPDATE SET site_id = excluded.site_id, name = excluded.name,
             created_at = excluded.created_at, verified_at = NULL, code_hash = excluded.code_hash,
             code_sent_at = excluded.code_sent_at, code_attempts = 0`,
          [address, siteId, name, at, confirmationCodeHash(code), at],
        );
      }
      const kept = wanted.map((item) => item.address);
      await db.run(
        kept.length === 0
          ? 'DELETE FROM support_addresses WHERE site_id = ?'
          : `DELETE FROM support_addresses WHERE site_id = ? AND address NOT IN (${kept.map(() => '?').join(', ')})`,
        [siteId, ...kept],
      );
      return undefined;
    });
    if (outcome) return outcome;
    this.#forget();
    return { status: 'replaced', items: await this.list(siteId), confirmations };
  }

  /**
   * Enters the code mailed to a site's waiting `address`: `confirmed` (it takes mail and sends replies from now
   * on), `wrong` (counted: after `maxCodeAttempts` codes tried the code stops working), `expired` (older than
   * `confirmationCodeMs`, or too many tried: send a new one), `not_waiting` (not the site's, or confirmed).
   */
  async confirm(siteId: string, address: string, code: string): Promise<ConfirmOutcome> {
    const key = address.trim().toLowerCase();
    const at = this.now();
    const waiting = 'address = ? AND site_id = ? AND verified_at IS NULL';
    // The attempt is counted before the code is compared (one statement): concurrent ones never pass the limit.
    const hash = await countCodeAttempt(this.db, 'support_addresses', waiting, [key, siteId], at);
    if (hash === undefined) {
      const rows = await this.db.all(`SELECT 1 FROM support_addresses WHERE ${waiting}`, [key, siteId]);
      return rows.length > 0 ? 'expired' : 'not_waiting';
    }
    if (!confirmationCodeMatches(code, hash)) return 'wrong';
    // Only that code's claim is confirmed: a new code, or another site's claim, since the check leaves it waiting.
    const changed = await this.db.run(
      `UPDATE support_addresses SET verified_at = ?, code_hash = NULL, code_attempts = 0 WHERE ${waiting} AND code_hash = ?`,
      [at, key, siteId, hash],
    );
    if (changed === 0) {
      const rows = await this.db.all(
        'SELECT 1 FROM support_addresses WHERE address = ? AND site_id = ? AND verified_at IS NOT NULL',
        [key, siteId],
      );
      if (rows.length === 0) return 'expired';
    }
    this.#forget();
    return 'confirmed';
  }

  /** Every address waiting for confirmation (only `siteId`'s when given), by site, oldest first: for the operator. */
  async waiting(siteId?: string): Promise<SupportAddressRecord[]> {
    const rows = await this.db.all<Row>(
      `SELECT ${COLUMNS} FROM support_addresses WHERE verified_at IS NULL${siteId === undefined ? '' : ' AND site_id = ?'}
       ORDER BY site_id, created_at, address`,
      siteId === undefined ? [] : [siteId],
    );
    return rows.map(toRecord);
  }

  /** `address` (compared case-insensitively), confirmed or waiting, whichever site's it is; `undefined` when none. */
  async lookup(address: string): Promise<SupportAddressRecord | undefined> {
    const [row] = await this.db.all<Row>(`SELECT ${COLUMNS} FROM support_addresses WHERE address = ?`, [
      address.trim().toLowerCase(),
    ]);
    return row && toRecord(row);
  }

  /**
   * Confirms `siteId`'s waiting `address` without its code: the relay's operator's word (who set up where the
   * address's mail goes), given with `parley-relay support-address confirm` and in tests; never reachable through
   * the admin API. False when the address does not wait for that site (another site's claim is left as it is).
   */
  async vouch(siteId: string, address: string): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE support_addresses SET verified_at = ?, code_hash = NULL, code_attempts = 0
       WHERE address = ? AND site_id = ? AND verified_at IS NULL`,
      [this.now(), address.trim().toLowerCase(), siteId],
    );
    this.#forget();
    return changed > 0;
  }

  /**
   * A new code for a site's waiting `address` (the old one stops working), to email; `undefined` when the address
   * is not the site's waiting one; `{ retryAfterMs }` within {@link resendAfterMs} of the last.
   */
  async renew(siteId: string, address: string): Promise<Confirmation | { readonly retryAfterMs: number } | undefined> {
    const key = address.trim().toLowerCase();
    const at = this.now();
    return this.db.transaction(async (db) => {
      const [row] = await db.all<{ code_sent_at: number | string | null }>(
        'SELECT code_sent_at FROM support_addresses WHERE address = ? AND site_id = ? AND verified_at IS NULL',
        [key, siteId],
      );
      if (!row) return undefined;
      const since = row.code_sent_at === null ? Infinity : at - Number(row.code_sent_at);
      if (since < resendAfterMs) return { retryAfterMs: resendAfterMs - since };
      const code = newConfirmationCode();
      await db.run(
        'UPDATE support_addresses SET code_hash = ?, code_sent_at = ?, code_attempts = 0 WHERE address = ?',
        [confirmationCodeHash(code), at, key],
      );
      return { address: key, code };
    });
  }

  #forget(): void {
    this.#all = undefined;
  }

  #table(): Promise<Map<string, SupportAddressRecord>> {
    const now = this.now();
    if (this.#all === undefined || now - this.#readAt > cacheMs) {
      this.#readAt = now;
      const reading = this.db
        .all<Row>(`SELECT ${COLUMNS} FROM support_addresses WHERE verified_at IS NOT NULL`)
        .then((rows) => new Map(rows.map((row) => [row.address, toRecord(row)])));
      // A failed read is not kept: the next asks again.
      reading.catch(() => {
        if (this.#all === reading) this.#all = undefined;
      });
      this.#all = reading;
    }
    return this.#all;
  }
}
