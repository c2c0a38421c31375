import type { HelloFrame, Message, VisitorContext, WelcomeFrame } from '@parley/protocol';
import type { Permission } from '@parley/protocol/admin';
import type { VisitorClaims } from '../auth/tokens.js';
import type { OutboxInsert } from '../outbox/outbox.js';
import type { Screening, ScreenVerdict } from './screening.js';
import type { ConversationState, Site, Staff, VisitorProfile } from '../store/store.js';
import type { ScopedConversation, StaffScope } from './staff-scope.js';

/**
 * The members of a visitor's `welcome` the hello itself sets (who the connection is, its conversation, how to behave,
 * and what the relay's kits say: `email`, `attachments`): no feature's {@link ChatHooks.visitorWelcome} gives them.
 */
export type CoreWelcomeMember =
  | 'type'
  | 'protocol'
  | 'sessionId'
  | 'role'
  | 'site'
  | 'visitorToken'
  | 'visitorId'
  | 'conversationId'
  | 'lastSeq'
  | 'readSeq'
  | 'staff'
  | 'staffOnline'
  | 'heartbeatMs'
  | 'limits'
  | 'serverTime'
  | 'email'
  | 'attachments';

/**
 * What features add to a visitor's `welcome` (see {@link ChatHooks.visitorWelcome}): any member of the protocol's
 * `WelcomeFrame` that is not the core's own ({@link CoreWelcomeMember}), so a feature that adds one edits the protocol
 * and its own folder, not this file.
 */
export type VisitorWelcomeExtras = Partial<Omit<WelcomeFrame, CoreWelcomeMember>>;

/**
 * An identified visitor's claims as their hello sent them (`user`: id, hash, name, email, attributes, company and
 * their signatures), given to features once the core has checked `user.hash` (the identity). What else is signed
 * (`attributesHash`, `companyHash`) is for the feature that reads the claim to check, with the site's
 * `identitySecret` (`verifyAttributesHash`).
 */
export type IdentifiedUser = NonNullable<HelloFrame['user']>;

/** A visitor said hello, or reported a page change (`context` frame). */
export interface VisitorSeen {
  readonly site: Site;
  readonly visitorId: string;
  readonly conversationId: string;
  /** As stored with the visitor's messages: the email, if any, already sealed (see {@link ChatHooks.sealEmail}). */
  readonly profile: VisitorProfile;
  readonly context: VisitorContext | undefined;
  /** The `User-Agent` header of the connection ('' when none). */
  readonly userAgent: string;
  /** The plaintext email given at hello; only on hello, never on a page change. */
  readonly email?: string | undefined;
  /**
   * False while the visitor has not written yet (no conversation stored): a visitor who never says anything is
   * kept nowhere (features hold what they learn until {@link ChatHooks.conversationCreated}).
   */
  readonly started: boolean;
  /** The pre-chat consent given at hello (the version of the text agreed to); only on hello. */
  readonly consent?: { readonly version: string } | undefined;
  /**
   * Custom attributes the visitor gave besides their hello's `user` (the pre-chat form's values, `signed` false); an
   * identified visitor's `user.attributes` come in {@link user}, for the attributes feature to check their signature.
   */
  readonly attributes?: VisitorAttributes | undefined;
  /**
   * An identified visitor's claims as their hello sent them ({@link IdentifiedUser}: the identity checked, nothing
   * else); only on hello, and only for an identified visitor. The attributes feature reads `user.attributes`, the
   * companies feature `user.company`, each checking its own signature.
   */
  readonly user?: IdentifiedUser | undefined;
  /**
   * True when `email` is the site's word: an identified visitor's `user.email` with the site's signature of it
   * (`user.emailHash`); only on hello. Merge suggests duplicates by such addresses only (docs/merge.md).
   */
  readonly emailSigned?: boolean | undefined;
}

/** Custom attributes a visitor gave (docs/attributes.md). */
export interface VisitorAttributes {
  readonly values: Readonly<Record<string, string | number | boolean | null>>;
  /** True when the site signed them (`user.attributesHash` checked): they count as verified. */
  readonly signed: boolean;
}

/**
 * What a visitor's hello asks features about the conversation it resumes ({@link ChatHooks.resumeConversation}), once
 * it knows who the visitor is and before it reads the conversation.
 */
export interface VisitorResume {
  readonly site: Site;
  /** Who the hello proved the visitor is: an identified visitor's id (made from `user.id`), else their token's. */
  readonly visitorId: string;
  /** True for an identified visitor (`user.hash` checked). */
  readonly verified: boolean;
  /** An identified visitor's newest conversation on the site, if they have one; `undefined` for anonymous visitors. */
  readonly newest: string | undefined;
  /** The hello's visitor token's claims, when it is genuine, of this site and of this visitor. */
  readonly token: VisitorClaims | undefined;
  /** What the hello resumes unless a feature says otherwise: `newest`, else the token's conversation. */
  readonly conversationId: string | undefined;
}

/**
 * A staff member's open connection, as features see it: who it is, and a way to close it. The connection layer
 * makes these; features keep them without knowing what a socket is.
 */
export interface StaffSession {
  readonly staff: Staff;
  readonly site: Site;
  /** The browser session it was opened with (a signed-in member), if any: revoking the session closes it. */
  readonly authSessionId?: string | undefined;
  /** False once the connection has closed. */
  isOpen(): boolean;
  /** Closes the connection with 4014 (credential revoked). */
  revoke(): void;
}

/**
 * What the chat core tells the features attached to it (admin, and later email, webhooks, automations). A feature
 * implements the hooks it needs; the core calls every attached feature's hook, in the order they were attached.
 * Hooks run on the relay's event loop: they must return quickly and do their I/O in the background (a hook never
 * delays a connection or an acknowledgement). The arrows point one way: features import the core, never the
 * reverse.
 */
export interface ChatHooks {
  /**
   * Seals a visitor's email before it reaches the message store (as part of the visitor's profile); the first
   * feature that answers wins. Without one, emails are not stored at all.
   */
  sealEmail?(email: string): string | undefined;
  /** A visitor said hello or changed page. */
  visitorSeen?(visitor: VisitorSeen): void;
  /**
   * The conversation a conversation was merged into (docs/merge.md), when it was: a visitor whose token names it
   * follows to that one. Synchronous, from memory: it is asked on a visitor's hello. The first answer wins.
   */
  mergedInto?(conversationId: string): string | undefined;
  /**
   * Which conversation a visitor's hello resumes, when not the one it would ({@link VisitorResume}`.conversationId`):
   * a conversation id, or `undefined` to leave it (the common case). Asked only when the hello has a token or an
   * identified visitor's newest conversation, in the order of the feature list; the first answer wins. Answer from
   * memory when you can (a value, not a promise); a promise is waited for a bounded time (then, like a throw, it
   * counts as no answer). The core checks the answer: a stored conversation must be this visitor's on this site, and
   * one not stored yet is started only under the id of a `fresh` token (a new conversation the relay signed for this
   * visitor); any other answer is refused, logged, and the hello resumes what it would have. Past conversations
   * (`visitor-history`) answer the token's conversation for an identified visitor whose token names another than
   * their newest.
   */
  resumeConversation?(resume: VisitorResume): string | undefined | Promise<string | undefined>;
  /** A conversation was merged into `into`, through this relay or another (the bus says so): on every relay. */
  conversationMerged?(conversationId: string, into: string): void;
  /** A stored message opened a new conversation (sequence 1). */
  conversationCreated?(siteId: string, conversationId: string): void;
  /**
   * Screens a message before it is stored (message safety, docs/safety.md): refuses it, or changes what is stored
   * (sensitive data replaced, hidden by the content filter). Asked for every visitor and staff message from any
   * door (WebSocket, admin API, email, API channels), in the order of the feature list, each hook seeing the text
   * the ones before it left. Synchronous and cheap: it is on the message path (decide from memory; a refusal that needs
   * a read goes in the verdict's `check`, like a messaging channel's reply window; anything slow to make durable in its
   * `before`). Returns nothing to store the message as it is (the common case); never throws.
   */
  screenMessage?(message: Screening): ScreenVerdict | undefined;
  /**
   * A text kept beside a message (a file's name, an email's subject), as it may be stored: what message safety
   * hides replaced (docs/safety.md). `undefined` to keep it as it is. Synchronous and cheap; never throws. `shape`
   * `name`: a file's name, where `_`, `-` and letters do not hide a number glued to them (`card_4242….png`).
   */
  redactAside?(siteId: string, text: string, shape?: 'name'): string | undefined;
  /**
   * Whether a staff member saying hello counts as online for visitors: false when routing knows them set to
   * Offline. Asked once per staff hello (never on the message path); it must not throw.
   */
  staffAvailable?(siteId: string, staffId: string): Promise<boolean>;
  /**
   * Which conversations a staff member may see ({@link StaffScope}): the first answer wins; without one, all of the
   * site's. Asked once per admin request and per staff hello (never on the message path); it must not throw.
   */
  staffScope?(site: Site, staff: Staff): Promise<StaffScope | undefined>;
  /**
   * What a staff member may do ({@link Permission}): the first answer wins; without one, their built-in role's
   * (`builtInPermissions`). Asked once per admin request and per staff hello; it must not throw.
   */
  staffPermissions?(site: Site, staff: Staff): Promise<readonly Permission[] | undefined>;
  /**
   * What a conversation's visibility depends on (its assignee and team), read from the desk; asked only while
   * some member sees less than all ({@link staffScope}). The first answer wins.
   */
  conversationScope?(siteId: string, conversationId: string): Promise<ScopedConversation | undefined>;
  /** A staff connection said hello and was welcomed. */
  staffReady?(session: StaffSession): void;
  /** A welcomed staff connection closed. */
  staffClosed?(session: StaffSession): void;
  /**
   * A staff connection moved a conversation's staff read mark forward, to `seq` (stored): the notifications about it
   * may go, on every device. Called after the store answered; it must return quickly and never throw.
   */
  staffRead?(session: StaffSession, siteId: string, conversationId: string, seq: number): void;
  /**
   * The side effects a newly stored message causes (webhook deliveries, a reply email, staff notifications), to be
   * written to the outbox in the same transaction as the message. Called by the message store inside its
   * transaction, once per message stored (never for a resend): it must be synchronous, cheap and pure — decide
   * from what is in memory, return nothing when there is nothing to do (the common case), and never throw.
   * `conversation` is its status and assignee as the store read them with the message's sequence, before this
   * message (no read of its own: decide a reopen or a claim from it).
   */
  messageEffects?(
    message: Message,
    siteId: string,
    conversation: ConversationState,
  ): readonly OutboxInsert[] | undefined;
  /**
   * The side effects of resolving a conversation (a rating request), written in the transaction that resolves it
   * and only if it was not resolved already. Synchronous and cheap, like {@link messageEffects}.
   */
  resolvedEffects?(siteId: string, conversationId: string): readonly OutboxInsert[] | undefined;
  /**
   * What a visitor's `welcome` adds ({@link VisitorWelcomeExtras}: any member that is not the core's own): the site's
   * business hours and greeting in the visitor's language, when to ask for their email, the pre-chat form…
   * Synchronous, from memory: it is on every visitor's hello. `visitor` is what the hello said of them (as
   * {@link visitorSeen} is told, the identified `user` with it), for what depends on who they are (the pre-chat form:
   * not after their first message, nor the fields an identified visitor's hello gave). Later features' members win.
   */
  visitorWelcome?(siteId: string, locale: string | undefined, visitor: VisitorSeen): VisitorWelcomeExtras | undefined;
  /**
   * A site's settings of an `area` (`automations`, …) were saved through this relay's admin API, as `settings`:
   * features that cache them take them at once (other relays pick them up from the store).
   */
  siteSettingsChanged?(siteId: string, area: string, settings: unknown): void;
}
