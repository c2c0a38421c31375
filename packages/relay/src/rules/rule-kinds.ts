import {
  RULE_ACTIONS,
  RULE_CONDITIONS,
  ruleBodies,
  type RuleAction,
  type RuleActionType,
  type RuleCondition,
  type RuleField,
} from '@parley/protocol/admin';
import * as z from 'zod/mini';
import type { RuleActionKind, RuleActionKindOf, RuleConditionKind, RuleConditionKindOf } from './rule-points.js';

/**
 * The conditions and actions of this relay's rules: what its features contributed to `rules.conditions` and
 * `rules.actions`, by field and type, with the schemas of the rules' and macros' bodies made of them (a condition
 * or action no feature contributed is refused by the schema, named).
 */
export class RuleKinds {
  readonly #conditions = new Map<RuleField, RuleConditionKind>();
  readonly #actions = new Map<RuleActionType, RuleActionKind>();
  /** The bodies that write rules and macros, over what was contributed (the contract's `ruleBodies`). */
  readonly bodies: ReturnType<typeof ruleBodies<z.ZodMiniType<RuleCondition>, z.ZodMiniType<RuleAction>>>;

  constructor(conditions: readonly RuleConditionKind[], actions: readonly RuleActionKind[]) {
    for (const kind of conditions) {
      if (this.#conditions.has(kind.field)) throw new Error(`two features contribute the rule condition ${kind.field}`);
      this.#conditions.set(kind.field, kind);
    }
    for (const kind of actions) {
      if (this.#actions.has(kind.type)) throw new Error(`two features contribute the rule action ${kind.type}`);
      this.#actions.set(kind.type, kind);
    }
    this.bodies = ruleBodies(
      oneOfKinds<RuleCondition>(
        'field',
        'condition',
        inOrder(
          Object.keys(RULE_CONDITIONS),
          conditions.map((kind) => [kind.field, kind.schema] as const),
        ),
      ),
      oneOfKinds<RuleAction>(
        'type',
        'action',
        inOrder(
          Object.keys(RULE_ACTIONS),
          actions.map((kind) => [kind.type, kind.schema] as const),
        ),
      ),
    );
  }

  /** The kind of a field's conditions (each stored or parsed condition has one: the schema admits no other). */
  condition<Field extends RuleField>(field: Field): RuleConditionKindOf<Field> {
    const kind = this.#conditions.get(field);
    if (!kind) throw new Error(`no feature of this relay contributes the rule condition ${field}`);
    // Stored under its own field by the constructor.
    return kind as RuleConditionKind as RuleConditionKindOf<Field>;
  }

  /** The kind of a type of actions; `undefined` for a stored action no feature of this relay runs any more. */
  action<Type extends RuleActionType>(type: Type): RuleActionKindOf<Type> | undefined {
    return this.#actions.get(type) as RuleActionKindOf<Type> | undefined;
  }
}

/** The contributed schemas in the contract's order (the features' list gives another), for a stable error. */
function inOrder(
  contract: readonly string[],
  schemas: readonly (readonly [string, z.ZodMiniType])[],
): (readonly [string, z.ZodMiniType])[] {
  const rank = (name: string): number => (contract.includes(name) ? contract.indexOf(name) : contract.length);
  return [...schemas].sort(([a], [b]) => rank(a) - rank(b));
}

/**
 * A discriminated union of the contributed schemas, by `key`; a value whose key names none of them is refused, naming
 * it and those this relay takes.
 */
function oneOfKinds<Value>(
  key: 'field' | 'type',
  what: string,
  schemas: readonly (readonly [string, z.ZodMiniType])[],
): z.ZodMiniType<Value> {
  const known = schemas.map(([name]) => name).join(', ');
  // Each is one of the contract's members (`RULE_CONDITIONS`, `RULE_ACTIONS`): an object with its literal `key`.
  const options = schemas.map(([, schema]) => schema) as unknown as [DiscriminatedMember, ...DiscriminatedMember[]];
  return z.discriminatedUnion(key, options, {
    error: (issue) => {
      if (issue.code !== 'invalid_union') return undefined;
      const input: unknown = issue.input;
      const named = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[key] : undefined;
      return named === undefined
        ? `a ${what} needs a ${key} (one of ${known})`
        : `no ${what} ${JSON.stringify(named)} in this relay (one of ${known})`;
    },
  }) as unknown as z.ZodMiniType<Value>;
}

type DiscriminatedMember = z.ZodMiniObject<{ field: z.ZodMiniLiteral<string> }>;
