import { ATTACHMENT_TYPE_NAMES, type ConversationSummary, type Message } from '@parley/protocol';
import type {
  AttachmentSettings,
  AttachmentSettingsAnswer,
  AttachmentTypeName,
  AuditEntry,
  AuditFacets,
  AuditPage,
  AutomationSettings,
  AutomationsAnswer as AutomationsWire,
  Availability,
  Broadcast,
  CannedResponse,
  Contact,
  ContactPage,
  ContactPatch,
  ConversationPage,
  ConversationPatch,
  FaqCreate,
  FaqEntry,
  FaqMatch,
  InboxCounts,
  InvitationCreated,
  MessagePage,
  NotificationSettings,
  OutboxJob,
  OutboxPage,
  OutboxStatus,
  OwnSite,
  Permission,
  PushSubscribe,
  Report,
  ReportBucket,
  ReportSplit,
  RoutingAnswer,
  RoutingSettings,
  RoutingStaff,
  Segment,
  Settings,
  Site,
  StaffMember,
  Stats as StatsAnswer,
  Team,
  TeamAnswer,
  TeamInvitation,
  TeamMember,
  TokenScope,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookSubscription,
  ApiChannel,
  ApiChannelCreated,
} from '@parley/protocol/admin';

export type { Message };

// The answers and bodies of the admin API's contract (`@parley/protocol/admin`), under the inbox's names: types
// only, so the inbox's bundle carries none of it.
export type {
  AuditEntry,
  AuditFacets,
  AuditPage,
  AutomationSettings,
  Availability,
  Broadcast,
  CannedResponse,
  Contact,
  ContactPage,
  ContactPatch,
  ConversationPage,
  ConversationPatch,
  FaqEntry,
  FaqMatch,
  InboxCounts,
  MessagePage,
  NotificationSettings,
  OutboxJob,
  OutboxPage,
  OutboxStatus,
  Report,
  ReportBucket,
  RoutingAnswer,
  RoutingSettings,
  RoutingStaff,
  Team,
  TeamAnswer,
  TeamInvitation,
  TeamMember,
  TokenScope,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookSubscription,
  ApiChannel,
  ApiChannelCreated,
};
/** Who a broadcast goes to. */
export type BroadcastSegment = Segment;
/** A site the relay serves (`GET /v1/admin/sites`). */
export type SiteListing = Site;
/** The site's settings (`GET /v1/admin/settings`); relays before the emails' brand leave out its colour and logo. */
export type SiteSettings = Omit<Settings, 'brandColor' | 'logoUrl'> & Partial<Pick<Settings, 'brandColor' | 'logoUrl'>>;
/** Site figures for the stats panel; relays before issue #17 leave out `csat`. */
export type Stats = Omit<StatsAnswer, 'csat'> & Partial<Pick<StatsAnswer, 'csat'>>;
/** A browser's push subscription as the relay takes it (`PushSubscription.toJSON()`). */
export type PushSubscriptionBody = PushSubscribe;
/** The caller's own site (`GET /v1/admin/site`): never its identity secret. */
export type SiteProfile = OwnSite;

/** A conversation's workflow state. */
export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved';
/** A conversation's priority. */
export type Priority = 'none' | 'low' | 'medium' | 'high' | 'urgent';
/** Whose conversations an inbox view lists (`overdue`: the first-reply deadline passed unanswered). */
export type InboxView = 'mine' | 'unassigned' | 'all' | 'overdue' | 'mentions' | 'review' | 'spam';

/** Every status, in the order the tabs show them. */
export const STATUSES = ['open', 'pending', 'snoozed', 'resolved'] as const satisfies readonly ConversationStatus[];
/** Every priority, lowest first. */
export const PRIORITIES = ['none', 'low', 'medium', 'high', 'urgent'] as const satisfies readonly Priority[];
/** Every view, in the order the navigation shows them. */
export const VIEWS = [
  'mine',
  'mentions',
  'unassigned',
  'all',
  'overdue',
  'review',
  'spam',
] as const satisfies readonly InboxView[];

/**
 * One conversation as the admin API lists it and the staff socket pushes it (the protocol's
 * `ConversationSummary`): workflow fields, read marks, the newest message, the visitor.
 */
export type AdminConversation = ConversationSummary;

/** What the relay knows about a conversation's visitor. */
export type VisitorInfo = ConversationSummary['visitor'];

/** Filters of the conversation list. */
/** A saved view's id (`GET /v1/admin/views`): the list route takes it as its `view`. */
export type SavedViewId = `vw_${string}`;

export interface ConversationQuery {
  status?: ConversationStatus;
  view?: InboxView | SavedViewId;
  unread?: boolean;
  label?: string;
  q?: string;
  cursor?: string;
  limit?: number;
}

/** The signed-in staff member (`GET /v1/admin/me`). */
export interface StaffMe {
  id: string;
  name: string;
  /** An owner is `admin` on the wire; the account's session (`GET /v1/auth/session`) tells them apart. */
  role: 'owner' | 'admin' | 'agent';
  site: { id: string; name: string };
  /** What they may do on the site (relays from before roles leave it out: their role says). */
  permissions?: readonly Permission[];
}

/** An API token as `GET /v1/admin/tokens` lists it; relays from before scopes (and without accounts) leave out the rest. */
export type StaffToken = Pick<StaffMember, 'id' | 'name'> &
  Partial<Pick<StaffMember, 'role' | 'scopes' | 'expiresAt' | 'createdAt'>>;

/** An API token just made: its secret, shown once. */
export type CreatedToken = StaffToken & { token: string };

/** An invitation just made; `link` only when the relay could not email it (shown once). */
export type CreatedInvitation = InvitationCreated;

/** Site figures for the stats panel. */

/** Text per language (`en`, `fr`…). */
export type Texts = Record<string, string>;

/** What an admin writes of an FAQ entry (the inbox sends every field). */
export type FaqInput = Required<FaqCreate>;

/** `GET /v1/admin/automations`: the settings, the built-in texts, and whether the site is open now. */
export type AutomationsAnswer = Omit<AutomationsWire, 'defaults'> & {
  /** The contract shows the built-in texts as a plain object; these are the ones the inbox reads. */
  defaults: Record<'welcome' | 'away' | 'awayEmail' | 'csat', Texts>;
};

/** Every availability, in the switch's order. */
export const AVAILABILITIES = ['online', 'away', 'offline'] as const satisfies readonly Availability[];

/** A file type a site may accept (read from the bytes by the relay; docs/attachments.md). */
export type AttachmentType = AttachmentTypeName;
/** Every file type a site may accept, in the order the settings page lists them (the contract's). */
export const ATTACHMENT_TYPES = ATTACHMENT_TYPE_NAMES;

/** `PUT /v1/admin/settings/attachments`: the site's own allowlist, file limit and quota (`null`: the relay's). */
export type { AttachmentSettings };

/** `GET /v1/admin/settings/attachments`: the settings and the bytes the site keeps. */
export type { AttachmentSettingsAnswer };

// ---- the desk's settings pages (issue #19): saved replies, contacts, the audit log, the site ----------------

/** Filters of the audit log (`from` inclusive, `to` exclusive, ms). */
export interface AuditQuery {
  actor?: string;
  action?: string;
  from?: number;
  to?: number;
  cursor?: string;
  limit?: number;
}

/**
 * `GET /v1/admin/reports`: a range `[from, to)` in ms, the bucket, the IANA time zone buckets are local to, and the
 * channels (ids of `GET /v1/admin/conversation-channels`) the figures keep to, when any.
 */
export type ReportQuery = Report['range'] & {
  channel?: string[];
  /** Team ids (`none`: of no team), staff ids (`none`: unassigned), labels (issue #86). */
  team?: string[];
  agent?: string[];
  label?: string[];
  /** A row of totals per value of one member. */
  split?: ReportSplit;
  /**
   * The conversation list's parameters other features add (custom attributes' `attribute`, companies' `company`),
   * set by the Reports page's contributed filters (pages/reports/report-filters.ts): the reports take them as given.
   */
  listFilters?: Readonly<Record<string, string>>;
};

/** A median and 90th percentile in ms over `count` values (`null` when none). */
export type ReportDurations = Report['firstResponse'];
