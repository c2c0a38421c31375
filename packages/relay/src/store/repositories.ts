import type {
  AuditRepository,
  BroadcastRepository,
  CannedRepository,
  ContactRepository,
  ConversationRepository,
  DeskRepository,
  OutboxRepository,
  RetentionRepository,
  SiteRepository,
} from './admin-store.js';
import type { AccountRepository } from './account-store.js';
import * as accounts from './sql/account-queries.js';
import * as audit from './sql/audit-queries.js';
import * as broadcasts from './sql/broadcast-queries.js';
import * as canned from './sql/canned-queries.js';
import * as contacts from './sql/contact-queries.js';
import * as conversations from './sql/conversation-queries.js';
import * as desk from './sql/desk-queries.js';
import * as invitationCodes from './sql/invitation-code-queries.js';
import * as outbox from './sql/outbox-queries.js';
import * as retention from './sql/retention-queries.js';
import * as sites from './sql/site-queries.js';
import type { SqlDb } from './sql/sql-db.js';
import type { ErasurePlan } from './erasure-plan.js';

/**
 * The admin side's data, one repository per area (the message path has its own {@link Store}). A feature is given
 * the few it uses (`Pick<Repositories, 'webhooks' | 'outbox'>`), so a test can hand it a fake of one.
 *
 * These are the core's; a feature adds its own from its folder: the key and type by module augmentation
 * (`declare module '…/store/repositories.js' { interface Repositories { readonly webhooks: WebhookRepository } }`,
 * beside its repository's interface), its query module in `repositories` of its feature module.
 */
export interface Repositories {
  readonly conversations: ConversationRepository;
  readonly contacts: ContactRepository;
  readonly sites: SiteRepository;
  readonly retention: RetentionRepository;
  readonly audit: AuditRepository;
  readonly canned: CannedRepository;
  readonly desk: DeskRepository;
  readonly broadcasts: BroadcastRepository;
  readonly outbox: OutboxRepository;
  readonly accounts: AccountRepository;
}

/** A repository's queries as a query module exports them: each takes the database first. */
type Queries<R> = {
  readonly [K in keyof R]: R[K] extends (...args: infer A) => infer T ? (db: SqlDb, ...args: A) => T : never;
};

/**
 * Repositories a feature adds (`repositories` of its feature module), by their key in {@link Repositories}: each its
 * query module, which the compiler checks against the repository's interface.
 */
export type FeatureRepositories = { readonly [K in keyof Repositories]?: Queries<Repositories[K]> };

/** The features' repositories, added once by the feature list (`features/features.ts`); every `AdminDb` binds them. */
const featureRepositories: FeatureRepositories[] = [];

/** Adds features' repositories to every {@link AdminDb} made from now on. */
export function addRepositories(list: readonly FeatureRepositories[]): void {
  featureRepositories.push(...list);
}

/**
 * A query module as the repository `R` over `db`: its functions, the database bound. The compiler checks that the
 * module has every query of `R`; the few other functions it exports (what another area's transaction calls, such as
 * `conversationRecords`) are bound too, and out of `R`'s sight.
 */
function bind<R>(db: SqlDb, queries: Queries<R>): R {
  const repository: Record<string, unknown> = {};
  for (const [name, query] of Object.entries(queries))
    repository[name] = (query as (db: SqlDb, ...args: unknown[]) => unknown).bind(undefined, db);
  return repository as R;
}

/**
 * The repositories over one database, and what spans them: closing it. A write that spans areas (a conversation's
 * update and the outbox jobs it causes, an erasure) is one query of one repository, in one transaction of its own.
 */
export class AdminDb {
  readonly repos: Repositories;
  readonly #db: SqlDb;

  constructor(
    db: SqlDb,
    /** What erasing a conversation or a contact deletes: every feature's tables (`features/features.ts`). */
    erasure: ErasurePlan,
  ) {
    this.#db = db;
    const repos: Partial<Repositories> & Record<string, unknown> = {
      conversations: bind<ConversationRepository>(db, conversations),
      contacts: bind<ContactRepository>(db, {
        ...contacts,
        eraseContact: (on: SqlDb, ...args: Parameters<ContactRepository['eraseContact']>) =>
          contacts.eraseContact(on, erasure, ...args),
      }),
      sites: bind<SiteRepository>(db, sites),
      retention: bind<RetentionRepository>(db, {
        ...retention,
        eraseExpired: (on: SqlDb, ...args: Parameters<RetentionRepository['eraseExpired']>) =>
          retention.eraseExpired(on, erasure, ...args),
      }),
      audit: bind<AuditRepository>(db, audit),
      canned: bind<CannedRepository>(db, canned),
      desk: bind<DeskRepository>(db, desk),
      broadcasts: bind<BroadcastRepository>(db, broadcasts),
      outbox: bind<OutboxRepository>(db, outbox),
      accounts: bind<AccountRepository>(db, { ...accounts, ...invitationCodes }),
    };
    for (const queries of featureRepositories)
      for (const [name, module] of Object.entries(queries)) repos[name] = bind<unknown>(db, module as Queries<unknown>);
    // Each feature's module was checked against its repository's interface (`FeatureRepositories`).
    this.repos = repos as Repositories;
  }

  /** The database, for a feature's own repository over its own tables (`FeatureContext.db`). */
  get sql(): SqlDb {
    return this.#db;
  }

  close(): Promise<void> {
    return this.#db.close();
  }
}
