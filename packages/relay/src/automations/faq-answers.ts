import type { Message, QuickReply } from '@parley/protocol';
import type { AdminFor } from '../admin/public.js';
import type { OutboxInsert } from '../outbox/outbox.js';
import type { FaqEntryRecord } from './faq-store.js';
import { languageOf } from './automation-settings.js';
import { FaqIndex, type FaqMatch } from './faq-matcher.js';
import { rememberBounded } from '../core/bounded-set.js';
import type { AnswerTurn } from './answerers.js';

/*
 * FAQ answers (issue #17, ADR 0011): which visitor messages the bot answers from the site's FAQ entries, decided on
 * the hot path from memory. This file keeps one FaqIndex per site and the conversations the bot no longer answers
 * in; `faq-replies.ts` holds the outbox handlers that confirm against the store and write the bot's messages.
 */

/** The kinds of the FAQ's outbox jobs (handlers in faq-replies.ts). */
export const FAQ_KINDS = {
  /** An answer (one entry) or suggestions (up to three) to a visitor's message. */
  answer: 'automation.faq',
  /** A visitor said an answer helped. */
  helpful: 'automation.faq-helpful',
  /** A visitor asked for a person: the bot steps back. */
  handover: 'automation.handover',
  /** No entry answers, and the site has a help center: articles that may answer the message. */
  articles: 'automation.faq-articles',
} as const;

/** The ids of the FAQ's buttons: `faq-yes:<entry>`, `faq-no:<entry>`, `faq-show:<entry>`, `handover`. */
export const FAQ_BUTTONS = { yes: 'faq-yes:', no: 'faq-no:', show: 'faq-show:', handover: 'handover' } as const;

/** What an FAQ job carries. */
export interface FaqJob {
  readonly conversationId: string;
  /** The visitor's message that caused it: names the bot's reply (`bot-faq-<seq>`) and the event counted. */
  readonly seq: number;
  readonly locale?: string | undefined;
  /** The entry answered, found helpful, or answered just before the hand-over. */
  readonly entryId?: string | undefined;
  /** Suggestions: the entries offered, best first. */
  readonly suggestions?: readonly string[] | undefined;
  /** Articles: the visitor's message, searched in the help center by the handler. */
  readonly text?: string | undefined;
}

/** A site's entries as the relay holds them: the index, each entry by id, and the change they are as of. */
interface SiteFaq {
  readonly index: FaqIndex;
  readonly entries: ReadonlyMap<string, FaqEntryRecord>;
  readonly changedAt: number | undefined;
}

/** The effects of handing a conversation to a person besides the hand-over's own job (routing's assignment). */
type Handover = (siteId: string, conversationId: string) => readonly OutboxInsert[] | undefined;

/** Conversations remembered as no longer the bot's, the oldest forgotten first (handlers check the store too). */
const rememberedMax = 50_000;

/**
 * Visitor messages in a row the FAQ could not answer (suggestions or nothing) after which the bot stops matching in
 * the conversation: the visitor is chatting, not asking the FAQ, and a person will read it. A long conversation
 * then costs no match per message. Choosing an FAQ button starts the count again.
 */
export const FAQ_MAX_MISSES = 3;

/** Adds to one of the sets above, forgetting its oldest member past `rememberedMax`. */
const remember = (set: Set<string>, value: string): void => rememberBounded(set, value, rememberedMax);

/**
 * The FAQ's part of the automations: every site's entries in memory (a {@link FaqIndex} each, rebuilt when they
 * change: at once for changes made through this relay, within the refresh period for others'), and the decision
 * a visitor's message calls for. {@link effects} is on the message store's hot path: synchronous, from memory, a
 * match only where the bot is answering (no staff reply, no hand-over, FAQ answers on, entries present, fewer than
 * {@link FAQ_MAX_MISSES} messages in a row it could not answer).
 */
export class FaqAnswers {
  readonly #admin: AdminFor<'automations' | 'conversations' | 'faq'>;
  readonly #sites = new Map<string, SiteFaq>();
  /** Conversations a staff member replied in (seen on this relay). */
  readonly #staffReplied = new Set<string>();
  /** Conversations handed to a person (written on this relay). */
  readonly #handedOver = new Set<string>();
  /** Visitor messages in a row the FAQ did not answer, per conversation (see {@link FAQ_MAX_MISSES}). */
  readonly #misses = new Map<string, number>();
  /** Conversations whose suggestions wait for the visitor's choice: not offered again meanwhile. */
  readonly #suggested = new Set<string>();
  #refreshedAt = 0;
  /** Sites whose index is being rebuilt, and those changed again meanwhile (rebuilt once more, not once per change). */
  readonly #rebuilding = new Map<string, Promise<void>>();
  readonly #again = new Map<string, number | undefined>();

  /** Whether a site has published help-center articles, from memory (the message path must not wait). */
  readonly #hasArticles: (siteId: string) => boolean;

  constructor(
    admin: AdminFor<'automations' | 'conversations' | 'faq'>,
    hasArticles: (siteId: string) => boolean = () => false,
  ) {
    this.#admin = admin;
    this.#hasArticles = hasArticles;
  }

  /** Reads the entries of every site changed since the last look (every site with entries, the first time). */
  async refresh(): Promise<void> {
    // A little overlap, as for settings: a change committed while the last read ran is read again, not missed.
    const since = this.#refreshedAt === 0 ? 0 : this.#refreshedAt - 60_000;
    const startedAt = Date.now();
    for (const { siteId, changedAt } of await this.#admin.repos.faq.faqChangedSites(since)) {
      // The overlap reads recent changes again: an index already as of that change is not rebuilt.
      const held = this.#sites.get(siteId);
      if (held?.changedAt === undefined || held.changedAt < changedAt) await this.reload(siteId, changedAt);
    }
    this.#refreshedAt = startedAt;
  }

  /**
   * Reads a site's entries again and rebuilds its index (about 70 ms with 1,000 entries, in slices that let the event loop turn), as of the change at
   * `changedAt` (when known). Changes that come while a rebuild runs (an import of many entries) make one more
   * rebuild after it, not one each.
   */
  reload(siteId: string, changedAt?: number): Promise<void> {
    const running = this.#rebuilding.get(siteId);
    if (running) {
      this.#again.set(siteId, changedAt);
      return running;
    }
    const rebuild = (async () => {
      let asOf = changedAt;
      for (;;) {
        const entries = await this.#admin.repos.faq.listFaqEntries(siteId);
        if (entries.length === 0) this.#sites.delete(siteId);
        else
          this.#sites.set(siteId, {
            index: await FaqIndex.build(entries),
            entries: new Map(entries.map((entry) => [entry.id, entry])),
            changedAt: asOf,
          });
        if (!this.#again.has(siteId)) break;
        asOf = this.#again.get(siteId);
        this.#again.delete(siteId);
      }
    })().finally(() => {
      this.#rebuilding.delete(siteId);
      // A change that came as the last rebuild was ending.
      if (this.#again.has(siteId)) {
        const at = this.#again.get(siteId);
        this.#again.delete(siteId);
        void this.reload(siteId, at).catch(() => undefined);
      }
    });
    this.#rebuilding.set(siteId, rebuild);
    return rebuild;
  }

  /** A site's entry as held in memory. */
  entry(siteId: string, id: string): FaqEntryRecord | undefined {
    return this.#sites.get(siteId)?.entries.get(id);
  }

  /** The site's index, if it has entries (the admin API's "try a question"). */
  index(siteId: string): FaqIndex | undefined {
    return this.#sites.get(siteId)?.index;
  }

  /**
   * The FAQ jobs a newly stored message calls for (none, nearly always). A staff reply ends the bot's answers in
   * its conversation; a visitor's choice of an FAQ button counts or hands over; any other visitor message is
   * matched, where the bot is answering (with `faqOn`: the site's FAQ answers are on). `handover` gives what else a
   * hand-over writes (routing's assignment). `answerer`, when a feature answers visitors (`automations.answerers`),
   * answers a message no entry answers directly, in place of the suggestions or articles, which it is given as its
   * fallback. Never throws.
   */
  effects(
    message: Message,
    siteId: string,
    locale: string | undefined,
    handover: Handover | undefined,
    faqOn = true,
    answerer?: (turn: AnswerTurn) => readonly OutboxInsert[] | undefined,
  ): readonly OutboxInsert[] | undefined {
    const conversationId = message.conversationId;
    if (message.author.role === 'staff') {
      if (message.kind === 'text') remember(this.#staffReplied, conversationId);
      return undefined;
    }
    if (this.#staffReplied.has(conversationId) || this.#handedOver.has(conversationId)) return undefined;
    const key = `automation:${conversationId}`;
    const job = (kind: string, payload: FaqJob, dedupeKey: string): OutboxInsert => ({
      kind,
      siteId,
      key,
      dedupeKey,
      conversationId,
      payload,
    });
    const base = { conversationId, seq: message.seq, locale };
    const reply = message.reply;
    if (reply) {
      const { id } = reply;
      this.#misses.delete(conversationId);
      this.#suggested.delete(conversationId);
      if (id.startsWith(FAQ_BUTTONS.yes)) {
        const entryId = id.slice(FAQ_BUTTONS.yes.length);
        return [job(FAQ_KINDS.helpful, { ...base, seq: reply.seq, entryId }, `${conversationId}:helpful:${reply.seq}`)];
      }
      if (id === FAQ_BUTTONS.handover || id.startsWith(FAQ_BUTTONS.no)) {
        const entryId = id.startsWith(FAQ_BUTTONS.no) ? id.slice(FAQ_BUTTONS.no.length) : undefined;
        return this.handover(siteId, conversationId, { ...base, entryId }, handover);
      }
      if (id.startsWith(FAQ_BUTTONS.show)) {
        const entryId = id.slice(FAQ_BUTTONS.show.length);
        if (!this.entry(siteId, entryId)) return undefined;
        return [job(FAQ_KINDS.answer, { ...base, entryId }, `${conversationId}:faq:${message.seq}`)];
      }
      // A staff message's button: the visitor chose, a person reads it.
      return undefined;
    }
    // The bot has stepped back here: nothing more is asked, not even whether the site has articles (an answerer's
    // answers are not misses: it keeps answering).
    const misses = this.#misses.get(conversationId) ?? 0;
    const answering = faqOn && misses < FAQ_MAX_MISSES;
    if (!answering && !answerer) return undefined;
    const site = answering ? this.#sites.get(siteId) : undefined;
    const articles = answering && this.#hasArticles(siteId);
    if (!site && !articles && !answerer) return undefined;
    const match: FaqMatch = site ? this.#match(site.index, message.text, locale) : { suggestions: [] };
    if (match.answer) {
      this.#misses.delete(conversationId);
      this.#suggested.delete(conversationId);
      return [
        job(FAQ_KINDS.answer, { ...base, entryId: match.answer.entry.id }, `${conversationId}:faq:${message.seq}`),
      ];
    }
    // What the FAQ writes when no entry answers. Suggestions already offered wait for a choice: a visitor writing on
    // is not shown a list at every message. No entry related: the help center's articles may answer it (searched by
    // the handler, off this path; one list per conversation, so a greeting that finds none leaves the list to the
    // question after it).
    const fallback =
      answering && !this.#suggested.has(conversationId)
        ? this.#fallback(siteId, message, locale, match, articles)
        : undefined;
    const answered = answerer?.({
      message,
      siteId,
      locale,
      key,
      fallback,
      handover: () => this.handover(siteId, conversationId, base, handover),
    });
    if (answered) {
      this.#misses.delete(conversationId);
      return answered;
    }
    // Misses are the FAQ's own: where it does not match (off, stepped back, nothing to match against), none is counted.
    if (!answering || (!site && !articles)) return undefined;
    this.#misses.set(conversationId, misses + 1);
    if (this.#misses.size > rememberedMax) this.#misses.delete(this.#misses.keys().next().value!);
    if (fallback && match.suggestions.length > 0) remember(this.#suggested, conversationId);
    return fallback;
  }

  /**
   * What the FAQ writes for `message` when no entry answers it directly, as {@link effects} makes it: an answerer's
   * fallback, made again off the message path for the message its job answers at last (the latest of a burst that
   * folded into the job, whose own fallback was the first message's). Changes nothing; from memory; never throws.
   */
  fallbackFor(siteId: string, message: Message, locale: string | undefined): readonly OutboxInsert[] | undefined {
    const conversationId = message.conversationId;
    if (this.#suggested.has(conversationId) || (this.#misses.get(conversationId) ?? 0) >= FAQ_MAX_MISSES)
      return undefined;
    const site = this.#sites.get(siteId);
    const match: FaqMatch = site ? this.#match(site.index, message.text, locale) : { suggestions: [] };
    return this.#fallback(siteId, message, locale, match, this.#hasArticles(siteId));
  }

  /** The site's index matched against `text`, its cost counted in `/metrics`. */
  #match(index: FaqIndex, text: string, locale: string | undefined): FaqMatch {
    const started = process.hrtime.bigint();
    const match = index.match(text, languageOf(locale));
    // The match's cost per message, in `/metrics` (parley_faq_match_seconds_total over parley_faq_matches_total).
    const metrics = this.#admin.core.metrics;
    metrics.faqMatchNs += Number(process.hrtime.bigint() - started);
    metrics.faqMatches += 1;
    return match;
  }

  /** The suggestions of a match without a direct answer, else the help center's articles, else nothing. */
  #fallback(
    siteId: string,
    message: Message,
    locale: string | undefined,
    match: FaqMatch,
    articles: boolean,
  ): OutboxInsert[] | undefined {
    const { conversationId, seq } = message;
    const base = { conversationId, seq, locale };
    const job = (kind: string, payload: FaqJob): OutboxInsert => ({
      kind,
      siteId,
      key: `automation:${conversationId}`,
      dedupeKey: `${conversationId}:faq:${seq}`,
      conversationId,
      payload,
    });
    if (match.suggestions.length > 0)
      return [job(FAQ_KINDS.answer, { ...base, suggestions: match.suggestions.map((entry) => entry.id) })];
    if (articles) return [job(FAQ_KINDS.articles, { ...base, text: message.text.slice(0, 200) })];
    return undefined;
  }

  /**
   * Hands the conversation to a person: the hand-over's job (its mark, its message, its label; once per
   * conversation) and what else a hand-over writes (`handover`: routing's assignment). The bot stops answering here.
   * Never throws.
   */
  handover(siteId: string, conversationId: string, payload: FaqJob, handover: Handover | undefined): OutboxInsert[] {
    remember(this.#handedOver, conversationId);
    let more: readonly OutboxInsert[] | undefined;
    try {
      more = handover?.(siteId, conversationId);
    } catch {
      // Routing's effects are its own: a hand-over still hands over without them.
      more = undefined;
    }
    const job: OutboxInsert = {
      kind: FAQ_KINDS.handover,
      siteId,
      key: `automation:${conversationId}`,
      dedupeKey: `${conversationId}:handover`,
      conversationId,
      payload,
    };
    return [job, ...(more ?? [])];
  }
}

/** The FAQ buttons under an answer: it helped, or a person. */
export function answerButtons(entryId: string, yes: string, person: string): QuickReply[] {
  return [
    { label: yes, id: `${FAQ_BUTTONS.yes}${entryId}` },
    { label: person, id: `${FAQ_BUTTONS.no}${entryId}` },
  ];
}

/** The buttons of suggestions: one per entry (its question, shortened to a label), then a person. */
export function suggestionButtons(entries: readonly FaqEntryRecord[], person: string, maxLabel: number): QuickReply[] {
  return [
    ...entries.map((entry) => ({
      label: shorten(entry.question, maxLabel),
      id: `${FAQ_BUTTONS.show}${entry.id}`,
    })),
    { label: person, id: FAQ_BUTTONS.handover },
  ];
}

/** `text` within `max` UTF-16 code units, cut with an ellipsis, never inside a surrogate pair. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}
