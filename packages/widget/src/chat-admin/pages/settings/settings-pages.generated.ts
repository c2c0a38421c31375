// Written by scripts/contributions.mjs from the folders' settings-page.ts: do not edit.
import type { SettingsPage } from './settings-entry.js';
import { settingsPage as accountSettingsPage } from '../account/settings-page.js';
import { settingsPage as aiSettingsPage } from '../ai/settings-page.js';
import { settingsPage as apiChannelsSettingsPage } from '../api-channels/settings-page.js';
import { settingsPage as attachmentsSettingsPage } from '../attachments/settings-page.js';
import { settingsPage as attributesSettingsPage } from '../attributes/settings-page.js';
import { settingsPage as auditSettingsPage } from '../audit/settings-page.js';
import { settingsPage as automationsSettingsPage } from '../automations/settings-page.js';
import { settingsPage as campaignsSettingsPage } from '../campaigns/settings-page.js';
import { settingsPage as deliveriesSettingsPage } from '../deliveries/settings-page.js';
import { settingsPage as emailSettingsPage } from '../email/settings-page.js';
import { settingsPage as faqSettingsPage } from '../faq/settings-page.js';
import { settingsPage as helpSettingsPage } from '../help/settings-page.js';
import { settingsPage as mailboxesSettingsPage } from '../mailboxes/settings-page.js';
import { settingsPage as messagingChannelsSettingsPage } from '../messaging-channels/settings-page.js';
import { settingsPage as notificationsSettingsPage } from '../notifications/settings-page.js';
import { settingsPage as prechatFormSettingsPage } from '../prechat-form/settings-page.js';
import { settingsPage as repliesSettingsPage } from '../replies/settings-page.js';
import { settingsPage as rolesSettingsPage } from '../roles/settings-page.js';
import { settingsPage as routingSettingsPage } from '../routing/settings-page.js';
import { settingsPage as rulesSettingsPage } from '../rules/settings-page.js';
import { settingsPage as safetySettingsPage } from '../safety/settings-page.js';
import { settingsPage as siteSettingsPage } from '../site/settings-page.js';
import { settingsPage as sitesSettingsPage } from '../sites/settings-page.js';
import { settingsPage as slaSettingsPage } from '../sla/settings-page.js';
import { settingsPage as ssoSettingsPage } from '../sso/settings-page.js';
import { settingsPage as teamSettingsPage } from '../team/settings-page.js';
import { settingsPage as tokensSettingsPage } from '../tokens/settings-page.js';
import { settingsPage as visibilitySettingsPage } from '../visibility/settings-page.js';
import { settingsPage as webhooksSettingsPage } from '../webhooks/settings-page.js';
import { settingsPage as widgetStringsSettingsPage } from '../widget-strings/settings-page.js';

/** The settings pages the folders declare, in the folders' order (their list orders them by rank). */
export const CONTRIBUTED: readonly SettingsPage[] = [
  accountSettingsPage,
  aiSettingsPage,
  apiChannelsSettingsPage,
  attachmentsSettingsPage,
  attributesSettingsPage,
  auditSettingsPage,
  automationsSettingsPage,
  campaignsSettingsPage,
  deliveriesSettingsPage,
  emailSettingsPage,
  faqSettingsPage,
  helpSettingsPage,
  mailboxesSettingsPage,
  messagingChannelsSettingsPage,
  notificationsSettingsPage,
  prechatFormSettingsPage,
  repliesSettingsPage,
  rolesSettingsPage,
  routingSettingsPage,
  rulesSettingsPage,
  safetySettingsPage,
  siteSettingsPage,
  sitesSettingsPage,
  slaSettingsPage,
  ssoSettingsPage,
  teamSettingsPage,
  tokensSettingsPage,
  visibilitySettingsPage,
  webhooksSettingsPage,
  widgetStringsSettingsPage,
];
