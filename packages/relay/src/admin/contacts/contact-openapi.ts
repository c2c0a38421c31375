import { Contact, ContactEmail, ContactExport, ContactPage, ContactPatch } from '@parley/protocol/admin';
import { type Json, body, idParam, limit, ok, operation, query } from '../../http/openapi/openapi-parts.js';

/** Contacts. (`contact-routes.ts` serves them.) */
export const contactPaths = (): Record<string, Json> => ({
  '/v1/admin/contacts': {
    get: operation(
      'List or search contacts',
      'Most recently seen first. `q` is an exact email (when it contains `@`, matched through the keyed hash), or a name substring or contact id.',
      {
        tag: 'contacts',
        parameters: [
          query('q', 'Email, name or id.', { type: 'string', maxLength: 200 }),
          query('cursor', 'The `nextCursor` of the previous page.', { type: 'string' }),
          limit(25, 100),
        ],
        responses: ok('A page of contacts.', ContactPage),
      },
    ),
  },
  '/v1/admin/contacts/{id}': {
    get: operation('One contact', 'With their conversation ids.', {
      tag: 'contacts',
      parameters: [idParam('contact')],
      notFound: true,
      responses: ok('The contact.', Contact),
    }),
    patch: operation(
      'Edit a contact',
      'Changes the fields given: the name (empty removes it), the email, the team’s notes, and whether the contact agreed to receive broadcasts (segment `subscribed`). The body is checked whole first: a bad field is a 400 naming it, and nothing changes. A name or an email set here is kept when the visitor’s page later says otherwise. Open inboxes receive the contact’s conversations again (`conversation` frames). Audited as `contact.update` with the names of the fields changed, never their values.',
      {
        tag: 'contacts',
        parameters: [idParam('contact')],
        requestBody: body(ContactPatch),
        notFound: true,
        responses: ok('The contact.', Contact),
      },
    ),
    delete: operation(
      'Erase a contact',
      'Deletes the contact, their visitor record, every conversation and message of theirs (search index included) and their broadcast targets. Rows are removed, not flagged. Audit entries keep only ids.',
      {
        tag: 'contacts',
        adminOnly: true,
        parameters: [idParam('contact')],
        notFound: true,
        responses: { '204': { description: 'Erased.' } },
      },
    ),
  },
  '/v1/admin/contacts/{id}/reveal': {
    post: operation('Reveal an email', 'The contact’s email in clear. Every reveal is in the audit log.', {
      tag: 'contacts',
      parameters: [idParam('contact')],
      notFound: true,
      responses: ok('The email.', ContactEmail),
    }),
  },
  '/v1/admin/contacts/{id}/export': {
    get: operation(
      'Export everything held about a contact',
      'For access and portability requests: the contact (email decrypted), their visitor record, conversations, every message (notes included), broadcast targets and the audit entries about them. Stricter rate limit. Audited.',
      {
        tag: 'contacts',
        adminOnly: true,
        parameters: [idParam('contact')],
        notFound: true,
        responses: ok('The export.', ContactExport),
      },
    ),
  },
});
