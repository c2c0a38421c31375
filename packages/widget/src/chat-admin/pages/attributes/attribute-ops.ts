import type { AttributeFilter, AttributeType } from '@parley/protocol/admin';

/** A comparison of an attribute (`<scope>.<key>:<op>[:<value>]`). */
export type AttributeOp = AttributeFilter['op'];

/** Every comparison, in the order the editors offer them: an attribute whose type is not known yet takes these. */
const ALL: readonly AttributeOp[] = ['is', 'is_not', 'contains', 'gt', 'lt', 'is_set', 'not_set'];

/**
 * The comparisons an attribute of a type takes (the protocol's `attributeOpsFor`, written out: a test keeps the two equal), for every editor of an attribute
 * condition: the Reports page's filter, the saved views' dialog and the rules editor. A module of its own, so that
 * none of them brings another's code (the protocol's lists are written out: its values would bring zod).
 */
export function attributeOps(type: AttributeType | undefined): readonly AttributeOp[] {
  switch (type) {
    case 'text':
    case 'link':
      return ['is', 'is_not', 'contains', 'is_set', 'not_set'];
    case 'list':
      return ['is', 'is_not', 'is_set', 'not_set'];
    case 'number':
    case 'date':
      return ['is', 'gt', 'lt', 'is_set', 'not_set'];
    case 'checkbox':
      return ['is', 'is_set', 'not_set'];
    default:
      return ALL;
  }
}
