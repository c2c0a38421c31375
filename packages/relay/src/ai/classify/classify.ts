import type { ConversationPriority } from '@parley/protocol';
import type { AiClassification, AttributeDefinition } from '@parley/protocol/admin';
import { abortAfter } from '../../abort-after.js';
import type { AdminServices } from '../../admin/public.js';
import type { UseFeature } from '../../features/feature-instances.js';
import { ApiError } from '../../http/admin-http.js';
import type { ActionOf } from '../../rules/public.js';
import type { ConversationRecord } from '../../store/admin-store.js';
import type { Ai } from '../ai.js';
import { PromptPrivacy } from '../ai-privacy.js';
import { readAnswer } from './classify-answer.js';
import { classifySystemPrompt, classifyUserPrompt } from './classify-prompt.js';
import { siteLabels } from './classify-queries.js';

type ActionOfClassify = ActionOf<'ai_classify'>;

/** The priorities, lowest first, as the model is offered them. */
const PRIORITIES: readonly ConversationPriority[] = ['none', 'low', 'medium', 'high', 'urgent'];

/** The visitor's latest messages a classification reads, and the most of their text (characters). */
const VISITOR_MESSAGES = 10;
const MESSAGE_CHARS = 1_000;
const VISITOR_CHARS = 4_000;
/** Messages looked through for the visitor's (staff replies and notes between them). */
const MESSAGES_READ = 40;
/**
 * The longest a classification waits for the model (ms), retries included: below the rule's job's 15 s, so the run's
 * other actions and the write after it still fit in the attempt.
 */
export const CLASSIFY_DEADLINE_MS = 11_000;
/**
 * Calls of one site in flight at once: a site whose provider hangs holds at most this many of the outbox's slots;
 * more wait for a later attempt of their job (a macro is told at once).
 */
export const MAX_SITE_CALLS = 4;

/** What a classification is given of the relay. */
export interface ClassifyHost {
  readonly admin: AdminServices;
  readonly use: UseFeature;
}

/** A classification, or why there is none (the conversation is then left as it is). */
export type ClassifyOutcome =
  | { readonly classification: AiClassification; readonly dropped: readonly string[] }
  | { readonly error: string }
  | { readonly busy: true };

/** Each relay's (its `Ai`'s) classifications in flight, by site. */
const inFlight = new WeakMap<Ai, Map<string, number>>();

/**
 * Asks the site's model to classify `conversation` as `action` says (docs/ai.md, “Classify”), through `Ai.complete`
 * (the site's switch, budget, breaker, retries and usage record, counted as `classify`). The prompt holds only the
 * rule's own site's values (its labels, teams, the named attributes' definitions) and the visitor's latest messages,
 * bounded and passed through the site's redaction with personal data replaced by placeholders. Never throws for
 * the model's sake: a failure is an `error` in words, for the run log.
 */
export async function classifyConversation(
  host: ClassifyHost,
  siteId: string,
  conversation: ConversationRecord,
  action: ActionOfClassify,
  signal?: AbortSignal,
): Promise<ClassifyOutcome> {
  const ai = host.use('ai');
  if (!ai) return { error: 'AI is not part of this relay' };
  let sites = inFlight.get(ai);
  if (!sites) inFlight.set(ai, (sites = new Map()));
  const calls = sites.get(siteId) ?? 0;
  if (calls >= MAX_SITE_CALLS) return { busy: true };
  sites.set(siteId, calls + 1);
  const deadline = abortAfter(CLASSIFY_DEADLINE_MS, signal);
  try {
    return await ask(ai, host, siteId, conversation, action, deadline.signal);
  } catch (error) {
    if (error instanceof ApiError) return { error: `AI: ${error.message}` };
    throw error;
  } finally {
    deadline.clear();
    const left = (sites.get(siteId) ?? 1) - 1;
    if (left <= 0) sites.delete(siteId);
    else sites.set(siteId, left);
  }
}

async function ask(
  ai: Ai,
  host: ClassifyHost,
  siteId: string,
  conversation: ConversationRecord,
  action: ActionOfClassify,
  signal: AbortSignal,
): Promise<ClassifyOutcome> {
  const { admin } = host;
  // Off, unset or over budget: said before anything of the conversation is read.
  await ai.ready(siteId, 'classify');
  const fields = new Set(action.classify);
  const labels = fields.has('labels') ? await siteLabels(ai.db, siteId) : undefined;
  const teams = fields.has('team')
    ? (await admin.repos.routing.listTeams(siteId)).map((team) => ({ id: team.id, name: team.name }))
    : undefined;
  const attributes = await definitionsOf(host, siteId, action);
  if ('error' in attributes) return attributes;
  if (labels?.length === 0 && !fields.has('priority') && !teams?.length && attributes.found.length === 0)
    return { error: 'nothing to choose from: the site has no labels or teams yet' };

  const { name, emailEnc } = conversation.visitor;
  const privacy = new PromptPrivacy((text) => admin.core.redactAside(siteId, text), {
    name,
    email: emailEnc === undefined ? undefined : admin.cipher.decrypt(emailEnc),
  });
  const visitorText = await visitorSaid(admin, conversation, privacy);
  if (visitorText === '') return { error: 'the visitor has written nothing to classify' };
  const site = await admin.core.store.getSite(siteId);
  const answer = await ai.complete(siteId, {
    feature: 'classify',
    system: classifySystemPrompt(site?.name ?? 'a website'),
    messages: [
      {
        role: 'user',
        content: classifyUserPrompt(
          {
            labels,
            priorities: fields.has('priority') ? PRIORITIES : undefined,
            teams: teams?.map((team) => team.name),
            attributes: attributes.found.map((found) => ({ ...found, description: found.description ?? undefined })),
          },
          visitorText,
        ),
      },
    ],
    maxTokens: 400,
    maxChars: 4_000,
    signal,
  });
  return readAnswer(answer.text, {
    labels,
    priority: fields.has('priority'),
    teams,
    attributes: attributes.found,
    restore: (text) => privacy.restore(text),
  });
}

/** The named attributes' definitions, the rule's own site's (one archived or deleted since the save is an error). */
async function definitionsOf(
  host: ClassifyHost,
  siteId: string,
  action: ActionOfClassify,
): Promise<{ found: AttributeDefinition[] } | { error: string }> {
  if (action.attributes.length === 0) return { found: [] };
  const feature = host.use('attributes');
  if (!feature) return { error: 'custom attributes are not part of this relay' };
  const definitions = await feature.repository.definitions(siteId);
  const found: AttributeDefinition[] = [];
  for (const { scope, key } of action.attributes) {
    const definition = definitions.find((each) => each.scope === scope && each.key === key && !each.archived);
    if (!definition) return { error: `no ${scope} attribute ${key} on this site (archived or deleted)` };
    found.push(definition);
  }
  return { found };
}

/** The visitor's latest messages, oldest first, bounded and made private; empty when they wrote nothing. */
async function visitorSaid(
  admin: AdminServices,
  conversation: ConversationRecord,
  privacy: PromptPrivacy,
): Promise<string> {
  const messages = await admin.core.store.messagesBefore(conversation.id, conversation.lastSeq + 1, MESSAGES_READ, {
    includeNotes: false,
  });
  const lines: string[] = [];
  let chars = 0;
  for (const message of messages
    .filter((each) => each.author.role === 'visitor' && each.text.trim() !== '')
    .slice(-VISITOR_MESSAGES)
    .reverse()) {
    const line = `- ${privacy.hide(message.text.slice(0, MESSAGE_CHARS)).replace(/\s*\n\s*/g, ' ')}`;
    if (chars + line.length > VISITOR_CHARS) break;
    lines.unshift(line);
    chars += line.length;
  }
  const subject = conversation.subject ? `Subject: ${privacy.hide(conversation.subject.slice(0, 200))}\n` : '';
  return lines.length === 0 ? '' : `${subject}${lines.join('\n')}`;
}
