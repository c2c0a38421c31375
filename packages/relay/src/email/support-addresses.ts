import type { SupportAddress } from '@parley/protocol/admin';
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
}

const toRecord = (row: Row): SupportAddressRecord => ({
  address: row.address,
  siteId: row.site_id,
  name: row.name,
  createdAt: Number(row.created_at),
});

/** How long the addresses read for `RCPT TO` are trusted before they are read again (another relay's changes). */
const cacheMs = 5_000;

/**
 * A relay's support addresses (docs/email.md, "A support address"). Every address is known to every site's
 * mail: {@link find} answers from a copy of the whole (small) table, read again after {@link cacheMs} or at once
 * after a change made here, so that `RCPT TO` is answered without a query per recipient.
 */
export class SupportAddresses {
  #all: Promise<Map<string, SupportAddressRecord>> | undefined;
  #readAt = 0;

  constructor(
    private readonly db: SqlDb,
    private readonly now: () => number = Date.now,
  ) {}

  /** The support address `address` is (compared case-insensitively), or `undefined`. */
  async find(address: string): Promise<SupportAddressRecord | undefined> {
    const key = address.trim().toLowerCase();
    if (!key.includes('@')) return undefined;
    return (await this.#table()).get(key);
  }

  /** A site's addresses, oldest first. */
  async list(siteId: string): Promise<SupportAddressRecord[]> {
    const rows = await this.db.all<Row>(
      'SELECT address, site_id, name, created_at FROM support_addresses WHERE site_id = ? ORDER BY created_at, address',
      [siteId],
    );
    return rows.map(toRecord);
  }

  /**
   * Replaces a site's addresses with `items` (names included). `taken`: another site of this relay has one of them
   * (its address is given; nothing changed).
   */
  async replace(
    siteId: string,
    items: readonly { readonly address: string; readonly name: string | null }[],
  ): Promise<
    | { readonly status: 'replaced'; readonly items: SupportAddressRecord[] }
    | { readonly status: 'taken'; readonly address: string }
  > {
    const at = this.now();
    const wanted = items.map((item) => ({ address: item.address.trim().toLowerCase(), name: item.name }));
    const outcome = await this.db.transaction(async (db) => {
      for (const { address, name } of wanted) {
        const [held] = await db.all<{ site_id: string }>('SELECT site_id FROM support_addresses WHERE address = ?', [
          address,
        ]);
        if (held && held.site_id !== siteId) return { status: 'taken' as const, address };
        await db.run(
          `INSERT INTO support_addresses (address, site_id, name, created_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (address) DO UPDATE SET name = excluded.name`,
          [address, siteId, name, at],
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
    return { status: 'replaced', items: await this.list(siteId) };
  }

  #forget(): void {
    this.#all = undefined;
  }

  #table(): Promise<Map<string, SupportAddressRecord>> {
    const now = this.now();
    if (this.#all === undefined || now - this.#readAt > cacheMs) {
      this.#readAt = now;
      const reading = this.db
        .all<Row>('SELECT address, site_id, name, created_at FROM support_addresses')
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
