import type { Message, WelcomeFrame } from '@parley/protocol';
import type { AdminFor } from '../admin/public.js';
import { rememberBounded } from '../core/bounded-set.js';
import type { ChatHooks, VisitorSeen } from '../core/hooks.js';
import type { OutboxInsert } from '../outbox/outbox.js';
import {
  DEFAULT_SETTINGS,
  DEFAULT_TEXTS,
  pickText,
  readSettings,
  type AutomationSettings,
} from './automation-settings.js';
import { botReplyHandlers, type BotJob } from './bot-replies.js';
import { hoursAt, type HoursState } from './business-hours.js';
import { FaqAnswers } from './faq-answers.js';
import { faqReplyHandlers, type ArticleAnswers } from './faq-replies.js';
import type { AnswerTurn } from './answerers.js';

/** The kinds of the outbox jobs automations write (one handler each, in bot-replies.ts). */
export const AUTOMATION_KINDS = {
  welcome: 'automation.welcome',
  away: 'automation.away',
  csat: 'automation.csat',
} as const;

/** Options for {@link Automations}. */
export interface AutomationsOptions {
  readonly admin: AdminFor<'automations' | 'conversations' | 'faq'>;
  /** The clock business hours are read on (tests inject one). Default `Date.now`. */
  readonly now?: () => number;
  /** How often settings saved through other relays are picked up (ms). Default 10 s. */
  readonly refreshMs?: number;
  /** Whether the relay sends email (the away reply promises an answer by email only then). Default: it does not. */
  readonly emailEnabled?: () => boolean;
  /**
   * The effects of handing a conversation to a person: routing's assignment job, when routing is attached. Called
   * synchronously when a visitor chooses "Talk to a person" (once per conversation); what it returns is written in
   * the transaction of the visitor's message, with the hand-over's own job. It must be cheap and never throw, like
   * {@link ChatHooks.messageEffects}.
   */
  readonly handover?: (siteId: string, conversationId: string) => readonly OutboxInsert[] | undefined;
  /**
   * The help center, when the relay has one: a site with published articles gets them offered by the FAQ bot when
   * no entry answers. `has` is asked on the message path (from memory, never waiting).
   */
  readonly articles?: ArticleAnswers & { has(siteId: string): boolean };
  /**
   * What features contribute to `automations.answerers`, each bound to the relay's features: asked, in order, for a
   * visitor's message the FAQ has no direct answer to (see `VisitorAnswerer`, answerers.ts).
   */
  readonly answerers?: ReadonlyArray<{
    /** Whether it answers on the site at all (from memory). */
    answers(siteId: string): boolean;
    answer(turn: AnswerTurn): readonly OutboxInsert[] | undefined;
  }>;
}

/** What the automations know of a visitor, from their hello (their language and zone; whether an email is known). */
interface VisitorFacts {
  readonly locale: string | undefined;
  readonly timezone: string | undefined;
  readonly email: boolean;
}

/** Visitors remembered for their next message, the oldest forgotten first. */
const visitorsMax = 50_000;
/** Away replies written, remembered so that a visitor's every message of a period does not write another job. */
const awayMax = 50_000;

/**
 * The automations feature (issue #17, phase 1): business hours, the welcome message, the away reply and the rating
 * request (CSAT), each sent by the site's named bot. It attaches to the core (`core.use(automations)`) and decides
 * on the hot path from memory only: a visitor's message that needs a bot reply gets an outbox job in the message's
 * own transaction ({@link messageEffects}), and resolving a conversation gets one in the resolution's
 * ({@link resolvedEffects}). The jobs' handlers (bot-replies.ts) store the bot's message under a client id derived
 * from the event, so a job delivered twice, or written twice by two relays, stores one message.
 */
export class Automations implements ChatHooks {
  readonly #admin: AdminFor<'automations' | 'conversations' | 'faq'>;
  readonly #now: () => number;
  readonly #refreshMs: number;
  readonly #settings = new Map<string, AutomationSettings>();
  /** Each site's business-hours state, good from `at` until its `until`. */
  readonly #hours = new Map<string, HoursState & { readonly at: number }>();
  readonly #visitors = new Map<string, VisitorFacts>();
  readonly #awayWritten = new Set<string>();
  #refreshTimer: NodeJS.Timeout | undefined;
  #refreshedAt = 0;
  /** Whether the relay sends email. */
  readonly emailEnabled: () => boolean;
  /** FAQ answers: the sites' entries in memory, and what a message calls for. */
  readonly faq: FaqAnswers;
  readonly #handover: AutomationsOptions['handover'];
  readonly #answerers: NonNullable<AutomationsOptions['answerers']>;

  constructor(options: AutomationsOptions) {
    this.#admin = options.admin;
    this.#now = options.now ?? Date.now;
    this.#refreshMs = options.refreshMs ?? 10_000;
    this.emailEnabled = options.emailEnabled ?? (() => false);
    this.#handover = options.handover;
    this.#answerers = options.answerers ?? [];
    const articles = options.articles;
    this.faq = new FaqAnswers(options.admin, articles ? (siteId) => articles.has(siteId) : undefined);
    for (const handler of botReplyHandlers(this, options.admin)) options.admin.outbox.register(handler);
    for (const handler of faqReplyHandlers(this, this.faq, options.admin, articles))
      options.admin.outbox.register(handler);
  }

  /** Reads every site's settings; then keeps them fresh. Call before the relay takes connections. */
  async start(): Promise<void> {
    await this.#refresh();
    this.#refreshTimer = setInterval(() => void this.#refresh().catch(() => undefined), this.#refreshMs);
    this.#refreshTimer.unref();
  }

  stop(): void {
    clearInterval(this.#refreshTimer);
  }

  /** The site's settings (the defaults, every automation off, when it saved none). */
  settings(siteId: string): AutomationSettings {
    return this.#settings.get(siteId) ?? DEFAULT_SETTINGS;
  }

  /** The site's business hours now: `undefined` when it keeps none. */
  hours(siteId: string): HoursState | undefined {
    const hours = this.settings(siteId).hours;
    if (!hours) return undefined;
    const now = this.#now();
    const cached = this.#hours.get(siteId);
    if (cached && cached.until !== undefined && cached.at <= now && now < cached.until) return cached;
    const state = { ...hoursAt(hours, now), at: now };
    this.#hours.set(siteId, state);
    return state;
  }

  /** The clock automations read. */
  now(): number {
    return this.#now();
  }

  async #refresh(): Promise<void> {
    // A little overlap: a save committed while the last read ran is read again, not missed.
    const since = this.#refreshedAt === 0 ? 0 : this.#refreshedAt - 60_000;
    const startedAt = Date.now();
    for (const record of await this.#admin.repos.automations.listAutomationSettings(since))
      this.#apply(record.siteId, record.settings);
    this.#refreshedAt = startedAt;
    await this.faq.refresh();
  }

  #apply(siteId: string, stored: unknown): void {
    this.#settings.set(siteId, readSettings(stored));
    this.#hours.delete(siteId);
  }

  // ---- hooks ------------------------------------------------------------------------------------------------

  /** {@link ChatHooks.siteSettingsChanged}: takes the site's automation settings just saved. */
  siteSettingsChanged(siteId: string, area: string, settings: unknown): void {
    if (area === 'automations') {
      const before = this.#wireHours(siteId);
      this.#apply(siteId, settings);
      const after = this.#wireHours(siteId);
      // Connected visitors see the change without a reload: "We're online" after the desk closed was stale.
      if (JSON.stringify(before) !== JSON.stringify(after))
        this.#admin.core.presence.announceHours(siteId, after ?? null);
    }
    // The FAQ's entries changed: its index is rebuilt from the store (other relays do it at their next refresh).
    if (area === 'faq') {
      const changedAt = (settings as { changedAt?: number } | undefined)?.changedAt;
      void this.faq.reload(siteId, changedAt).catch(() => undefined);
    }
  }

  /** {@link ChatHooks.visitorSeen}: remembers the visitor's language, time zone and whether an email is known. */
  visitorSeen(visitor: VisitorSeen): void {
    const previous = this.#visitors.get(visitor.conversationId);
    const facts: VisitorFacts = {
      locale: visitor.context?.locale ?? previous?.locale,
      timezone: visitor.context?.timezone ?? previous?.timezone,
      email:
        (visitor.email !== undefined && visitor.email.trim() !== '') ||
        visitor.profile.email !== undefined ||
        !!previous?.email,
    };
    this.#visitors.delete(visitor.conversationId);
    this.#visitors.set(visitor.conversationId, facts);
    if (this.#visitors.size > visitorsMax) this.#visitors.delete(this.#visitors.keys().next().value!);
  }

  /** The site's hours as `welcome.hours` says them; `undefined` when it keeps none. */
  #wireHours(siteId: string): { open: boolean; until?: number } | undefined {
    if (!this.#settings.has(siteId)) return undefined;
    const hours = this.hours(siteId);
    if (!hours) return undefined;
    return hours.until === undefined ? { open: hours.open } : { open: hours.open, until: hours.until };
  }

  /**
   * {@link ChatHooks.visitorWelcome}: the site's hours, its greeting in the visitor's language, and how long the
   * widget waits for a staff reply before it asks for the visitor's email (when the site set it).
   */
  visitorWelcome(
    siteId: string,
    locale: string | undefined,
  ): Pick<WelcomeFrame, 'hours' | 'greeting' | 'emailAskMs'> | undefined {
    const settings = this.#settings.get(siteId);
    if (!settings) return undefined;
    const extras: Pick<WelcomeFrame, 'hours' | 'greeting' | 'emailAskMs'> = {};
    if (settings.emailAskSeconds !== undefined) extras.emailAskMs = settings.emailAskSeconds * 1000;
    const hours = this.#wireHours(siteId);
    if (hours) extras.hours = hours;
    if (settings.welcome.enabled) {
      extras.greeting = {
        text: pickText(settings.welcome.texts, DEFAULT_TEXTS.welcome, locale),
        name: settings.botName,
      };
    }
    return extras;
  }

  /**
   * {@link ChatHooks.messageEffects}: a visitor's first message gets the welcome; a visitor's message out of hours
   * gets the away reply, once per conversation per away period (the period is named by its end, the next
   * opening); with FAQ answers on, a visitor's message where the bot is answering gets an answer or suggestions
   * when it matches, and a choice of an FAQ button its count or the hand-over (see {@link FaqAnswers.effects}); with
   * an answerer (`automations.answerers`; FAQ answers on or not), a message no entry answers directly gets its answer.
   * Jobs of one conversation share a key, so they go out in the order written.
   */
  messageEffects(message: Message, siteId: string): readonly OutboxInsert[] | undefined {
    if (message.author.role === 'staff') {
      // Staff replied: the bot no longer answers from the FAQ here.
      this.faq.effects(message, siteId, undefined, undefined);
      return undefined;
    }
    if (message.author.role !== 'visitor' || message.kind !== 'text') return undefined;
    const settings = this.#settings.get(siteId);
    // A site that saved no automation settings has no bot, but an answerer (the AI agent) may answer there.
    if (!settings) return message.rating === undefined ? this.#faqEffects(message, siteId, false) : undefined;
    let effects: OutboxInsert[] | undefined;
    const conversationId = message.conversationId;
    const facts = this.#visitors.get(conversationId);
    const key = `automation:${conversationId}`;
    if (message.seq === 1 && settings.welcome.enabled) {
      const payload: BotJob = { conversationId, locale: facts?.locale };
      (effects ??= []).push({
        kind: AUTOMATION_KINDS.welcome,
        siteId,
        key,
        dedupeKey: conversationId,
        conversationId,
        payload,
      });
    }
    if (settings.away.enabled && message.rating === undefined) {
      const hours = this.hours(siteId);
      if (hours && !hours.open) {
        const period = hours.until === undefined ? 'closed' : hours.until.toString(36);
        const dedupeKey = `${conversationId}:${period}`;
        if (!this.#awayWritten.has(dedupeKey)) {
          rememberBounded(this.#awayWritten, dedupeKey, awayMax);
          const payload: BotJob = {
            conversationId,
            locale: facts?.locale,
            timezone: facts?.timezone,
            email: facts?.email ?? false,
            period,
            until: hours.until,
          };
          (effects ??= []).push({ kind: AUTOMATION_KINDS.away, siteId, key, dedupeKey, conversationId, payload });
        }
      }
    }
    if (message.rating === undefined) {
      const faq = this.#faqEffects(message, siteId, settings.faq?.enabled ?? false);
      if (faq) (effects ??= []).push(...faq);
    }
    return effects;
  }

  /** The FAQ's and the answerers' jobs for a visitor's message (with `faqOn`, the FAQ's answers are on). */
  #faqEffects(message: Message, siteId: string, faqOn: boolean): readonly OutboxInsert[] | undefined {
    try {
      const answerer = this.#answererFor(siteId);
      if (!faqOn && !answerer) return undefined;
      const locale = this.#visitors.get(message.conversationId)?.locale;
      return this.faq.effects(message, siteId, locale, this.#handover, faqOn, answerer);
    } catch {
      // A hook never throws: a visitor's message is stored whatever the FAQ makes of it.
      return undefined;
    }
  }

  /**
   * The answerers on for the site, as one: the first that answers a turn wins, and one that throws is passed over (a
   * hook never throws). `undefined` where none is on: nearly every site, nearly always.
   */
  #answererFor(siteId: string): ((turn: AnswerTurn) => readonly OutboxInsert[] | undefined) | undefined {
    if (!this.#answerers.some((answerer) => answerer.answers(siteId))) return undefined;
    return (turn) => {
      for (const answerer of this.#answerers) {
        try {
          const jobs = answerer.answers(siteId) ? answerer.answer(turn) : undefined;
          if (jobs) return jobs;
        } catch {
          continue;
        }
      }
      return undefined;
    };
  }

  /**
   * Hands a conversation to a person off the message path (an answerer's job found the visitor wants one): the
   * jobs to write, as "Talk to a person" writes them (the hand-over's, routing's assignment). `seq` is the visitor's
   * message that led to it.
   */
  handoverEffects(siteId: string, conversationId: string, seq: number, locale: string | undefined): OutboxInsert[] {
    return this.faq.handover(siteId, conversationId, { conversationId, seq, locale }, this.#handover);
  }

  /** {@link ChatHooks.resolvedEffects}: the rating request, when the site asks for ratings. */
  resolvedEffects(siteId: string, conversationId: string): readonly OutboxInsert[] | undefined {
    const settings = this.#settings.get(siteId);
    if (!settings?.csat.enabled) return undefined;
    const payload: BotJob = { conversationId, locale: this.#visitors.get(conversationId)?.locale };
    return [{ kind: AUTOMATION_KINDS.csat, siteId, key: `automation:${conversationId}`, conversationId, payload }];
  }
}
