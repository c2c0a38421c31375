/**
 * What other features may import of the automations (docs/architecture.md, "Boundaries"): the point a feature
 * answers visitors through and the types it takes, and what a bot's reply is made with (its store, its texts, its
 * buttons). Everything else in this folder is the automations' own.
 */
export { visitorAnswerers } from './answerers.js';
export type { AnswerTurn, VisitorAnswerer } from './answerers.js';
export { BOT_AUTHOR_ID, storeBotMessage } from './bot-replies.js';
export type { BotMessage, SettingsSource } from './bot-replies.js';
export { DEFAULT_TEXTS, languageOf, pickText } from './automation-settings.js';
export { FAQ_BUTTONS } from './faq-answers.js';
export { hoursAt } from './business-hours.js';
export type { BusinessHours } from './business-hours.js';
