import * as z from 'zod/mini';
import { PrechatGiven, PrechatSaved } from './prechat-form.js';
import { LIMITS } from './limits.js';
import { NOT_VERBATIM, isVerbatim } from './verbatim.js';

/**
 * Every frame of protocol v1, as zod schemas. Objects strip unknown keys, so a newer peer may add optional
 * fields without breaking an older one. Each frame is one JSON text message on the WebSocket.
 */

const idPattern = /^[A-Za-z0-9_-]+$/;

/** A client-generated id: 1–64 of `A–Z a–z 0–9 _ -`. Sortable ids (ULIDs) are recommended. */
export const ClientId = z.string().check(z.minLength(1), z.maxLength(LIMITS.maxIdLength), z.regex(idPattern));

/** A server-generated conversation id. */
export const ConversationId = z.string().check(z.minLength(1), z.maxLength(LIMITS.maxIdLength), z.regex(idPattern));

/** A per-conversation sequence number: 1 for the first message, then gap-free. 0 means "nothing yet". */
export const Seq = z.int().check(z.gte(0));

/**
 * A string a client sends, of at most `max` UTF-16 code units (at least `min`), that the relay can store and
 * return exactly as sent: no U+0000, no unpaired surrogate (see verbatim.ts). Every string of every client frame
 * is one of these, or narrower (ids, hashes).
 */
const verbatim = (max: number, min = 0) =>
  z.string().check(z.minLength(min), z.maxLength(max), z.refine(isVerbatim, { error: NOT_VERBATIM }));

/** Why a `send` without files and without text is refused. */
export const EMPTY_TEXT = 'expected a text of at least 1 character, or attachments';
const ShortString = verbatim(256);
const Url = verbatim(2048);

/**
 * Who wrote a message or is typing. `bot` (protocol 2) is the site's automations speaking under a name of their
 * own; a relay sends a v1 connection the same author with the role `staff`.
 */
export const Author = z.object({
  role: z.enum(['visitor', 'staff', 'system', 'bot']),
  id: z.string(),
  name: z.optional(z.string()),
});
export type Author = z.infer<typeof Author>;

/**
 * A quick-reply button (protocol 2): the visitor's widget shows it under the message, and a click sends `label`
 * as the visitor's message. A bot or staff message carries at most `LIMITS.maxButtons` of them. `id` (optional,
 * added later in protocol 2: clients before it ignore it) names the choice, so that the click is known by more
 * than its label: a widget sends it back as the `reply` of its `send` (`faq-yes:<entry>`, `handover`…).
 */
export const QuickReply = z.object({
  label: verbatim(LIMITS.maxButtonLabel, 1),
  id: z.optional(
    z
      .string()
      .check(z.regex(/^[A-Za-z0-9_:.-]{1,64}$/, { error: 'expected a button id: 1–64 of A–Z a–z 0–9 _ : . -' })),
  ),
});
export type QuickReply = z.infer<typeof QuickReply>;

/** The buttons a message may carry: 1 to `LIMITS.maxButtons`. */
export const QuickReplies = z.array(QuickReply).check(z.minLength(1), z.maxLength(LIMITS.maxButtons));

/**
 * A visitor's answer to a rating request (protocol 2): `seq` is the request's (a bot message whose `automation`
 * is `csat`), `score` 1 (bad) to 5 (great). The message's text carries the optional comment.
 */
export const Rating = z.object({
  seq: z.int().check(z.gte(1)),
  score: z.int().check(z.gte(1), z.lte(5)),
});
export type Rating = z.infer<typeof Rating>;

/**
 * A visitor's choice of a quick-reply button (protocol 2): `seq` is the message that carries it (a bot's or staff
 * message of the visitor's own conversation), `id` the button's {@link QuickReply.id}. The message's text is the
 * button's label.
 */
export const ReplyRef = z.object({
  seq: z.int().check(z.gte(1)),
  id: z
    .string()
    .check(z.regex(/^[A-Za-z0-9_:.-]{1,64}$/, { error: 'expected a button id: 1–64 of A–Z a–z 0–9 _ : . -' })),
});
export type ReplyRef = z.infer<typeof ReplyRef>;

/**
 * A file a message carries (protocol 3), as the relay delivers it: what a client shows before downloading, from the
 * relay's own reading of the bytes (never the uploader's claim). `url` and `thumbnail.url` are signed addresses for
 * `<img>`, images only, valid until `urlsExpireAt` (ms); other files are fetched from `/v1/attachments/{id}` with the
 * `Authorization` header, and an expired address is renewed from `/v1/attachments/{id}/reference`.
 */
export const AttachmentRef = z.object({
  id: z.string(),
  name: z.string(),
  /** The media type read from the bytes: `image/png`, `application/pdf`… */
  type: z.string(),
  /** Bytes, as a download gives them (an image's re-encoded copy). */
  size: z.int().check(z.gte(0)),
  /** SHA-256 of those bytes, hex. */
  sha256: z.string(),
  width: z.optional(z.int().check(z.gte(1))),
  height: z.optional(z.int().check(z.gte(1))),
  url: z.optional(z.string()),
  thumbnail: z.optional(z.object({ url: z.string(), width: z.int(), height: z.int() })),
  urlsExpireAt: z.optional(z.number()),
});
export type AttachmentRef = z.infer<typeof AttachmentRef>;

/**
 * A file a `send` attaches (protocol 3): the `id` of an upload (`POST /v1/attachments`) into the message's
 * conversation under the message's own client id. The relay fills in the rest from its records.
 */
export const AttachmentId = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(LIMITS.maxIdLength), z.regex(idPattern)),
});
export type AttachmentId = z.infer<typeof AttachmentId>;

/** The files a `send` may attach: 1 to `LIMITS.maxAttachments`. */
export const AttachmentIds = z.array(AttachmentId).check(z.minLength(1), z.maxLength(LIMITS.maxAttachments));

/** The most sources a message carries. */
export const MAX_MESSAGE_SOURCES = 5;

/** An article a bot's answer drew on: its title and its public address in the help center. */
export const MessageSource = z.object({ title: z.string(), url: z.string() });
export type MessageSource = z.infer<typeof MessageSource>;

/** What the relay replaced in a message's text before storing it; see {@link Message}'s `redacted`. */
export const Redacted = z.object({
  kinds: z.array(z.string()),
  sealed: z.optional(z.boolean()),
});
export type Redacted = z.infer<typeof Redacted>;

/** A stored message as the server delivers it. */
export const Message = z.object({
  /** Server id, unique per relay deployment. */
  id: z.string(),
  /** The id the sender generated; unique within the conversation. */
  clientId: ClientId,
  conversationId: ConversationId,
  seq: Seq,
  /** Server time of storage, ms since the epoch. */
  ts: z.number(),
  author: Author,
  text: z.string(),
  /** `note` is a private staff note (never delivered to visitors); `broadcast` comes from a campaign. */
  kind: z.enum(['text', 'note', 'broadcast']),
  /** Protocol 2: quick-reply buttons (a bot's or staff message); see {@link QuickReply}. */
  buttons: z.optional(z.array(z.object({ label: z.string(), id: z.optional(z.string()) }))),
  /**
   * Protocol 2: the automation that wrote a bot's message — `welcome`, `away`, `csat` (a rating request); an open
   * set, so a client shows a value it does not know as a plain bot message.
   */
  automation: z.optional(z.string()),
  /** Protocol 2: a visitor's rating, as {@link Rating} (the text is their comment). */
  rating: z.optional(z.object({ seq: Seq, score: z.int() })),
  /** Protocol 2: the button a visitor's message chose, as {@link ReplyRef} (the text is its label). */
  reply: z.optional(z.object({ seq: Seq, id: z.string() })),
  /**
   * How a visitor's message reached the relay when not through a client: `email`, a reply by email (protocol 1,
   * added later: peers before it drop the field). Absent for everything else.
   */
  via: z.optional(z.enum(['email'])),
  /** Protocol 3: the files the message carries, as {@link AttachmentRef}s (the text may then be empty). */
  attachments: z.optional(z.array(AttachmentRef)),
  /**
   * Protocol 3, added later (older peers drop the field): the help-center articles a bot's answer drew on, shown as
   * links under it (the AI agent's answers, docs/ai.md). At most {@link MAX_MESSAGE_SOURCES}.
   */
  sources: z.optional(z.array(MessageSource).check(z.maxLength(MAX_MESSAGE_SOURCES))),
  /**
   * Protocol 3 (added later, without a version change): when its author last edited or deleted the message (ms);
   * absent for a message never changed. Clients show an edited message with a mark.
   */
  editedAt: z.optional(z.number()),
  /** Protocol 3 (added later): the author deleted the message; its text is then empty. Absent when not. */
  deleted: z.optional(z.boolean()),
  /**
   * Protocol 3 (added later, without a version change): the relay replaced sensitive data in the text before storing
   * it (docs/safety.md): the kinds it found (`card`, `iban`, `ssn`, `aws-key`…; an open set) and, when `sealed`, the
   * originals are kept sealed for staff to reveal (audited). Absent when nothing was replaced.
   */
  redacted: z.optional(Redacted),
  /**
   * Protocol 3 (added later): the site's content filter hid this visitor's message (docs/safety.md): staff see it
   * folded away, marked; it is kept, never shown to anyone else. Absent when not.
   */
  hidden: z.optional(z.boolean()),
  /**
   * Protocol 3 (added later, without a version change): the message came into this conversation by a merge
   * (docs/merge.md): the conversation it was written in and its sequence there. Its `seq` here follows the
   * conversation's own messages (a sequence, once given, never changes), so clients show a merged conversation in
   * time order with {@link inTimeOrder}. Absent for a message written here.
   */
  origin: z.optional(z.object({ from: ConversationId, seq: Seq })),
});
export type Message = z.infer<typeof Message>;

// ---- client → server -------------------------------------------------------------------------------------

/** Visitor identity for sites that verify users: `hash` is HMAC-SHA256(identity secret, id), hex. */
export const UserIdentity = z.object({
  id: verbatim(256, 1),
  hash: z.string().check(z.regex(/^[0-9a-fA-F]{64}$/)),
  name: z.optional(ShortString),
  email: z.optional(ShortString),
  /**
   * The contact's custom attributes by key (docs/attributes.md), added later: relays before it ignore the field.
   * Values the relay cannot check against the site's definitions are dropped; `null` clears one.
   */
  attributes: z.optional(z.record(z.string(), z.nullable(z.union([z.string(), z.number(), z.boolean()])))),
  /**
   * HMAC-SHA256(identity secret, `parley-attributes:v1\n` + id + `\n` + the attributes as canonical JSON), hex:
   * with it the attributes count as verified; without it (or wrong) they are stored as the visitor's unverified
   * claim, which never replaces a verified value. (Checked by the relay, as the attributes' bounds are: the frame's
   * size bounds them here.)
   */
  attributesHash: z.optional(z.string()),
  /**
   * HMAC-SHA256(identity secret, {@link emailSigningText}), hex, added later: with it `email` counts as the site's
   * word (docs/merge.md "Possible duplicates"); without it (or wrong) the email is stored as given, but as no more than
   * the page's claim. Relays before it ignore the field.
   */
  emailHash: z.optional(z.string()),
  /**
   * The company the user belongs to (docs/companies.md), added later: relays before it ignore the field. `id` is the
   * site's own id of the company (its external id), `name` its name, `attributes` the company's custom attributes
   * (text, number or checkbox by key; `null` clears one). The relay bounds them (an id of 1 to 256 characters, at
   * most 50 attributes) and drops what it cannot take.
   */
  company: z.optional(
    z.object({
      id: verbatim(256, 1),
      name: z.optional(ShortString),
      attributes: z.optional(z.record(z.string(), z.nullable(z.union([z.string(), z.number(), z.boolean()])))),
    }),
  ),
  /**
   * HMAC-SHA256(identity secret, {@link companySigningText}), hex, added later: with it the company counts as the
   * site's word and may replace the contact's company; without it (or wrong) it is the visitor's claim, which never
   * replaces a company staff or a signature set. Relays before it ignore the field.
   */
  companyHash: z.optional(z.string()),
});
export type UserIdentity = z.infer<typeof UserIdentity>;

/** The company an identified user's hello claims ({@link UserIdentity}'s `company`). */
export interface UserCompany {
  id: string;
  name?: string | undefined;
  attributes?: Readonly<Record<string, string | number | boolean | null>> | undefined;
}

/**
 * What a site's backend signs to vouch for an identified user's company: `parley-company:v1`, the user's id and the
 * company as canonical JSON (keys sorted at every level, no spaces, values as `JSON.stringify` writes them; absent
 * fields left out), one per line. The signature is HMAC-SHA256(identity secret, this text), hex, given as
 * `user.companyHash` (docs/companies.md has backend examples).
 *
 * @example createHmac('sha256', secret).update(companySigningText('u_42', { id: 'acme', name: 'Acme' })).digest('hex')
 * // signs `parley-company:v1\nu_42\n{"id":"acme","name":"Acme"}`
 */
export function companySigningText(userId: string, company: UserCompany): string {
  return `parley-company:v1\n${userId}\n${canonicalJson(company)}`;
}

/** JSON with every object's keys sorted and `undefined` members left out (what {@link companySigningText} signs). */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(',')}}`;
}

/**
 * What a site's backend signs to vouch for an identified user's email: `parley-email:v1`, the user's id and the email
 * exactly as passed, one per line. The signature is HMAC-SHA256(identity secret, this text), hex, given as
 * `user.emailHash`. The user's `hash` covers the id only, so without it anyone signed in to the site could claim
 * another person's address.
 *
 * @example createHmac('sha256', secret).update(emailSigningText('u_42', 'ada@example.com')).digest('hex')
 */
export function emailSigningText(userId: string, email: string): string {
  return `parley-email:v1\n${userId}\n${email}`;
}

/** What the visitor's browser tells staff about where they are. */
export const VisitorContext = z.object({
  url: z.optional(Url),
  title: z.optional(ShortString),
  referrer: z.optional(Url),
  locale: z.optional(verbatim(35)),
  timezone: z.optional(verbatim(64)),
});
export type VisitorContext = z.infer<typeof VisitorContext>;

/**
 * The visitor agreed to the site's pre-chat consent text. `version` names that text (a version string the site
 * sets, or a hash of it); the relay records it with the time it received it.
 */
export const Consent = z.object({
  version: verbatim(64, 1),
});
export type Consent = z.infer<typeof Consent>;

/**
 * First frame on every connection. Visitors send `siteKey` (and the `visitorToken` they were given before, to
 * resume as the same visitor); staff send `staffToken`. `resume` maps conversation ids to the last sequence the
 * client has seen; the server replays everything after it before live traffic.
 */
export const Hello = z.object({
  type: z.literal('hello'),
  siteKey: z.optional(verbatim(128)),
  visitorToken: z.optional(verbatim(1024)),
  staffToken: z.optional(verbatim(1024)),
  user: z.optional(UserIdentity),
  name: z.optional(ShortString),
  email: z.optional(ShortString),
  context: z.optional(VisitorContext),
  resume: z.optional(z.record(ConversationId, Seq)),
  /** Visitors: the pre-chat consent they gave (protocol 1, added later: relays before it ignore the field). */
  consent: z.optional(Consent),
});

/**
 * Send a message. `id` makes the send idempotent: a resend with the same id gets the original ack. The text is 1 to
 * `LIMITS.maxTextLength` code units, or empty when the message attaches files.
 */
export const Send = z
  .object({
    type: z.literal('send'),
    id: ClientId,
    /** Required for staff; visitors may omit it (their own conversation). */
    conversationId: z.optional(ConversationId),
    text: verbatim(LIMITS.maxTextLength),
    /** Staff only: a private note that never reaches the visitor. */
    note: z.optional(z.boolean()),
    /** Staff only (protocol 2): quick-reply buttons for the visitor. */
    buttons: z.optional(QuickReplies),
    /**
     * Visitors only (protocol 2): this message answers the rating request at `rating.seq`; its `id` must be
     * `rating-<seq>`, so a conversation holds one answer per request.
     */
    rating: z.optional(Rating),
    /**
     * Visitors only (protocol 2): this message is the choice of the button `reply.id` of the message at `reply.seq`;
     * its `id` must be `reply-<seq>`, so a message's buttons are answered once.
     */
    reply: z.optional(ReplyRef),
    /**
     * Protocol 3: the files this message carries, each uploaded into its conversation under this message's `id`
     * (see docs/attachments.md). A message with files may have an empty text.
     */
    attachments: z.optional(AttachmentIds),
  })
  .check(
    // Runs after the members' own checks, which may have failed: `text` is then not known to be a string.
    z.refine((send) => typeof send.text !== 'string' || send.text.length > 0 || send.attachments !== undefined, {
      error: EMPTY_TEXT,
      path: ['text'],
    }),
  );

/** Ask for a page of stored messages, answered by a `history` frame with the same `ref`. */
export const HistoryRequest = z.object({
  type: z.literal('history'),
  ref: ClientId,
  conversationId: z.optional(ConversationId),
  /** Messages with a sequence below this (older page). */
  before: z.optional(Seq),
  /** Messages with a sequence above this (catch-up). Ignored when `before` is set. */
  after: z.optional(Seq),
  limit: z.optional(z.int().check(z.gte(1), z.lte(LIMITS.maxHistoryPage))),
});

/** The sender started (`active: true`) or stopped typing. */
export const TypingRequest = z.object({
  type: z.literal('typing'),
  conversationId: z.optional(ConversationId),
  active: z.boolean(),
});

/** Everything up to and including `seq` has been read. */
export const ReadRequest = z.object({
  type: z.literal('read'),
  conversationId: z.optional(ConversationId),
  seq: Seq,
});

/** The client has received everything up to and including `seq` (shown to the sender as "delivered"). */
export const DeliveredRequest = z.object({
  type: z.literal('delivered'),
  conversationId: z.optional(ConversationId),
  seq: Seq,
});

/** The visitor moved to another page (SPA navigation). */
export const ContextUpdate = z.object({
  type: z.literal('context'),
  context: VisitorContext,
});

/** Application heartbeat; answered by `pong`. */
export const Ping = z.object({
  type: z.literal('ping'),
  ts: z.optional(z.number()),
});

/**
 * Visitors: email me this conversation's transcript (to the address they gave). Answered by a `transcript` frame
 * with the same `ref` once it is queued, or by `error` (`no_email`, `email_unavailable`, `not_found` before the
 * first message). Added in protocol 1 without a version change: send it only to a relay whose welcome says
 * `email: true` (an older relay answers `unknown_frame`).
 */
export const TranscriptRequest = z.object({
  type: z.literal('transcript'),
  ref: ClientId,
});

/**
 * Visitors: the email to reach them at (issue #36), given in the conversation — the widget's "Get notified by
 * email" — without reconnecting. The relay keeps it as the visitor's contact email, for reply emails and
 * transcripts, and tells staff. Answered by an `email` frame with the same `ref` once stored, or by `error`:
 * `invalid_email` (not one address `name@example.com`, or longer than 254 characters; nothing changed),
 * `email_unavailable` (the relay sends no email), `forbidden` (staff, or a verified visitor whose email the site
 * gives). Added in protocol 1 without a version change: send it only to a relay whose welcome says `email: true`
 * (an older one answers `unknown_frame`).
 */
export const EmailGiven = z.object({
  type: z.literal('email'),
  ref: ClientId,
  email: z.string().check(z.maxLength(1024)),
});

/**
 * Visitors: a page of their own conversations on this site (issue #86, "Past conversations"), the most recently
 * active first: an identified visitor's (by the verified identity, on any browser), an anonymous visitor's on this
 * browser (by the visitor token). Answered by a `conversations` frame with the same `ref`; staff are `forbidden`
 * (they have the inbox). `before` is the `next` of the previous page. Added in protocol 1 without a version change:
 * a relay without the feature answers `unknown_frame`.
 */
export const ConversationsRequest = z.object({
  type: z.literal('conversations'),
  ref: ClientId,
  before: z.optional(z.string().check(z.maxLength(64), z.regex(/^\d{1,16}\.[A-Za-z0-9_-]{1,64}$/))),
});

/**
 * Visitors: a page of messages of one of their own conversations, to read it without making it theirs again (notes
 * never; the newest page without `before`, then older ones). Answered by a `history` frame with the same `ref`, or
 * by `error` `not_found` (no such conversation of this visitor on this site: another's, erased, or never stored).
 */
export const PastRequest = z.object({
  type: z.literal('past'),
  ref: ClientId,
  conversationId: ConversationId,
  before: z.optional(Seq),
  limit: z.optional(z.int().check(z.gte(1), z.lte(LIMITS.maxHistoryPage))),
});

/**
 * Visitors: continue one of their own conversations (`conversationId`), or start a new one (none named). Answered
 * by a `continue` frame with a visitor token naming it: the client says hello again with that token, and the
 * conversation is theirs from then on (a resolved one reopens when they write, as any customer message does).
 * `not_found` for a conversation that is not this visitor's on this site.
 */
export const ContinueRequest = z.object({
  type: z.literal('continue'),
  ref: ClientId,
  conversationId: z.optional(ConversationId),
});

/** A message's server id (`Message.id`), as an edit or a delete names it. */
const MessageId = z.string().check(z.minLength(1), z.maxLength(LIMITS.maxIdLength), z.regex(idPattern));

/**
 * Staff only (protocol 3, added later without a version change): replace the text of a message they wrote, within
 * `LIMITS.editWindowMs` of sending it. Answered by an `update` frame with the same `ref`, or by `error`: `forbidden`
 * (not their message), `not_found` (no such message in the conversation), `edit_window_closed`, `conflict` (a
 * message that carries files, or was deleted), `bad_frame` (an empty or too long text). Everyone else who sees the
 * message gets the `update` without a `ref`. The original text is kept for the site's audit.
 */
export const EditRequest = z.object({
  type: z.literal('edit'),
  ref: ClientId,
  conversationId: ConversationId,
  messageId: MessageId,
  text: verbatim(LIMITS.maxTextLength, 1),
});

/**
 * Staff only (protocol 3, added later): delete a message they wrote, within `LIMITS.editWindowMs`. Its text becomes
 * empty and it is marked `deleted` (it keeps its place and sequence). Answered like {@link EditRequest}.
 */
export const DeleteRequest = z.object({
  type: z.literal('delete'),
  ref: ClientId,
  conversationId: ConversationId,
  messageId: MessageId,
});

/** Every frame a client may send. */
export const ClientFrame = z.discriminatedUnion('type', [
  Hello,
  Send,
  HistoryRequest,
  TypingRequest,
  ReadRequest,
  DeliveredRequest,
  ContextUpdate,
  Ping,
  TranscriptRequest,
  EmailGiven,
  PrechatGiven,

  EditRequest,
  DeleteRequest,
  ConversationsRequest,
  PastRequest,
  ContinueRequest,
]);
export type ClientFrame = z.infer<typeof ClientFrame>;
export type ConversationsRequestFrame = z.infer<typeof ConversationsRequest>;
export type PastRequestFrame = z.infer<typeof PastRequest>;
export type ContinueRequestFrame = z.infer<typeof ContinueRequest>;
export type HelloFrame = z.infer<typeof Hello>;
export type SendFrame = z.infer<typeof Send>;
export type HistoryRequestFrame = z.infer<typeof HistoryRequest>;
export type TypingRequestFrame = z.infer<typeof TypingRequest>;
export type ReadRequestFrame = z.infer<typeof ReadRequest>;
export type DeliveredRequestFrame = z.infer<typeof DeliveredRequest>;
export type ContextUpdateFrame = z.infer<typeof ContextUpdate>;
export type PingFrame = z.infer<typeof Ping>;
export type TranscriptRequestFrame = z.infer<typeof TranscriptRequest>;
export type EmailGivenFrame = z.infer<typeof EmailGiven>;

export type EditRequestFrame = z.infer<typeof EditRequest>;
export type DeleteRequestFrame = z.infer<typeof DeleteRequest>;

// ---- server → client -------------------------------------------------------------------------------------

/** Answer to `hello`: who the connection is and how to behave. */
export const Welcome = z.object({
  type: z.literal('welcome'),
  protocol: z.string(),
  sessionId: z.string(),
  role: z.enum(['visitor', 'staff']),
  site: z.object({ id: z.string(), name: z.string() }),
  /** Visitors: keep it (e.g. in localStorage) and send it in the next hello to stay the same visitor. */
  visitorToken: z.optional(z.string()),
  visitorId: z.optional(z.string()),
  /** Visitors: their conversation; it exists in the store once the first message is stored. */
  conversationId: z.optional(ConversationId),
  /** Visitors: the last sequence stored in their conversation. */
  lastSeq: z.optional(Seq),
  /** Visitors: the highest sequence staff have read. */
  readSeq: z.optional(Seq),
  /** Staff: their id and name. */
  staff: z.optional(z.object({ id: z.string(), name: z.string(), role: z.enum(['admin', 'agent']) })),
  staffOnline: z.int().check(z.gte(0)),
  /** Send a ping at least this often (ms); the server closes connections silent for about twice as long. */
  heartbeatMs: z.int().check(z.gte(1000)),
  limits: z.object({ maxFrameBytes: z.int(), maxTextLength: z.int() }),
  serverTime: z.number(),
  /**
   * Visitors (protocol 2): whether the site is within its business hours, and `until` when that changes (ms
   * since the epoch): the next opening while closed, the closing while open. Absent when the site keeps none.
   */
  hours: z.optional(z.object({ open: z.boolean(), until: z.optional(z.number()) })),
  /** Visitors (protocol 2): the site's welcome message in the visitor's language, for the widget to show first. */
  greeting: z.optional(z.object({ text: z.string(), name: z.string() })),
  /**
   * Visitors: whether the relay sends email (added in protocol 1 without a version change). `true`: staff replies
   * the visitor has not read reach the email they gave, and `transcript` frames are answered. `false`: no email
   * is sent, so the widget promises none. Absent: a relay from before email; it answers no `transcript` frame.
   */
  email: z.optional(z.boolean()),
  /**
   * Protocol 3: the files the site accepts — the most bytes of one file, and the media types read from the bytes —
   * for a client to offer an attachment and to check one before uploading. Absent when the site accepts none (or
   * the relay is older): offer no attachment.
   */
  attachments: z.optional(z.object({ maxBytes: z.int().check(z.gte(1)), types: z.array(z.string()) })),
  /**
   * Visitors (protocol 2, added later without a version change): how long after the visitor's last message
   * without a staff reply the widget asks for their email (ms; the site's automation setting, 2 minutes by
   * default). Absent: the site never saved one (the widget takes 2 minutes).
   */
  emailAskMs: z.optional(z.int().check(z.gte(0))),
  /**
   * Visitors (protocol 3, added later without a version change): the kinds of sensitive data the site hides
   * (redacts, or masks for staff) before storing a message (`card`, `iban`, `ssn`, `secret`), so the widget can
   * warn before sending. Absent when the site hides none.
   */
  safety: z.optional(z.object({ hides: z.array(z.string()) })),
  /**
   * Visitors (protocol 2, added later without a version change): how long the site typically takes to answer a new
   * conversation, in seconds, as a coarse bucket: 600 (a few minutes), 3600 (under an hour), 21600 (a few hours) or
   * 86400 (within a day). The median first reply of its recent conversations (docs/protocol.md, "welcome"). Absent
   * when the relay has no figure (too few answered conversations, replies slower than a day, or the site turned the
   * line off).
   */
  replySeconds: z.optional(z.int().check(z.gte(1))),
  /**
   * Visitors (protocol 3, added later without a version change): the words the site changed for the visitor's
   * locale (the hello's `context.locale`; else its language's, `pt-BR` → `pt`), keyed as the catalogue
   * `WIDGET_STRINGS` names them, placeholders (`{count}`) kept; `locale` is the tag they were saved for. Absent when
   * the site changed none there: the widget's own words.
   */
  strings: z.optional(z.object({ locale: z.string(), texts: z.record(z.string(), z.string()) })),
  /**
   * Visitors (protocol 3, added later without a version change): the pre-chat form the site configured (issue #86),
   * when it applies to this visitor now: before their first message, outside business hours if the site says so, the
   * fields an identified visitor's hello already gave left out. Labels in the visitor's locale. Absent: no form of the
   * site's (the embed's `prechat` attribute decides). The form (`PrechatWireForm`) as JSON text: the widget's
   * form part reads it (`readPrechatForm`), so the element's first load carries no check of its fields.
   */
  prechat: z.optional(z.string()),
});

/** A send was stored. `duplicate` is true when the id had been stored before (the original ack is repeated). */
export const Ack = z.object({
  type: z.literal('ack'),
  id: ClientId,
  messageId: z.string(),
  conversationId: ConversationId,
  seq: Seq,
  ts: z.number(),
  duplicate: z.boolean(),
  /**
   * Protocol 3 (added later, without a version change): the text as stored, when it is not the text sent — the relay
   * replaced sensitive data in it (docs/safety.md). The sender shows this instead of its own copy. Absent when the
   * text was stored as sent.
   */
  text: z.optional(z.string()),
  /** With `text`: what was replaced, as the message's `redacted`. */
  redacted: z.optional(Redacted),
});

/** A message delivered live or replayed on resume. */
export const MessageDelivery = z.object({
  type: z.literal('message'),
  message: Message,
});

/** A page of messages, oldest first. */
export const HistoryPage = z.object({
  type: z.literal('history'),
  ref: ClientId,
  conversationId: ConversationId,
  messages: z.array(Message),
  /** More messages exist beyond this page in the direction asked. */
  hasMore: z.boolean(),
});

/** Someone in the conversation started or stopped typing. The state expires by itself after a few seconds. */
export const TypingEvent = z.object({
  type: z.literal('typing'),
  conversationId: ConversationId,
  author: Author,
  active: z.boolean(),
});

/** The other side has read everything up to `seq`. */
export const ReadEvent = z.object({
  type: z.literal('read'),
  conversationId: ConversationId,
  seq: Seq,
  by: z.enum(['visitor', 'staff']),
});

/** The other side's client has received everything up to `seq`. Not persisted: read marks are. */
export const DeliveredEvent = z.object({
  type: z.literal('delivered'),
  conversationId: ConversationId,
  seq: Seq,
  by: z.enum(['visitor', 'staff']),
});

/**
 * Presence: for visitors, how many staff are online (staff set to Offline do not count); for staff, a visitor
 * coming or going. `hours` (visitors, added in protocol 3 without a version change): the site's business hours
 * changed while connected, as `welcome.hours` would now say them; `null` when the site no longer keeps any. Absent:
 * unchanged. A client that does not know the field ignores it (objects are not strict).
 */
export const PresenceEvent = z.object({
  type: z.literal('presence'),
  staffOnline: z.optional(z.int().check(z.gte(0))),
  conversationId: z.optional(ConversationId),
  visitorOnline: z.optional(z.boolean()),
  hours: z.optional(z.nullable(z.object({ open: z.boolean(), until: z.optional(z.number()) }))),
});

/**
 * Something the client sent was refused. Nothing was changed. `ref` names the frame it answers. `code` is an open
 * enum: a relay sends a code of the catalog (`ERRORS`), but a newer relay may add codes within v1, so a client
 * accepts any string and treats a code it does not know as a generic error (not retried; see `RETRYABLE_ERRORS`).
 * Every other field stays as strict as elsewhere.
 */
export const ErrorFrame = z.object({
  type: z.literal('error'),
  code: z.string(),
  message: z.string(),
  ref: z.optional(z.string()),
  retryAfterMs: z.optional(z.int().check(z.gte(0))),
});

/** A `transcript` request was queued: the email goes to the visitor's address, shown masked. */
export const TranscriptQueued = z.object({
  type: z.literal('transcript'),
  ref: ClientId,
  emailMasked: z.string(),
});

/** An `email` frame was stored: the visitor's email, shown masked, is the conversation's from now on. */
export const EmailSaved = z.object({
  type: z.literal('email'),
  ref: ClientId,
  emailMasked: z.string(),
});

/** Answer to `ping`. */
export const Pong = z.object({
  type: z.literal('pong'),
  ts: z.optional(z.number()),
  serverTime: z.number(),
});

/** Where a conversation stands in the staff workflow. */
export const ConversationStatus = z.enum(['open', 'pending', 'snoozed', 'resolved']);
export type ConversationStatus = z.infer<typeof ConversationStatus>;

/** How urgent staff consider a conversation. */
export const ConversationPriority = z.enum(['none', 'low', 'medium', 'high', 'urgent']);
export type ConversationPriority = z.infer<typeof ConversationPriority>;

/**
 * A conversation as staff see it in the inbox: workflow fields, read marks, the newest message and who the
 * visitor is. The same shape is returned by the admin HTTP API (`GET /v1/admin/conversations`).
 */
export const ConversationSummary = z.object({
  id: ConversationId,
  status: ConversationStatus,
  priority: ConversationPriority,
  /** The staff member the conversation is assigned to, or `null`. */
  assigneeId: z.nullable(z.string()),
  labels: z.array(z.string()),
  lastSeq: Seq,
  staffReadSeq: Seq,
  visitorReadSeq: Seq,
  /** Visitor messages after `staffReadSeq`. */
  unread: z.int().check(z.gte(0)),
  lastMessage: z.optional(
    z.object({
      seq: Seq,
      text: z.string(),
      ts: z.number(),
      authorRole: z.enum(['visitor', 'staff', 'system', 'bot']),
      /** Who wrote it (a staff id, for staff): the inbox says "You" only for the reader's own. */
      authorId: z.optional(z.string()),
      /** The author's name as stored with the message, when it has one. */
      authorName: z.optional(z.string()),
    }),
  ),
  visitor: z.object({
    id: z.string(),
    name: z.optional(z.string()),
    /** The email with most of it hidden (`j***@ex***.com`); staff reveal it through the admin API. */
    emailMasked: z.optional(z.string()),
    verified: z.boolean(),
    online: z.boolean(),
    context: z.optional(
      z.object({
        url: z.optional(z.string()),
        title: z.optional(z.string()),
        referrer: z.optional(z.string()),
        locale: z.optional(z.string()),
        timezone: z.optional(z.string()),
        userAgent: z.optional(z.string()),
      }),
    ),
    /** The pre-chat consent the visitor gave: the version of the text, and when the relay recorded it (ms). */
    consent: z.optional(z.object({ version: z.string(), at: z.number() })),
    /**
     * When a delivery report said the visitor's email fails for good (ms): the relay emails it no more until staff
     * change the email. Absent when not.
     */
    emailBouncingAt: z.optional(z.number()),
  }),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** The team it went to (routing, issue #17); absent for none. */
  teamId: z.optional(z.string()),
  /** When the first staff reply came (ms; the bot's never counts); absent before it. */
  firstResponseAt: z.optional(z.number()),
  /** When the first reply is due under the site's SLA (ms); absent without an SLA. */
  dueAt: z.optional(z.number()),
  /** The first-reply deadline passed unanswered (escalated); absent when not. */
  overdue: z.optional(z.boolean()),
  /** When it was last resolved (ms); absent when never. */
  resolvedAt: z.optional(z.number()),
  /** How it came in (issue #38): an email to a support address, or an API channel; absent for the chat. */
  channel: z.optional(z.enum(['email', 'api'])),
  /**
   * The messaging provider it came through (a WhatsApp number, a Telegram bot, an SMS number: docs/channels.md), its
   * id and its label as people write it; its `channel` is then `api`. Absent for any other conversation. Added in
   * protocol 3 without a version change: an older client drops it like any unknown field and shows the `api` kind
   * (ADR 2026-11-30-channel-providers).
   */
  provider: z.optional(z.object({ id: z.string(), label: z.string() })),
  /** The subject it was opened with (an email's); absent without one. */
  subject: z.optional(z.string()),
});
export type ConversationSummary = z.infer<typeof ConversationSummary>;

/** Staff only: a conversation of the site was created or changed (status, assignee, priority, labels). */
export const ConversationEvent = z.object({
  type: z.literal('conversation'),
  conversation: ConversationSummary,
});

/**
 * Staff only: a saved reply (canned response) of the site was created or changed (`response`, as the admin API
 * returns it) or deleted (`deleted`, its id), so open inboxes follow without a reload. Added in protocol 3 without
 * a version change: the relay sends it to protocol 3's staff connections only (a staff client from before it would
 * report it as a `bad_frame` error, not fatal, and carry on).
 */
export const CannedEvent = z.object({
  type: z.literal('canned'),
  response: z.optional(
    z.object({
      id: z.string(),
      shortcut: z.string(),
      text: z.string(),
      createdAt: z.number(),
      updatedAt: z.number(),
    }),
  ),
  deleted: z.optional(z.string()),
});

/**
 * A stored message changed (protocol 3, added later without a version change): its author edited it (`editedAt`,
 * the new `text`) or deleted it (`deleted`, an empty text). `message` is the whole message as it now is, at the same
 * `seq`; a client replaces the one it holds (and ignores it when it holds none: a history page brings it as it is).
 * `ref` answers the staff member's `edit` or `delete`. Sent to whoever sees the message (the visitor, unless it is a
 * note, and the site's staff) on connections of protocol 3 only: an older client, which would report the frame as
 * `bad_frame`, sees the change in its next history page (a deleted message there reads "Message deleted").
 */
export const MessageUpdate = z.object({
  type: z.literal('update'),
  ref: z.optional(ClientId),
  message: Message,
});

/**
 * Staff only: a contact of the site was changed through the admin API (its name, email, notes or subscription), so
 * an open inbox showing it reads it again (`GET /v1/admin/contacts/{id}`). It carries the id only: the notes and
 * the address stay off the bus. Added in protocol 3 without a version change, like `canned`.
 */
export const ContactEvent = z.object({
  type: z.literal('contact'),
  /** The contact's id (its visitor's): server-made, like a conversation's. */
  contactId: ConversationId,
});

/** One of a visitor's own conversations, as their list of past conversations shows it (a `conversations` page). */
export const PastConversation = z.object({
  id: ConversationId,
  status: ConversationStatus,
  createdAt: z.number(),
  /** Its last activity: its last message, or a change of its status. */
  updatedAt: z.number(),
  lastSeq: Seq,
  /** Its newest message the visitor sees (notes never): its text (empty for files or a deleted message), time, author. */
  last: z.optional(
    z.object({
      text: z.string(),
      ts: z.number(),
      /** True when the visitor wrote it. */
      mine: z.boolean(),
      /** The staff member's or bot's name, when the message carries one. */
      name: z.optional(z.string()),
    }),
  ),
});
export type PastConversation = z.infer<typeof PastConversation>;

/** The answer to `conversations`: a page of the visitor's own conversations; `next` asks the page after it. */
export const ConversationsPage = z.object({
  type: z.literal('conversations'),
  ref: ClientId,
  conversations: z.array(PastConversation),
  next: z.optional(z.string()),
});

/**
 * The answer to `continue`: the visitor token to say hello with, naming the conversation to continue (or the new
 * one, not stored until its first message).
 */
export const ContinueGranted = z.object({
  type: z.literal('continue'),
  ref: ClientId,
  conversationId: ConversationId,
  visitorToken: z.string(),
});

/** Every frame a server may send. */
export const ServerFrame = z.discriminatedUnion('type', [
  Welcome,
  Ack,
  MessageDelivery,
  HistoryPage,
  TypingEvent,
  ReadEvent,
  DeliveredEvent,
  PresenceEvent,
  ErrorFrame,
  Pong,
  ConversationEvent,
  TranscriptQueued,
  EmailSaved,
  PrechatSaved,
  CannedEvent,
  MessageUpdate,
  ContactEvent,
  ConversationsPage,
  ContinueGranted,
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
export type ConversationsPageFrame = z.infer<typeof ConversationsPage>;
export type ContinueGrantedFrame = z.infer<typeof ContinueGranted>;
export type WelcomeFrame = z.infer<typeof Welcome>;
export type AckFrame = z.infer<typeof Ack>;
export type MessageFrame = z.infer<typeof MessageDelivery>;
export type HistoryPageFrame = z.infer<typeof HistoryPage>;
export type TypingEventFrame = z.infer<typeof TypingEvent>;
export type ReadEventFrame = z.infer<typeof ReadEvent>;
export type DeliveredEventFrame = z.infer<typeof DeliveredEvent>;
export type PresenceEventFrame = z.infer<typeof PresenceEvent>;
export type ErrorFrameData = z.infer<typeof ErrorFrame>;
export type PongFrame = z.infer<typeof Pong>;
export type ConversationEventFrame = z.infer<typeof ConversationEvent>;
export type TranscriptQueuedFrame = z.infer<typeof TranscriptQueued>;
export type EmailSavedFrame = z.infer<typeof EmailSaved>;
export type CannedEventFrame = z.infer<typeof CannedEvent>;
export type MessageUpdateFrame = z.infer<typeof MessageUpdate>;
export type ContactEventFrame = z.infer<typeof ContactEvent>;
