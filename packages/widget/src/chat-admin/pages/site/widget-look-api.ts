import type { WidgetLook } from '@parley/protocol/admin';
import { AreaApi } from '../../area-api.js';

export type { WidgetLook };

/**
 * The widget's look (theme, side, pre-chat form), which the site's loader sets on every page, and whether the
 * widget says how fast the site typically replies: the Site page.
 */
export class WidgetLookApi extends AreaApi {
  /** Every field (the relay answers `replyTime` too: null when never set). */
  get(): Promise<Required<WidgetLook>> {
    return this.api.request('GET', '/widget-look');
  }

  /** Replaces it (admins); `null` fields take the widget's default. */
  save(look: Required<WidgetLook>): Promise<Required<WidgetLook>> {
    return this.api.request('PUT', '/widget-look', look);
  }
}
