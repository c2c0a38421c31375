import type { AdminStore } from './admin-store.js';
import type { ErasurePlan } from './erasure-plan.js';
import * as accounts from './sql/account-queries.js';
import * as attachments from './sql/attachment-queries.js';
import * as automations from './sql/automation-queries.js';
import * as conversations from './sql/conversation-queries.js';
import * as contacts from './sql/contact-queries.js';
import * as desk from './sql/desk-queries.js';
import * as email from './sql/email-queries.js';
import * as faq from './sql/faq-queries.js';
import * as mentions from './sql/mention-queries.js';
import * as broadcasts from './sql/broadcast-queries.js';
import * as outbox from './sql/outbox-queries.js';
import * as push from './sql/push-queries.js';
import * as reports from './sql/report-queries.js';
import * as retention from './sql/retention-queries.js';
import * as routing from './sql/routing-queries.js';
import * as sites from './sql/site-queries.js';
import type { SqlDb } from './sql/sql-db.js';
import * as webhooks from './sql/webhook-queries.js';

/** The methods of an {@link AdminStore}. */
type Method = Exclude<keyof AdminStore, 'kind'>;
/** The arguments of an {@link AdminStore} method. */
type Args<K extends Method> = Parameters<AdminStore[K]>;
/** What an {@link AdminStore} method resolves with. */
type Result<K extends Method> = ReturnType<AdminStore[K]>;

/**
 * The {@link AdminStore} in SQL, for both databases: the queries live in `sql/`, one file per area, and take the
 * {@link SqlDb} they run on; what differs between SQLite and PostgreSQL (search, booleans, transactions) is the
 * `SqlDb`'s (see sqlite-admin-store.ts and postgres-admin-store.ts).
 */
export class SqlAdminStore implements AdminStore {
  readonly kind: string;

  constructor(
    protected readonly db: SqlDb,
    /** What erasing a conversation or a contact deletes: every feature's tables (see `FeatureHost.erasurePlan`). */
    protected readonly erasure: ErasurePlan,
  ) {
    this.kind = db.dialect;
  }

  /** The database, for features' own repositories (their tables, next to the desk's). */
  get sql(): SqlDb {
    return this.db;
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  listConversations(...args: Args<'listConversations'>): Result<'listConversations'> {
    return conversations.listConversations(this.db, ...args);
  }

  getConversation(...args: Args<'getConversation'>): Result<'getConversation'> {
    return conversations.getConversation(this.db, ...args);
  }

  updateConversation(...args: Args<'updateConversation'>): Result<'updateConversation'> {
    return conversations.updateConversation(this.db, ...args);
  }

  touchContacts(...args: Args<'touchContacts'>): Result<'touchContacts'> {
    return contacts.touchContacts(this.db, ...args);
  }

  listContacts(...args: Args<'listContacts'>): Result<'listContacts'> {
    return contacts.listContacts(this.db, ...args);
  }

  getContact(...args: Args<'getContact'>): Result<'getContact'> {
    return contacts.getContact(this.db, ...args);
  }

  setSubscribed(...args: Args<'setSubscribed'>): Result<'setSubscribed'> {
    return contacts.setSubscribed(this.db, ...args);
  }

  exportContact(...args: Args<'exportContact'>): Result<'exportContact'> {
    return contacts.exportContact(this.db, ...args);
  }

  async eraseContact(...args: Args<'eraseContact'>): Result<'eraseContact'> {
    const erased = await contacts.eraseContact(this.db, this.erasure, ...args);
    if (erased) await this.scrub(true);
    return erased;
  }

  /**
   * After an erasure, removes the erased bytes from wherever the database still keeps old versions of its pages
   * (SQLite's log, PostgreSQL's dead tuples and indexes). `last`: no more batches of this erasure follow.
   */
  protected async scrub(_last: boolean): Promise<void> {}

  pruneSilentContacts(...args: Args<'pruneSilentContacts'>): Result<'pruneSilentContacts'> {
    return contacts.pruneSilentContacts(this.db, ...args);
  }

  segmentContacts(...args: Args<'segmentContacts'>): Result<'segmentContacts'> {
    return contacts.segmentContacts(this.db, ...args);
  }

  listCanned(...args: Args<'listCanned'>): Result<'listCanned'> {
    return desk.listCanned(this.db, ...args);
  }

  createCanned(...args: Args<'createCanned'>): Result<'createCanned'> {
    return desk.createCanned(this.db, ...args);
  }

  updateCanned(...args: Args<'updateCanned'>): Result<'updateCanned'> {
    return desk.updateCanned(this.db, ...args);
  }

  deleteCanned(...args: Args<'deleteCanned'>): Result<'deleteCanned'> {
    return desk.deleteCanned(this.db, ...args);
  }

  listStaff(...args: Args<'listStaff'>): Result<'listStaff'> {
    return desk.listStaff(this.db, ...args);
  }

  getStaff(...args: Args<'getStaff'>): Result<'getStaff'> {
    return desk.getStaff(this.db, ...args);
  }

  revokeStaff(...args: Args<'revokeStaff'>): Result<'revokeStaff'> {
    return desk.revokeStaff(this.db, ...args);
  }

  findStaffSite(...args: Args<'findStaffSite'>): Result<'findStaffSite'> {
    return sites.findStaffSite(this.db, ...args);
  }

  listSites(): Result<'listSites'> {
    return sites.listSites(this.db);
  }

  createSite(...args: Args<'createSite'>): Result<'createSite'> {
    return sites.createSite(this.db, ...args);
  }

  appendAudit(...args: Args<'appendAudit'>): Result<'appendAudit'> {
    return desk.appendAudit(this.db, ...args);
  }

  pruneAudit(...args: Args<'pruneAudit'>): Result<'pruneAudit'> {
    return desk.pruneAudit(this.db, ...args);
  }

  getSiteListing(...args: Args<'getSiteListing'>): Result<'getSiteListing'> {
    return sites.getSiteListing(this.db, ...args);
  }

  updateSite(...args: Args<'updateSite'>): Result<'updateSite'> {
    return sites.updateSite(this.db, ...args);
  }

  listAudit(...args: Args<'listAudit'>): Result<'listAudit'> {
    return desk.listAudit(this.db, ...args);
  }

  auditFacets(...args: Args<'auditFacets'>): Result<'auditFacets'> {
    return desk.auditFacets(this.db, ...args);
  }

  createBroadcast(...args: Args<'createBroadcast'>): Result<'createBroadcast'> {
    return broadcasts.createBroadcast(this.db, ...args);
  }

  getBroadcast(...args: Args<'getBroadcast'>): Result<'getBroadcast'> {
    return broadcasts.getBroadcast(this.db, ...args);
  }

  listBroadcasts(...args: Args<'listBroadcasts'>): Result<'listBroadcasts'> {
    return broadcasts.listBroadcasts(this.db, ...args);
  }

  runningBroadcasts(...args: Args<'runningBroadcasts'>): Result<'runningBroadcasts'> {
    return broadcasts.runningBroadcasts(this.db, ...args);
  }

  pendingTargets(...args: Args<'pendingTargets'>): Result<'pendingTargets'> {
    return broadcasts.pendingTargets(this.db, ...args);
  }

  recordOutcomes(...args: Args<'recordOutcomes'>): Result<'recordOutcomes'> {
    return broadcasts.recordOutcomes(this.db, ...args);
  }

  finishBroadcast(...args: Args<'finishBroadcast'>): Result<'finishBroadcast'> {
    return broadcasts.finishBroadcast(this.db, ...args);
  }

  stats(...args: Args<'stats'>): Result<'stats'> {
    return desk.stats(this.db, ...args);
  }

  getSettings(...args: Args<'getSettings'>): Result<'getSettings'> {
    return retention.getSettings(this.db, ...args);
  }

  updateSettings(...args: Args<'updateSettings'>): Result<'updateSettings'> {
    return retention.updateSettings(this.db, ...args);
  }

  retentionSettings(...args: Args<'retentionSettings'>): Result<'retentionSettings'> {
    return retention.retentionSettings(this.db, ...args);
  }

  async eraseExpired(...args: Args<'eraseExpired'>): Result<'eraseExpired'> {
    const erased = await retention.eraseExpired(this.db, this.erasure, ...args);
    if (erased.conversations > 0 || erased.contacts > 0) await this.scrub(!erased.more);
    return erased;
  }

  insertAttachment(...args: Args<'insertAttachment'>): Result<'insertAttachment'> {
    return attachments.insertAttachment(this.db, ...args);
  }

  getAttachment(...args: Args<'getAttachment'>): Result<'getAttachment'> {
    return attachments.getAttachment(this.db, ...args);
  }

  attachmentByClientId(...args: Args<'attachmentByClientId'>): Result<'attachmentByClientId'> {
    return attachments.attachmentByClientId(this.db, ...args);
  }

  siteAttachmentBytes(...args: Args<'siteAttachmentBytes'>): Result<'siteAttachmentBytes'> {
    return attachments.siteAttachmentBytes(this.db, ...args);
  }

  getAttachmentSettings(...args: Args<'getAttachmentSettings'>): Result<'getAttachmentSettings'> {
    return attachments.getAttachmentSettings(this.db, ...args);
  }

  putAttachmentSettings(...args: Args<'putAttachmentSettings'>): Result<'putAttachmentSettings'> {
    return attachments.putAttachmentSettings(this.db, ...args);
  }

  claimAttachments(...args: Args<'claimAttachments'>): Result<'claimAttachments'> {
    return attachments.claimAttachments(this.db, ...args);
  }

  expireOrphanAttachments(...args: Args<'expireOrphanAttachments'>): Result<'expireOrphanAttachments'> {
    return this.db.transaction((db) => attachments.expireOrphanAttachments(db, ...args));
  }

  purgeQueue(...args: Args<'purgeQueue'>): Result<'purgeQueue'> {
    return attachments.purgeQueue(this.db, ...args);
  }

  purged(...args: Args<'purged'>): Result<'purged'> {
    return attachments.purged(this.db, ...args);
  }

  getAutomationSettings(...args: Args<'getAutomationSettings'>): Result<'getAutomationSettings'> {
    return automations.getAutomationSettings(this.db, ...args);
  }

  putAutomationSettings(...args: Args<'putAutomationSettings'>): Result<'putAutomationSettings'> {
    return automations.putAutomationSettings(this.db, ...args);
  }

  listAutomationSettings(...args: Args<'listAutomationSettings'>): Result<'listAutomationSettings'> {
    return automations.listAutomationSettings(this.db, ...args);
  }

  ratingStats(...args: Args<'ratingStats'>): Result<'ratingStats'> {
    return automations.ratingStats(this.db, ...args);
  }

  listFaqEntries(...args: Args<'listFaqEntries'>): Result<'listFaqEntries'> {
    return faq.listFaqEntries(this.db, ...args);
  }

  faqVersion(...args: Args<'faqVersion'>): Result<'faqVersion'> {
    return faq.faqVersion(this.db, ...args);
  }

  getFaqEntry(...args: Args<'getFaqEntry'>): Result<'getFaqEntry'> {
    return faq.getFaqEntry(this.db, ...args);
  }

  createFaqEntry(...args: Args<'createFaqEntry'>): Result<'createFaqEntry'> {
    return faq.createFaqEntry(this.db, ...args);
  }

  updateFaqEntry(...args: Args<'updateFaqEntry'>): Result<'updateFaqEntry'> {
    return faq.updateFaqEntry(this.db, ...args);
  }

  deleteFaqEntry(...args: Args<'deleteFaqEntry'>): Result<'deleteFaqEntry'> {
    return faq.deleteFaqEntry(this.db, ...args);
  }

  faqChangedSites(...args: Args<'faqChangedSites'>): Result<'faqChangedSites'> {
    return faq.faqChangedSites(this.db, ...args);
  }

  recordFaqEvent(...args: Args<'recordFaqEvent'>): Result<'recordFaqEvent'> {
    return faq.recordFaqEvent(this.db, ...args);
  }

  faqConversationState(...args: Args<'faqConversationState'>): Result<'faqConversationState'> {
    return faq.faqConversationState(this.db, ...args);
  }

  enqueueOutbox(...[items, now]: Args<'enqueueOutbox'>): Result<'enqueueOutbox'> {
    return this.db.transaction((db) => outbox.enqueue(db, items, now));
  }

  claimOutbox(...args: Args<'claimOutbox'>): Result<'claimOutbox'> {
    return outbox.claimOutbox(this.db, ...args);
  }

  finishOutbox(...args: Args<'finishOutbox'>): Result<'finishOutbox'> {
    return outbox.finishOutbox(this.db, ...args);
  }

  retryOutbox(...args: Args<'retryOutbox'>): Result<'retryOutbox'> {
    return outbox.retryOutbox(this.db, ...args);
  }

  settleOutbox(...args: Args<'settleOutbox'>): Result<'settleOutbox'> {
    return outbox.settleOutbox(this.db, ...args);
  }

  listOutbox(...args: Args<'listOutbox'>): Result<'listOutbox'> {
    return outbox.listOutbox(this.db, ...args);
  }

  replayOutbox(...args: Args<'replayOutbox'>): Result<'replayOutbox'> {
    return outbox.replayOutbox(this.db, ...args);
  }

  outboxCounts(...args: Args<'outboxCounts'>): Result<'outboxCounts'> {
    return outbox.outboxCounts(this.db, ...args);
  }

  pruneOutbox(...args: Args<'pruneOutbox'>): Result<'pruneOutbox'> {
    return outbox.pruneOutbox(this.db, ...args);
  }

  listWebhooks(...args: Args<'listWebhooks'>): Result<'listWebhooks'> {
    return webhooks.listWebhooks(this.db, ...args);
  }

  getWebhook(...args: Args<'getWebhook'>): Result<'getWebhook'> {
    return webhooks.getWebhook(this.db, ...args);
  }

  enabledWebhooks(): Result<'enabledWebhooks'> {
    return webhooks.enabledWebhooks(this.db);
  }

  createWebhook(...args: Args<'createWebhook'>): Result<'createWebhook'> {
    return webhooks.createWebhook(this.db, ...args);
  }

  updateWebhook(...args: Args<'updateWebhook'>): Result<'updateWebhook'> {
    return webhooks.updateWebhook(this.db, ...args);
  }

  deleteWebhook(...args: Args<'deleteWebhook'>): Result<'deleteWebhook'> {
    return webhooks.deleteWebhook(this.db, ...args);
  }

  disableWebhook(...args: Args<'disableWebhook'>): Result<'disableWebhook'> {
    return webhooks.disableWebhook(this.db, ...args);
  }

  recordWebhookDelivery(...args: Args<'recordWebhookDelivery'>): Result<'recordWebhookDelivery'> {
    return webhooks.recordWebhookDelivery(this.db, ...args);
  }

  recordWebhookDeliveries(...[deliveries]: Args<'recordWebhookDeliveries'>): Result<'recordWebhookDeliveries'> {
    // The log is for people: a crash losing its last rows loses no delivery, so the commit does not wait for the disk.
    return this.db.transaction(
      async (db) => {
        for (const delivery of deliveries) await webhooks.recordWebhookDelivery(db, delivery);
      },
      { durable: false },
    );
  }

  listWebhookDeliveries(...args: Args<'listWebhookDeliveries'>): Result<'listWebhookDeliveries'> {
    return webhooks.listWebhookDeliveries(this.db, ...args);
  }

  resendWebhookDelivery(...args: Args<'resendWebhookDelivery'>): Result<'resendWebhookDelivery'> {
    return webhooks.resendWebhookDelivery(this.db, ...args);
  }

  pruneWebhookDeliveries(...args: Args<'pruneWebhookDeliveries'>): Result<'pruneWebhookDeliveries'> {
    return webhooks.pruneWebhookDeliveries(this.db, ...args);
  }

  emailedThrough(...args: Args<'emailedThrough'>): Result<'emailedThrough'> {
    return email.emailedThrough(this.db, ...args);
  }

  recordEmailed(...args: Args<'recordEmailed'>): Result<'recordEmailed'> {
    return email.recordEmailed(this.db, ...args);
  }

  claimTranscript(...args: Args<'claimTranscript'>): Result<'claimTranscript'> {
    return email.claimTranscript(this.db, ...args);
  }

  transcriptAddress(...args: Args<'transcriptAddress'>): Result<'transcriptAddress'> {
    return email.transcriptAddress(this.db, ...args);
  }

  createEmailLink(...args: Args<'createEmailLink'>): Result<'createEmailLink'> {
    return email.createLink(this.db, ...args);
  }

  redeemEmailLink(...args: Args<'redeemEmailLink'>): Result<'redeemEmailLink'> {
    return email.redeemLink(this.db, ...args);
  }

  emailLinkSite(...args: Args<'emailLinkSite'>): Result<'emailLinkSite'> {
    return email.linkSite(this.db, ...args);
  }

  getStaffEmail(...args: Args<'getStaffEmail'>): Result<'getStaffEmail'> {
    return email.getStaffEmail(this.db, ...args);
  }

  updateStaffEmail(...args: Args<'updateStaffEmail'>): Result<'updateStaffEmail'> {
    return email.updateStaffEmail(this.db, ...args);
  }

  staffWithEmail(): Result<'staffWithEmail'> {
    return email.staffWithEmail(this.db);
  }

  markNotified(...args: Args<'markNotified'>): Result<'markNotified'> {
    return email.markNotified(this.db, ...args);
  }

  conversationsForNotice(...args: Args<'conversationsForNotice'>): Result<'conversationsForNotice'> {
    return email.conversationsForNotice(this.db, ...args);
  }

  // ---- routing and SLA (issue #17) ----

  getRoutingSettings(...args: Args<'getRoutingSettings'>): Result<'getRoutingSettings'> {
    return routing.getRoutingSettings(this.db, ...args);
  }

  putRoutingSettings(...args: Args<'putRoutingSettings'>): Result<'putRoutingSettings'> {
    return routing.putRoutingSettings(this.db, ...args);
  }

  listRoutingSettings(...args: Args<'listRoutingSettings'>): Result<'listRoutingSettings'> {
    return routing.listRoutingSettings(this.db, ...args);
  }

  listRoutingStaff(...args: Args<'listRoutingStaff'>): Result<'listRoutingStaff'> {
    return routing.listRoutingStaff(this.db, ...args);
  }

  getRoutingStaff(...args: Args<'getRoutingStaff'>): Result<'getRoutingStaff'> {
    return routing.getRoutingStaff(this.db, ...args);
  }

  updateRoutingStaff(...args: Args<'updateRoutingStaff'>): Result<'updateRoutingStaff'> {
    return routing.updateRoutingStaff(this.db, ...args);
  }

  staffSeen(...args: Args<'staffSeen'>): Result<'staffSeen'> {
    return routing.staffSeen(this.db, ...args);
  }

  staleStaff(...args: Args<'staleStaff'>): Result<'staleStaff'> {
    return routing.staleStaff(this.db, ...args);
  }

  listTeams(...args: Args<'listTeams'>): Result<'listTeams'> {
    return routing.listTeams(this.db, ...args);
  }

  putTeam(...args: Args<'putTeam'>): Result<'putTeam'> {
    return routing.putTeam(this.db, ...args);
  }

  deleteTeam(...args: Args<'deleteTeam'>): Result<'deleteTeam'> {
    return routing.deleteTeam(this.db, ...args);
  }

  assignConversation(...args: Args<'assignConversation'>): Result<'assignConversation'> {
    return routing.assignConversation(this.db, ...args);
  }

  openAssignedTo(...args: Args<'openAssignedTo'>): Result<'openAssignedTo'> {
    return routing.openAssignedTo(this.db, ...args);
  }

  startSla(...args: Args<'startSla'>): Result<'startSla'> {
    return routing.startSla(this.db, ...args);
  }

  recordFirstResponse(...args: Args<'recordFirstResponse'>): Result<'recordFirstResponse'> {
    return routing.recordFirstResponse(this.db, ...args);
  }

  escalate(...args: Args<'escalate'>): Result<'escalate'> {
    return routing.escalate(this.db, ...args);
  }

  mentionableStaff(): Result<'mentionableStaff'> {
    return mentions.mentionableStaff(this.db);
  }

  recordMentions(...args: Args<'recordMentions'>): Result<'recordMentions'> {
    return mentions.recordMentions(this.db, ...args);
  }

  listMentions(...args: Args<'listMentions'>): Result<'listMentions'> {
    return mentions.listMentions(this.db, ...args);
  }

  mentionReadAt(...args: Args<'mentionReadAt'>): Result<'mentionReadAt'> {
    return mentions.mentionReadAt(this.db, ...args);
  }

  markMentionsRead(...args: Args<'markMentionsRead'>): Result<'markMentionsRead'> {
    return mentions.markMentionsRead(this.db, ...args);
  }

  savePushSubscription(...args: Args<'savePushSubscription'>): Result<'savePushSubscription'> {
    return push.savePushSubscription(this.db, ...args);
  }

  deletePushSubscription(...args: Args<'deletePushSubscription'>): Result<'deletePushSubscription'> {
    return push.deletePushSubscription(this.db, ...args);
  }

  forgetPushEndpoint(...args: Args<'forgetPushEndpoint'>): Result<'forgetPushEndpoint'> {
    return push.forgetPushEndpoint(this.db, ...args);
  }

  countPushSubscriptions(...args: Args<'countPushSubscriptions'>): Result<'countPushSubscriptions'> {
    return push.countPushSubscriptions(this.db, ...args);
  }

  pushSubscriptions(...args: Args<'pushSubscriptions'>): Result<'pushSubscriptions'> {
    return push.pushSubscriptions(this.db, ...args);
  }

  sitesWithPush(): Result<'sitesWithPush'> {
    return push.sitesWithPush(this.db);
  }

  // ---- staff accounts (issue #19) ----

  countAccounts(): Result<'countAccounts'> {
    return accounts.countAccounts(this.db);
  }

  createAccount(...args: Args<'createAccount'>): Result<'createAccount'> {
    return accounts.createAccount(this.db, ...args);
  }

  getAccount(...args: Args<'getAccount'>): Result<'getAccount'> {
    return accounts.getAccount(this.db, ...args);
  }

  findAccountByEmail(...args: Args<'findAccountByEmail'>): Result<'findAccountByEmail'> {
    return accounts.findAccountByEmail(this.db, ...args);
  }

  updateAccount(...args: Args<'updateAccount'>): Result<'updateAccount'> {
    return accounts.updateAccount(this.db, ...args);
  }

  loginBlockedUntil(...args: Args<'loginBlockedUntil'>): Result<'loginBlockedUntil'> {
    return accounts.loginBlockedUntil(this.db, ...args);
  }

  recordLoginFailure(...args: Args<'recordLoginFailure'>): Result<'recordLoginFailure'> {
    return accounts.recordLoginFailure(this.db, ...args);
  }

  clearLoginFailures(...args: Args<'clearLoginFailures'>): Result<'clearLoginFailures'> {
    return accounts.clearLoginFailures(this.db, ...args);
  }

  useTotpStep(...args: Args<'useTotpStep'>): Result<'useTotpStep'> {
    return accounts.useTotpStep(this.db, ...args);
  }

  useRecoveryCode(...args: Args<'useRecoveryCode'>): Result<'useRecoveryCode'> {
    return accounts.useRecoveryCode(this.db, ...args);
  }

  memberships(...args: Args<'memberships'>): Result<'memberships'> {
    return accounts.memberships(this.db, ...args);
  }

  memberOf(...args: Args<'memberOf'>): Result<'memberOf'> {
    return accounts.memberOf(this.db, ...args);
  }

  listMembers(...args: Args<'listMembers'>): Result<'listMembers'> {
    return accounts.listMembers(this.db, ...args);
  }

  getMember(...args: Args<'getMember'>): Result<'getMember'> {
    return accounts.getMember(this.db, ...args);
  }

  updateMember(...args: Args<'updateMember'>): Result<'updateMember'> {
    return accounts.updateMember(this.db, ...args);
  }

  completeSetup(...args: Args<'completeSetup'>): Result<'completeSetup'> {
    return accounts.completeSetup(this.db, ...args);
  }

  acceptInvitation(...args: Args<'acceptInvitation'>): Result<'acceptInvitation'> {
    return accounts.acceptInvitation(this.db, ...args);
  }

  createSession(...args: Args<'createSession'>): Result<'createSession'> {
    return accounts.createSession(this.db, ...args);
  }

  findSession(...args: Args<'findSession'>): Result<'findSession'> {
    return accounts.findSession(this.db, ...args);
  }

  getSession(...args: Args<'getSession'>): Result<'getSession'> {
    return accounts.getSession(this.db, ...args);
  }

  touchSession(...args: Args<'touchSession'>): Result<'touchSession'> {
    return accounts.touchSession(this.db, ...args);
  }

  switchSessionSite(...args: Args<'switchSessionSite'>): Result<'switchSessionSite'> {
    return accounts.switchSessionSite(this.db, ...args);
  }

  listSessions(...args: Args<'listSessions'>): Result<'listSessions'> {
    return accounts.listSessions(this.db, ...args);
  }

  revokeSessions(...args: Args<'revokeSessions'>): Result<'revokeSessions'> {
    return accounts.revokeSessions(this.db, ...args);
  }

  createAuthLink(...args: Args<'createAuthLink'>): Result<'createAuthLink'> {
    return accounts.createAuthLink(this.db, ...args);
  }

  findAuthLink(...args: Args<'findAuthLink'>): Result<'findAuthLink'> {
    return accounts.findAuthLink(this.db, ...args);
  }

  useAuthLink(...args: Args<'useAuthLink'>): Result<'useAuthLink'> {
    return accounts.useAuthLink(this.db, ...args);
  }
  spendAuthLinks(...args: Args<'spendAuthLinks'>): Result<'spendAuthLinks'> {
    return accounts.spendAuthLinks(this.db, ...args);
  }

  listInvitations(...args: Args<'listInvitations'>): Result<'listInvitations'> {
    return accounts.listInvitations(this.db, ...args);
  }

  deleteInvitation(...args: Args<'deleteInvitation'>): Result<'deleteInvitation'> {
    return accounts.deleteInvitation(this.db, ...args);
  }

  pruneAuthLinks(...args: Args<'pruneAuthLinks'>): Result<'pruneAuthLinks'> {
    return accounts.pruneAuthLinks(this.db, ...args);
  }

  report(...args: Args<'report'>): Result<'report'> {
    return reports.report(this.db, ...args);
  }
}
