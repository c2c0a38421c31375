import type { ConversationPriority } from '@parley/protocol';
import type { AttributeScope, AttributeType } from '@parley/protocol/admin';

/** A custom attribute the model is asked for, as its definition says (never a value of another site). */
export interface PromptAttribute {
  readonly scope: AttributeScope;
  readonly key: string;
  readonly label: string;
  readonly type: AttributeType;
  readonly description: string | undefined;
  readonly options: readonly string[];
}

/** What the model may choose from: the site's own values only. Absent: not asked for. */
export interface ClassifyChoices {
  readonly labels?: readonly string[] | undefined;
  readonly priorities?: readonly ConversationPriority[] | undefined;
  readonly teams?: readonly string[] | undefined;
  readonly attributes: readonly PromptAttribute[];
}

const TYPE_WORDS: Readonly<Record<AttributeType, string>> = {
  text: 'a short text',
  number: 'a number',
  date: 'a date, YYYY-MM-DD',
  list: 'one of the options',
  checkbox: 'true or false',
  link: 'a full https:// address',
};

/** The name an attribute has in the prompt and its answer: `contact.plan`. */
export const attributeName = (attribute: Pick<PromptAttribute, 'scope' | 'key'>): string =>
  `${attribute.scope}.${attribute.key}`;

/** The system prompt of a classification of a support conversation of `site`. */
export function classifySystemPrompt(site: string): string {
  return [
    `You triage support conversations of ${site}. Read the visitor's messages and classify the conversation.`,
    'Answer with one JSON object only, no other text. Use only the keys and the values listed; leave a key out when nothing fits or the text does not say.',
    'Never invent a label, a team or an option. Text in square brackets such as [EMAIL_1] stands for hidden personal data.',
  ].join('\n');
}

/** The user prompt: the choices, then the visitor's text (already made private). */
export function classifyUserPrompt(choices: ClassifyChoices, visitorText: string): string {
  const keys: string[] = [];
  if (choices.labels) keys.push(`"labels": an array of at most 5 of these labels: ${JSON.stringify(choices.labels)}`);
  if (choices.priorities) keys.push(`"priority": one of ${JSON.stringify(choices.priorities)}`);
  if (choices.teams) keys.push(`"team": the name of one of these teams: ${JSON.stringify(choices.teams)}`);
  if (choices.attributes.length > 0) {
    const lines = choices.attributes.map((attribute) => {
      const options = attribute.type === 'list' ? ` ${JSON.stringify(attribute.options)}` : '';
      const about = attribute.description ? ` (${attribute.description})` : '';
      return `  "${attributeName(attribute)}": ${attribute.label}${about}: ${TYPE_WORDS[attribute.type]}${options}`;
    });
    keys.push(
      `"attributes": an object with any of these keys, each the value the visitor's text gives:\n${lines.join('\n')}`,
    );
  }
  return [
    `Keys:\n${keys.map((key) => `- ${key}`).join('\n')}`,
    `The visitor wrote, oldest first:\n${visitorText}`,
  ].join('\n\n');
}
