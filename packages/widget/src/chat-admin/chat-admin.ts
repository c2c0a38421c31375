import type { ChatAdminComposer } from './chat-admin-composer.component.js';
import { ChatAdminInbox } from './chat-admin-inbox.component.js';
import { ChatAdminList } from './chat-admin-list.component.js';
import { ChatAdminThread } from './chat-admin-thread.component.js';
import type { ChatAdminVisitor } from './chat-admin-visitor.component.js';
import { ChatAdmin } from './chat-admin.component.js';
import type { ChatAdminAttach, ChatAdminDrop } from './chat-admin-attach.component.js';
import type { ChatAdminAttachments } from './pages/attachments/chat-admin-attachments.component.js';
import type { ChatAdminFiles } from './chat-admin-files.component.js';
import type { ChatAdminBroadcasts } from './pages/broadcasts/chat-admin-broadcasts.component.js';
import type { ChatAdminDeliveries } from './pages/deliveries/chat-admin-deliveries.component.js';
import type { ChatAdminRouting } from './pages/routing/chat-admin-routing.component.js';
import type { ChatAdminFaq } from './pages/faq/chat-admin-faq.component.js';
import type { ChatAdminReports } from './pages/reports/chat-admin-reports.component.js';
import type { ChatAdminStats } from './pages/stats/chat-admin-stats.component.js';
import type { ChatAdminWebhooks } from './pages/webhooks/chat-admin-webhooks.component.js';
import type { ChatAdminApiChannels } from './pages/api-channels/chat-admin-api-channels.component.js';
import type { ChatAdminSignIn } from './chat-admin-sign-in.component.js';
import type { ChatAdminSettings } from './pages/settings/chat-admin-settings.component.js';
import type { ChatAdminAccount } from './pages/account/chat-admin-account.component.js';
import type { ChatAdminTeam } from './pages/team/chat-admin-team.component.js';
import type { ChatAdminTokens } from './pages/tokens/chat-admin-tokens.component.js';
import type { ChatAdminSites } from './pages/sites/chat-admin-sites.component.js';
import type { ChatAdminTotp } from './pages/account/chat-admin-totp.component.js';
import { ADMIN_PAGES } from './pages.js';

export { ChatAdmin, ChatAdminInbox, ChatAdminList, ChatAdminThread };
// The other pages' classes are loaded the first time each is shown (pages.ts): as types here, so that importing
// this module does not bundle them.
export type {
  ChatAdminAttach,
  ChatAdminAttachments,
  ChatAdminComposer,
  ChatAdminBroadcasts,
  ChatAdminDeliveries,
  ChatAdminDrop,
  ChatAdminFaq,
  ChatAdminFiles,
  ChatAdminReports,
  ChatAdminRouting,
  ChatAdminStats,
  ChatAdminWebhooks,
  ChatAdminApiChannels,
  ChatAdminSignIn,
  ChatAdminSettings,
  ChatAdminAccount,
  ChatAdminTeam,
  ChatAdminTokens,
  ChatAdminSites,
  ChatAdminTotp,
};
export { AdminApiError, HttpAdminApi, type AdminApi } from './admin-api.js';
export type { SettingsPatch } from './pages/site/site-settings-api.js';
export type { AdminClient } from './admin-client.js';
export { chatAdminEvent, type ChatAdminEvent, type ChatAdminEventDetails } from './admin-events.js';
export { adminEn, type AdminStrings } from './admin-strings.js';
// Every feature's keys of AdminStrings, added from its folder: types only (the index is empty JavaScript).
import './strings-index.generated.js';
export type { AttachmentsStrings } from './pages/attachments/attachments-strings.js';
export type { FilesStrings } from './files-strings.js';
export type { ReportsStrings } from './pages/reports/reports-strings.js';
export type { RoutingStrings } from './pages/routing/routing-strings.js';
export type { SettingsStrings } from './settings-strings.js';
export type { AuthStrings } from './auth-strings.js';
export type { TeamStrings } from './team-strings.js';
// As types only: their code comes with the chunks that use them.
export type {
  AuthApi,
  AuthApiError,
  AuthSession,
  HttpAuthApi,
  InvitationInfo,
  LoginAnswer,
  MemberRole,
  SessionInfo,
  TotpSetup,
} from './auth-api.js';
export type { SettingsPage } from './pages/settings/settings-pages.js';
export type * from './admin-types.js';
export { ConversationController } from './conversation-controller.js';
export { InboxController, type InboxHost } from './inbox-controller.js';
export type { Dialog, InboxState, Notice } from './inbox-state.js';
export {
  Notifier,
  type NotifierEnvironment,
  type NotifyChannel,
  type NotifyKind,
  type NotifyPrefs,
} from './notifier.js';
export { ADMIN_PAGES, ADMIN_PARTS, SIGN_IN, definePage, type AdminPage } from './pages.js';

const elements: [string, CustomElementConstructor][] = [
  ['chat-admin-list', ChatAdminList],
  ['chat-admin-thread', ChatAdminThread],
  // The pages bundled with the shell; the others are registered when first shown (`definePage`).
  ...ADMIN_PAGES.flatMap(({ tag, element }): [string, CustomElementConstructor][] => (element ? [[tag, element]] : [])),
  ['chat-admin', ChatAdmin],
];
// A second copy of the bundle must not throw on a second define.
for (const [tag, element] of elements) if (!customElements.get(tag)) customElements.define(tag, element);

declare global {
  interface HTMLElementTagNameMap {
    'chat-admin': ChatAdmin;
    'chat-admin-attach': ChatAdminAttach;
    'chat-admin-attachments': ChatAdminAttachments;
    'chat-admin-broadcasts': ChatAdminBroadcasts;
    'chat-admin-composer': ChatAdminComposer;
    'chat-admin-deliveries': ChatAdminDeliveries;
    'chat-admin-drop': ChatAdminDrop;
    'chat-admin-files': ChatAdminFiles;
    'chat-admin-inbox': ChatAdminInbox;
    'chat-admin-list': ChatAdminList;
    'chat-admin-reports': ChatAdminReports;
    'chat-admin-routing': ChatAdminRouting;
    'chat-admin-sign-in': ChatAdminSignIn;
    'chat-admin-settings': ChatAdminSettings;
    'chat-admin-account': ChatAdminAccount;
    'chat-admin-team': ChatAdminTeam;
    'chat-admin-tokens': ChatAdminTokens;
    'chat-admin-sites': ChatAdminSites;
    'chat-admin-totp': ChatAdminTotp;
    'chat-admin-stats': ChatAdminStats;
    'chat-admin-thread': ChatAdminThread;
    'chat-admin-visitor': ChatAdminVisitor;
    'chat-admin-webhooks': ChatAdminWebhooks;
    'chat-admin-api-channels': ChatAdminApiChannels;
  }
}
