import { AdminApiError } from '../../src/chat-admin/chat-admin.js';
import {
  isWidgetStringKey,
  widgetStringLocale,
  widgetStringProblem,
  type WidgetStrings,
  type WidgetStringTexts,
} from '@parley/protocol/admin';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** The site's own words in its widget (`/widget-strings`), checked as the relay checks them, in the fake admin API. */
export function withWidgetStrings<B extends FakeBase>(Base: B) {
  return class extends Base {
    widgetWords: Record<string, WidgetStringTexts> = {};
    /** Each save, as `[locale, texts]`. */
    savedWidgetWords: [string, WidgetStringTexts][] = [];

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /widget-strings': async (): Promise<WidgetStrings> => ({ locales: structuredClone(this.widgetWords) }),
        'PUT /widget-strings/{locale}': async (c): Promise<WidgetStrings> => {
          if (this.role === 'agent') throw new AdminApiError('forbidden', 'Admins only.', 403);
          const locale = widgetStringLocale(decodeURIComponent(c.params[0]!));
          if (!locale) throw new AdminApiError('bad_request', 'Invalid locale: not a language tag.', 400);
          const { texts } = c.body as { texts: Record<string, string> };
          for (const [key, text] of Object.entries(texts)) {
            if (!isWidgetStringKey(key))
              throw new AdminApiError('bad_request', `Invalid body.texts.${key}: not a widget string.`, 400);
            const problem = widgetStringProblem(key, text);
            if (problem) throw new AdminApiError('bad_request', `Invalid body.texts.${key}: ${problem}.`, 400);
          }
          this.savedWidgetWords.push([locale, structuredClone(texts)]);
          if (Object.keys(texts).length === 0) delete this.widgetWords[locale];
          else this.widgetWords[locale] = structuredClone(texts);
          return { locales: structuredClone(this.widgetWords) };
        },
      } satisfies FakeRoutes);
    }
  };
}
