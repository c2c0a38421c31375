import * as z from 'zod/mini';
import { ConversationPriority } from '../frames.js';
import { ATTRIBUTE_SCOPES, AttributeKey } from './attributes.js';
import { Id, Label } from './document.js';

/**
 * The rule action "classify with AI" (issue #83, “Triage”; docs/ai.md, “Classify”): the site's model chooses a
 * conversation's labels, priority and team among the site's own, and extracts custom attribute values, applied with
 * the rule's other changes or offered to the agent in a private note. The action itself is `RULE_ACTIONS.ai_classify`.
 */

/** What of the conversation the model may choose, besides custom attributes. */
export const AI_CLASSIFY_FIELDS = ['labels', 'priority', 'team'] as const;
export type AiClassifyField = (typeof AI_CLASSIFY_FIELDS)[number];

/** `apply`: written with the rule's changes; `suggest`: offered to the agent in a private note. */
export const AI_CLASSIFY_MODES = ['apply', 'suggest'] as const;
export type AiClassifyMode = (typeof AI_CLASSIFY_MODES)[number];

export const AI_CLASSIFY_LIMITS = {
  /** Custom attributes one action extracts. */
  attributes: 10,
  /** Labels the model may add at once. */
  labels: 5,
} as const;

/**
 * A classification: what the model chose, every value among the site's own (labels, teams, an attribute's options,
 * each value checked against its definition). A suggestion's note carries it after its words, as the block
 * {@link classificationBlock} writes, for the inbox's Apply.
 */
export const AiClassification = z.strictObject({
  labels: z.optional(z.array(Label).check(z.minLength(1), z.maxLength(AI_CLASSIFY_LIMITS.labels))),
  priority: z.optional(ConversationPriority),
  team: z.optional(z.strictObject({ id: Id, name: z.string().check(z.maxLength(200)) })),
  attributes: z.optional(
    z
      .array(
        z.strictObject({
          scope: z.enum(ATTRIBUTE_SCOPES),
          key: AttributeKey,
          label: z.string().check(z.maxLength(100)),
          value: z.union([z.string().check(z.maxLength(2000)), z.number(), z.boolean()]),
        }),
      )
      .check(z.minLength(1), z.maxLength(AI_CLASSIFY_LIMITS.attributes)),
  ),
});
export type AiClassification = z.output<typeof AiClassification>;

/** The fence a suggestion's note carries its classification in (a JSON code block: readable where only text shows). */
const FENCE = '```ai-classification';

/** The block a suggestion's note ends with: its classification as JSON, in a fenced block of its own. */
export function classificationBlock(classification: AiClassification): string {
  return `${FENCE}\n${JSON.stringify(classification)}\n\`\`\``;
}

/**
 * The classification a suggestion's note carries, and its words before it; `undefined` when the text holds no block
 * or one that is not a classification.
 */
export function readClassification(text: string): { words: string; classification: AiClassification } | undefined {
  const at = text.lastIndexOf(`\n${FENCE}\n`);
  if (at === -1 || !text.endsWith('\n```')) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text.slice(at + FENCE.length + 2, -4));
  } catch {
    return undefined;
  }
  const parsed = AiClassification.safeParse(json);
  return parsed.success ? { words: text.slice(0, at).trimEnd(), classification: parsed.data } : undefined;
}
