import { randomUUID } from 'node:crypto';
import type { Message } from '@parley/protocol';
import {
  MAX_AI_TEXT,
  type AiDraft,
  type AiDraftInput,
  type AiRewrite,
  type AiRewriteInput,
  type AiSource,
  type AiSummary,
  type AiTranslate,
  type AiTranslateInput,
} from '@parley/protocol/admin';
import { ApiError } from '../http/admin-http.js';
import { audit, visibleOr404, type Call } from '../features/admin-routes/admin-route.js';
import type { ConversationRecord } from '../store/admin-store.js';
import type { ChatCore } from '../core/chat-core.js';
import type { AdminServices } from '../admin/public.js';
import { TimeSlice } from '../time-slice.js';
import type { Ai } from './ai.js';
import { PromptPrivacy } from './ai-privacy.js';
import { draftPrompt, rewritePrompt, summaryPrompt, translatePrompt } from './ai-prompts.js';

/** Messages of the conversation a draft reads (the latest). */
const DRAFT_MESSAGES = 20;
/** Messages a summary reads (the latest), notes included. */
export const SUMMARY_MESSAGES = 50;
/** Messages searched for the ids a translation names (the latest), a page at a time. */
const TRANSLATE_SEARCH = 1000;
/** What of an article or saved reply goes into a draft's prompt (characters). */
const ARTICLE_CHARS = 1500;
const SAVED_REPLY_CHARS = 300;
const SAVED_REPLIES = 5;
/** The longest message of a transcript in a prompt (characters): a pasted log is not the conversation. */
const MESSAGE_CHARS = 2000;

/**
 * One slice for every tool's work on the event loop: a flood of drafts, whose reads resolve together, would otherwise
 * build their prompts one after another in one turn of the loop (150–250 ms for 50), however little each takes.
 */
const slice = new TimeSlice();

/** Lets the loop turn when the tools' slice is used up (the AI agent's jobs share it). */
export const passSlice = (): Promise<void> => slice.pass();

/**
 * Prompts made at once. The slice's turns alone are not enough: every tool waiting on `setImmediate` resumes in the
 * same check phase of the loop, so 50 drafts would still run a step each between two polls of the sockets. Past this
 * many, a tool waits its turn, and the next starts a turn of the loop after the last ends. Only the making of the
 * prompt waits here, never the provider's answer.
 */
const MAX_PLANNING = 2;
let planning = 0;
const waiting: Array<() => void> = [];

/** Runs `work`, the making of a prompt, in turn with the other tools' and the AI agent's (see {@link MAX_PLANNING}). */
export async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  // A waiter is handed the slot of the tool that ends: no newcomer takes it in between.
  if (planning >= MAX_PLANNING) await new Promise<void>((resolve) => waiting.push(resolve));
  else planning += 1;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) setImmediate(next);
    else planning -= 1;
  }
}

/** A language tag of the visitor's browser (`de-DE`), or English. */
function visitorLanguage(conversation: ConversationRecord): string {
  const locale = conversation.visitor.context?.locale;
  return locale && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/.test(locale) ? locale : 'en';
}

/** The privacy of a prompt about `conversation`: the site's redaction, the contact's name and email as placeholders. */
function privacyFor(call: Call, conversation: ConversationRecord | undefined): PromptPrivacy {
  return conversationPrivacy(call.core, call.admin.cipher, call.site.id, conversation);
}

/** {@link privacyFor} outside a call (the AI agent's jobs): the site's redaction, the contact's name and email hidden. */
export function conversationPrivacy(
  core: Pick<ChatCore, 'redactAside'>,
  cipher: Pick<AdminServices['cipher'], 'decrypt'>,
  siteId: string,
  conversation: Pick<ConversationRecord, 'visitor'> | undefined,
): PromptPrivacy {
  const redact = (text: string) => core.redactAside(siteId, text);
  if (!conversation) return new PromptPrivacy(redact);
  const { name, emailEnc } = conversation.visitor;
  return new PromptPrivacy(redact, {
    name,
    email: emailEnc === undefined ? undefined : cipher.decrypt(emailEnc),
  });
}

/** The conversation's messages as a transcript for a prompt, oldest first, each passed through `privacy`. */
export function transcript(messages: readonly Message[], privacy: PromptPrivacy): string {
  return messages
    .filter((message) => message.text.trim() !== '')
    .map((message) => {
      const who =
        message.kind === 'note'
          ? 'Private note'
          : message.author.role === 'visitor'
            ? 'Visitor'
            : message.author.role === 'bot'
              ? 'Bot'
              : 'Agent';
      return `${who}: ${privacy.hide(message.text.slice(0, MESSAGE_CHARS)).replace(/\s*\n\s*/g, ' ')}`;
    })
    .join('\n');
}

async function latest(call: Call, conversation: ConversationRecord, count: number, notes: boolean): Promise<Message[]> {
  return call.core.store.messagesBefore(conversation.id, conversation.lastSeq + 1, count, { includeNotes: notes });
}

/** What a draft is drafted from: the articles and FAQ entries the visitor's last messages find, and their sources. */
async function knowledge(
  call: Call,
  query: string,
  language: string,
  privacy: PromptPrivacy,
): Promise<{ readonly text: string; readonly sources: AiSource[] }> {
  const parts: string[] = [];
  const sources: AiSource[] = [];
  const help = call.use('help-center');
  await slice.pass();
  if (help && query.trim() !== '') {
    const base = language.split('-')[0]!.toLowerCase();
    for (const locale of base === 'en' ? ['en'] : [base, 'en']) {
      const found = await help.search(call.site.id, { query, locale, limit: 3 });
      if (found.items.length === 0) continue;
      const portal = help.portalBase(call.site, call.baseUrl);
      for (const listed of found.items) {
        // A search lists articles without their bodies.
        const article = (await help.repository.getArticle(call.site.id, listed.id)) ?? listed;
        await slice.pass();
        sources.push({
          kind: 'article',
          title: article.title,
          url: `${portal}/${encodeURIComponent(article.locale)}/${encodeURIComponent(article.slug)}`,
        });
        parts.push(`Article “${article.title}”:\n${privacy.hide(article.body.slice(0, ARTICLE_CHARS))}`);
      }
      break;
    }
  }
  const faq = call.use('automations')?.faq;
  await slice.pass();
  const match = faq?.index(call.site.id)?.match(query);
  if (faq && match) {
    const entries = match.answer ? [match.answer.entry] : match.suggestions.slice(0, 3);
    for (const found of entries) {
      const entry = faq.entry(call.site.id, found.id);
      if (!entry) continue;
      sources.push({ kind: 'faq', title: entry.question, url: null });
      parts.push(`FAQ “${entry.question}”:\n${privacy.hide(entry.answer.slice(0, ARTICLE_CHARS))}`);
    }
  }
  return { text: parts.join('\n\n'), sources };
}

/** The prompt and sources of a draft, and how to restore its answer. */
export interface DraftPlan {
  readonly system: string;
  readonly user: string;
  readonly sources: AiSource[];
  readonly privacy: PromptPrivacy;
}

/** Reads what a draft of `conversation` is made from: its last messages, the help center and FAQ, saved replies. */
export function planDraft(call: Call, conversation: ConversationRecord, input: AiDraftInput): Promise<DraftPlan> {
  return inTurn(() => makeDraftPlan(call, conversation, input));
}

async function makeDraftPlan(call: Call, conversation: ConversationRecord, input: AiDraftInput): Promise<DraftPlan> {
  const privacy = privacyFor(call, conversation);
  const language = visitorLanguage(conversation);
  const messages = await latest(call, conversation, DRAFT_MESSAGES, false);
  const visitorSaid = messages
    .filter((message) => message.author.role === 'visitor')
    .slice(-3)
    .map((message) => message.text)
    .join(' ')
    .slice(0, 200);
  await slice.pass();
  const found = await knowledge(call, visitorSaid, language, privacy);
  await slice.pass();
  const saved = (await call.admin.repos.canned.listCanned(call.site.id))
    .slice(0, SAVED_REPLIES)
    .map((reply) => `- ${privacy.hide(reply.text.slice(0, SAVED_REPLY_CHARS))}`);
  await slice.pass();
  const user = [
    found.text ? `Help center and FAQ:\n${found.text}` : 'Help center and FAQ: nothing found for this question.',
    saved.length > 0 ? `Saved replies (for their tone):\n${saved.join('\n')}` : '',
    `Conversation, oldest first:\n${transcript(messages, privacy)}`,
    input.instruction ? `The agent asks: ${privacy.hide(input.instruction)}` : '',
    'Write the reply.',
  ]
    .filter(Boolean)
    .join('\n\n');
  return { system: draftPrompt(call.site.name, language), user, sources: found.sources, privacy };
}

/** Drafts a reply, streaming its text through `onText` (restored) as it comes. */
export async function draft(
  call: Call,
  ai: Ai,
  plan: DraftPlan,
  onText?: (text: string) => void,
  signal?: AbortSignal,
): Promise<AiDraft> {
  const restorer = plan.privacy.restorer();
  await slice.pass();
  const answer = await ai.complete(call.site.id, {
    feature: 'draft',
    system: plan.system,
    messages: [{ role: 'user', content: plan.user }],
    maxTokens: 600,
    maxChars: MAX_AI_TEXT,
    onText: onText
      ? (piece) => {
          const text = restorer.push(piece);
          if (text !== '') onText(text);
        }
      : undefined,
    signal,
  });
  if (onText) {
    const rest = restorer.end();
    if (rest !== '') onText(rest);
  }
  return { text: plan.privacy.restore(answer.text).trim(), sources: plan.sources };
}

/** A conversation of the site the caller may see, by id (404 as elsewhere). */
async function visibleConversation(call: Call, id: string): Promise<ConversationRecord> {
  return visibleOr404(call, await call.admin.repos.conversations.getConversation(call.site.id, id));
}

/** Rewrites the composer's text in a style, or translates it. */
export async function rewrite(call: Call, ai: Ai, input: AiRewriteInput): Promise<AiRewrite> {
  if (input.style !== 'translate' && input.language !== undefined)
    throw new ApiError('bad_request', 'Invalid body.language: only with style translate.');
  const conversation =
    input.conversationId === undefined ? undefined : await visibleConversation(call, input.conversationId);
  let language: string | undefined;
  if (input.style === 'translate') {
    language = input.language ?? (conversation ? visitorLanguage(conversation) : undefined);
    if (!language)
      throw new ApiError(
        'bad_request',
        'Invalid body.language: required for translate (or give conversationId for the visitor’s language).',
      );
  }
  const privacy = privacyFor(call, conversation);
  const answer = await ai.complete(call.site.id, {
    feature: 'rewrite',
    system: rewritePrompt(call.site.name, input.style, language),
    messages: [{ role: 'user', content: privacy.hide(input.text) }],
    maxTokens: 2000,
    maxChars: MAX_AI_TEXT,
  });
  return { text: privacy.restore(answer.text).trim(), language: language ?? null };
}

/** Summarises the conversation; with `note`, posts the summary as the caller's private note. */
export async function summary(
  call: Call,
  ai: Ai,
  conversation: ConversationRecord,
  note: boolean,
  shown?: string,
): Promise<AiSummary> {
  // A summary the caller was shown, posted as they read it: the provider is not asked again (AI must still be on).
  if (shown !== undefined) {
    await ai.ensureOn(call.site.id);
    return postSummary(call, conversation, shown.trim());
  }
  const privacy = privacyFor(call, conversation);
  const messages = await latest(call, conversation, SUMMARY_MESSAGES, true);
  const text = await summarise(ai, call.site, messages, privacy, 'summary');
  if (!note || text === '') return { text, noteId: null };
  return postSummary(call, conversation, text);
}

/**
 * A summary of `messages` (the latest of a conversation, oldest first) for the staff who take it over, asked of the
 * site's provider as `feature` (the agents' tool, or the AI agent handing over). Throws as {@link Ai.complete}.
 */
export async function summarise(
  ai: Ai,
  site: { readonly id: string; readonly name: string },
  messages: readonly Message[],
  privacy: PromptPrivacy,
  feature: 'summary' | 'agent',
  signal?: AbortSignal,
): Promise<string> {
  await slice.pass();
  const answer = await ai.complete(site.id, {
    feature,
    system: summaryPrompt(site.name),
    messages: [{ role: 'user', content: `Conversation, oldest first:\n${transcript(messages, privacy)}` }],
    maxTokens: 400,
    maxChars: MAX_AI_TEXT,
    signal,
  });
  return privacy.restore(answer.text).trim();
}

/** Posts `text` as the caller's private note on the conversation, audited as any note. */
async function postSummary(call: Call, conversation: ConversationRecord, text: string): Promise<AiSummary> {
  const { message } = await call.core.storeMessage(
    {
      siteId: call.site.id,
      conversationId: conversation.id,
      visitorId: conversation.visitorId,
      clientId: `ai-summary-${randomUUID()}`,
      author: { role: 'staff', id: call.staff.id, name: call.staff.name },
      text: `Summary (AI): ${text}`,
      kind: 'note',
    },
    'admin',
  );
  await audit(call, 'note.create', 'conversation', conversation.id, { messageId: message.id, seq: message.seq });
  return { text, noteId: message.id };
}

/** The conversation's messages named by `ids`, in the order named; refused naming the first that is not its. */
async function messagesByIds(call: Call, conversation: ConversationRecord, ids: readonly string[]): Promise<Message[]> {
  const wanted = new Set(ids);
  const found = new Map<string, Message>();
  let before = conversation.lastSeq + 1;
  for (let read = 0; read < TRANSLATE_SEARCH && found.size < wanted.size && before > 0;) {
    const page = await call.core.store.messagesBefore(conversation.id, before, 200, { includeNotes: false });
    if (page.length === 0) break;
    for (const message of page) if (wanted.has(message.id)) found.set(message.id, message);
    read += page.length;
    before = page[0]!.seq;
  }
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined)
    throw new ApiError('bad_request', `Invalid body.messageIds: ${missing} is not a message of this conversation.`);
  return ids.map((id) => found.get(id)!);
}

/** Translates messages of the conversation into the agent's language (English unless `language` says). */
export async function translate(
  call: Call,
  ai: Ai,
  conversation: ConversationRecord,
  input: AiTranslateInput,
): Promise<AiTranslate> {
  const messages = await messagesByIds(call, conversation, [...new Set(input.messageIds)]);
  // Staff profiles keep no language yet: English unless the agent names one.
  const language = input.language ?? 'en';
  const privacy = privacyFor(call, conversation);
  const numbered = messages
    .map(
      (message, index) =>
        `${index + 1}: ${privacy.hide(message.text.slice(0, MESSAGE_CHARS)).replace(/\s*\n\s*/g, ' ')}`,
    )
    .join('\n');
  const answer = await ai.complete(call.site.id, {
    feature: 'translate',
    system: translatePrompt(call.site.name, language),
    messages: [{ role: 'user', content: numbered }],
    maxTokens: 3000,
    maxChars: MAX_AI_TEXT,
  });
  const lines = new Map<number, string>();
  let current: number | undefined;
  for (const line of answer.text.split('\n')) {
    const numberedLine = /^\s*(\d{1,3})\s*[:.)]\s?(.*)$/.exec(line);
    if (numberedLine) {
      current = Number(numberedLine[1]);
      lines.set(current, numberedLine[2]!);
    } else if (current !== undefined && line.trim() !== '') lines.set(current, `${lines.get(current)!} ${line.trim()}`);
  }
  // One message and no number: the whole answer is its translation.
  if (messages.length === 1 && lines.size === 0) lines.set(1, answer.text);
  if (messages.some((_, index) => !lines.has(index + 1)))
    throw new ApiError(
      'ai_unavailable',
      'The AI provider’s translation could not be read (a message is missing); nothing was changed.',
    );
  return {
    language,
    translations: messages.map((message, index) => ({
      messageId: message.id,
      text: privacy.restore(lines.get(index + 1)!).trim(),
    })),
  };
}
