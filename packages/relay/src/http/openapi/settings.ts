import { type Json, body, ok, operation } from './openapi-parts.js';

const days = (description: string, nullable: boolean): Json => ({
  type: nullable ? ['integer', 'null'] : 'integer',
  minimum: 0,
  maximum: 36500,
  description,
});

const brandColor: Json = {
  type: ['string', 'null'],
  pattern: '^#[0-9a-fA-F]{6}$',
  description: "The site's colour in the emails the relay sends (`#rrggbb`); null for Parley's.",
};

const logoUrl: Json = {
  type: ['string', 'null'],
  format: 'uri',
  maxLength: 2048,
  description:
    "The site's logo, shown above the emails the relay sends: an `https://` address without user or password; null for none. The widget shows no logo (it has no place for one).",
};

const settings: Json = {
  type: 'object',
  required: ['retentionDays', 'defaultRetentionDays', 'effectiveRetentionDays', 'brandColor', 'logoUrl'],
  properties: {
    brandColor,
    logoUrl,
    retentionDays: days("The site's retention period in days; null takes the relay's default, 0 keeps for ever.", true),
    defaultRetentionDays: days('The relay default (`PARLEY_RETENTION_DAYS`); 0 keeps for ever.', false),
    effectiveRetentionDays: days('The period that applies; 0 keeps for ever.', false),
    require2fa: {
      type: 'boolean',
      description:
        'Members must use two-factor authentication: until they set it up, their session may only call `/v1/auth/*` (staff routes answer 403 `2fa_required`).',
    },
  },
};

/** Site settings. (`admin-routes/settings.ts` serves them.) */
export const settingsPaths: Record<string, Json> = {
  '/v1/admin/settings': {
    get: operation(
      "The site's settings",
      'The retention period: conversations last active longer ago than it, and contacts with nothing left last seen before it, are erased by the relay (as completely as a contact erasure), about once an hour. Each run that erased something is in the audit log (`retention.erase`, counts only).',
      { tag: 'settings', responses: ok('The settings.', settings) },
    ),
    patch: operation(
      'Change the site settings',
      'Set `retentionDays` (null: the relay default, 0: keep for ever), `brandColor` (null: Parley’s), `logoUrl` (null: none) or `require2fa`. A member without two-factor cannot turn `require2fa` on (409 `conflict`: they would lock themselves out). Audited (`settings.update`).',
      {
        tag: 'settings',
        adminOnly: true,
        requestBody: body({
          type: 'object',
          additionalProperties: false,
          properties: {
            retentionDays: days('Days; null takes the relay default, 0 keeps for ever.', true),
            brandColor,
            require2fa: { type: 'boolean' },
            logoUrl,
          },
        }),
        responses: ok('The settings now.', settings),
      },
    ),
  },
};
