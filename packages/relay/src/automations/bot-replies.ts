import type { Message } from '@parley/protocol';
import type { AdminFor } from '../admin/public.js';
import type { DeliveryOutcome, OutboxHandler, OutboxJob } from '../outbox/outbox.js';
import { DEFAULT_TEXTS, fillTime, pickText, type AutomationSettings } from './automation-settings.js';

/** Where the handlers read a site's settings (the automations feature's cache), and whether email is sent. */
export interface SettingsSource {
  settings(siteId: string): AutomationSettings;
  emailEnabled(): boolean;
  /** The clock automations read ("back today …" is worded at the time the reply is written). */
  now(): number;
}

/** What an automation's outbox job carries: the conversation, and what was known of the visitor when written. */
export interface BotJob {
  readonly conversationId: string;
  readonly locale?: string | undefined;
  readonly timezone?: string | undefined;
  /** Away: the visitor's email was known (the reply says the answer comes by email). */
  readonly email?: boolean;
  /** Away: the period's name (its end, base 36), in the message's client id: one reply per period. */
  readonly period?: string;
  /** Away: the next opening (ms), or none ahead. */
  readonly until?: number | undefined;
}

/** The bot's message a job stores, or why it stores none. */
type Reply = BotMessage | { readonly skip: string };

/** The bot's author id: one per site, the same for every automation (the name is the site's setting). */
export const BOT_AUTHOR_ID = 'bot';

/**
 * The handlers of the automations' outbox jobs. Each stores the bot's message through the message store and fans it
 * out like any other message. The client id comes from the event (the conversation's welcome, the away period, the
 * rating request's job), and the store keeps one message per client id and conversation: a job delivered again
 * after a relay died mid-way, or the same event written by two relays, stores and shows one message.
 */
export function botReplyHandlers(
  automations: SettingsSource,
  admin: AdminFor<'automations' | 'conversations' | 'faq'>,
): OutboxHandler<BotJob>[] {
  const handler = (kind: string, reply: (job: OutboxJob<BotJob>) => Promise<Reply>): OutboxHandler<BotJob> => ({
    kind,
    maxAttempts: 8,
    timeoutMs: 10_000,
    deliver: async (job) => {
      const outcome = await reply(job);
      if ('skip' in outcome) return { status: 'skipped', detail: outcome.skip };
      return storeReply(automations, admin, job, outcome);
    },
  });
  return [
    handler('automation.welcome', async (job) => {
      const settings = automations.settings(job.siteId);
      if (!settings.welcome.enabled) return { skip: 'the welcome message was turned off' };
      const text = pickText(settings.welcome.texts, DEFAULT_TEXTS.welcome, job.payload.locale);
      return { text, clientId: 'bot-welcome', automation: 'welcome' };
    }),
    handler('automation.away', async (job) => {
      const settings = automations.settings(job.siteId);
      if (!settings.away.enabled || !settings.hours) return { skip: 'the away reply was turned off' };
      const { payload } = job;
      // What the visitor's hello said, or what the contact holds (an email given on another device); a relay that
      // sends no email promises none.
      let email = automations.emailEnabled() && payload.email === true;
      if (!email && automations.emailEnabled()) {
        await admin.flushContacts();
        email =
          (await admin.repos.conversations.getConversation(job.siteId, payload.conversationId))?.visitor.emailEnc !==
          undefined;
      }
      const template = email
        ? pickText(settings.away.emailTexts, DEFAULT_TEXTS.awayEmail, payload.locale)
        : pickText(settings.away.texts, DEFAULT_TEXTS.away, payload.locale);
      const text = fillTime(template, payload.until, payload, settings.hours.timezone, automations.now());
      return { text, clientId: `bot-away-${payload.period ?? 'closed'}`, automation: 'away' };
    }),
    handler('automation.csat', async (job) => {
      const settings = automations.settings(job.siteId);
      if (!settings.csat.enabled) return { skip: 'ratings were turned off' };
      const text = pickText(settings.csat.texts, DEFAULT_TEXTS.csat, job.payload.locale);
      // One request per resolution: the job is written once per resolution (see `resolvedEffects`).
      return { text, clientId: `bot-csat-${job.id}`.slice(0, 64), automation: 'csat' };
    }),
  ];
}

async function storeReply(
  automations: SettingsSource,
  admin: AdminFor<'automations' | 'conversations' | 'faq'>,
  job: OutboxJob<BotJob>,
  reply: BotMessage,
): Promise<DeliveryOutcome> {
  return (await storeBotMessage(automations, admin, job.siteId, job.payload.conversationId, reply)).outcome;
}

/** A bot's message to store: its text, its client id (named after its event), the automation, its buttons. */
export interface BotMessage {
  readonly text: string;
  readonly clientId: string;
  readonly automation: string;
  readonly buttons?: Message['buttons'];
  /** The articles an answer drew on, as links under it (the AI agent's). */
  readonly sources?: Message['sources'];
  /** The name it is written under, when not the site's bot name (the AI agent's own). */
  readonly name?: string;
}

/**
 * Stores the bot's message in the conversation and fans it out; a message already stored under its client id is
 * published again (the relay that stored it may have died before publishing it) and reported "already sent".
 * Resolves with the outcome, and the message when the conversation holds it (stored now or before).
 */
export async function storeBotMessage(
  automations: SettingsSource,
  admin: AdminFor<'automations' | 'conversations' | 'faq'>,
  siteId: string,
  conversationId: string,
  reply: BotMessage,
): Promise<{ readonly outcome: DeliveryOutcome; readonly message?: Message }> {
  const { core } = admin;
  const conversation = await core.store.getConversation(conversationId);
  if (!conversation || conversation.siteId !== siteId)
    return { outcome: { status: 'skipped', detail: 'no such conversation' } };
  const name = reply.name ?? automations.settings(siteId).botName;
  const { message, duplicate } = await core.store.append({
    siteId,
    conversationId: conversation.id,
    visitorId: conversation.visitorId,
    clientId: reply.clientId,
    author: { role: 'bot', id: BOT_AUTHOR_ID, name },
    text: reply.text,
    kind: 'text',
    extra: {
      automation: reply.automation,
      ...(reply.buttons ? { buttons: reply.buttons } : {}),
      ...(reply.sources?.length ? { sources: reply.sources } : {}),
    },
  });
  core.publishMessage(message, siteId, duplicate);
  if (duplicate) return { outcome: { status: 'skipped', detail: `already sent (seq ${message.seq})` }, message };
  core.metrics.messagesStored += 1;
  return { outcome: { status: 'delivered', detail: describe(message) }, message };
}

function describe(message: Message): string {
  return `seq ${message.seq}`;
}
