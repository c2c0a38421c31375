import { AreaApi } from '../../area-api.js';
import type { SiteSettings } from '../../admin-types.js';

/** What {@link SiteSettingsApi.update} may change (each field optional; `null` takes the default). */
export interface SettingsPatch {
  retentionDays?: number | null;
  brandColor?: string | null;
  logoUrl?: string | null;
  require2fa?: boolean;
}

/** The site's settings (retention, colour, logo, required two-factor sign-in): the Site and Team pages, the inbox's Settings dialog. */
export class SiteSettingsApi extends AreaApi {
  get(): Promise<SiteSettings> {
    return this.api.request('GET', '/settings');
  }

  /** Changes them (admins). */
  update(patch: SettingsPatch): Promise<SiteSettings> {
    return this.api.request('PATCH', '/settings', patch);
  }
}
