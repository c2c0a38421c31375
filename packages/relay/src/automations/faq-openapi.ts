import { FaqCreate, FaqEntry, FaqList, FaqMatch, FaqMatchBody, FaqPatch } from '@parley/protocol/admin';
import { type Json, body, idParam, ok, operation } from '../http/openapi/openapi-parts.js';

/** FAQ answers (issue #17): the site's entries. (`faq-routes.ts` serves them.) */
export const faqPaths = (): Record<string, Json> => ({
  '/v1/admin/faq': {
    get: operation('FAQ entries', 'Oldest first, with their counts; `max` is the most a site keeps (1,000).', {
      tag: 'automations',
      adminOnly: true,
      responses: ok('The entries.', FaqList),
    }),
    post: operation(
      'Add an FAQ entry',
      'Answered from at once on this relay, within about 10 s on the others (when FAQ answers are on in the automations). Recorded in the audit log (`faq.create`).',
      {
        tag: 'automations',
        adminOnly: true,
        requestBody: body(FaqCreate),
        conflict: true,
        responses: ok('Added.', FaqEntry, '201'),
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
        requestBody: body(FaqMatchBody),
        responses: ok('The match.', FaqMatch),
      },
    ),
  },
  '/v1/admin/faq/{id}': {
    patch: operation('Change an FAQ entry', 'Any of its fields; its counts stay. Audited (`faq.update`).', {
      tag: 'automations',
      adminOnly: true,
      parameters: [idParam('FAQ entry')],
      requestBody: body(FaqPatch),
      notFound: true,
      responses: ok('Changed.', FaqEntry),
    }),
    delete: operation('Delete an FAQ entry', 'No longer answered or suggested. Audited (`faq.delete`).', {
      tag: 'automations',
      adminOnly: true,
      parameters: [idParam('FAQ entry')],
      notFound: true,
      responses: { '204': { description: 'Deleted.' } },
    }),
  },
});
