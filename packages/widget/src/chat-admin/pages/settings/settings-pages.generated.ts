// Written by scripts/settings-pages.mjs from the folders of pages/ with a settings-page.ts: do not edit.
import type { SettingsPage } from './settings-entry.js';
import { settingsPage as account } from '../account/settings-page.js';
import { settingsPage as apiChannels } from '../api-channels/settings-page.js';
import { settingsPage as attachments } from '../attachments/settings-page.js';
import { settingsPage as attributes } from '../attributes/settings-page.js';
import { settingsPage as audit } from '../audit/settings-page.js';
import { settingsPage as automations } from '../automations/settings-page.js';
import { settingsPage as campaigns } from '../campaigns/settings-page.js';
import { settingsPage as deliveries } from '../deliveries/settings-page.js';
import { settingsPage as email } from '../email/settings-page.js';
import { settingsPage as faq } from '../faq/settings-page.js';
import { settingsPage as help } from '../help/settings-page.js';
import { settingsPage as notifications } from '../notifications/settings-page.js';
import { settingsPage as replies } from '../replies/settings-page.js';
import { settingsPage as roles } from '../roles/settings-page.js';
import { settingsPage as routing } from '../routing/settings-page.js';
import { settingsPage as rules } from '../rules/settings-page.js';
import { settingsPage as safety } from '../safety/settings-page.js';
import { settingsPage as site } from '../site/settings-page.js';
import { settingsPage as sites } from '../sites/settings-page.js';
import { settingsPage as sso } from '../sso/settings-page.js';
import { settingsPage as team } from '../team/settings-page.js';
import { settingsPage as tokens } from '../tokens/settings-page.js';
import { settingsPage as visibility } from '../visibility/settings-page.js';
import { settingsPage as webhooks } from '../webhooks/settings-page.js';

/** The sub-pages the folders declare, in the folders' order (settings-pages.ts sorts them). */
export const PAGES: readonly SettingsPage[] = [
  account,
  apiChannels,
  attachments,
  attributes,
  audit,
  automations,
  campaigns,
  deliveries,
  email,
  faq,
  help,
  notifications,
  replies,
  roles,
  routing,
  rules,
  safety,
  site,
  sites,
  sso,
  team,
  tokens,
  visibility,
  webhooks,
];
