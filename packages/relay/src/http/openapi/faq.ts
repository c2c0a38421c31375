import { type Json, body, idParam, ok, operation } from './openapi-parts.js';

const text = (max: number, description: string): Json => ({
  type: 'string',
  minLength: 1,
  maxLength: max,
  description,
});
const language: Json = {
  type: 'string',
  pattern: '^[a-z]{2,3}$',
  description:
    'The entry’s language (`en`, `fr`, `es`… ): visitors writing in it are matched against it, stemmed for it.',
};
const fields: Record<string, Json> = {
  language,
  question: text(
    300,
    'The question, as the FAQ page shows it (and as a suggestion’s button, shortened to 40 characters).',
  ),
  answer: text(3000, 'What the bot answers.'),
  phrasings: { type: 'array', maxItems: 20, items: text(300, 'Another way visitors ask it.') },
  keywords: { type: 'array', maxItems: 30, items: text(64, 'A word that points to it (counts twice).') },
};
const count = (what: string): Json => ({ type: 'integer', minimum: 0, description: what });
const entry: Json = {
  type: 'object',
  required: ['id', 'language', 'question', 'answer', 'phrasings', 'keywords', 'counts', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string' },
    ...fields,
    counts: {
      type: 'object',
      required: ['answered', 'helpful', 'escalated'],
      properties: {
        answered: count('Answers the bot gave with it.'),
        helpful: count('Visitors who said it helped (“Yes, thanks”).'),
        escalated: count('Visitors who asked for a person right after it (“Talk to a person”).'),
      },
    },
    createdAt: { type: 'number' },
    updatedAt: { type: 'number' },
  },
};

/** FAQ answers (issue #17): the site's entries. (`admin-routes/faq.ts` serves them.) */
export const faqPaths: Record<string, Json> = {
  '/v1/admin/faq': {
    get: operation('FAQ entries', 'Oldest first, with their counts; `max` is the most a site keeps (1,000).', {
      tag: 'automations',
      adminOnly: true,
      responses: ok('The entries.', {
        type: 'object',
        required: ['items', 'max'],
        properties: { items: { type: 'array', items: entry }, max: { type: 'integer' } },
      }),
    }),
    post: operation(
      'Add an FAQ entry',
      'Answered from at once on this relay, within about 10 s on the others (when FAQ answers are on in the automations). Recorded in the audit log (`faq.create`).',
      {
        tag: 'automations',
        adminOnly: true,
        requestBody: body({
          type: 'object',
          additionalProperties: false,
          required: ['language', 'question', 'answer'],
          properties: fields,
        }),
        conflict: true,
        responses: ok('Added.', entry, '201'),
      },
    ),
  },
  '/v1/admin/faq/match': {
    post: operation(
      'Try a question',
      'What the bot would make of a visitor’s message: the entry it answers with, or the entries it suggests (up to three). Stores nothing.',
      {
        tag: 'automations',
        adminOnly: true,
        requestBody: body({
          type: 'object',
          additionalProperties: false,
          required: ['text'],
          properties: {
            text: text(4000, 'The visitor’s message.'),
            language: { ...(language as Record<string, Json>), description: 'The visitor’s language; default: any.' },
          },
        }),
        responses: ok('The match.', {
          type: 'object',
          required: ['answer', 'suggestions'],
          properties: {
            answer: {
              type: ['object', 'null'],
              required: ['id', 'score'],
              properties: { id: { type: 'string' }, score: { type: 'number', description: '0–1.' } },
            },
            suggestions: { type: 'array', maxItems: 3, items: { type: 'string' } },
          },
        }),
      },
    ),
  },
  '/v1/admin/faq/{id}': {
    patch: operation('Change an FAQ entry', 'Any of its fields; its counts stay. Audited (`faq.update`).', {
      tag: 'automations',
      adminOnly: true,
      parameters: [idParam('FAQ entry')],
      requestBody: body({ type: 'object', additionalProperties: false, properties: fields }),
      notFound: true,
      responses: ok('Changed.', entry),
    }),
    delete: operation('Delete an FAQ entry', 'No longer answered or suggested. Audited (`faq.delete`).', {
      tag: 'automations',
      adminOnly: true,
      parameters: [idParam('FAQ entry')],
      notFound: true,
      responses: { '204': { description: 'Deleted.' } },
    }),
  },
};
