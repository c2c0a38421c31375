import type {
  AuditRepository,
  BroadcastRepository,
  CannedRepository,
  ContactRepository,
  ConversationRepository,
  DeskRepository,
  EmailRepository,
  OutboxRepository,
  RetentionRepository,
  SiteRepository,
} from './admin-store.js';
import type { AccountRepository } from './account-store.js';
import type { AutomationRepository } from '../automations/automation-store.js';
import type { FaqRepository } from '../automations/faq-store.js';
import type { AttachmentRepository } from '../attachments/attachment-store.js';
import type { MentionRepository } from '../mentions/mention-store.js';
import type { PushRepository } from '../push/push-store.js';
import type { ReportRepository } from '../admin/reports/report-store.js';
import type { RoutingRepository } from '../routing/routing-store.js';
import type { WebhookRepository } from '../webhooks/webhook-store.js';
import * as accounts from './sql/account-queries.js';
import * as attachments from '../attachments/attachment-queries.js';
import * as audit from './sql/audit-queries.js';
import * as automations from '../automations/automation-queries.js';
import * as broadcasts from './sql/broadcast-queries.js';
import * as canned from './sql/canned-queries.js';
import * as contacts from './sql/contact-queries.js';
import * as conversations from './sql/conversation-queries.js';
import * as desk from './sql/desk-queries.js';
import * as email from './sql/email-queries.js';
import * as faq from '../automations/faq-queries.js';
import * as invitationCodes from './sql/invitation-code-queries.js';
import * as mentions from '../mentions/mention-queries.js';
import * as outbox from './sql/outbox-queries.js';
import * as push from '../push/push-queries.js';
import { report } from '../admin/reports/report-days.js';
import { firstResponse } from '../admin/reports/report-queries.js';
import * as retention from './sql/retention-queries.js';
import * as routing from '../routing/routing-queries.js';
import * as sites from './sql/site-queries.js';
import type { SqlDb } from './sql/sql-db.js';
import type { ErasurePlan } from './erasure-plan.js';
import * as webhooks from '../webhooks/webhook-queries.js';

/**
 * The admin side's data, one repository per area (the message path has its own {@link Store}). A feature is given
 * the few it uses (`Pick<Repositories, 'webhooks' | 'outbox'>`), so a test can hand it a fake of one.
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
  readonly email: EmailRepository;
  readonly faq: FaqRepository;
  readonly automations: AutomationRepository;
  readonly outbox: OutboxRepository;
  readonly webhooks: WebhookRepository;
  readonly routing: RoutingRepository;
  readonly attachments: AttachmentRepository;
  readonly accounts: AccountRepository;
  readonly mentions: MentionRepository;
  readonly push: PushRepository;
  readonly reports: ReportRepository;
}

/** A repository's queries as a query module exports them: each takes the database first. */
type Queries<R> = {
  readonly [K in keyof R]: R[K] extends (...args: infer A) => infer T ? (db: SqlDb, ...args: A) => T : never;
};

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
    this.repos = {
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
      email: bind<EmailRepository>(db, email),
      faq: bind<FaqRepository>(db, faq),
      automations: bind<AutomationRepository>(db, automations),
      outbox: bind<OutboxRepository>(db, outbox),
      webhooks: bind<WebhookRepository>(db, webhooks),
      routing: bind<RoutingRepository>(db, routing),
      attachments: bind<AttachmentRepository>(db, attachments),
      accounts: bind<AccountRepository>(db, { ...accounts, ...invitationCodes }),
      mentions: bind<MentionRepository>(db, mentions),
      push: bind<PushRepository>(db, push),
      reports: bind<ReportRepository>(db, { report, firstResponse }),
    };
  }

  /** The database, for a feature's own repository over its own tables (`FeatureContext.db`). */
  get sql(): SqlDb {
    return this.#db;
  }

  close(): Promise<void> {
    return this.#db.close();
  }
}
