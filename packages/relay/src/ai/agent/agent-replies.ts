import type { Message, ServerFrame } from '@parley/protocol';
import type { AdminServices } from '../../admin/public.js';
import {
  BOT_AUTHOR_ID,
  DEFAULT_TEXTS,
  FAQ_BUTTONS,
  languageOf,
  pickText,
  storeBotMessage,
} from '../../automations/public.js';
import type { ChatCore } from '../../core/chat-core.js';
import type { UseFeature } from '../../features/feature-instances.js';
import { ApiError } from '../../http/admin-http.js';
import type { DeliveryOutcome, OutboxHandler, OutboxJob } from '../../outbox/outbox.js';
import type { Ai } from '../ai.js';
import { agentPrompt } from '../ai-prompts.js';
import { conversationPrivacy, inTurn, passSlice, summarise, SUMMARY_MESSAGES } from '../ai-tools.js';
import { AGENT_KINDS, type AgentJob, type AiAgent, type SummaryJob } from './agent.js';
import { parseAgentReply } from './agent-reply.js';
import { AGENT_ANSWER_LIMITS, agentRequest } from './agent-request.js';
import { agentSources } from './agent-sources.js';
import { AGENT_TEXTS } from './agent-texts.js';

/** What the agent's handlers work with. */
export interface AgentHandlerDeps {
  readonly agent: AiAgent;
  readonly ai: Ai;
  readonly core: ChatCore;
  readonly admin: AdminServices;
  readonly use: UseFeature;
  /** The relay's public origin (articles' addresses on the portal). */
  readonly origin: () => string;
}

/** Messages of the conversation the prompt reads (the latest, up to the one answered). */
const AGENT_MESSAGES = 12;
/** Messages looked through for the agent's earlier "could not help" (the latest). */
const UNSURE_LOOKBACK = 50;
/** "Could not help" answers in a conversation after which the agent hands it to a person. */
export const UNSURE_MAX = 2;

/**
 * How long the model may take to answer a visitor (or summarise for the hand-over), retries included (ms): a visitor
 * waiting longer is better served by the fallback, and the job's attempt ({@link AGENT_JOB_MS}) stays within the
 * outbox's bound, which is also how long a killed relay's jobs wait for another.
 */
export const AGENT_MODEL_MS = 20_000;
const AGENT_JOB_MS = 30_000;

/** The job's signal, aborted too once the model has had {@link AGENT_MODEL_MS}. */
const modelBound = (signal: AbortSignal): AbortSignal => AbortSignal.any([signal, AbortSignal.timeout(AGENT_MODEL_MS)]);

/** What the agent writes as `automation`: an answer, "could not help", and "cannot answer now". */
export const AGENT_AUTOMATIONS = { answer: 'ai', unsure: 'ai-unsure', unavailable: 'ai-unavailable' } as const;

/**
 * The AI agent's outbox handlers (docs/ai.md, "The AI agent"). `ai.answer` confirms against the store that the bot
 * may still speak (no staff reply, no hand-over, nobody assigned), shows the bot typing, finds the site's published
 * sources, asks the model, checks again, and stores the answer as a bot message named after the visitor's message
 * (`bot-ai-<seq>`: a job run twice stores one). `ai.handover-summary` posts the conversation's summary as a private
 * note with every hand-over on a site whose agent is on.
 */
export function agentHandlers(deps: AgentHandlerDeps): OutboxHandler[] {
  const answer: OutboxHandler<AgentJob> = {
    kind: AGENT_KINDS.answer,
    maxAttempts: 3,
    // The model's call ends by AGENT_MODEL_MS (then the visitor gets the fallback), well before.
    timeoutMs: AGENT_JOB_MS,
    deliver: (job, signal) => answerJob(deps, job, modelBound(signal)),
  };
  const summary: OutboxHandler<SummaryJob> = {
    kind: AGENT_KINDS.summary,
    maxAttempts: 2,
    timeoutMs: AGENT_JOB_MS,
    deliver: (job, signal) => summaryNote(deps, job, modelBound(signal)),
  };
  return [answer, summary] as OutboxHandler[];
}

/** Why the bot no longer speaks in the conversation (a person replied, it was handed over or assigned), or none. */
async function silenced(deps: AgentHandlerDeps, siteId: string, conversationId: string): Promise<string | undefined> {
  const state = await deps.admin.repos.faq.faqConversationState(conversationId);
  if (state.staffReplied) return 'staff replied';
  if (state.handedOver) return 'handed over to a person';
  const conversation = await deps.admin.repos.conversations.conversationState(siteId, conversationId);
  if (!conversation) return 'no such conversation';
  if (conversation.assigneeId !== null) return 'assigned to a person';
  return undefined;
}

async function answerJob(
  deps: AgentHandlerDeps,
  job: OutboxJob<AgentJob>,
  signal: AbortSignal,
): Promise<DeliveryOutcome> {
  const { siteId } = job;
  const { conversationId } = job.payload;
  const automations = deps.use('automations');
  if (!automations) return { status: 'skipped', detail: 'no automations' };
  const { core, admin } = deps;
  // A job stands for the visitor's messages from its own on (the messages of a burst fold into the job still
  // pending: its dedupe key is the conversation's), and answers the latest of them, which reads the ones before.
  const conversation = await admin.repos.conversations.conversationState(siteId, conversationId);
  if (!conversation) return { status: 'skipped', detail: 'no such conversation' };
  const tail = await core.store.messagesBefore(conversationId, conversation.lastSeq + 1, AGENT_MESSAGES, {
    includeNotes: false,
  });
  const asked = [...tail]
    .reverse()
    .find(
      (message) =>
        message.seq >= job.payload.seq &&
        message.author.role === 'visitor' &&
        message.kind === 'text' &&
        !message.reply,
    );
  if (!asked) return { status: 'skipped', detail: 'no such message' };
  const seq = asked.seq;
  // The FAQ's fallback the job carries is its first message's: for a later one of the burst it is made again.
  const fallback =
    seq === job.payload.seq ? job.payload.fallback : automations.faq.fallbackFor(siteId, asked, job.payload.locale);
  const payload: AgentJob = { ...job.payload, seq, fallback };
  const turn: OutboxJob<AgentJob> = { ...job, payload };
  const stored = tail.find((message) => message.clientId === `bot-ai-${seq}`);
  // Answered already by a job before this one (a later message of its burst), or by this one delivered again after
  // its relay died (then published again): the provider is not asked again.
  if (stored) {
    if (seq === job.payload.seq) core.publishMessage(stored, siteId, true);
    return { status: 'skipped', detail: `already answered (seq ${stored.seq})` };
  }
  const settings = deps.agent.settings(siteId);
  const why = await silenced(deps, siteId, conversationId);
  if (why) return { status: 'skipped', detail: why };
  if (!settings.enabled) return fallBack(deps, turn, 'the agent was turned off');
  const site = await core.store.getSite(siteId);
  if (!site) return { status: 'skipped', detail: 'no such conversation' };
  // The messages up to the one answered (the tail, unless the bot or staff wrote after it).
  const recent =
    tail.at(-1)?.seq === seq
      ? tail
      : await core.store.messagesBefore(conversationId, seq + 1, AGENT_MESSAGES, { includeNotes: false });
  const name = settings.name ?? automations.settings(siteId).botName;
  const locale = payload.locale;
  const say = (text: string, automation: string, extra: Partial<Pick<Message, 'sources'>> = {}) =>
    storeBotMessage(automations, admin, siteId, conversationId, {
      text,
      clientId: `bot-ai-${seq}`,
      automation,
      name,
      buttons: [{ label: pickText({}, DEFAULT_TEXTS.faqPerson, locale), id: FAQ_BUTTONS.handover }],
      ...extra,
    });
  const typing = (active: boolean) => {
    const frame = JSON.stringify({
      type: 'typing',
      conversationId,
      author: { role: 'bot', id: BOT_AUTHOR_ID, name },
      active,
    } satisfies ServerFrame);
    core.toConversation(conversationId, frame);
    core.toStaff(siteId, frame);
  };
  typing(true);
  try {
    // The prompt is made in turn with the AI tools' (a flood of messages would otherwise make every job's at once).
    const privacy = conversationPrivacy(core, admin.cipher, siteId, conversation);
    const plan = await inTurn(async () => {
      const sources = await agentSources(
        deps.use,
        site,
        asked.text,
        languageOf(locale),
        deps.origin(),
        privacy,
        passSlice,
      );
      if (sources.length === 0) return undefined;
      await passSlice();
      return { sources, content: agentRequest(sources, recent, asked, privacy) };
    });
    // Nothing related: the model is not asked to guess.
    if (!plan) return await unsure(deps, turn, say);
    const { sources } = plan;
    let reply;
    try {
      const answered = await deps.ai.complete(siteId, {
        feature: 'agent',
        system: agentPrompt(site.name, { name, tone: settings.tone, avoid: settings.avoid }, locale ?? 'en'),
        messages: [{ role: 'user', content: plan.content }],
        ...AGENT_ANSWER_LIMITS,
        signal,
      });
      await passSlice();
      reply = parseAgentReply(answered.text, sources.length);
    } catch (error) {
      if (error instanceof ApiError) return await fallBack(deps, turn, error.code);
      throw error;
    }
    if (reply.kind === 'person') return await handOver(deps, turn, 'the visitor asks for a person');
    if (reply.kind === 'unknown') return await unsure(deps, turn, say);
    // A person may have replied or taken the conversation while the model answered: the answer is dropped.
    const since = await silenced(deps, siteId, conversationId);
    if (since) return { status: 'skipped', detail: `${since} while the model answered` };
    const cited = reply.cited
      .map((number) => sources[number - 1]!)
      .flatMap((source) => (source.url === null ? [] : [{ title: source.title, url: source.url }]))
      .slice(0, 5);
    return (await say(privacy.restore(reply.text), AGENT_AUTOMATIONS.answer, { sources: cited })).outcome;
  } finally {
    typing(false);
  }
}

/** The agent could not help: it says so and offers a person, or hands over when it could not help before. */
async function unsure(
  deps: AgentHandlerDeps,
  job: OutboxJob<AgentJob>,
  say: (text: string, automation: string) => ReturnType<typeof storeBotMessage>,
): Promise<DeliveryOutcome> {
  const { conversationId, seq } = job.payload;
  const earlier = await deps.core.store.messagesBefore(conversationId, seq, UNSURE_LOOKBACK, { includeNotes: false });
  const count = earlier.filter((message) => message.automation === AGENT_AUTOMATIONS.unsure).length;
  if (count + 1 >= UNSURE_MAX) return handOver(deps, job, `could not help ${UNSURE_MAX} times`);
  return (await say(pickText({}, AGENT_TEXTS.unsure, job.payload.locale), AGENT_AUTOMATIONS.unsure)).outcome;
}

/** Hands the conversation to a person through the automations' hand-over, with a summary note for them. */
async function handOver(deps: AgentHandlerDeps, job: OutboxJob<AgentJob>, why: string): Promise<DeliveryOutcome> {
  const { siteId, payload } = job;
  const automations = deps.use('automations');
  if (!automations) return { status: 'skipped', detail: 'no automations' };
  // The hand-over's jobs, routing's assignment and the summary note (the agent's `handedOver`).
  const jobs = automations.handoverEffects(siteId, payload.conversationId, payload.seq, payload.locale);
  await deps.admin.repos.outbox.enqueueOutbox(jobs, Date.now());
  return { status: 'delivered', detail: `handed over: ${why}` };
}

/**
 * The provider failed (or AI or the agent is off): what the FAQ would have written is written now (its suggestions,
 * the help center's articles), else the agent says it cannot answer now and offers a person. Never nothing.
 */
async function fallBack(deps: AgentHandlerDeps, job: OutboxJob<AgentJob>, why: string): Promise<DeliveryOutcome> {
  const { siteId, payload } = job;
  const automations = deps.use('automations');
  if (!automations) return { status: 'skipped', detail: 'no automations' };
  if (payload.fallback?.length && automations.settings(siteId).faq?.enabled) {
    await deps.admin.repos.outbox.enqueueOutbox(payload.fallback, Date.now());
    return { status: 'delivered', detail: `fell back to the FAQ (${why})` };
  }
  const settings = deps.agent.settings(siteId);
  const { outcome } = await storeBotMessage(automations, deps.admin, siteId, payload.conversationId, {
    text: pickText({}, AGENT_TEXTS.unavailable, payload.locale),
    clientId: `bot-ai-${payload.seq}`,
    automation: AGENT_AUTOMATIONS.unavailable,
    name: settings.name ?? automations.settings(siteId).botName,
    buttons: [{ label: pickText({}, DEFAULT_TEXTS.faqPerson, payload.locale), id: FAQ_BUTTONS.handover }],
  });
  return outcome.status === 'delivered' ? { status: 'delivered', detail: `cannot answer now (${why})` } : outcome;
}

/**
 * The conversation's summary as a private note, for the person it was handed to (written once: its client id is
 * the conversation's). A summary that cannot be made is skipped: the hand-over never waits for it.
 */
async function summaryNote(
  deps: AgentHandlerDeps,
  job: OutboxJob<SummaryJob>,
  signal: AbortSignal,
): Promise<DeliveryOutcome> {
  const { siteId, payload } = job;
  const { core, admin } = deps;
  const [conversation, site] = await Promise.all([
    admin.repos.conversations.getConversation(siteId, payload.conversationId),
    core.store.getSite(siteId),
  ]);
  if (!conversation || !site) return { status: 'skipped', detail: 'no such conversation' };
  const messages = await core.store.messagesBefore(conversation.id, conversation.lastSeq + 1, SUMMARY_MESSAGES, {
    includeNotes: true,
  });
  let text: string;
  try {
    const privacy = conversationPrivacy(core, admin.cipher, siteId, conversation);
    text = await summarise(deps.ai, site, messages, privacy, 'agent', signal);
  } catch (error) {
    if (error instanceof ApiError) return { status: 'skipped', detail: `no summary: ${error.code}` };
    throw error;
  }
  if (text === '') return { status: 'skipped', detail: 'an empty summary' };
  const name = deps.agent.settings(siteId).name ?? deps.use('automations')?.settings(siteId).botName ?? 'Parley';
  const { duplicate } = await core.storeMessage(
    {
      siteId,
      conversationId: conversation.id,
      visitorId: conversation.visitorId,
      clientId: 'bot-ai-summary',
      author: { role: 'bot', id: BOT_AUTHOR_ID, name },
      text: `Summary (AI): ${text}`,
      kind: 'note',
    },
    'admin',
  );
  return duplicate ? { status: 'skipped', detail: 'already posted' } : { status: 'delivered', detail: 'summary note' };
}
