import * as z from 'zod/mini';
import { doc } from './document.js';

/** Site settings: how long conversations are kept, the colour and logo of its emails, two-factor for members. */

const Days = z.int().check(z.gte(0), z.lte(36_500));
const days = (description: string) => Days.check(doc({ description }));
const daysOrNull = (description: string) => z.nullable(Days).check(doc({ description }));

const BrandColor = z.nullable(z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/, 'must be #rrggbb'))).check(
  doc({
    description:
      "The site's colour (`#rrggbb`): the widget's accent on pages that load the site's loader (`/widget.js?site=<site key>`), and the emails' colour; null for Parley's.",
  }),
);

/**
 * A logo: an `https:` address without credentials (it goes into emails, read by mail clients from anywhere, and an
 * `http:` one would be blocked or warned about).
 */
const LogoUrl = z
  .nullable(
    z.string().check(
      z.maxLength(2048),
      z.refine((value) => {
        try {
          const url = new URL(value);
          return url.protocol === 'https:' && url.username === '' && url.password === '' && url.href === value;
        } catch {
          return false;
        }
      }, 'must be an https:// address, without user or password, written in full (e.g. https://example.com/logo.png)'),
      doc({ format: 'uri' }),
    ),
  )
  .check(
    doc({
      description:
        "The site's logo, shown above the emails the relay sends: an `https://` address without user or password; null for none. The widget shows no logo (it has no place for one).",
    }),
  );

/** `PATCH /v1/admin/settings`: what changes. */
export const SettingsPatch = z
  .strictObject({
    retentionDays: z.optional(daysOrNull('Days; null takes the relay default, 0 keeps for ever.')),
    brandColor: z.optional(BrandColor),
    require2fa: z.optional(z.boolean()),
    logoUrl: z.optional(LogoUrl),
  })
  .check(doc({ example: { retentionDays: null } }));

/** The settings: what the site set, and what applies (the relay's default when unset). */
export const Settings = z.object({
  retentionDays: daysOrNull("The site's retention period in days; null takes the relay's default, 0 keeps for ever."),
  defaultRetentionDays: days('The relay default (`PARLEY_RETENTION_DAYS`); 0 keeps for ever.'),
  effectiveRetentionDays: days('The period that applies; 0 keeps for ever.'),
  brandColor: BrandColor,
  logoUrl: LogoUrl,
  require2fa: z.optional(
    z.boolean().check(
      doc({
        description:
          'Members must use two-factor authentication: until they set it up, their session may only call `/v1/auth/*` (staff routes answer 403 `2fa_required`).',
      }),
    ),
  ),
});

export type Settings = z.output<typeof Settings>;
export type SettingsPatch = z.input<typeof SettingsPatch>;
