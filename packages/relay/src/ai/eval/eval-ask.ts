import type { Message } from '@parley/protocol';
import { languageOf } from '../../automations/public.js';
import type { UseFeature } from '../../features/feature-instances.js';
import { ApiError } from '../../http/admin-http.js';
import type { Ai } from '../ai.js';
import { PromptPrivacy } from '../ai-privacy.js';
import { agentPrompt, type AgentVoice } from '../ai-prompts.js';
import { passSlice } from '../ai-tools.js';
import { parseAgentReply } from '../agent/agent-reply.js';
import { AGENT_ANSWER_LIMITS, agentRequest } from '../agent/agent-request.js';
import { agentSources, type AgentSource } from '../agent/agent-sources.js';
import { asksForPerson } from '../agent/agent-texts.js';
import type { EvalQuestion } from './eval-questions.js';

/** What the agent is asked with, for one site (made once per run). */
export interface EvalAgent {
  readonly ai: Ai;
  /** The help center and the automations' FAQ, where the agent finds its sources. */
  readonly use: UseFeature;
  readonly site: { readonly id: string; readonly siteKey: string; readonly name: string };
  /** The agent's name, tone and topics to avoid, as the site set them. */
  readonly voice: AgentVoice;
  /** The relay's public origin: the cited articles' addresses are on its portal. */
  readonly origin: string;
}

/** What the agent did with one question. */
export type EvalOutcome =
  /** It answered, citing these sources (their addresses, or an FAQ entry's question). */
  | { readonly outcome: 'answered'; readonly answer: string; readonly cited: readonly string[] }
  /** It handed over: the visitor asked for a person in words it knows (no model call), or the model said so. */
  | { readonly outcome: 'handover'; readonly by: 'words' | 'model' }
  /** It did not answer: nothing related was found (no model call), or the model was unsure. */
  | { readonly outcome: 'refused'; readonly by: 'no-sources' | 'unsure' }
  /** The call failed: the relay's error code (`ai_unavailable`, `ai_budget_exhausted`) and its words. */
  | { readonly outcome: 'failed'; readonly code: string; readonly message: string };

/** One question's outcome, with what it cost. */
export type EvalAsked = EvalOutcome & {
  /** The sources found for it (addresses, or an FAQ entry's question), in the order the prompt numbers them. */
  readonly sources: readonly string[];
  /** Whether the model was called (a hand-over by words and a question with no sources call none). */
  readonly modelCalled: boolean;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** From the question to the outcome: the search and the model's call, retries included. */
  readonly latencyMs: number;
};

/** What a source is called in the results: its address, or an FAQ entry's question. */
const sourceName = (source: AgentSource): string => source.url ?? `FAQ: ${source.title}`;

/**
 * Asks the AI agent one question as a visitor's first message, the way `ai.answer` does (agent/agent-replies.ts):
 * the hand-over on the visitor's own words first (the message path's check), then the site's published sources, the
 * agent's prompt, the model (`feature: 'agent'`: counted against the site's budget, recorded), and the reply read as
 * the agent reads it. Nothing is stored: no conversation, no message, no outbox job.
 */
export async function askAgent(agent: EvalAgent, question: EvalQuestion, signal?: AbortSignal): Promise<EvalAsked> {
  const started = performance.now();
  const done = (outcome: EvalOutcome, sources: readonly AgentSource[], model?: { input: number; output: number }) => ({
    ...outcome,
    sources: sources.map(sourceName),
    modelCalled: model !== undefined,
    inputTokens: model?.input ?? 0,
    outputTokens: model?.output ?? 0,
    latencyMs: Math.round(performance.now() - started),
  });
  if (asksForPerson(question.question)) return done({ outcome: 'handover', by: 'words' }, []);
  const locale = question.language ?? 'en';
  // The site's message safety is the chat core's; the question set is the operator's own text. Email addresses and
  // phone numbers in it are still kept out of the prompt.
  const privacy = new PromptPrivacy((text) => text);
  const sources = await agentSources(
    agent.use,
    agent.site,
    question.question,
    languageOf(locale),
    agent.origin,
    privacy,
    passSlice,
  );
  if (sources.length === 0) return done({ outcome: 'refused', by: 'no-sources' }, sources);
  const asked: Message = {
    id: 'eval',
    clientId: 'eval',
    conversationId: 'eval',
    seq: 1,
    ts: Date.now(),
    author: { role: 'visitor', id: 'eval' },
    text: question.question,
    kind: 'text',
  };
  let answered;
  try {
    answered = await agent.ai.complete(agent.site.id, {
      feature: 'agent',
      system: agentPrompt(agent.site.name, agent.voice, locale),
      messages: [{ role: 'user', content: agentRequest(sources, [asked], asked, privacy) }],
      ...AGENT_ANSWER_LIMITS,
      signal,
    });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    // A month's budget used up is refused before the provider is called.
    const called = error.code === 'ai_budget_exhausted' ? undefined : { input: 0, output: 0 };
    return done({ outcome: 'failed', code: error.code, message: error.message }, sources, called);
  }
  const usage = { input: answered.inputTokens, output: answered.outputTokens };
  const reply = parseAgentReply(answered.text, sources.length);
  if (reply.kind === 'person') return done({ outcome: 'handover', by: 'model' }, sources, usage);
  if (reply.kind === 'unknown') return done({ outcome: 'refused', by: 'unsure' }, sources, usage);
  const cited = reply.cited.map((number) => sourceName(sources[number - 1]!));
  return done({ outcome: 'answered', answer: privacy.restore(reply.text), cited }, sources, usage);
}
