import * as z from 'zod/mini';
import { ConversationPriority } from '../frames.js';
import { Id, doc } from './document.js';

/** Routing and SLA (issue #17): who gets a conversation, agents' availability and capacity, teams. */

const minutes = z.int().check(z.gte(1), z.lte(7 * 24 * 60));

/** A site's routing and SLA settings, as the admin API takes and returns them (one document, replaced whole). */
export const RoutingSettings = z
  .strictObject({
    /** `off`: nobody is assigned automatically. */
    mode: z.enum(['off', 'round-robin', 'least-open']).check(
      doc({
        description:
          'How new conversations are assigned: `round-robin` to the agent assigned longest ago, `least-open` to the one with the fewest open conversations; only agents online, available and under capacity, inside the conversation’s team if it has one. `off`: nobody automatically.',
      }),
    ),
    /** Open conversations an agent takes at most, unless they have a capacity of their own. */
    defaultCapacity: z.int().check(
      z.gte(0),
      z.lte(1000),
      doc({
        description:
          'Open (and pending) conversations an agent takes at most, unless they have a capacity of their own.',
      }),
    ),
    /** An assignee offline this long loses their open conversations to another agent; `null`: never. */
    reassignAfterMinutes: z.nullable(minutes).check(
      doc({
        description: 'An assignee offline this long loses their open conversations to another agent; null: never.',
      }),
    ),
    /** The first-reply deadline; `null`: no SLA. */
    sla: z
      .nullable(
        z.strictObject({
          /** No staff reply within this after the conversation opened: it is overdue. */
          firstResponseMinutes: minutes.check(
            doc({
              description:
                'No staff reply (the bot’s never counts) this long after the conversation opened: it is overdue.',
            }),
          ),
          /** Its priority is raised to at least this. */
          raisePriorityTo: ConversationPriority.check(
            doc({ description: 'An overdue conversation’s priority is raised to at least this.' }),
          ),
          /** Its team (or, without one, the site's admins) gets a notification email (staff who turned them on). */
          notifyEmail: z.boolean().check(
            doc({
              description:
                'An overdue conversation also emails its team (without one, the site’s admins), those who turned notifications on.',
            }),
          ),
        }),
      )
      .check(doc({ description: 'The first-reply deadline; null: none.' })),
    /** A staff member who replies to an unassigned conversation takes it (default true, as in other help desks). */
    assignOnReply: z._default(z.boolean(), true).check(
      doc({
        description:
          'A staff member’s reply (not a note, not the bot’s) to an unassigned conversation assigns it to them. Default true.',
      }),
    ),
  })
  .check(
    doc({
      example: { mode: 'off', defaultCapacity: 10, reassignAfterMinutes: null, sla: null, assignOnReply: true },
    }),
  );

/** What an agent says of themselves: taking conversations, away for a moment (none new), or gone. */
export const AVAILABILITIES = ['online', 'away', 'offline'] as const;
const Availability = z.enum(AVAILABILITIES);

/** `PUT /v1/admin/me/availability`. */
export const AvailabilityBody = z
  .strictObject({ availability: Availability })
  .check(doc({ example: { availability: 'online' } }));

/** `PATCH /v1/admin/routing/staff/{id}`: capacity (`null`: the site's default) or availability. */
export const RoutingStaffPatch = z
  .strictObject({
    availability: z.optional(Availability),
    capacity: z.optional(z.nullable(z.int().check(z.gte(0), z.lte(1000)))),
  })
  .check(doc({ example: { capacity: 3 } }));

/** `POST /v1/admin/teams`, `PUT /v1/admin/teams/{id}`: its name and members. */
export const TeamBody = z
  .strictObject({
    name: z.string().check(z.minLength(1), z.maxLength(80)),
    memberIds: z.array(Id.check(doc({ omit: ['minLength', 'maxLength', 'pattern'] }))).check(z.maxLength(500)),
  })
  .check(doc({ example: { name: 'Matrix', memberIds: [] } }));

/** A staff member as routing sees them. */
export const RoutingStaff = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(['admin', 'agent']),
  availability: Availability.check(
    doc({ description: 'What they said: taking conversations, away (none new), or gone.' }),
  ),
  availabilityAt: z.number().check(doc({ description: 'Since when (ms); 0 when never set.' })),
  capacity: z.nullable(z.int()).check(doc({ description: 'Their own capacity; null: the site’s default.' })),
  lastSeenAt: z.number().check(doc({ description: 'When a relay last saw a connection of theirs (ms); 0: never.' })),
  open: z.int().check(doc({ description: 'Their open and pending conversations.' })),
  teamIds: z.array(z.string()),
  connected: z.boolean().check(doc({ description: 'A relay saw a connection of theirs within the last 45 s.' })),
  online: z.boolean().check(doc({ description: 'Connected and available: routing may give them conversations.' })),
});

/** A team: conversations moved to it are routed inside it. */
export const Team = z.object({
  id: z.string(),
  name: z.string(),
  memberIds: z.array(z.string()),
  createdAt: z.number(),
});

/** `GET /v1/admin/routing`: settings, staff and teams. */
export const RoutingAnswer = z.object({
  settings: RoutingSettings,
  updatedAt: z.nullable(z.number()).check(doc({ description: 'When the settings were last saved; null: never.' })),
  staff: z.array(RoutingStaff),
  teams: z.array(Team),
});

/** `PUT /v1/admin/routing`: the settings now. */
export const RoutingSaved = z.object({ settings: RoutingSettings, updatedAt: z.number() });

export type RoutingSettings = z.output<typeof RoutingSettings>;
export type Availability = (typeof AVAILABILITIES)[number];
export type RoutingStaff = z.output<typeof RoutingStaff>;
export type Team = z.output<typeof Team>;
export type RoutingAnswer = z.output<typeof RoutingAnswer>;
export type TeamBody = z.input<typeof TeamBody>;
