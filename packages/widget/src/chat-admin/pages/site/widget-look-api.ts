import type { WidgetLook } from '@parley/protocol/admin';
import { AreaApi } from '../../area-api.js';

export type { WidgetLook };

/** The widget's look (theme, side, pre-chat form), which the site's loader sets on every page: the Site page. */
export class WidgetLookApi extends AreaApi {
  get(): Promise<WidgetLook> {
    return this.api.request('GET', '/widget-look');
  }

  /** Replaces it (admins); `null` fields take the widget's default. */
  save(look: WidgetLook): Promise<WidgetLook> {
    return this.api.request('PUT', '/widget-look', look);
  }
}
