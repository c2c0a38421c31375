import * as z from 'zod/mini';
import { PRECHAT_FIELD_TYPES, PRECHAT_KEY, PRECHAT_LIMITS } from '../prechat-check.js';
import { doc } from './document.js';

/** When a site's form is shown: before every first message, or only while the site is outside its business hours. */
export const PRECHAT_WHEN = ['always', 'outside-hours'] as const;
export type PrechatWhen = (typeof PRECHAT_WHEN)[number];

const Label = z
  .string()
  .check(
    z.minLength(1, { error: 'must not be empty' }),
    z.maxLength(PRECHAT_LIMITS.labelLength, { error: `must be at most ${PRECHAT_LIMITS.labelLength} characters` }),
  );

/** One field of the form, as the site saves it. */
export const PrechatFormField = z
  .strictObject({
    key: z.string().check(
      z.regex(PRECHAT_KEY, { error: 'name, email, phone or attribute:<key> (a contact attribute’s key)' }),
      doc({
        description:
          'What the field fills: the contact’s `name`, `email` or `phone`, or a contact attribute (`attribute:plan`, defined under Attributes). Each key once.',
      }),
    ),
    labels: z.optional(
      z
        .record(z.string().check(z.regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, { error: 'a language tag' })), Label)
        .check(
          doc({
            description: `The field’s label by locale tag (\`fr\`, \`pt-BR\`; at most ${PRECHAT_LIMITS.locales}): a visitor sees their locale’s, else their language’s, else \`en\`’s, else the widget’s own word for name, email and phone, else the attribute’s key.`,
          }),
        ),
    ),
    type: z.enum(PRECHAT_FIELD_TYPES, { error: `one of ${PRECHAT_FIELD_TYPES.join(', ')}` }).check(
      doc({
        description:
          '`text` (name, email and phone are text; an attribute of type text, number, date or link), `choice` (one of `options`: a list attribute) or `checkbox` (a checkbox attribute).',
      }),
    ),
    options: z.optional(
      z
        .array(
          z.string().check(
            z.minLength(1, { error: 'must not be empty' }),
            z.maxLength(PRECHAT_LIMITS.optionLength, {
              error: `must be at most ${PRECHAT_LIMITS.optionLength} characters`,
            }),
          ),
        )
        .check(
          z.maxLength(PRECHAT_LIMITS.options, { error: `at most ${PRECHAT_LIMITS.options} options` }),
          doc({ description: 'A choice’s options, in order: each one of the list attribute’s options.' }),
        ),
    ),
    required: z.optional(
      z.boolean().check(doc({ description: 'The visitor cannot start without it (a checkbox: without ticking it).' })),
    ),
  })
  .check(
    doc({
      example: {
        key: 'attribute:plan',
        labels: { en: 'Plan', fr: 'Formule' },
        type: 'choice',
        options: ['Free', 'Pro'],
        required: true,
      },
    }),
  );
export type PrechatFormField = z.output<typeof PrechatFormField>;

/**
 * `PUT /v1/admin/prechat-form`: the site's pre-chat form, whole. No field: the site has no form of its own (the embed's
 * `prechat` attribute decides).
 */
export const PrechatFormPut = z
  .strictObject({
    when: z.enum(PRECHAT_WHEN, { error: `one of ${PRECHAT_WHEN.join(', ')}` }).check(
      doc({
        description:
          '`always`: before a visitor’s first message; `outside-hours`: only while the site is outside its business hours (never on a site that keeps none).',
      }),
    ),
    fields: z
      .array(PrechatFormField)
      .check(
        z.maxLength(PRECHAT_LIMITS.fields, { error: `at most ${PRECHAT_LIMITS.fields} fields` }),
        doc({ description: 'The fields, in the order shown.' }),
      ),
  })
  .check(
    doc({
      example: {
        when: 'always',
        fields: [
          { key: 'name', type: 'text', required: true },
          { key: 'email', type: 'text', required: true },
          { key: 'attribute:plan', labels: { fr: 'Formule' }, type: 'choice', options: ['Free', 'Pro'] },
        ],
      },
    }),
  );
export type PrechatFormPut = z.output<typeof PrechatFormPut>;

/** `GET /v1/admin/prechat-form`: the site's form (no field: none), and when it was last saved. */
export const PrechatForm = z.object({
  when: z.enum(PRECHAT_WHEN),
  fields: z.array(PrechatFormField),
  updatedAt: z.optional(z.number().check(doc({ description: 'When it was last saved (ms since the epoch).' }))),
});
export type PrechatForm = z.output<typeof PrechatForm>;

export { PRECHAT_FIELD_TYPES, PRECHAT_KEY, PRECHAT_LIMITS, prechatProblem } from '../prechat-check.js';
export type { PrechatFieldType, PrechatProblem } from '../prechat-check.js';
