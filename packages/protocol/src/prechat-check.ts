/*
 * The pre-chat form's bounds and the one check of a value against its field (issue #86), without zod: the widget's
 * form part (to show the error) and the relay (to refuse the `prechat` frame, naming the field) both run it, and the
 * widget's decoder reads the bounds (prechat-form.ts has the schemas).
 */

/** The bounds of a form and of what a visitor gives. */
export const PRECHAT_LIMITS = {
  /** Fields of one form. */
  fields: 12,
  /** Characters of a field's label (in one locale). */
  labelLength: 120,
  /** Options of a choice. */
  options: 20,
  /** Characters of an option. */
  optionLength: 100,
  /** Characters of a text value (a name, an email, a phone number, an attribute's text). */
  valueLength: 256,
  /** Locales of one field's labels. */
  locales: 40,
} as const;

/** How a field is asked: a line of text, one of its options, or a box to tick. */
export const PRECHAT_FIELD_TYPES = ['text', 'choice', 'checkbox'] as const;
export type PrechatFieldType = (typeof PRECHAT_FIELD_TYPES)[number];

/**
 * What a field fills: the contact's `name`, `email` or `phone`, or the contact attribute of a key
 * (`attribute:plan`, the site's definition, docs/attributes.md).
 */
export const PRECHAT_KEY = /^(?:name|email|phone|attribute:[a-z][a-z0-9_]{0,39})$/;

/** What the check reads of a field. */
export interface PrechatFieldShape {
  readonly key: string;
  readonly type: PrechatFieldType;
  readonly options?: readonly string[] | undefined;
  readonly required?: boolean | undefined;
}

/** Why a value does not fit its field (the widget words it in the visitor's language, the relay in English). */
export type PrechatProblem = 'required' | 'type' | 'length' | 'choice' | 'email' | 'phone';

/** An email address as the relay's `email` frame takes one: one address, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A phone number as people write them: digits with spaces, dots, dashes, brackets, a leading +; 5 to 20 digits. */
const PHONE = /^\+?[\d\s().-]{5,32}$/;

/**
 * Why `value` does not fit `field`, or undefined when it does (an absent, empty or unticked value fits a field that
 * is not required). Texts are compared trimmed.
 *
 * @example prechatProblem({ key: 'email', type: 'text', required: true }, 'ada@') // 'email'
 */
export function prechatProblem(
  field: PrechatFieldShape,
  value: string | boolean | undefined,
): PrechatProblem | undefined {
  if (value === undefined || value === false || (typeof value === 'string' && value.trim() === ''))
    return field.required ? 'required' : undefined;
  if (field.type === 'checkbox') return value === true ? undefined : 'type';
  if (typeof value !== 'string') return 'type';
  const text = value.trim();
  if (text.length > PRECHAT_LIMITS.valueLength) return 'length';
  if (field.type === 'choice') return field.options?.includes(text) ? undefined : 'choice';
  if (field.key === 'email' && !EMAIL.test(text)) return 'email';
  if (field.key === 'phone' && (!PHONE.test(text) || text.replace(/\D/g, '').length > 20)) return 'phone';
  return undefined;
}

/** A field of the form the welcome carries (`PrechatWireField` of prechat-form.ts, which has its schema). */
export interface PrechatFormFieldText extends PrechatFieldShape {
  readonly label?: string;
}

/**
 * The pre-chat form of a welcome (`welcome.prechat`, JSON text), read as `PrechatWireForm`'s schema reads it (unknown
 * members dropped), or undefined when it is not one: the widget's form part reads it, without zod.
 *
 * @example readPrechatForm('{"fields":[{"key":"name","type":"text","required":true}]}')?.fields[0]?.key // 'name'
 */
export function readPrechatForm(text: string): { fields: PrechatFormFieldText[] } | undefined {
  let form: unknown;
  try {
    form = JSON.parse(text);
  } catch {
    return undefined;
  }
  const fields = (form as { fields?: unknown } | null)?.fields;
  if (!Array.isArray(fields)) return undefined;
  const read: PrechatFormFieldText[] = [];
  for (const field of fields as unknown[]) {
    if (typeof field !== 'object' || field === null || Array.isArray(field)) return undefined;
    const { key, label, type, options, required } = field as Record<string, unknown>;
    if (typeof key !== 'string' || !(PRECHAT_FIELD_TYPES as readonly unknown[]).includes(type)) return undefined;
    if (label !== undefined && typeof label !== 'string') return undefined;
    if (required !== undefined && typeof required !== 'boolean') return undefined;
    if (options !== undefined && !(Array.isArray(options) && options.every((option) => typeof option === 'string')))
      return undefined;
    read.push({
      key,
      ...(label !== undefined ? { label } : {}),
      type: type as PrechatFieldType,
      ...(options !== undefined ? { options: options as string[] } : {}),
      ...(required !== undefined ? { required } : {}),
    });
  }
  return { fields: read };
}
