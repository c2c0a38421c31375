import type { ConversationPriority } from '@parley/protocol';
import { RULE_ACTIONS, classificationBlock, type AiClassification } from '@parley/protocol/admin';
import { ApiError } from '../../http/admin-http.js';
import type { ConversationPatch, ConversationRecord } from '../../store/admin-store.js';
import { ActionRetry, type ActionOf, type ActionRun, type RuleActionKindOf } from '../../rules/public.js';
import { classifyConversation, type ClassifyHost, type ClassifyOutcome } from './classify.js';

type ClassifyAction = ActionOf<'ai_classify'>;

/** What an action names, in words: `labels, priority, contact.plan`. */
function named(action: ClassifyAction): string {
  return [...action.classify, ...action.attributes.map(({ scope, key }) => `${scope}.${key}`)].join(', ');
}

/** A classification in words, as a note and the run log say it. */
export function inWords(classification: AiClassification): string {
  const parts: string[] = [];
  if (classification.labels) parts.push(`Labels: ${classification.labels.join(', ')}`);
  if (classification.priority) parts.push(`Priority: ${classification.priority}`);
  if (classification.team) parts.push(`Team: ${classification.team.name}`);
  for (const { label, value } of classification.attributes ?? []) parts.push(`${label}: ${String(value)}`);
  return parts.join(' · ');
}

const isEmpty = (classification: AiClassification): boolean => inWords(classification) === '';

/**
 * A busy site (its calls in flight at the cap): a rule's job tries again later from this action; a macro, run while
 * a member waits, is told at once.
 */
function busy(run: ActionRun): string {
  const detail = 'the site’s AI calls are at their limit (its provider is slow); nothing was changed';
  if (run.retries === false) return detail;
  throw new ActionRetry(detail);
}

/** The outcome in words for the run log: what was chosen, and what the model named that is not the site's. */
function detailOf(outcome: Extract<ClassifyOutcome, { classification: AiClassification }>): string {
  const chosen = isEmpty(outcome.classification) ? 'nothing fits' : inWords(outcome.classification);
  return outcome.dropped.length > 0 ? `${chosen} (ignored: ${outcome.dropped.join(', ')})` : chosen;
}

/**
 * The rules' and macros' `ai_classify` action (issue #83, “Triage”; docs/ai.md, “Classify”), contributed by the AI
 * feature to the rules' point `rules.actions`. `apply` is a change: the model's labels (added), priority and team
 * join the run's gathered patch, written as one change with every feature's side effects; the attributes it
 * extracted are written before it. `suggest` is a step: a private note gives the choice in words and as data, which
 * the inbox's Apply applies through the admin API. Runs in the rule's outbox job (rules.fire), never on the message
 * path; the call is bounded (`CLASSIFY_DEADLINE_MS`) and a site's calls at once are capped (`MAX_SITE_CALLS`).
 */
export const classifyRuleAction: RuleActionKindOf<'ai_classify'> = {
  type: 'ai_classify',
  schema: RULE_ACTIONS.ai_classify,
  describe: (action) =>
    `${action.mode === 'apply' ? 'Classify with AI' : 'Suggest a classification with AI'}: ${named(action)}`,
  check: async (call, action, field) => {
    if (action.attributes.length === 0) return;
    const attributes = call.use('attributes');
    if (!attributes)
      throw new ApiError('bad_request', `${field}.attributes: custom attributes are not part of this relay.`);
    const definitions = await attributes.repository.definitions(call.site.id);
    for (const [index, { scope, key }] of action.attributes.entries()) {
      const found = definitions.find((each) => each.scope === scope && each.key === key);
      if (!found)
        throw new ApiError(
          'bad_request',
          `${field}.attributes.${index}.key: no ${scope} attribute ${key} on this site.`,
        );
      if (found.archived)
        throw new ApiError(
          'bad_request',
          `${field}.attributes.${index}.key: the attribute “${found.label}” is archived.`,
        );
    }
  },
  changes: (action) => action.mode === 'apply',
  change: async (host, siteId, conversation, patch, action, run) => {
    const outcome = await classifyConversation(host, siteId, conversation, action, run.signal);
    if ('busy' in outcome) return busy(run);
    if ('error' in outcome) return outcome.error;
    const { classification } = outcome;
    await writeAttributes(host, siteId, conversation, classification, run);
    return { ...patchOf(conversation, patch, classification), said: detailOf(outcome) };
  },
  run: async (host, siteId, conversation, action, run, index) => {
    const result = (ok: boolean, detail: string) => ({ action: action.type, ok, detail });
    const outcome = await classifyConversation(host, siteId, conversation, action, run.signal);
    if ('busy' in outcome) return result(false, busy(run));
    if ('error' in outcome) return result(false, outcome.error);
    const detail = detailOf(outcome);
    if (isEmpty(outcome.classification)) return result(true, `suggested nothing: ${detail}`);
    const stored = await suggest(host, siteId, conversation, outcome.classification, run, index);
    return result(true, `suggested ${detail} (note seq ${stored})`);
  },
};

/** The gathered patch with the classification on top: labels added to those it has, priority and team set. */
function patchOf(
  conversation: ConversationRecord,
  patch: ConversationPatch,
  classification: AiClassification,
): ConversationPatch {
  const next: { labels?: string[]; priority?: ConversationPriority; teamId?: string } = {};
  if (classification.labels)
    next.labels = [...new Set([...(patch.labels ?? conversation.labels), ...classification.labels])];
  if (classification.priority) next.priority = classification.priority;
  if (classification.team) next.teamId = classification.team.id;
  return next;
}

/**
 * Writes the extracted attribute values (checked against their definitions again by the attributes feature), audited
 * as the rule's (`Rule '<name>' (AI)`).
 */
async function writeAttributes(
  host: ClassifyHost & { readonly now: () => number },
  siteId: string,
  conversation: ConversationRecord,
  classification: AiClassification,
  run: ActionRun,
): Promise<void> {
  const attributes = host.use('attributes');
  if (!attributes || !classification.attributes) return;
  const { cause } = run;
  const actor = run.author?.name ?? (cause.kind === 'feature' ? cause.actorName : cause.staffName) ?? 'Rule';
  const by = `${actor} (AI)`;
  for (const scope of ['conversation', 'contact'] as const) {
    const values = Object.fromEntries(
      classification.attributes.filter((each) => each.scope === scope).map((each) => [each.key, each.value]),
    );
    if (Object.keys(values).length === 0) continue;
    const subject = scope === 'conversation' ? conversation.id : conversation.visitor.id;
    const changed = await attributes.setValues(siteId, scope, subject, values, { source: 'staff', by });
    // Audited as the admin API's writes are: the keys only (values can be personal data; the log outlives erasure).
    if (changed.keys.length > 0)
      await host.admin.repos.audit.appendAudit({
        siteId,
        at: host.now(),
        actorId: cause.kind === 'staff' ? cause.staffId : `feature:${cause.feature}`,
        actorName: by,
        action: 'attributes.set',
        targetType: scope,
        targetId: subject,
        details: { keys: changed.keys },
      });
  }
}

/** Stores the suggestion as a private note (the run's member's, or the site's bot's), safe to repeat. */
async function suggest(
  host: ClassifyHost,
  siteId: string,
  conversation: ConversationRecord,
  classification: AiClassification,
  run: ActionRun,
  index: number,
): Promise<number> {
  const text = `AI suggests — ${inWords(classification)}\n\n${classificationBlock(classification)}`;
  const input = {
    siteId,
    conversationId: conversation.id,
    visitorId: conversation.visitorId,
    clientId: `${run.id}-${index}`.slice(0, 64),
    text,
    kind: 'note' as const,
    // The inbox's Apply recognises the note by it.
    extra: { automation: 'ai_classify' },
  };
  const { message } = run.author
    ? await host.admin.core.storeMessage({ ...input, author: { role: 'staff', ...run.author } }, 'admin')
    : await host.admin.core.storeMessage(
        {
          ...input,
          // The site's bot, as the rules' own notes are written (`automations/bot-replies.ts`'s id).
          author: { role: 'bot', id: 'bot', name: host.use('automations')?.settings(siteId).botName ?? 'Bot' },
        },
        'rules',
      );
  return message.seq;
}
