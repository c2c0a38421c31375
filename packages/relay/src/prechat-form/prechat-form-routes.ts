import { PrechatForm, PrechatFormPut } from '@parley/protocol/admin';
import { ApiError } from '../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';
import { PrechatRefusal, type PrechatForms } from './prechat-forms.js';

function formsOf(call: Call): PrechatForms {
  const forms = call.use('prechat-form');
  if (!forms) throw new ApiError('not_found', 'The pre-chat form is not part of this relay.');
  return forms;
}

/** The site's pre-chat form (docs/prechat-form.md): any member reads it, those who manage settings change it. */
export const prechatFormRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/prechat-form',
    doc: {
      summary: 'The site’s pre-chat form',
      description:
        'The fields a visitor is asked before their first message (name, email, phone, contact attributes), in order, and when (`always`, or `outside-hours` only). No field: the site has none, and the embed’s `prechat` attribute decides.',
      tag: 'settings',
      responses: ok('The form.', PrechatForm),
    },
    run: async (call) => {
      const { form, updatedAt } = await formsOf(call).get(call.site.id);
      return { status: 200, body: { ...form, ...(updatedAt !== undefined ? { updatedAt } : {}) } };
    },
  }),
  adminRoute({
    method: 'PUT',
    path: '/v1/admin/prechat-form',
    permission: 'settings.manage',
    requestBody: PrechatFormPut,
    doc: {
      summary: 'Set the site’s pre-chat form',
      description:
        'Replaces the form, whole (`{"when": "always", "fields": []}` removes it). Each field is checked: a key asked twice, a choice without options (or options on another type), a type that does not fit what the field fills (name, email and phone are text; a list attribute is a choice of its options, a checkbox attribute a checkbox), a contact attribute the site does not define (`phone` is the contact attribute `phone`) is refused (400, naming the field), and nothing changes. Visitors who connect to this relay see it at once; through another relay within 30 seconds. Audited (`prechat-form.update`).',
      tag: 'settings',
      responses: ok('Saved: the form.', PrechatForm),
    },
    run: async (call) => {
      const forms = formsOf(call);
      try {
        await forms.put(call.site.id, call.body);
      } catch (error) {
        if (error instanceof PrechatRefusal)
          throw new ApiError('bad_request', `Invalid body.${error.field}: ${error.message}.`);
        throw error;
      }
      await audit(call, 'prechat-form.update', 'site', call.site.id, {
        when: call.body.when,
        keys: call.body.fields.map((field) => field.key),
      });
      const { form, updatedAt } = await forms.get(call.site.id);
      return { status: 200, body: { ...form, ...(updatedAt !== undefined ? { updatedAt } : {}) } };
    },
  }),
];
