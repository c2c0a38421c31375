import { AdminApiError, type SettingsPatch } from '../../src/chat-admin/chat-admin.js';
import type { WidgetLook } from '@parley/protocol/admin';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** The site's settings (`/settings`) of the fake admin API. */
export function withSettings<B extends FakeBase>(Base: B) {
  return class extends Base {
    settingsValue: {
      retentionDays: number | null;
      defaultRetentionDays: number;
      effectiveRetentionDays: number;
      require2fa?: boolean;
      brandColor?: string | null;
      logoUrl?: string | null;
    } = { retentionDays: null, defaultRetentionDays: 0, effectiveRetentionDays: 0, brandColor: null, logoUrl: null };

    async settings() {
      return { ...this.settingsValue };
    }

    settingsPatches: SettingsPatch[] = [];
    async updateSettings(patch: SettingsPatch) {
      this.settingsPatches.push(patch);
      if (patch.logoUrl && !patch.logoUrl.startsWith('https://'))
        throw new AdminApiError('bad_request', 'Invalid body.logoUrl: must be an https:// address.', 400);
      const retentionDays = patch.retentionDays === undefined ? this.settingsValue.retentionDays : patch.retentionDays;
      this.settingsValue = {
        ...this.settingsValue,
        ...patch,
        retentionDays,
        effectiveRetentionDays: retentionDays ?? this.settingsValue.defaultRetentionDays,
      };
      return { ...this.settingsValue };
    }

    /** The widget's look (`/widget-look`): what the Site page shows and saves. */
    lookValue: WidgetLook = { theme: null, position: null, prechat: null, replyTime: null };
    savedLooks: WidgetLook[] = [];

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /settings': () => this.settings(),
        'PATCH /settings': (c) => this.updateSettings(c.body as SettingsPatch),
        'GET /widget-look': async () => ({ ...this.lookValue }),
        'PUT /widget-look': async (c) => {
          const look = c.body as WidgetLook;
          if (look.theme !== null && !['light', 'dark', 'auto'].includes(look.theme))
            throw new AdminApiError('bad_request', 'Invalid body.theme: one of light, dark, auto, or null', 400);
          this.savedLooks.push(look);
          this.lookValue = { ...look };
          return { ...this.lookValue };
        },
      } satisfies FakeRoutes);
    }
  };
}
