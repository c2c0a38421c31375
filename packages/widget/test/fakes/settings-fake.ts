import { AdminApiError, type SettingsPatch } from '../../src/chat-admin/chat-admin.js';
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

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /settings': () => this.settings(),
        'PATCH /settings': (c) => this.updateSettings(c.body as SettingsPatch),
      } satisfies FakeRoutes);
    }
  };
}
