// Written by scripts/locales-index.mjs from every locales/en.ts of src/chat-admin/: do not edit. A translator
// adds or edits those files only; the build and the tests' runner write this one.
import type { AdminStrings } from '../admin-strings.js';
import * as m0 from '../ai/classify/locales/en.js';
import * as m1 from '../ai/locales/en.js';
import * as m2 from '../bulk/locales/en.js';
import * as m3 from '../contact/locales/en.js';
import * as m4 from '../email-original/locales/en.js';
import * as m5 from '../email-start/locales/en.js';
import * as m6 from '../export/locales/en.js';
import * as m7 from '../first-run/locales/en.js';
import * as m8 from '../locales/en.js';
import * as m9 from '../long-text/locales/en.js';
import * as m10 from '../merge/locales/en.js';
import * as m11 from '../message-actions/locales/en.js';
import * as m12 from '../moderation/locales/en.js';
import * as m13 from '../offline/locales/en.js';
import * as m14 from '../pages/ai/locales/en.js';
import * as m15 from '../pages/api-channels/locales/en.js';
import * as m16 from '../pages/attachments/locales/en.js';
import * as m17 from '../pages/attributes/locales/en.js';
import * as m18 from '../pages/automations/locales/en.js';
import * as m19 from '../pages/broadcasts/locales/en.js';
import * as m20 from '../pages/companies/locales/en.js';
import * as m21 from '../pages/deliveries/locales/en.js';
import * as m22 from '../pages/email/locales/en.js';
import * as m23 from '../pages/mailboxes/locales/en.js';
import * as m24 from '../pages/messaging-channels/locales/en.js';
import * as m25 from '../pages/notifications/locales/en.js';
import * as m26 from '../pages/prechat-form/locales/en.js';
import * as m27 from '../pages/reports/locales/en.js';
import * as m28 from '../pages/roles/locales/en.js';
import * as m29 from '../pages/routing/locales/en.js';
import * as m30 from '../pages/safety/locales/en.js';
import * as m31 from '../pages/sla/locales/en.js';
import * as m32 from '../pages/sso/locales/en.js';
import * as m33 from '../pages/stats/locales/en.js';
import * as m34 from '../pages/visibility/locales/en.js';
import * as m35 from '../pages/webhooks/locales/en.js';
import * as m36 from '../pages/widget-strings/locales/en.js';
import * as m37 from '../phone/locales/en.js';
import * as m38 from '../reply-delivery/locales/en.js';
import * as m39 from '../rules/locales/en.js';
import * as m40 from '../scheduled/locales/en.js';
import * as m41 from '../sla/locales/en.js';
import * as m42 from '../snooze/locales/en.js';
import * as m43 from '../sso/locales/en.js';
import * as m44 from '../views/locales/en.js';
const { shell: shell8, ...f8 } = m8;

/** The inbox's strings in en: the shell's and those of every folder with a locales/en.ts. */
export const strings: AdminStrings = {
  ...m0,
  ...m1,
  ...m2,
  ...m3,
  ...m4,
  ...m5,
  ...m6,
  ...m7,
  ...shell8,
  ...f8,
  ...m9,
  ...m10,
  ...m11,
  ...m12,
  ...m13,
  ...m14,
  ...m15,
  ...m16,
  ...m17,
  ...m18,
  ...m19,
  ...m20,
  ...m21,
  ...m22,
  ...m23,
  ...m24,
  ...m25,
  ...m26,
  ...m27,
  ...m28,
  ...m29,
  ...m30,
  ...m31,
  ...m32,
  ...m33,
  ...m34,
  ...m35,
  ...m36,
  ...m37,
  ...m38,
  ...m39,
  ...m40,
  ...m41,
  ...m42,
  ...m43,
  ...m44,
};
/** The folders with a file of this language (src/chat-admin/ is `.`), for the completeness report. */
export const folders: readonly string[] = [
  'ai/classify',
  'ai',
  'bulk',
  'contact',
  'email-original',
  'email-start',
  'export',
  'first-run',
  '.',
  'long-text',
  'merge',
  'message-actions',
  'moderation',
  'offline',
  'pages/ai',
  'pages/api-channels',
  'pages/attachments',
  'pages/attributes',
  'pages/automations',
  'pages/broadcasts',
  'pages/companies',
  'pages/deliveries',
  'pages/email',
  'pages/mailboxes',
  'pages/messaging-channels',
  'pages/notifications',
  'pages/prechat-form',
  'pages/reports',
  'pages/roles',
  'pages/routing',
  'pages/safety',
  'pages/sla',
  'pages/sso',
  'pages/stats',
  'pages/visibility',
  'pages/webhooks',
  'pages/widget-strings',
  'phone',
  'reply-delivery',
  'rules',
  'scheduled',
  'sla',
  'snooze',
  'sso',
  'views',
];
/** Strings its files declare the same as English on purpose (names, codes, words both languages use). */
export const sameAsEnglish: readonly string[] = [];
/** Whether the language is declared complete (`export const complete = true` in its shell file): tested strictly. */
export const complete = true;
