import type { AiRewriteStyle } from '@parley/protocol/admin';

// The system prompts: short and plain, so that small local models follow them as well as hosted ones. Placeholders
// like [CONTACT_NAME] or [EMAIL_1] stand for personal data the relay keeps out of prompts (ai-privacy.ts) and puts
// back in the answer; the prompts ask for them to be kept as they are.

const KEEP_PLACEHOLDERS =
  'Text in square brackets such as [CONTACT_NAME] or [EMAIL_1] stands for hidden personal data: keep it exactly as written.';

/** English names of languages (made once: the relay's `preload` makes it before the first prompt needs it). */
let names: Intl.DisplayNames | undefined;

/** The language's name for a prompt (`de` → German), or the tag itself when the platform does not know it. */
export function languageName(tag: string): string {
  try {
    names ??= new Intl.DisplayNames(['en'], { type: 'language' });
    return names.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** Drafting a reply for an agent of `site`, in the visitor's language. */
export function draftPrompt(site: string, language: string): string {
  return [
    `You draft replies for a support agent of ${site}. Write only the reply to the visitor's last messages, ready to send.`,
    `Write in ${languageName(language)}. Be brief, friendly and concrete.`,
    'Use the help articles and FAQ given when they answer the question; never invent facts, prices or promises.',
    'If you do not know, say the agent will check. Match the tone of the saved replies given as examples.',
    KEEP_PLACEHOLDERS,
  ].join('\n');
}

const STYLES: Readonly<Record<Exclude<AiRewriteStyle, 'translate'>, string>> = {
  fix: 'Fix spelling, grammar and punctuation. Change nothing else.',
  friendlier: 'Make it warmer and friendlier, keeping the meaning.',
  formal: 'Make it more formal and polite, keeping the meaning.',
  shorter: 'Make it shorter, keeping what matters.',
  longer: 'Make it a little longer and more complete, without inventing facts.',
};

/** Rewriting an agent's text in a style, or translating it into `language`. */
export function rewritePrompt(site: string, style: AiRewriteStyle, language: string | undefined): string {
  const task =
    style === 'translate'
      ? `Translate it into ${languageName(language ?? 'en')}.`
      : `${STYLES[style]} Keep its language.`;
  return [
    `You edit a message a support agent of ${site} wrote to a visitor. ${task}`,
    'Answer with the new text only: no quotes, no comments.',
    KEEP_PLACEHOLDERS,
  ].join('\n');
}

/** Summarising a conversation for the site's staff. */
export function summaryPrompt(site: string): string {
  return [
    `You summarise a support conversation of ${site} for a colleague who takes it over.`,
    'In English, in at most five short lines: what the visitor wants, what was done or promised, what is left to do.',
    KEEP_PLACEHOLDERS,
  ].join('\n');
}

/** Translating visitor messages for an agent. */
export function translatePrompt(site: string, language: string): string {
  return [
    `You translate messages visitors wrote to the support of ${site} into ${languageName(language)}.`,
    'Each message is given as "<n>: text". Answer with the same numbers, one message per line, "<n>: translation", nothing else.',
    KEEP_PLACEHOLDERS,
  ].join('\n');
}

/** What the AI agent knows of its site's wishes (`PUT /v1/admin/ai/agent`). */
export interface AgentVoice {
  readonly name: string;
  readonly tone: string;
  readonly avoid: readonly string[];
}

/**
 * The AI agent answering a visitor of `site` from numbered sources only (agent/agent-reply.ts parses the answer). The
 * format is three fixed words at the start of a line, which small local models keep to better than JSON.
 */
export function agentPrompt(site: string, voice: AgentVoice, language: string): string {
  return [
    `You are ${voice.name}, the assistant of ${site} in its website chat. You answer the visitor using ONLY the numbered sources given.`,
    `Tone: ${voice.tone.trim() || 'plain and friendly'}. Be brief: at most four short sentences.`,
    `Write in the language of the visitor's last message (their browser is set to ${languageName(language)}).`,
    voice.avoid.length > 0
      ? `Never discuss these topics: ${voice.avoid.join('; ')}. If the visitor asks about one, answer UNKNOWN.`
      : '',
    'Never invent facts, prices, links or promises. If the sources do not answer the question, answer UNKNOWN.',
    'Answer in exactly one of these forms, and nothing else:',
    'ANSWER: <your answer>',
    'SOURCES: <the numbers of the sources you used, like 1, 3>',
    'or the single word UNKNOWN (the sources do not answer it),',
    'or the single word PERSON (the visitor asks to talk to a human).',
    KEEP_PLACEHOLDERS,
  ]
    .filter(Boolean)
    .join('\n');
}
