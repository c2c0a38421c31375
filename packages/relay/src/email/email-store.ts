/** Email's repository (`Repositories.email`; SQL in `email-queries.ts`) and its records. */

declare module '../store/repositories.js' {
  interface Repositories {
    readonly email: EmailRepository;
  }
}

/** The visitor's latest email in a conversation (issue #38). */
export interface InboundThread {
  /** Without angle brackets. */
  readonly messageId: string;
  readonly subject: string | undefined;
}

/** A transcript request, as {@link EmailRepository.claimTranscript} counts it. */
export interface TranscriptRequest {
  /** The visitor's address now, sealed. */
  readonly emailEnc: string;
  /** Whether it replaces an address pinned before: only for a verified visitor, whose address the site gives. */
  readonly repin: boolean;
  readonly now: number;
  /** How long a window of counted requests lasts, from its first. */
  readonly windowMs: number;
}

/** What {@link EmailRepository.claimTranscript} came to. */
export interface TranscriptClaim {
  /** The sealed address the transcript goes to. */
  readonly emailEnc: string;
  /** Requests in the current window, this one included. */
  readonly count: number;
}

/** A one-time link that reopens a conversation in the widget (only its token's SHA-256 is stored). */
export interface EmailLink {
  readonly tokenHash: string;
  readonly siteId: string;
  readonly conversationId: string;
  readonly visitorId: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** What using a link came to: the session it grants, or why it grants nothing. */
export type LinkRedemption =
  | { readonly ok: true; readonly siteId: string; readonly conversationId: string; readonly visitorId: string }
  | { readonly ok: false; readonly reason: 'unknown' | 'used' | 'expired' };

/** What a staff member sets about email: their address (sealed) and whether they want notifications. */
export interface StaffEmailSettings {
  /** AES-256-GCM ciphertext of the address, as contacts' (see `admin/email-cipher.ts`); `null` for none. */
  readonly emailEnc: string | null;
  readonly notify: boolean;
}

/** A staff member as email sees them. */
export interface StaffRecipient {
  readonly id: string;
  readonly siteId: string;
  readonly name: string;
  readonly role: 'admin' | 'agent';
  readonly emailEnc: string | undefined;
  readonly notify: boolean;
  /** When they were last sent a notification (ms), or `null`. */
  readonly notifiedAt: number | null;
}

/** A conversation a staff notification lists: its newest visitor message since the last notification. */
export interface NoticeConversation {
  readonly conversationId: string;
  readonly visitorId: string;
  readonly visitorName: string | undefined;
  /** The visitor's email, sealed (see `admin/email-cipher.ts`), or `undefined`. */
  readonly visitorEmailEnc: string | undefined;
  readonly text: string;
  readonly ts: number;
  /** Opened since the last notification. */
  readonly isNew: boolean;
  /** Visitor messages since the last notification. */
  readonly messages: number;
}

/** Email (issue #16): reply marks, transcripts, one-time links and staff notifications. */
export interface EmailRepository {
  /** The highest sequence of the conversation whose staff reply an email has carried (0: none). */
  emailedThrough(siteId: string, conversationId: string): Promise<number>;
  /** Records that an email carried the conversation's replies through `seq` (the mark never moves back). */
  recordEmailed(siteId: string, conversationId: string, seq: number, now: number): Promise<void>;
  /**
   * Records the `Message-ID` (without angle brackets) and subject of the visitor's latest email in the conversation
   * (issue #38): the next reply email answers it (`In-Reply-To`, `References`, `Re: <subject>`).
   */
  recordInboundMessageId(
    siteId: string,
    conversationId: string,
    messageId: string,
    subject?: string | undefined,
  ): Promise<void>;
  /** The visitor's latest email in the conversation, as {@link recordInboundMessageId} recorded it. */
  inboundThread(siteId: string, conversationId: string): Promise<InboundThread | undefined>;
  /**
   * Counts a transcript request of the conversation and pins the address its transcripts go to (issue #33): the
   * visitor's at the first request, a verified visitor's at any (`repin`); see {@link TranscriptClaim}.
   */
  claimTranscript(siteId: string, conversationId: string, claim: TranscriptRequest): Promise<TranscriptClaim>;
  /** The sealed address the conversation's transcripts go to; `undefined` before its first request. */
  transcriptAddress(siteId: string, conversationId: string): Promise<string | undefined>;
  /** Stores a one-time link (and forgets those expired for a day). */
  createEmailLink(link: EmailLink): Promise<void>;
  /**
   * Uses a link, found by its token's hash, at most once and before it expires: the one place besides
   * {@link SiteRepository.listSites} not scoped to a site, since the token names its site.
   */
  redeemEmailLink(tokenHash: string, now: number): Promise<LinkRedemption>;
  /** The site of a link (to check the caller's origin before the link is used up); not scoped, as above. */
  emailLinkSite(tokenHash: string): Promise<string | undefined>;
  getStaffEmail(siteId: string, staffId: string): Promise<StaffRecipient | undefined>;
  /** Resolves `undefined` when no active staff member has that id on the site. */
  updateStaffEmail(
    siteId: string,
    staffId: string,
    patch: Partial<StaffEmailSettings>,
  ): Promise<StaffRecipient | undefined>;
  /** Active staff of every site who have an email (operators' view, for the email feature's cache). */
  staffWithEmail(): Promise<StaffRecipient[]>;
  markNotified(siteId: string, staffId: string, at: number): Promise<void>;
  /** The site's conversations with a visitor message after `since`, newest first. */
  conversationsForNotice(siteId: string, since: number, limit: number): Promise<NoticeConversation[]>;
}
