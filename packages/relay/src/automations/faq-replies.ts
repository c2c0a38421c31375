import { LIMITS, type QuickReply } from '@parley/protocol';
import type { AdminFor } from '../admin/public.js';
import type { OutboxHandler, OutboxJob } from '../outbox/outbox.js';
import type { FaqEntryRecord } from './faq-store.js';
import { DEFAULT_TEXTS, languageOf, pickText } from './automation-settings.js';
import { storeBotMessage, type SettingsSource } from './bot-replies.js';
import {
  FAQ_BUTTONS,
  FAQ_KINDS,
  answerButtons,
  suggestionButtons,
  type FaqAnswers,
  type FaqJob,
} from './faq-answers.js';

/** The help center as the FAQ bot asks it: articles that may answer a message, each with its portal address. */
export interface ArticleAnswers {
  answers(
    siteId: string,
    text: string,
    language: string,
  ): Promise<ReadonlyArray<{ readonly title: string; readonly url: string }>>;
}

/** The label a conversation handed to a person gets: the inbox's filter for "waiting for a person". */
export const HANDOVER_LABEL = 'handover';

/**
 * The handlers of the FAQ's outbox jobs. Each confirms against the store what the hot path decided from memory (a
 * staff reply or a hand-over may have happened meanwhile, on this relay or another), then stores the bot's message
 * under a client id named after its event — `bot-faq-<visitor seq>`, `bot-handover` — and counts the event once
 * (`answer-<seq>`, `helpful-<seq>`, `handover`): a job delivered twice stores one message and counts once.
 */
export function faqReplyHandlers(
  automations: SettingsSource,
  faq: FaqAnswers,
  admin: AdminFor<'automations' | 'conversations' | 'faq'>,
  articles?: ArticleAnswers,
): OutboxHandler<FaqJob>[] {
  const entryOf = async (siteId: string, id: string): Promise<FaqEntryRecord | undefined> =>
    faq.entry(siteId, id) ?? (await admin.repos.faq.getFaqEntry(siteId, id));
  const texts = (job: OutboxJob<FaqJob>, name: keyof typeof DEFAULT_TEXTS): string =>
    pickText({}, DEFAULT_TEXTS[name], job.payload.locale);
  return [
    {
      kind: FAQ_KINDS.answer,
      maxAttempts: 8,
      timeoutMs: 10_000,
      deliver: async (job) => {
        const { payload, siteId } = job;
        if (!automations.settings(siteId).faq?.enabled) return { status: 'skipped', detail: 'FAQ answers are off' };
        const state = await admin.repos.faq.faqConversationState(payload.conversationId);
        if (state.staffReplied) return { status: 'skipped', detail: 'staff replied' };
        if (state.handedOver) return { status: 'skipped', detail: 'handed over to a person' };
        const person = texts(job, 'faqPerson');
        let text: string;
        let buttons: QuickReply[];
        let automation: string;
        if (payload.entryId !== undefined) {
          const entry = await entryOf(siteId, payload.entryId);
          if (!entry) return { status: 'skipped', detail: 'the entry was deleted' };
          text = `${entry.answer}\n\n${texts(job, 'faqAsk')}`;
          buttons = answerButtons(entry.id, texts(job, 'faqYes'), person);
          automation = 'faq';
        } else {
          const entries: FaqEntryRecord[] = [];
          for (const id of payload.suggestions ?? []) {
            const entry = await entryOf(siteId, id);
            if (entry) entries.push(entry);
          }
          if (entries.length === 0) return { status: 'skipped', detail: 'the entries were deleted' };
          text = texts(job, 'faqSuggest');
          buttons = suggestionButtons(entries.slice(0, LIMITS.maxButtons - 1), person, LIMITS.maxButtonLabel);
          automation = 'faq-suggest';
        }
        const { outcome, message } = await storeBotMessage(automations, admin, job.siteId, payload.conversationId, {
          text,
          clientId: `bot-faq-${payload.seq}`,
          automation,
          buttons,
        });
        // Counted once the answer is stored (now, or by an attempt that died before counting).
        if (payload.entryId !== undefined && message) {
          await admin.repos.faq.recordFaqEvent(
            {
              siteId,
              conversationId: payload.conversationId,
              event: `answer-${payload.seq}`,
              entryId: payload.entryId,
              count: 'answered',
            },
            Date.now(),
          );
        }
        return outcome;
      },
    },
    {
      // Articles that may answer a message no entry answers: one list per conversation (its client id is the
      // conversation's), stored only when the search finds some.
      kind: FAQ_KINDS.articles,
      maxAttempts: 8,
      timeoutMs: 10_000,
      deliver: async (job) => {
        const { payload, siteId } = job;
        if (!automations.settings(siteId).faq?.enabled) return { status: 'skipped', detail: 'FAQ answers are off' };
        if (!articles) return { status: 'skipped', detail: 'no help center' };
        const state = await admin.repos.faq.faqConversationState(payload.conversationId);
        if (state.staffReplied) return { status: 'skipped', detail: 'staff replied' };
        if (state.handedOver) return { status: 'skipped', detail: 'handed over to a person' };
        const found = await articles.answers(siteId, payload.text ?? '', languageOf(payload.locale));
        if (found.length === 0) return { status: 'skipped', detail: 'no article answers it' };
        const { outcome } = await storeBotMessage(automations, admin, siteId, payload.conversationId, {
          text: [texts(job, 'faqArticles'), ...found.map((article) => `• ${article.title}: ${article.url}`)].join('\n'),
          clientId: 'bot-faq-articles',
          automation: 'faq-articles',
          buttons: [{ label: texts(job, 'faqPerson'), id: FAQ_BUTTONS.handover }],
        });
        return outcome;
      },
    },
    {
      kind: FAQ_KINDS.helpful,
      maxAttempts: 8,
      timeoutMs: 10_000,
      deliver: async (job) => {
        const { payload, siteId } = job;
        const counted = await admin.repos.faq.recordFaqEvent(
          {
            siteId,
            conversationId: payload.conversationId,
            event: `helpful-${payload.seq}`,
            entryId: payload.entryId,
            count: 'helpful',
          },
          Date.now(),
        );
        return counted
          ? { status: 'delivered', detail: `helpful: ${payload.entryId ?? ''}` }
          : { status: 'skipped', detail: 'already counted' };
      },
    },
    {
      kind: FAQ_KINDS.handover,
      maxAttempts: 8,
      timeoutMs: 10_000,
      deliver: async (job) => {
        const { payload, siteId } = job;
        const conversationId = payload.conversationId;
        // First the mark every relay reads (the bot stops answering), then the message, then the inbox's label.
        await admin.repos.faq.recordFaqEvent(
          {
            siteId,
            conversationId,
            event: 'handover',
            entryId: payload.entryId,
            count: payload.entryId === undefined ? undefined : 'escalated',
          },
          Date.now(),
        );
        const { outcome } = await storeBotMessage(automations, admin, siteId, conversationId, {
          text: texts(job, 'handover'),
          clientId: 'bot-handover',
          automation: 'handover',
        });
        const record = await admin.repos.conversations.getConversation(siteId, conversationId);
        if (record && (!record.labels.includes(HANDOVER_LABEL) || record.status !== 'open')) {
          const labels = [...record.labels.filter((label) => label !== HANDOVER_LABEL), HANDOVER_LABEL].slice(-20);
          const patch = { labels, status: 'open' as const };
          // Written by the desk's one writer, with every feature's side effects, as a change made in the inbox.
          await admin.conversations.update({
            siteId,
            before: record,
            patch,
            cause: { kind: 'feature', feature: 'faq', reason: 'handover' },
            at: Date.now(),
          });
        }
        return outcome;
      },
    },
  ];
}
