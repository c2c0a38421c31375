import { attributeOpsFor, checkAttributeValue, RULE_CONDITIONS, type AttributeOp } from '@parley/protocol/admin';
import { ApiError } from '../http/admin-http.js';
import type { RuleFacts, Truth } from '../rules/public.js';
import type { RuleConditionKindOf } from '../rules/public.js';

/**
 * The custom attributes' condition of rules (`{ field: 'attribute', scope, key, op, value }`, docs/attributes.md),
 * contributed to the rules' point `rules.conditions`: tried on the values the rules read with the conversation
 * (`reads: 'attributes'`), checked against the site's definitions when a rule is written.
 */
export const attributeRuleCondition: RuleConditionKindOf<'attribute'> = {
  field: 'attribute',
  schema: RULE_CONDITIONS.attribute,
  reads: 'attributes',
  compile: (condition) =>
    compileAttribute(
      `${condition.scope}.${condition.key}`,
      condition.op,
      condition.value ?? '',
      condition.verified ?? false,
    ),
  check: async (call, condition, path) => {
    // An attribute condition names an attribute of the site (not archived), a comparison its type makes, and a value
    // of its type (kept as written: it compares by the value's type when tried).
    const found = await call
      .use('attributes')
      ?.repository.definitionByKey(call.site.id, condition.scope, condition.key);
    if (!found || found.archived)
      throw new ApiError(
        'bad_request',
        `Invalid ${path}.key: no ${condition.scope} attribute ${condition.key} on this site.`,
      );
    const ops = attributeOpsFor(found.type);
    if (!ops.includes(condition.op))
      throw new ApiError('bad_request', `Invalid ${path}.op: ${found.label} (${found.type}) takes ${ops.join(', ')}.`);
    const bare = condition.op === 'is_set' || condition.op === 'not_set';
    if (bare !== (condition.value === undefined || condition.value === ''))
      throw new ApiError(
        'bad_request',
        `Invalid ${path}.value: ${bare ? `${condition.op} takes none` : `${condition.op} needs one`}.`,
      );
    if (bare || condition.op === 'contains') return;
    const checked = checkAttributeValue(found, condition.value!);
    if ('error' in checked)
      throw new ApiError('bad_request', `Invalid ${path}.value: ${found.label} ${checked.error}.`);
  },
};

/**
 * An attribute condition: by the value's type, numbers and dates compare as numbers (a date `YYYY-MM-DD` at UTC
 * midnight), text without regard to case. A value not set holds only for `not_set` and `is_not`.
 */
function compileAttribute(
  name: string,
  op: AttributeOp,
  value: string,
  verifiedOnly: boolean,
): (facts: RuleFacts) => Truth {
  const lower = value.toLowerCase();
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const asNumber = date ? Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3])) : Number(value);
  return (facts) => {
    if (!facts.attributes) return undefined;
    const found = facts.attributes.get(name);
    // A visitor may claim any value without the site's signature: where the rule asks, a claim is no value.
    const fact = verifiedOnly && found && !found.verified ? undefined : found;
    if (op === 'is_set') return fact !== undefined;
    if (op === 'not_set') return fact === undefined;
    if (!fact) return op === 'is_not';
    const numeric = fact.type === 'number' || fact.type === 'date';
    switch (op) {
      case 'gt':
        return numeric && fact.num !== null && fact.num > asNumber;
      case 'lt':
        return numeric && fact.num !== null && fact.num < asNumber;
      case 'contains':
        return fact.text.toLowerCase().includes(lower);
      case 'is':
      case 'is_not': {
        const equal = numeric ? fact.num === asNumber : fact.text.toLowerCase() === lower;
        return equal === (op === 'is');
      }
    }
  };
}
