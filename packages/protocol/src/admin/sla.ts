import * as z from 'zod/mini';
import { ConversationPriority } from '../frames.js';
import { Id, doc } from './document.js';

/**
 * SLA policies (issue #86): per site, an ordered list of policies with first-response, next-response and resolution
 * targets, chosen per conversation by its priority, team, labels or channel (the first that matches; the default
 * last), and the running clocks of each conversation.
 */

/** A target in minutes: at least one, at most a year. */
const targetMinutes = z.nullable(z.int().check(z.gte(1), z.lte(366 * 24 * 60)));

/** The targets a policy may keep. */
export const SLA_TARGETS = ['firstResponse', 'nextResponse', 'resolution'] as const;
/** One of {@link SLA_TARGETS}. */
export const SlaTarget = z.enum(SLA_TARGETS);
export type SlaTarget = z.output<typeof SlaTarget>;

/** The channels a policy may match: the chat, an email to a support address, an API or messaging channel. */
export const SlaChannel = z.enum(['chat', 'email', 'api']);
export type SlaChannel = z.output<typeof SlaChannel>;

/** Which conversations a policy applies to: every condition given must hold (any of a list's values). */
export const SlaMatch = z
  .strictObject({
    priorities: z.optional(z.array(ConversationPriority).check(z.maxLength(5))),
    teamIds: z.optional(z.array(Id).check(z.maxLength(100))),
    labels: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(100))),
    channels: z.optional(z.array(SlaChannel).check(z.maxLength(3))),
  })
  .check(
    doc({
      description:
        'Every condition given must hold, each by any of its values (a priority of the list, a team of the list, any label of the list, a channel of the list). The default policy matches everything and ignores this.',
      example: { priorities: ['high', 'urgent'] },
    }),
  );
export type SlaMatch = z.output<typeof SlaMatch>;

const policyFields = {
  name: z.string().check(z.minLength(1), z.maxLength(100)),
  firstResponseMinutes: targetMinutes.check(
    doc({
      description:
        'The first staff reply (the bot’s never counts) within this after the conversation opened; null: no target.',
    }),
  ),
  nextResponseMinutes: targetMinutes.check(
    doc({ description: 'After a staff reply, the customer’s next message is answered within this; null: no target.' }),
  ),
  resolutionMinutes: targetMinutes.check(
    doc({ description: 'Resolved within this after the conversation opened; null: no target.' }),
  ),
  businessHours: z.boolean().check(
    doc({
      description:
        'Count only the site’s business hours (the automations’ hours and zone); a site that keeps none counts every minute.',
    }),
  ),
  warnAtPercent: z
    .nullable(z.int().check(z.gte(1), z.lte(99)))
    .check(doc({ description: 'Warn the staff when this share of a target has run (default 80); null: no warning.' })),
  raisePriorityTo: z
    .nullable(ConversationPriority)
    .check(doc({ description: 'A breach raises the conversation’s priority to at least this; null: leaves it.' })),
  notifyEmail: z.boolean().check(
    doc({
      description:
        'A breach emails the conversation’s team (without one, the members who manage the team), those who turned notifications on.',
    }),
  ),
  match: SlaMatch,
};

/** A policy as `POST /v1/admin/sla/policies` takes it. */
export const SlaPolicyInput = z
  .strictObject({
    name: policyFields.name,
    firstResponseMinutes: z.optional(policyFields.firstResponseMinutes),
    nextResponseMinutes: z.optional(policyFields.nextResponseMinutes),
    resolutionMinutes: z.optional(policyFields.resolutionMinutes),
    businessHours: z.optional(policyFields.businessHours),
    warnAtPercent: z.optional(policyFields.warnAtPercent),
    raisePriorityTo: z.optional(policyFields.raisePriorityTo),
    notifyEmail: z.optional(policyFields.notifyEmail),
    match: z.optional(policyFields.match),
    isDefault: z.optional(
      z.boolean().check(doc({ description: 'Make it the site’s default (last; replaces the default there was).' })),
    ),
  })
  .check(
    doc({
      example: {
        name: 'Urgent',
        firstResponseMinutes: 15,
        nextResponseMinutes: 30,
        resolutionMinutes: 480,
        businessHours: false,
        match: { priorities: ['urgent'] },
      },
    }),
  );
export type SlaPolicyInput = z.output<typeof SlaPolicyInput>;

/** A change to a policy (`PATCH /v1/admin/sla/policies/{id}`): only the fields given change. */
export const SlaPolicyPatch = z.strictObject({
  name: z.optional(policyFields.name),
  firstResponseMinutes: z.optional(policyFields.firstResponseMinutes),
  nextResponseMinutes: z.optional(policyFields.nextResponseMinutes),
  resolutionMinutes: z.optional(policyFields.resolutionMinutes),
  businessHours: z.optional(policyFields.businessHours),
  warnAtPercent: z.optional(policyFields.warnAtPercent),
  raisePriorityTo: z.optional(policyFields.raisePriorityTo),
  notifyEmail: z.optional(policyFields.notifyEmail),
  match: z.optional(policyFields.match),
});
export type SlaPolicyPatch = z.output<typeof SlaPolicyPatch>;

/** A policy as the admin API returns it. */
export const SlaPolicy = z.object({
  id: Id,
  ...policyFields,
  /** Its place in the list, from 0 (the default is last). */
  position: z.int(),
  isDefault: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type SlaPolicy = z.output<typeof SlaPolicy>;

/** The site's policies, in the order they are tried. */
export const SlaPolicyList = z.object({ policies: z.array(SlaPolicy) });
export type SlaPolicyList = z.output<typeof SlaPolicyList>;

/** `POST /v1/admin/sla/policies/order`: every policy id but the default's, in the order they are tried. */
export const SlaPolicyOrder = z
  .strictObject({ ids: z.array(Id).check(z.maxLength(200)) })
  .check(doc({ example: { ids: ['slp_urgent', 'slp_vip'] } }));
export type SlaPolicyOrder = z.output<typeof SlaPolicyOrder>;

/** One clock of a conversation. */
export const SlaClock = z.object({
  target: SlaTarget,
  /** 0 for first response and resolution; each customer message after a staff reply starts the next cycle. */
  cycle: z.int(),
  policyId: Id,
  startedAt: z.number(),
  /** When it is due (ms); while paused, when it would be due if it resumed now. */
  dueAt: z.number(),
  /** When the warning goes (ms), or null without one. */
  warnAt: z.nullable(z.number()),
  state: z.enum(['running', 'paused', 'met', 'breached']),
  pausedSince: z.nullable(z.number()),
  /** Time paused so far (ms). */
  pausedMs: z.number(),
  warnedAt: z.nullable(z.number()),
  metAt: z.nullable(z.number()),
  breachedAt: z.nullable(z.number()),
});
export type SlaClock = z.output<typeof SlaClock>;

/** `GET /v1/admin/conversations/{id}/sla`: the policy that applies and the clocks, the latest cycle of each target. */
export const SlaClocks = z.object({
  policy: z.nullable(z.object({ id: Id, name: z.string(), businessHours: z.boolean() })),
  clocks: z.array(SlaClock),
  now: z.number(),
});
export type SlaClocks = z.output<typeof SlaClocks>;

/** One row of the attainment report. */
export const SlaAttainmentRow = z.object({
  /** The policy's, team's or agent's id (`null`: no team, nobody assigned). */
  id: z.nullable(z.string()),
  name: z.nullable(z.string()),
  target: SlaTarget,
  met: z.int(),
  breached: z.int(),
  /** met / (met + breached), or null when none ended. */
  attainment: z.nullable(z.number()),
});

/** `GET /v1/admin/sla/attainment`: clocks due in the range that were met or breached, split as asked. */
export const SlaAttainment = z.object({
  from: z.number(),
  to: z.number(),
  split: z.enum(['policy', 'team', 'agent']),
  timeZone: z.string(),
  rows: z.array(SlaAttainmentRow),
});
export type SlaAttainment = z.output<typeof SlaAttainment>;
