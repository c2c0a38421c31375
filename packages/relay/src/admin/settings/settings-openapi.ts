import { Settings, SettingsPatch } from '@parley/protocol/admin';
import { type Json, body, ok, operation } from '../../http/openapi/openapi-parts.js';

/** Site settings. (`settings-routes.ts` serves them.) */
export const settingsPaths = (): Record<string, Json> => ({
  '/v1/admin/settings': {
    get: operation(
      "The site's settings",
      'The retention period: conversations last active longer ago than it, and contacts with nothing left last seen before it, are erased by the relay (as completely as a contact erasure), about once an hour. Each run that erased something is in the audit log (`retention.erase`, counts only).',
      { tag: 'settings', responses: ok('The settings.', Settings) },
    ),
    patch: operation(
      'Change the site settings',
      'Set `retentionDays` (null: the relay default, 0: keep for ever), `brandColor` (null: Parley’s), `logoUrl` (null: none) or `require2fa`. A member without two-factor cannot turn `require2fa` on (409 `conflict`: they would lock themselves out). Audited (`settings.update`).',
      {
        tag: 'settings',
        adminOnly: true,
        requestBody: body(SettingsPatch),
        responses: ok('The settings now.', Settings),
      },
    ),
  },
});
