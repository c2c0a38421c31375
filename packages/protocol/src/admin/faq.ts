import * as z from 'zod/mini';
import { NOT_VERBATIM, isVerbatim } from '../verbatim.js';
import { doc } from './document.js';

/** FAQ answers (issue #17): a site's entries, and a question tried against them. */

const text = (max: number, description: string) =>
  z
    .string()
    .check(z.minLength(1), z.maxLength(max), z.refine(isVerbatim, { error: NOT_VERBATIM }), doc({ description }));

const language = (description: string) =>
  z.string().check(z.regex(/^[a-z]{2,3}$/, { error: 'expected a language code such as en' }), doc({ description }));

const fields = {
  language: language(
    'The entry’s language (`en`, `fr`, `es`… ): visitors writing in it are matched against it, stemmed for it.',
  ),
  question: text(
    300,
    'The question, as the FAQ page shows it (and as a suggestion’s button, shortened to 40 characters).',
  ),
  answer: text(3000, 'What the bot answers.'),
  phrasings: z.array(text(300, 'Another way visitors ask it.')).check(z.maxLength(20)),
  keywords: z.array(text(64, 'A word that points to it (counts twice).')).check(z.maxLength(30)),
};

/** `POST /v1/admin/faq`. */
export const FaqCreate = z
  .strictObject({ ...fields, phrasings: z.optional(fields.phrasings), keywords: z.optional(fields.keywords) })
  .check(doc({ example: { language: 'en', question: 'Matrix?', answer: 'matrix' } }));

/** `PATCH /v1/admin/faq/{id}`: any of its fields; its counts stay. */
export const FaqPatch = z
  .strictObject({
    language: z.optional(fields.language),
    question: z.optional(fields.question),
    answer: z.optional(fields.answer),
    phrasings: z.optional(fields.phrasings),
    keywords: z.optional(fields.keywords),
  })
  .check(doc({ example: { answer: 'changed' } }));

/** `POST /v1/admin/faq/match`: a visitor's message. */
export const FaqMatchBody = z
  .strictObject({
    text: text(4000, 'The visitor’s message.'),
    language: z.optional(language('The visitor’s language; default: any.')),
  })
  .check(doc({ example: { text: 'matrix' } }));

const count = (description: string) => z.int().check(z.minimum(0), doc({ description }));

/** An FAQ entry with its counts. */
export const FaqEntry = z.object({
  id: z.string(),
  ...fields,
  counts: z.object({
    answered: count('Answers the bot gave with it.'),
    helpful: count('Visitors who said it helped (“Yes, thanks”).'),
    escalated: count('Visitors who asked for a person right after it (“Talk to a person”).'),
  }),
  createdAt: z.number(),
  updatedAt: z.number(),
});

/** `GET /v1/admin/faq`: the entries, oldest first, and the most a site keeps. */
export const FaqList = z.object({ items: z.array(FaqEntry), max: z.int() });

/** What the bot would make of a message. */
export const FaqMatch = z.object({
  answer: z.nullable(z.object({ id: z.string(), score: z.number().check(doc({ description: '0–1.' })) })),
  suggestions: z.array(z.string()).check(z.maxLength(3)),
});

export type FaqEntry = z.output<typeof FaqEntry>;
export type FaqCreate = z.input<typeof FaqCreate>;
export type FaqPatch = z.input<typeof FaqPatch>;
export type FaqMatch = z.output<typeof FaqMatch>;
