import {
  widgetStringProblem,
  type WidgetStringKey,
  WidgetStrings,
  WidgetStringsPut,
  type WidgetStringTexts,
} from '@parley/protocol/admin';
import { ApiError } from '../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../features/admin-routes/admin-route.js';
import { ok, type Json } from '../http/openapi/openapi-parts.js';
import { WidgetStringsRefusal, type WidgetStringOverrides } from './widget-strings.js';

function overridesOf(call: Call): WidgetStringOverrides {
  const overrides = call.use('widget-strings');
  if (!overrides) throw new ApiError('not_found', 'The widget strings are not part of this relay.');
  return overrides;
}

const localeParam: Json = {
  name: 'locale',
  in: 'path',
  required: true,
  description:
    'The locale’s language tag (`de`, `pt-BR`), as the widget resolves it; any case (`pt-br` is saved as `pt-BR`).',
  schema: { type: 'string', maxLength: 35 },
};

/**
 * The texts of a body (their keys the catalogue's, their lengths bounded: the body's schema), each checked against
 * its key: the first wrong one is refused naming it (`Invalid body.texts.typing: keep the placeholder {name}.`),
 * before anything is saved.
 */
export function checkedTexts(texts: WidgetStringTexts): WidgetStringTexts {
  for (const [key, text] of Object.entries(texts) as [WidgetStringKey, string][]) {
    const problem = widgetStringProblem(key, text);
    if (problem) throw new ApiError('bad_request', `Invalid body.texts.${key}: ${problem}.`);
  }
  return texts;
}

/** The site's own words in its widget (the widget README, "A site's own words"): any member reads them, admins change them. */
export const widgetStringsRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/widget-strings',
    doc: {
      summary: 'The widget’s words, as the site changed them',
      description:
        'Per locale, the keys of the catalogue the site overrides (`WIDGET_STRINGS` in `@parley/protocol`) and their texts; every other word is the widget’s own. A visitor’s `welcome` carries those of their locale (else of its language, `pt-BR` → `pt`).',
      tag: 'settings',
      responses: ok('The words.', WidgetStrings),
    },
    run: async (call) => ({ status: 200, body: { locales: await overridesOf(call).get(call.site.id) } }),
  }),
  adminRoute({
    method: 'PUT',
    path: '/v1/admin/widget-strings/{locale}',
    permission: 'settings.manage',
    requestBody: WidgetStringsPut,
    doc: {
      summary: 'Set the widget’s words of a locale',
      description:
        'Replaces the site’s words of the locale, whole: a key left out shows the widget’s own word again, and `{"texts": {}}` removes the locale. Each text is checked against its key: a key the catalogue lacks, a placeholder lost or added, a text too long, empty or holding control characters is refused (400, naming the key), and nothing changes. Texts are shown as text, never as markup. Visitors who connect to this relay see them at once; through another relay within 30 seconds. At most 60 locales. Audited (`widget-strings.update`).',
      tag: 'settings',
      parameters: [localeParam],
      responses: ok('Saved: every locale’s words.', WidgetStrings),
    },
    run: async (call) => {
      const overrides = overridesOf(call);
      const texts = checkedTexts(call.body.texts);
      let locale: string;
      try {
        locale = await overrides.put(call.site.id, call.params.locale ?? '', texts);
      } catch (error) {
        if (error instanceof WidgetStringsRefusal)
          throw new ApiError('bad_request', `Invalid ${error.field}: ${error.message}.`);
        throw error;
      }
      await audit(call, 'widget-strings.update', 'site', call.site.id, { locale, keys: Object.keys(texts) });
      return { status: 200, body: { locales: await overrides.get(call.site.id) } };
    },
  }),
];
