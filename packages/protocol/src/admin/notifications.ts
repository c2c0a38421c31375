import * as z from 'zod/mini';
import { doc, isAddress } from './document.js';

/** Staff members' email notifications: their address (kept encrypted) and whether they want them. */

/** `PATCH /v1/admin/me/notifications` (and an admin's `/v1/admin/tokens/{id}/notifications`). */
export const NotificationsPatch = z
  .strictObject({
    email: z.optional(
      z
        .nullable(
          z.string().check(
            z.maxLength(254),
            z.refine((value) => isAddress(value.trim()), 'must be one address, name@example.com'),
          ),
        )
        .check(doc({ description: 'One address; null removes it (and turns notifications off).' })),
    ),
    notify: z.optional(z.boolean().check(doc({ description: 'Needs an email.' }))),
  })
  .check(doc({ example: { notify: false } }));

/** A staff member's notification settings. */
export const NotificationSettings = z.object({
  email: z
    .nullable(z.string())
    .check(doc({ description: 'Where notifications go; kept encrypted, shown only to the member and their admins.' })),
  notify: z.boolean().check(
    doc({
      description:
        'Email me when a conversation starts, or a visitor writes while no one is online (batched, at most one email every 5 minutes).',
    }),
  ),
});

export type NotificationSettings = z.output<typeof NotificationSettings>;
export type NotificationsPatch = z.input<typeof NotificationsPatch>;
