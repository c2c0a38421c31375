import type { ConversationSummary, Message } from '@parley/protocol';

export type { Message };

/** A conversation's workflow state. */
export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved';
/** A conversation's priority. */
export type Priority = 'none' | 'low' | 'medium' | 'high' | 'urgent';
/** Whose conversations an inbox view lists (`overdue`: the first-reply deadline passed unanswered). */
export type InboxView = 'mine' | 'unassigned' | 'all' | 'overdue' | 'mentions';

/** Every status, in the order the tabs show them. */
export const STATUSES = ['open', 'pending', 'snoozed', 'resolved'] as const satisfies readonly ConversationStatus[];
/** Every priority, lowest first. */
export const PRIORITIES = ['none', 'low', 'medium', 'high', 'urgent'] as const satisfies readonly Priority[];
/** Every view, in the order the navigation shows them. */
export const VIEWS = ['mine', 'mentions', 'unassigned', 'all', 'overdue'] as const satisfies readonly InboxView[];

/**
 * One conversation as the admin API lists it and the staff socket pushes it (the protocol's
 * `ConversationSummary`): workflow fields, read marks, the newest message, the visitor.
 */
export type AdminConversation = ConversationSummary;

/** What the relay knows about a conversation's visitor. */
export type VisitorInfo = ConversationSummary['visitor'];

/** Conversation counts per view and per status, for the current filters. */
export interface InboxCounts {
  mine: number;
  unassigned: number;
  all: number;
  overdue: number;
  /** Conversations where a colleague mentioned me in a note I have not read. */
  mentions: number;
  open: number;
  pending: number;
  snoozed: number;
  resolved: number;
}

/** A page of the conversation list. */
export interface ConversationPage {
  items: AdminConversation[];
  nextCursor?: string;
  counts: InboxCounts;
}

/** Filters of the conversation list. */
export interface ConversationQuery {
  status?: ConversationStatus;
  view?: InboxView;
  unread?: boolean;
  label?: string;
  q?: string;
  cursor?: string;
  limit?: number;
}

/** What may change on a conversation. */
export interface ConversationPatch {
  status?: ConversationStatus;
  assigneeId?: string | null;
  teamId?: string | null;
  priority?: Priority;
  labels?: string[];
}

/** The signed-in staff member (`GET /v1/admin/me`). */
export interface StaffMe {
  id: string;
  name: string;
  /** An owner is `admin` on the wire; the account's session (`GET /v1/auth/session`) tells them apart. */
  role: 'owner' | 'admin' | 'agent';
  site: { id: string; name: string };
}

/** An API token as `GET /v1/admin/tokens` lists it (the secret itself is never listed). */
export interface StaffToken {
  id: string;
  name: string;
  /** Before scopes (relays without accounts). */
  role?: 'admin' | 'agent';
  /** What it may do: `read` (GET), `write` (changes), `admin` (admin-only routes). */
  scopes?: TokenScope[];
  /** When it stops working (ms); `null`: never. */
  expiresAt?: number | null;
  createdAt?: number;
}

// ---- accounts (issue #19): the team, API tokens with scopes, sites ----

/** What an API token may do. */
export type TokenScope = 'read' | 'write' | 'admin';

/** An API token just made: its secret, shown once. */
export interface CreatedToken extends StaffToken {
  token: string;
}

/** A member of the site's team (`GET /v1/admin/team`); `id` is the member's staff id. */
export interface TeamMember {
  id: string;
  accountId: string;
  name: string;
  email: string;
  role: 'owner' | 'admin' | 'agent';
  totpEnabled: boolean;
  active: boolean;
  availability: Availability;
  lastSeenAt: number | null;
}

/** An invitation not yet accepted. */
export interface TeamInvitation {
  id: string;
  email: string;
  role: 'admin' | 'agent';
  createdAt: number;
  expiresAt: number;
}

/** The site's team and its pending invitations. */
export interface TeamAnswer {
  items: TeamMember[];
  invitations: TeamInvitation[];
}

/** An invitation just made; `link` only when the relay could not email it (shown once). */
export interface CreatedInvitation {
  id: string;
  email: string;
  role: 'admin' | 'agent';
  expiresAt: number;
  emailed: boolean;
  link?: string;
}

/** A site of the relay (`GET /v1/admin/sites`, the operator's). */
export interface SiteListing {
  id: string;
  name: string;
  siteKey: string;
  allowedOrigins: string[];
  createdAt: number;
}

/** A saved reply, inserted by typing `/shortcut` in the composer. */
export interface CannedResponse {
  id: string;
  shortcut: string;
  text: string;
}

/** Who a broadcast goes to. */
export type BroadcastSegment =
  | { type: 'all' | 'online' | 'verified' | 'subscribed' }
  | { type: 'ids'; ids: string[] }
  | { type: 'emails'; emails: string[] };

/** A broadcast and its delivery figures. */
export interface Broadcast {
  id: string;
  text: string;
  segment: BroadcastSegment;
  status: 'running' | 'done' | 'failed';
  targeted: number;
  stored: number;
  delivered: number;
  read: number;
  createdAt: number;
  finishedAt?: number;
}

/** Site figures for the stats panel. */
/** The site's settings (`GET /v1/admin/settings`). */
export interface SiteSettings {
  /** Days kept after the last activity; null takes the relay's default; 0 keeps for ever. */
  retentionDays: number | null;
  defaultRetentionDays: number;
  effectiveRetentionDays: number;
  /** The site's colour in its emails (`#rrggbb`), or null for Parley's. */
  brandColor?: string | null;
  /** Members must sign in with two-factor (those without set it up at their next sign-in). */
  require2fa?: boolean;
  /** The site's logo in its emails (an `https:` URL), or null for none. */
  logoUrl?: string | null;
}

/** A staff member's email notifications (`/v1/admin/me/notifications`). */
export interface NotificationSettings {
  /** Where they go; null when none is set. */
  email: string | null;
  /** Email me when a conversation starts, or a visitor writes while no one is online. */
  notify: boolean;
}

export interface Stats {
  visitorsOnline: number;
  staffOnline: number;
  openConversations: number;
  messagesToday: number;
  medianFirstReplySeconds: number | null;
  /** Visitors' ratings of the last 30 days (relays before issue #17 leave it out). */
  csat?: { count: number; average: number | null };
}

/** Text per language (`en`, `fr`…). */
export type Texts = Record<string, string>;

/** A site's automations (`GET/PUT /v1/admin/automations`). */
export interface AutomationSettings {
  botName: string;
  hours: { timezone: string; weekly: Array<{ day: number; open: string; close: string }>; holidays: string[] } | null;
  welcome: { enabled: boolean; texts: Texts };
  away: { enabled: boolean; texts: Texts; emailTexts: Texts };
  csat: { enabled: boolean; texts: Texts };
  /** FAQ answers from the site's entries (absent: off). */
  faq?: { enabled: boolean };
}

/** What an admin writes of an FAQ entry. */
export interface FaqInput {
  language: string;
  question: string;
  answer: string;
  phrasings: string[];
  keywords: string[];
}

/** An FAQ entry (`/v1/admin/faq`), with what visitors made of it. */
export interface FaqEntry extends FaqInput {
  id: string;
  counts: { answered: number; helpful: number; escalated: number };
  createdAt: number;
  updatedAt: number;
}

/** `POST /v1/admin/faq/match`: the entry the bot would answer with, or those it would suggest. */
export interface FaqMatch {
  answer: { id: string; score: number } | null;
  suggestions: string[];
}

/** `GET /v1/admin/automations`: the settings, the built-in texts, and whether the site is open now. */
export interface AutomationsAnswer {
  settings: AutomationSettings;
  defaults: Record<'welcome' | 'away' | 'awayEmail' | 'csat', Texts>;
  now: { open: boolean; until?: number } | null;
  updatedAt: number | null;
}

/** A page of a conversation's messages, oldest first, notes included. */
export interface MessagePage {
  items: Message[];
  hasMore: boolean;
}

/** What a webhook endpoint may subscribe to (`note.created`: private notes, as `message.created` events). */
export type WebhookSubscription =
  | 'conversation.created'
  | 'conversation.updated'
  | 'message.created'
  | 'note.created'
  | 'contact.created'
  | 'contact.erased';

/** A webhook endpoint (`GET /v1/admin/webhooks`); its secret is shown only once, at creation. */
export interface WebhookEndpoint {
  id: string;
  url: string;
  events: WebhookSubscription[];
  enabled: boolean;
  /** Why the relay disabled it; `null` when enabled or disabled by staff. */
  disabledReason: string | null;
  disabledAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** One attempt in an endpoint's delivery log. */
export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: string;
  attempt: number;
  at: number;
  outcome: 'delivered' | 'failed' | 'skipped';
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
  excerpt: string | null;
  /** The event's body is still kept, so it can be resent. */
  resendable: boolean;
}

/** Where a side effect the relay owes stands (`GET /v1/admin/outbox`). */
export type OutboxStatus = 'pending' | 'delivered' | 'skipped' | 'dead';

/** An email or webhook delivery the relay owes: its state, never its content. */
export interface OutboxJob {
  id: string;
  /** `webhook`, `email.reply`, `email.transcript`, `email.notify`, `email.admin`, … */
  kind: string;
  status: OutboxStatus;
  attempts: number;
  conversationId: string | null;
  createdAt: number;
  dueAt: number;
  doneAt: number | null;
  lastError: string | null;
  detail: string | null;
  /** Pending, and waiting for an earlier job of the same order (same endpoint and conversation) to finish. */
  held: boolean;
}

/** A page of {@link OutboxJob}s, newest first. */
export interface OutboxPage {
  items: OutboxJob[];
  nextCursor?: string;
}

/** What an agent says of themselves: taking conversations, away for a moment (none new), or gone. */
export type Availability = 'online' | 'away' | 'offline';

/** Every availability, in the switch's order. */
export const AVAILABILITIES = ['online', 'away', 'offline'] as const satisfies readonly Availability[];

/** A staff member as routing sees them (`GET /v1/admin/routing`, `GET /v1/admin/me/availability`). */
export interface RoutingStaff {
  id: string;
  name: string;
  role: 'admin' | 'agent';
  availability: Availability;
  availabilityAt: number;
  /** Their own capacity, or `null` for the site's default. */
  capacity: number | null;
  lastSeenAt: number;
  /** Their open and pending conversations. */
  open: number;
  teamIds: string[];
  /** A relay saw a connection of theirs lately. */
  connected: boolean;
  /** Connected and available: routing may give them conversations. */
  online: boolean;
}

/** A team: routing picks inside it for the conversations that go to it. */
export interface Team {
  id: string;
  name: string;
  memberIds: string[];
  createdAt: number;
}

/** A site's routing and SLA settings (`PUT /v1/admin/routing`). */
export interface RoutingSettings {
  mode: 'off' | 'round-robin' | 'least-open';
  defaultCapacity: number;
  reassignAfterMinutes: number | null;
  sla: { firstResponseMinutes: number; raisePriorityTo: Priority; notifyEmail: boolean } | null;
}

/** `GET /v1/admin/routing`. */
export interface RoutingAnswer {
  settings: RoutingSettings;
  updatedAt: number | null;
  staff: RoutingStaff[];
  teams: Team[];
}

/** The file types a site may accept (read from the bytes by the relay; docs/attachments.md). */
export const ATTACHMENT_TYPES = [
  'png',
  'jpeg',
  'gif',
  'webp',
  'pdf',
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'txt',
  'csv',
] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** `PUT /v1/admin/settings/attachments`: the site's own allowlist, file limit and quota (`null`: the relay's). */
export interface AttachmentSettings {
  types: AttachmentType[] | null;
  maxBytes: number | null;
  /** 0: no quota. */
  quotaBytes: number | null;
}

/** `GET /v1/admin/settings/attachments`: the settings and the bytes the site keeps. */
export interface AttachmentSettingsAnswer extends AttachmentSettings {
  usedBytes: number;
}

/** A browser's push subscription as the relay takes it (`PushSubscription.toJSON()`). */
export interface PushSubscriptionBody {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

// ---- the desk's settings pages (issue #19): saved replies, contacts, the audit log, the site ----------------

/** A contact as `GET /v1/admin/contacts` lists it: the email masked until revealed (an audited action). */
export interface Contact {
  id: string;
  name?: string;
  /** `a***@ex***.com`; absent when the contact gave no email. */
  emailMasked?: string;
  verified: boolean;
  subscribed: boolean;
  online: boolean;
  context?: NonNullable<VisitorInfo['context']>;
  consent?: { version: string; at: number };
  createdAt: number;
  lastSeenAt: number;
  /** Their conversations on the site, oldest first. */
  conversationIds: string[];
}

/** A page of contacts, most recently seen first. */
export interface ContactPage {
  items: Contact[];
  nextCursor?: string;
}

/** An entry of the site's audit log. */
export interface AuditEntry {
  id: string;
  at: number;
  actorId: string;
  actorName: string;
  /** e.g. `contact.reveal`, `canned.create`. */
  action: string;
  targetType: string;
  targetId: string;
  details: Record<string, unknown>;
}

/** Filters of the audit log (`from` inclusive, `to` exclusive, ms). */
export interface AuditQuery {
  actor?: string;
  action?: string;
  from?: number;
  to?: number;
  cursor?: string;
  limit?: number;
}

/** A page of the audit log, newest first. */
export interface AuditPage {
  items: AuditEntry[];
  nextCursor?: string;
}

/** What the audit log's filters offer: its actors (latest name) and actions. */
export interface AuditFacets {
  actors: Array<{ id: string; name: string }>;
  actions: string[];
}

/** The caller's own site (`GET /v1/admin/site`): never its identity secret. */
export interface SiteProfile {
  id: string;
  name: string;
  /** Public: goes in the widget's script tag. */
  siteKey: string;
  allowedOrigins: string[];
  requireIdentity: boolean;
  /** Fields the relay's configuration sets (they win at every start; the API refuses to change them). */
  configured: { name: boolean; allowedOrigins: boolean; identitySecret: boolean };
}

/** How a report cuts its range: local hours or local days. */
export type ReportBucket = 'day' | 'hour';

/** `GET /v1/admin/reports`: a range `[from, to)` in ms, the bucket, the IANA time zone buckets are local to. */
export interface ReportQuery {
  from: number;
  to: number;
  bucket: ReportBucket;
  tz: string;
}

/** A median and 90th percentile in ms over `count` values (`null` when none). */
export interface ReportDurations {
  medianMs: number | null;
  p90Ms: number | null;
  count: number;
}

/** `GET /v1/admin/reports`: a site's figures over a range (docs/reports.md). */
export interface Report {
  range: ReportQuery;
  /** Conversations created per bucket; `t` is the bucket's start (ms). */
  conversations: Array<{ t: number; count: number }>;
  /** Text messages per bucket by who wrote them. */
  messages: Array<{ t: number; visitor: number; staff: number; bot: number }>;
  firstResponse: ReportDurations;
  resolution: ReportDurations;
  agents: Array<{
    staffId: string;
    name: string;
    conversations: number;
    assigned: number;
    messages: number;
    firstResponseMedianMs: number | null;
  }>;
  /** Visitor messages: 7 rows (Monday first) of 24 local hours. */
  busiestHours: number[][];
  /** Ratings given in the range; `null` when none was. */
  csat: { count: number; average: number; distribution: number[] } | null;
}
