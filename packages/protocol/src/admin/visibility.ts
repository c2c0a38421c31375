import * as z from 'zod/mini';
import { doc } from './document.js';

/** Who sees what (issue #41): which of a site's conversations its agents see. */

/** `all`: every conversation (as before); `team`: their teams' and their own; `own`: their own only. */
export const VISIBILITY_MODES = ['all', 'team', 'own'] as const;
export type VisibilityMode = (typeof VISIBILITY_MODES)[number];

/** `GET` and `PUT /v1/admin/visibility`. */
export const VisibilitySettings = z
  .strictObject({
    mode: z.enum(VISIBILITY_MODES, { error: `one of ${VISIBILITY_MODES.join(', ')}` }).check(
      doc({
        description:
          'What agents see: `all` of the site’s conversations; `team`, those assigned to them or to one of their teams; `own`, those assigned to them. Owners, admins, API tokens and roles granting `conversations.all` see all whatever it says.',
      }),
    ),
    unassigned: z.boolean().check(
      doc({
        description:
          'In `team` and `own`, agents also see unassigned conversations of no team or of one of their teams (to pick them up). Ignored in `all`.',
      }),
    ),
  })
  .check(doc({ example: { mode: 'team', unassigned: true } }));

export type VisibilitySettings = z.output<typeof VisibilitySettings>;
