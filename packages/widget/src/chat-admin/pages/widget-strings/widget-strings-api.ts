import type { WidgetStrings, WidgetStringTexts } from '@parley/protocol/admin';
import { AreaApi } from '../../area-api.js';

/** The Widget words page's calls: the site's own words in its widget, per locale (issue #85). */
export class WidgetStringsApi extends AreaApi {
  /** Every locale's words the site changed (any member may read them). */
  get(): Promise<WidgetStrings> {
    return this.api.request('GET', '/widget-strings');
  }

  /**
   * Replaces the words of `locale`, whole (admins); none removes the locale. A refusal names the first wrong key
   * (`Invalid body.texts.typing: keep the placeholder {name}.`) or the locale (`Invalid locale: …`).
   */
  save(locale: string, texts: WidgetStringTexts): Promise<WidgetStrings> {
    return this.api.request('PUT', `/widget-strings/${encodeURIComponent(locale)}`, { texts });
  }
}
