import type { ContactReach, Permission } from '@parley/protocol/admin';
import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import type { Accounts } from '../auth/accounts.js';
import type { ChatCore } from '../core/chat-core.js';
import type { ChatHooks } from '../core/hooks.js';
import type { CoreConfig } from './core-config.js';
import type { AdminRoute } from './admin-routes/admin-route.js';
import type { Json } from '../http/openapi/schema-json.js';
import type { PublicOrigin } from '../http/public-origin.js';
import type { Logger } from '../log.js';
import type { LogConsumer } from '../message-log/log-consumer.js';
import type { OutboxHandler, OutboxInsert } from '../outbox/outbox.js';
import type { ErasedTable, ExpiredRows } from '../store/erasure-plan.js';
import type { Migration } from '../store/migration.js';
import type { FeatureRepositories } from '../store/repositories.js';
import type { SqlDb } from '../store/sql/sql-db.js';
import type { ConfigKeys, ConfigSection, NoKeys, SectionValues } from './config-section.js';
import type { ConversationListFilter, ConversationListSearch } from './conversation-list-filters.js';
import type { Desk } from './desk.js';
import type { DeskHooks } from './desk-hooks.js';
import type { Contribution, ExtensionPoint, ReadPoint } from './extension-point.js';
import type { UseFeature } from './feature-instances.js';

/**
 * Options of `startRelay` that embedding and tests give features (clocks, delays); production keeps the defaults.
 * A feature reads the ones it knows.
 */
export interface FeatureOptions {
  /** The clock automations read business hours on, and routing its deadlines (tests); default `Date.now`. */
  readonly clock?: (() => number) | undefined;
  /** The clock of the email feature: transcript requests' spacing and daily limit (tests); default `Date.now`. */
  readonly emailClock?: (() => number) | undefined;
  /** How long a staff notification waits to gather what follows, in ms (default 60 s; tests shorten it). */
  readonly emailNotifyBatchMs?: number | undefined;
  /** How long a mention email waits for the mention to be read in the inbox, in ms (default 60 s; tests shorten it). */
  readonly mentionEmailDelayMs?: number | undefined;
  /**
   * How long a read waits for more reads on its site before their closing is pushed to other devices, in ms (default
   * 3 s; tests shorten it).
   */
  readonly pushReadDelayMs?: number | undefined;
  /** How often message safety reads the settings other relays saved, in ms (default 10 s; tests shorten it). */
  readonly safetyPollMs?: number | undefined;
  /**
   * Requests per client address on public sign-in routes besides `/v1/auth/*` (single sign-on's): a burst, then this
   * many per second; `perSecond` 0 disables. The relay gives the auth routes' when `authLimits` is set (tests).
   */
  readonly signInAddressLimit?: { readonly burst: number; readonly perSecond: number } | undefined;
  /** The effects of handing a conversation to a person (routing's, when absent): see `AutomationsOptions`. */
  readonly handover?: ((siteId: string, conversationId: string) => readonly OutboxInsert[] | undefined) | undefined;
}

/** What a feature is given when the relay starts it. */
export interface FeatureContext<Keys extends ConfigKeys = NoKeys, Options extends FeatureOptions = FeatureOptions> {
  /** The relay's own configuration and the feature's section of it. */
  readonly config: CoreConfig & SectionValues<Keys>;
  readonly core: ChatCore;
  /** The desk: the admin store, the outbox worker, contacts, staff sessions. */
  readonly admin: Desk;
  readonly accounts: Accounts;
  readonly log: Logger;
  /** Signs visitor tokens and keys the relay's other signatures. */
  readonly relaySecret: string;
  /** 32 bytes, base64: seals secrets at rest. */
  readonly dataKey: string;
  /** The database the desk's tables are in, for the feature's own repository over its own tables. */
  readonly db: SqlDb;
  /** Where addresses the relay hands out point (configured, or learned once it listens). */
  readonly publicOrigin: PublicOrigin;
  readonly options: Options;
  /** Another feature's running part (see {@link UseFeature}); ask when needed, not while being made. */
  readonly use: UseFeature;
  /** What every feature contributes to a point (one the feature hosts, in its `points`), in the list's order. */
  readonly contributions: ReadPoint;
}

/** A feature's running part, as the relay drives it. Every member is optional. */
export interface FeatureParts<Instance = unknown> {
  /** What `use(name)` returns to other features, the admin routes and embedding code. */
  readonly instance?: Instance;
  /** Attached to the chat core, in the order of the feature list. */
  readonly hooks?: ChatHooks;
  /** Told of the desk's changes outside the message path (conversation changed, contacts created or erased). */
  readonly desk?: DeskHooks;
  /**
   * Filters it adds to the conversation list (`GET /v1/admin/conversations`), each reading a query parameter of its
   * own, which the feature declares from its definition (words and parse) as a contribution to the desk's point
   * `desk.conversationParams` (`conversationListParams`): the list takes it and the document lists it.
   */
  readonly conversationFilters?: readonly ConversationListFilter[];
  /** What it adds to the conversation list's search (`q`), ORed with the message search. */
  readonly conversationSearch?: ConversationListSearch;
  /**
   * What it holds about a contact and their conversations, for the contact's export (`GET
   * /v1/admin/contacts/{id}/export`, an access or portability request): its section there, under `features.<name>`.
   * Declare it whenever the feature keeps personal data (as `erasure` erases it), here or, from the feature's
   * definition, as a contribution to the export's point `export.sections` (custom attributes' way).
   */
  contactExport?(siteId: string, contactId: string, conversationIds: readonly string[]): Promise<unknown>;
  /**
   * Where the feature's channel reaches contacts outside the chat (an API channel's name and the contact's id there):
   * for a page of contacts of one site, each contact's lines (absent: none), shown with the contact (`reach` in the
   * admin API, the inbox's visitor panel and thread). One read per page, never per contact; never another site's.
   */
  contactReach?(siteId: string, contactIds: readonly string[]): Promise<ReadonlyMap<string, readonly ContactReach[]>>;
  /** Registered with the outbox worker before it starts. */
  readonly handlers?: readonly OutboxHandler[];
  /**
   * Its handlers of the chat socket's frames of its own (`ws/frame-handler.ts`: `edit` and `delete` are the edits
   * feature's, `transcript` and `email` the email feature's): a frame type of the protocol that no feature of the
   * relay handles is `unknown_frame`.
   */
  readonly frames?: readonly SocketFrameHandler[];
  /**
   * Its readers of the message log (ADR 0023): effects of stored messages made from the messages themselves, after
   * the fact and in batches, instead of an outbox row written per message in the append (`hooks.messageEffects`).
   * The relay nudges each after every stored message (this relay's, or another's through the bus), starts each once
   * the feature has started, and stops each after the feature has stopped.
   */
  readonly logConsumers?: readonly LogConsumer[];
  /** HTTP routes of its own (outside the admin API), registered before the catch-all. */
  http?(app: TemplatedApp): void;
  /**
   * The handler of `GET`/`HEAD /` for a request's `Host` when the feature serves that host's front page (the help
   * center's custom domains), asked synchronously by the relay's own `/` route; `undefined` leaves `/` to the relay.
   */
  rootFor?(host: string): ((res: HttpResponse, req: HttpRequest) => void) | undefined;
  /**
   * The `data-*` attributes (by name without `data-`, e.g. `accent`) a site's loader script sets where its embed
   * code sets none (`/widget.js?site=<site key>`): what the site chose in the inbox. Values must be plain tokens
   * the element reads as attributes (or, for campaigns' `campaigns`, JSON the loader itself reads); the relay writes
   * them into the script as JSON strings.
   */
  loaderDefaults?(siteId: string): Promise<Readonly<Record<string, string>> | undefined>;
  /** Before the relay listens (caches filled, timers started). */
  start?(): Promise<void> | void;
  /** Once the relay listens (what needs its port, or must not take work earlier). */
  listening?(): Promise<void> | void;
  /**
   * What outside input would otherwise load on the event loop the first time it needs it (a library's modules: an
   * import holds the loop for as long as it takes, 15–130 ms). The relay loads it in the background once it
   * listens, so that neither the start nor a visitor's request waits for it: one feature's at a time, a turn of the
   * event loop apart, so that connections are accepted between them. A failure is logged, and the work that needs
   * the module fails then as it would have.
   */
  preload?(): Promise<unknown>;
  /** When the relay stops, before its connections close: take no more work. Run in reverse order. */
  stop?(): Promise<void> | void;
  /** After the connections closed and appends settled: release what it holds. Run in reverse order. */
  close?(): Promise<void> | void;
}

/**
 * What the socket kit calls a frame handler (`FrameHandler`, ws/frame-handler.ts), given to this interface by module
 * augmentation there, so that the feature frame imports nothing of the socket's.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by module augmentation
export interface SocketParts {}

/** A feature's handler of its frames of the chat socket (see {@link SocketParts}). */
export type SocketFrameHandler = SocketParts extends { readonly frameHandler: infer Handler } ? Handler : never;

/** What a feature keeps about conversations and contacts, erased with them (erasure requests, retention). */
export interface FeatureErasure {
  readonly conversations?: readonly ErasedTable[];
  readonly contacts?: readonly ErasedTable[];
  /** What a site's retention period erases of its other rows once they are past it. */
  readonly expired?: ExpiredRows;
}

/**
 * One capability of the relay (webhooks, email, routing…): everything it adds, in one module of its folder, and
 * one line in the feature list (`features.ts`). Starting the relay, routing admin requests, building the API
 * document, reading the configuration and erasing are loops over that list (docs/architecture.md, "Adding a
 * feature").
 */
export interface Feature<Keys extends ConfigKeys = NoKeys, Instance = unknown> {
  /** Unique, lower-case; the key of `use(name)` when it has a running part. */
  readonly name: string;
  /**
   * The features it cannot work without (their names): the relay refuses to start a feature list that has this one
   * and lacks one of them, naming both. Only for what it needs; what it merely uses when there, it asks `use` for.
   */
  readonly requires?: readonly string[];
  /**
   * The extension points it hosts (`extensionPoint<Item>('<name>.<what>')`, exported from its folder): others
   * contribute to them, it reads their contributions with `contributions(point)` (docs/architecture.md, "Adding a
   * feature").
   */
  readonly points?: readonly ExtensionPoint<unknown>[];
  /**
   * What it contributes to points of other features (or its own): `[ruleConditions.with(…)]`. A contribution to a
   * point its host does not declare is refused at start; to a point whose host feature is absent, it lies dormant.
   */
  readonly contributes?: readonly Contribution<unknown>[];
  /** Its configuration keys, each with its environment variable. */
  readonly config?: ConfigSection<Keys>;
  /** Its routes of the admin API (`/v1/admin/…`): each one object, with its schemas and prose (`adminRoute`). */
  readonly adminRoutes?: readonly AdminRoute[];
  /**
   * The permission its routes take unless one says otherwise (`permission` on the route; `null` there: every member):
   * declared once, not route by route.
   */
  readonly permission?: Permission;
  /**
   * The API document's tag of its own routes, when they are not in an area of the desk's (`settings`,
   * `conversations`…): listed after the desk's tags, in the order of the feature list.
   */
  readonly apiTag?: { readonly name: string; readonly description: string };
  /**
   * How the API document describes its routes: prose per path and method, with the contract's schemas. A function,
   * called when the document is made: turning zod schemas into JSON Schema is not a cost every start should pay.
   */
  readonly apiPaths?: () => Readonly<Record<string, Json>>;
  /**
   * What the API document's `webhooks` section says of the requests it sends (events, replies), by name, in the order
   * of the feature list. A function, as `apiPaths`.
   */
  readonly apiWebhooks?: () => Readonly<Record<string, Json>>;
  /** The security schemes its routes name besides the staff's (a token of its own), by name. */
  readonly apiSecuritySchemes?: Readonly<Record<string, Json>>;
  /** Its schema migrations, by name (`<feature>.<what>`), in the order they apply (ADR 0021). */
  readonly migrations?: readonly Migration[];
  /**
   * Its repositories in `admin.repos` (given to the features that use them, and to tests as fakes), each its query
   * module: the key and interface are added to `Repositories` by module augmentation, beside the interface.
   */
  readonly repositories?: FeatureRepositories;
  /**
   * Its tables that hold rows of a conversation or a contact, erased with them. A test reads both stores' schemas
   * and fails for any table with such a column that no feature declares.
   */
  readonly erasure?: FeatureErasure;
  /** Makes its running part. Features are made in list order; `use` finds those made before. */
  create?(context: FeatureContext<Keys>): Promise<FeatureParts<Instance>> | FeatureParts<Instance>;
}

/** A feature of any configuration and running part, as the feature list holds them. */
export type AnyFeature = Feature<ConfigKeys, unknown>;

/** Declares a feature (the identity, for its types). */
export function defineFeature<const Keys extends ConfigKeys = NoKeys, Instance = unknown>(
  feature: Feature<Keys, Instance>,
): Feature<Keys, Instance> {
  return feature;
}
