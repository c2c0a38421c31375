import { ConversationPriority } from '@parley/protocol';
import {
  AI_CLASSIFY_LIMITS,
  checkAttributeValue,
  type AiClassification,
  type AttributeDefinition,
} from '@parley/protocol/admin';
import { attributeName } from './classify-prompt.js';

/** What an answer is read against: the site's own values (the labels, the teams, the attributes' definitions). */
export interface AnswerChoices {
  readonly labels?: readonly string[] | undefined;
  readonly priority: boolean;
  readonly teams?: readonly { readonly id: string; readonly name: string }[] | undefined;
  readonly attributes: readonly AttributeDefinition[];
  /** Puts back the personal data a placeholder stands for (an extracted value may quote it). */
  readonly restore: (text: string) => string;
}

/** A read answer: what it chose among the allowed values, and, in words, what it named that is not one (dropped). */
export type ReadAnswer =
  { readonly classification: AiClassification; readonly dropped: readonly string[] } | { readonly error: string };

/** The JSON object of an answer: the text itself, or in one code fence (what chat models add unasked). */
function jsonOf(text: string): unknown {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*\n([\s\S]*)\n```$/i.exec(trimmed);
  return JSON.parse(fenced ? fenced[1]! : trimmed);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads the model's answer strictly: one JSON object whose keys have the types asked for (else an error: nothing is
 * applied). A value outside the allowed sets (a label the site does not use, a team it does not have, an option a
 * list does not offer, a value its attribute's type refuses) is dropped, never created; a key not asked for is
 * ignored.
 */
export function readAnswer(text: string, choices: AnswerChoices): ReadAnswer {
  let json: unknown;
  try {
    json = jsonOf(text);
  } catch {
    return { error: 'the model’s answer is not JSON' };
  }
  if (!isObject(json)) return { error: 'the model’s answer is not a JSON object' };
  const dropped: string[] = [];
  const chosen: { -readonly [K in keyof AiClassification]: AiClassification[K] } = {};

  if (choices.labels && json.labels !== undefined && json.labels !== null) {
    if (!Array.isArray(json.labels) || !json.labels.every((label) => typeof label === 'string'))
      return { error: 'the model’s labels are not a list of texts' };
    const byLower = new Map(choices.labels.map((label) => [label.toLowerCase(), label]));
    const labels = new Set<string>();
    for (const label of json.labels as string[]) {
      const known = byLower.get(label.trim().toLowerCase());
      if (known === undefined) dropped.push(`label ${JSON.stringify(label.slice(0, 64))}`);
      else if (labels.size < AI_CLASSIFY_LIMITS.labels) labels.add(known);
    }
    if (labels.size > 0) chosen.labels = [...labels];
  }

  if (choices.priority && json.priority !== undefined && json.priority !== null) {
    if (typeof json.priority !== 'string') return { error: 'the model’s priority is not a text' };
    const priority = ConversationPriority.safeParse(json.priority.trim().toLowerCase());
    if (priority.success) chosen.priority = priority.data;
    else dropped.push(`priority ${JSON.stringify(json.priority.slice(0, 64))}`);
  }

  if (choices.teams && json.team !== undefined && json.team !== null) {
    if (typeof json.team !== 'string') return { error: 'the model’s team is not a text' };
    const wanted = json.team.trim().toLowerCase();
    const team = choices.teams.find((found) => found.name.toLowerCase() === wanted);
    if (team) chosen.team = { id: team.id, name: team.name };
    else dropped.push(`team ${JSON.stringify(json.team.slice(0, 64))}`);
  }

  if (choices.attributes.length > 0 && json.attributes !== undefined && json.attributes !== null) {
    if (!isObject(json.attributes)) return { error: 'the model’s attributes are not a JSON object' };
    const values: NonNullable<AiClassification['attributes']>[number][] = [];
    for (const definition of choices.attributes) {
      const raw = json.attributes[attributeName(definition)];
      if (raw === undefined || raw === null) continue;
      if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
        dropped.push(`${attributeName(definition)} (not a value)`);
        continue;
      }
      const checked = checkAttributeValue(definition, typeof raw === 'string' ? choices.restore(raw) : raw);
      if ('error' in checked) {
        dropped.push(`${attributeName(definition)} (${definition.label} ${checked.error})`);
        continue;
      }
      const stored = checked.value;
      const value =
        definition.type === 'checkbox' ? stored.num === 1 : definition.type === 'number' ? stored.num! : stored.text!;
      values.push({ scope: definition.scope, key: definition.key, label: definition.label, value });
    }
    if (values.length > 0) chosen.attributes = values;
  }
  return { classification: chosen, dropped };
}
