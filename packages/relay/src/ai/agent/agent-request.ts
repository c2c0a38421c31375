import type { Message } from '@parley/protocol';
import type { PromptPrivacy } from '../ai-privacy.js';
import { transcript } from '../ai-tools.js';
import type { AgentSource } from './agent-sources.js';

/** The answer's bounds: tokens asked of the provider, and characters kept of what it gives. */
export const AGENT_ANSWER_LIMITS = { maxTokens: 500, maxChars: 4000 } as const;

/**
 * The agent's question to the model, as a visitor's answer and `parley-relay ai eval` both ask it: the numbered
 * sources it may cite, the conversation so far (`recent`, oldest first), and the visitor's last message (`asked`),
 * every text through `privacy` (placeholders for the contact, the site's redaction).
 */
export function agentRequest(
  sources: readonly AgentSource[],
  recent: readonly Message[],
  asked: Message,
  privacy: PromptPrivacy,
): string {
  return [
    `Sources:\n${sources.map((source, index) => `[${index + 1}] ${source.title}\n${source.text}`).join('\n\n')}`,
    `Conversation, oldest first:\n${transcript(recent, privacy)}`,
    `Answer the visitor's last message: ${privacy.hide(asked.text.slice(0, 2000)).replace(/\s*\n\s*/g, ' ')}`,
  ].join('\n\n');
}
