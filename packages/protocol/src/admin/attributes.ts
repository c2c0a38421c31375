import * as z from 'zod/mini';
import { doc } from './document.js';

/**
 * Custom attributes (issue #40, docs/attributes.md): typed fields a site defines for its contacts and its
 * conversations (a plan, a seat count, a renewal date…), set from the inbox, the admin API and the widget's
 * `identify()`, shown in the visitor panel, filtered on in the conversation list, tried by rules and broken down in
 * reports (`/v1/admin/attributes`).
 */

/** What an attribute holds: its values are checked against it ({@link checkAttributeValue}). */
export const ATTRIBUTE_TYPES = ['text', 'number', 'date', 'list', 'checkbox', 'link'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/** What an attribute describes: the person (kept across their conversations) or one conversation. */
export const ATTRIBUTE_SCOPES = ['contact', 'conversation'] as const;
export type AttributeScope = (typeof ATTRIBUTE_SCOPES)[number];

/** Who set a value: a staff member (inbox or admin API), the site's backend (a signed `identify`), or the page. */
export const ATTRIBUTE_SOURCES = ['staff', 'signed', 'visitor'] as const;
export type AttributeSource = (typeof ATTRIBUTE_SOURCES)[number];

/** The bounds of attributes: per site, per list, per value. */
export const ATTRIBUTE_LIMITS = {
  /** Definitions per site, archived ones included. */
  definitions: 100,
  /** Options of a list attribute. */
  options: 50,
  /** Characters of a list option. */
  optionLength: 100,
  /** Characters of a text value. */
  textLength: 1000,
  /** Characters of a link. */
  linkLength: 2000,
  /** Attributes in one `identify()` (more are refused whole). */
  identify: 50,
} as const;

const oneOf = <const Values extends readonly [string, ...string[]]>(values: Values) =>
  z.enum(values, { error: `one of ${values.join(', ')}` });

/** A key: a stable slug, unique per site and scope; what the API, `identify()`, filters and rules name. */
export const AttributeKey = z
  .string()
  .check(
    z.regex(/^[a-z][a-z0-9_]{0,39}$/, { error: 'a slug: a lower-case letter, then letters, digits or _ (at most 40)' }),
    doc({ description: 'A stable slug, unique per site and scope (`plan`, `seat_count`).', example: 'plan' }),
  );

const AttributeLabel = z
  .string()
  .check(z.trim(), z.minLength(1, { error: 'an empty label' }), z.maxLength(100, { error: 'at most 100 characters' }));
const AttributeDescription = z.string().check(z.trim(), z.maxLength(500, { error: 'at most 500 characters' }));
const AttributeOption = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, { error: 'an empty option' }),
    z.maxLength(ATTRIBUTE_LIMITS.optionLength, { error: `at most ${ATTRIBUTE_LIMITS.optionLength} characters` }),
  );
const AttributeOptions = z.array(AttributeOption).check(
  z.maxLength(ATTRIBUTE_LIMITS.options, { error: `at most ${ATTRIBUTE_LIMITS.options} options` }),
  z.refine((options) => new Set(options.map((option) => option.toLowerCase())).size === options.length, {
    error: 'the options repeat one another',
  }),
  doc({ description: 'A list attribute’s choices, in the order offered (only for `list`).' }),
);

/** `POST /v1/admin/attributes`. */
export const AttributeDefinitionCreate = z
  .strictObject({
    key: AttributeKey,
    label: AttributeLabel,
    type: oneOf(ATTRIBUTE_TYPES),
    scope: oneOf(ATTRIBUTE_SCOPES),
    description: z.optional(AttributeDescription),
    options: z.optional(AttributeOptions),
  })
  .check(
    doc({
      example: { key: 'plan', label: 'Plan', type: 'list', scope: 'contact', options: ['Free', 'Pro', 'Enterprise'] },
    }),
  );

/**
 * `PATCH /v1/admin/attributes/{id}`: what may change (the key, type and scope never do). Options may be added,
 * reordered or renamed; values of an option that is removed are kept but no longer offered.
 */
export const AttributeDefinitionPatch = z
  .strictObject({
    label: z.optional(AttributeLabel),
    description: z.optional(z.nullable(AttributeDescription)),
    options: z.optional(AttributeOptions),
    position: z.optional(
      z.int().check(z.gte(0), z.lte(1000), doc({ description: 'Where it is listed (smaller first).' })),
    ),
    archived: z.optional(
      z
        .boolean()
        .check(doc({ description: 'Hidden from the panel, filters, rules and `identify()`; its values are kept.' })),
    ),
  })
  .check(doc({ example: { label: 'Plan tier', options: ['Free', 'Pro', 'Business', 'Enterprise'] } }));

/** An attribute's definition, as the admin API shows it. */
export const AttributeDefinition = z.object({
  id: z.string(),
  key: z.string(),
  label: z.string(),
  type: z.enum(ATTRIBUTE_TYPES),
  scope: z.enum(ATTRIBUTE_SCOPES),
  description: z.nullable(z.string()),
  options: z.array(z.string()),
  position: z.int(),
  archived: z.boolean(),
  createdAt: z.int(),
  updatedAt: z.int(),
});

/** `GET /v1/admin/attributes`: the site's definitions, contact ones first, each scope by position. */
export const AttributeDefinitionList = z.object({ items: z.array(AttributeDefinition) });

/**
 * A value on the wire: a string (text, date as `YYYY-MM-DD`, a list's option, a link), a number, or a boolean
 * (checkbox). {@link checkAttributeValue} checks it against its definition.
 */
export const AttributeInput = z.union([
  z
    .string()
    .check(z.maxLength(ATTRIBUTE_LIMITS.linkLength, { error: `at most ${ATTRIBUTE_LIMITS.linkLength} characters` })),
  z.number(),
  z.boolean(),
]);
export type AttributeInput = z.output<typeof AttributeInput>;

/**
 * `PATCH /v1/admin/contacts/{id}/attributes` and `…/conversations/{id}/attributes`: values by key; `null` clears
 * one. All are checked before any is written: one bad value changes nothing.
 */
export const AttributeValuesPatch = z
  .strictObject({
    values: z.record(z.string().check(z.maxLength(40)), z.nullable(AttributeInput)).check(
      z.refine((values) => Object.keys(values).length >= 1 && Object.keys(values).length <= 100, {
        error: 'between 1 and 100 values',
      }),
    ),
  })
  .check(doc({ example: { values: { plan: 'Pro', seat_count: 12, renews_on: '2027-01-31', churn_risk: null } } }));

/** One attribute's value on a contact or a conversation. */
export const AttributeValue = z.object({
  key: z.string(),
  value: z.union([z.string(), z.number(), z.boolean()]),
  verified: z.boolean().check(
    doc({
      description: 'False for a value the page gave without the site’s signature (`identify()` unsigned): a claim.',
    }),
  ),
  source: z.enum(ATTRIBUTE_SOURCES),
  updatedAt: z.int(),
  updatedBy: z.nullable(z.string().check(doc({ description: 'The staff member’s name, when staff set it.' }))),
});

/** The values of one contact or conversation (only those set, of definitions not archived). */
export const AttributeValues = z.object({
  scope: z.enum(ATTRIBUTE_SCOPES),
  id: z.string().check(doc({ description: 'The contact’s or the conversation’s id.' })),
  items: z.array(AttributeValue),
});

/**
 * `GET /v1/admin/conversations/{id}/attributes`: the conversation's own values and its contact's, with the
 * definitions to show them by (the visitor panel's one read).
 */
export const ConversationAttributes = z.object({
  definitions: z.array(AttributeDefinition),
  contact: AttributeValues,
  conversation: AttributeValues,
});

/** Comparisons a filter or a rule makes, by the attribute's type ({@link attributeOpsFor}). */
export const ATTRIBUTE_OPS = ['is', 'is_not', 'contains', 'gt', 'lt', 'is_set', 'not_set'] as const;
export type AttributeOp = (typeof ATTRIBUTE_OPS)[number];

/** The comparisons that make sense for a type. */
export function attributeOpsFor(type: AttributeType): readonly AttributeOp[] {
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
  }
}

/**
 * Which values the conversation list's attribute criteria and its search read (its `attributeValues` parameter):
 * `all` (the default), or `verified` only, where a visitor's unsigned claim counts as not set.
 */
export const ATTRIBUTE_VALUES = ['all', 'verified'] as const;

/**
 * A filter on one attribute: what the conversation list's `attribute` parameter says (with `attributeValues=verified`
 * when `verified`), and what a saved view keeps. `value` is the text of the value (`Pro`, `12`, `2027-01-31`,
 * `true`), absent for `is_set` and `not_set`.
 */
export const AttributeFilter = z
  .strictObject({
    scope: oneOf(ATTRIBUTE_SCOPES),
    key: AttributeKey,
    op: oneOf(ATTRIBUTE_OPS),
    value: z.optional(z.string().check(z.maxLength(ATTRIBUTE_LIMITS.linkLength))),
    verified: z.optional(
      z.boolean().check(
        doc({
          description:
            'Verified values only: a value the page gave without the site’s signature (an unsigned `identify()`, a claim) counts as not set, as in a rule’s condition. Default false.',
        }),
      ),
    ),
  })
  .check(
    z.refine((filter) => (filter.op === 'is_set' || filter.op === 'not_set') === (filter.value === undefined), {
      error: 'a value for every comparison but is_set and not_set, and none for those',
    }),
    doc({ example: { scope: 'contact', key: 'plan', op: 'is', value: 'Pro' } }),
  );
export type AttributeFilter = z.output<typeof AttributeFilter>;

/**
 * An {@link AttributeFilter} as the `attribute` query parameter writes it: `<scope>.<key>:<op>[:<value>]`, e.g.
 * `contact.plan:is:Pro`, `conversation.seats:gt:10`, `contact.vip:is_set`. The value is the rest of the text
 * (it may hold `:`); percent-encode it in the URL like any parameter.
 */
export function formatAttributeFilter(filter: AttributeFilter): string {
  const head = `${filter.scope}.${filter.key}:${filter.op}`;
  return filter.value === undefined ? head : `${head}:${filter.value}`;
}

/**
 * An {@link AttributeFilter} as the conversation list's parameters say it: `attribute` ({@link formatAttributeFilter}),
 * and `attributeValues: 'verified'` for a verified-only one.
 */
export function attributeFilterParams(filter: AttributeFilter): { attribute: string; attributeValues?: 'verified' } {
  const attribute = formatAttributeFilter(filter);
  return filter.verified ? { attribute, attributeValues: 'verified' } : { attribute };
}

/** Reads back {@link formatAttributeFilter}'s text; `undefined` when it is not one. */
export function parseAttributeFilter(text: string): AttributeFilter | undefined {
  const match = /^(contact|conversation)\.([a-z][a-z0-9_]{0,39}):([a-z_]+)(?::([\s\S]*))?$/.exec(text);
  if (!match) return undefined;
  const parsed = AttributeFilter.safeParse({
    scope: match[1],
    key: match[2],
    op: match[3],
    ...(match[4] === undefined ? {} : { value: match[4] }),
  });
  return parsed.success ? parsed.data : undefined;
}

/** `GET /v1/admin/attributes/{id}/breakdown`: conversations by the value of a list or checkbox attribute. */
export const AttributeBreakdown = z.object({
  attribute: AttributeDefinition,
  range: z.object({ from: z.int(), to: z.int() }),
  items: z
    .array(z.object({ value: z.union([z.string(), z.boolean()]), count: z.int() }))
    .check(doc({ description: 'Conversations created in the range, per value (every option, in order; zeros kept).' })),
  unset: z.int().check(doc({ description: 'Conversations created in the range without a value.' })),
});

/** What an admin API caller stored: `{ text, num }`, the canonical text and the number it sorts by. */
export interface StoredAttribute {
  /** Canonical text: the text, the number as JS writes it, `YYYY-MM-DD`, the option as defined, `true`/`false`. */
  readonly text: string;
  /** The number (numbers), ms since the epoch at UTC midnight (dates), 1/0 (checkboxes); `null` otherwise. */
  readonly num: number | null;
}

/** What a value of a definition must be, as {@link checkAttributeValue} checks it. */
export interface AttributeShape {
  readonly type: AttributeType;
  readonly options: readonly string[];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Checks a value against its definition's type and makes it canonical: a number is a finite number (or its text),
 * a date is an ISO date `YYYY-MM-DD` that exists, a list value is one of its options (matched without regard to
 * case, stored as defined), a checkbox is a boolean (or `true`/`false`), a link is an http(s) address. Returns why
 * not (a phrase to follow the attribute's name) when it is not.
 */
export function checkAttributeValue(
  shape: AttributeShape,
  input: string | number | boolean,
): { readonly value: StoredAttribute } | { readonly error: string } {
  switch (shape.type) {
    case 'text': {
      if (typeof input !== 'string') return { error: 'must be a text' };
      const text = input.trim();
      if (text === '') return { error: 'must not be empty (send null to clear it)' };
      if (text.length > ATTRIBUTE_LIMITS.textLength)
        return { error: `must be at most ${ATTRIBUTE_LIMITS.textLength} characters` };
      return { value: { text, num: null } };
    }
    case 'number': {
      const num =
        typeof input === 'number' ? input : typeof input === 'string' && input.trim() !== '' ? Number(input) : NaN;
      if (!Number.isFinite(num) || Math.abs(num) > 1e15) return { error: 'must be a number' };
      return { value: { text: String(num), num } };
    }
    case 'date': {
      const match = typeof input === 'string' ? ISO_DATE.exec(input.trim()) : null;
      if (!match) return { error: 'must be a date, YYYY-MM-DD' };
      const num = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
      if (new Date(num).toISOString().slice(0, 10) !== match[0]) return { error: 'must be a date that exists' };
      return { value: { text: match[0], num } };
    }
    case 'list': {
      if (typeof input !== 'string') return { error: `must be one of: ${shape.options.join(', ')}` };
      const wanted = input.trim().toLowerCase();
      const option = shape.options.find((found) => found.toLowerCase() === wanted);
      if (option === undefined) return { error: `must be one of: ${shape.options.join(', ')}` };
      return { value: { text: option, num: null } };
    }
    case 'checkbox': {
      const flag = input === true || input === 'true' ? true : input === false || input === 'false' ? false : undefined;
      if (flag === undefined) return { error: 'must be true or false' };
      return { value: { text: String(flag), num: flag ? 1 : 0 } };
    }
    case 'link': {
      if (typeof input !== 'string') return { error: 'must be an http(s) address' };
      const text = input.trim();
      if (text.length > ATTRIBUTE_LIMITS.linkLength)
        return { error: `must be at most ${ATTRIBUTE_LIMITS.linkLength} characters` };
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        return { error: 'must be an http(s) address' };
      }
      if ((url.protocol !== 'http:' && url.protocol !== 'https:') || /\s/.test(text))
        return { error: 'must be an http(s) address' };
      return { value: { text, num: null } };
    }
  }
}

/** A stored value as the wire shows it: numbers as numbers, checkboxes as booleans, the rest as text. */
export function attributeWireValue(type: AttributeType, text: string): string | number | boolean {
  if (type === 'number') return Number(text);
  if (type === 'checkbox') return text === 'true';
  return text;
}

export type AttributeDefinitionCreate = z.input<typeof AttributeDefinitionCreate>;
export type AttributeDefinitionPatch = z.input<typeof AttributeDefinitionPatch>;
export type AttributeDefinition = z.output<typeof AttributeDefinition>;
export type AttributeDefinitionList = z.output<typeof AttributeDefinitionList>;
export type AttributeValuesPatch = z.input<typeof AttributeValuesPatch>;
export type AttributeValue = z.output<typeof AttributeValue>;
export type AttributeValues = z.output<typeof AttributeValues>;
export type ConversationAttributes = z.output<typeof ConversationAttributes>;
export type AttributeBreakdown = z.output<typeof AttributeBreakdown>;

/**
 * What a site's backend signs to vouch for the attributes it passes to `identify()`: `parley-attributes:v1`, the
 * user's id and the attributes as canonical JSON (keys sorted, no spaces, as `JSON.stringify` writes values), one
 * per line. The signature is HMAC-SHA256(identity secret, this text), hex, given as `attributesHash`
 * (docs/attributes.md has backend examples).
 */
export function attributesSigningText(
  userId: string,
  attributes: Readonly<Record<string, string | number | boolean | null>>,
): string {
  const sorted = Object.keys(attributes)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${JSON.stringify(attributes[key])}`);
  return `parley-attributes:v1\n${userId}\n{${sorted.join(',')}}`;
}
