import * as z from 'zod/mini';
import { ConversationPriority } from '../frames.js';
import { AI_CLASSIFY_FIELDS, AI_CLASSIFY_LIMITS, AI_CLASSIFY_MODES } from './ai-classify.js';
import { ATTRIBUTE_OPS, ATTRIBUTE_SCOPES, AttributeKey } from './attributes.js';
import { doc, Id, Label } from './document.js';
import { ChannelChoice } from './views.js';

/**
 * Rules and macros (issue #40, docs/rules.md): a site's own "if this, then that" — a trigger, conditions on the
 * conversation and the message, and actions — and macros, named lists of the same actions that staff run by hand
 * (inbox Settings → Rules, the composer's Macros; `/v1/admin/rules`, `/v1/admin/macros`).
 */

/** What a rule waits for. */
export const RULE_TRIGGERS = [
  'conversation.created',
  'message.visitor',
  'message.staff',
  'conversation.updated',
  'conversation.idle',
  'contact.created',
] as const;
export type RuleTrigger = (typeof RULE_TRIGGERS)[number];

/** Comparisons of text: whole (`is`), part (`contains`), start, or an RE2 pattern (`matches`), without regard to case. */
export const TEXT_OPS = ['is', 'is_not', 'contains', 'not_contains', 'starts_with', 'matches'] as const;
export type TextOp = (typeof TEXT_OPS)[number];

const oneOf = <const Values extends readonly [string, ...string[]]>(values: Values) =>
  z.enum(values, { error: `one of ${values.join(', ')}` });

const textValue = z
  .string()
  .check(z.trim(), z.minLength(1, { error: 'an empty value' }), z.maxLength(500, { error: 'at most 500 characters' }));

const textCondition = <const Field extends string>(field: Field, description: string) =>
  z.strictObject({ field: z.literal(field), op: oneOf(TEXT_OPS), value: textValue }).check(doc({ description }));

const setCondition = <const Field extends string, T extends z.ZodMiniType>(
  field: Field,
  value: T,
  description: string,
) => z.strictObject({ field: z.literal(field), op: oneOf(['is', 'is_not']), value }).check(doc({ description }));

const personCondition = <const Field extends string>(field: Field, description: string) =>
  z
    .strictObject({
      field: z.literal(field),
      op: oneOf(['is', 'is_not', 'is_set', 'not_set']),
      value: z.optional(Id),
    })
    .check(doc({ description }));

/**
 * Each condition, by its field: a field of the event, a comparison and a value. The relay's features contribute
 * them (its point `rules.conditions`), and it accepts those its features contributed.
 */
export const RULE_CONDITIONS = {
  text: textCondition('text', 'The message’s text (for triggers without a message: the conversation’s last message).'),
  page_url: textCondition('page_url', 'The page the visitor was last seen on.'),
  subject: textCondition('subject', 'The subject the conversation was opened with (an email’s).'),
  language: setCondition(
    'language',
    z.string().check(z.regex(/^[a-z]{2,3}$/, { error: 'a two- or three-letter language code' })),
    'The visitor’s language (their browser’s), by its primary code: `fr` matches `fr-CA`.',
  ),
  channel: setCondition(
    'channel',
    ChannelChoice,
    'How the conversation came in: `chat`, `email`, `api` (an API channel), or a messaging provider’s id (`whatsapp`, `telegram`, `twilio`…).',
  ),
  status: setCondition('status', oneOf(['open', 'pending', 'snoozed', 'resolved']), 'The conversation’s status.'),
  priority: setCondition('priority', ConversationPriority, 'The conversation’s priority.'),
  label: z
    .strictObject({ field: z.literal('label'), op: oneOf(['includes', 'excludes']), value: Label })
    .check(doc({ description: 'Whether the conversation has a label.' })),
  assignee: personCondition('assignee', 'The staff member it is assigned to (`is_set`, `not_set` take no value).'),
  team: personCondition('team', 'The team it went to (`is_set`, `not_set` take no value).'),
  business_hours: z
    .strictObject({ field: z.literal('business_hours'), op: z.literal('is'), value: oneOf(['open', 'closed']) })
    .check(
      doc({ description: 'Whether the site is open (its business hours in Automations) when the event happens.' }),
    ),
  first_message: z
    .strictObject({ field: z.literal('first_message'), op: z.literal('is'), value: z.boolean() })
    .check(doc({ description: 'Whether the message opened the conversation.' })),
  attribute: z
    .strictObject({
      field: z.literal('attribute'),
      scope: oneOf(ATTRIBUTE_SCOPES),
      key: AttributeKey,
      op: oneOf(ATTRIBUTE_OPS),
      value: z.optional(z.string().check(z.trim(), z.maxLength(2000, { error: 'at most 2000 characters' }))),
      verified: z.optional(
        z.boolean().check(
          doc({
            description:
              'Verified values only: a value the page gave without the site’s signature (an unsigned `identify()`, a claim) counts as not set. Default false.',
          }),
        ),
      ),
    })
    .check(
      doc({
        description:
          'A custom attribute of the conversation or of its contact (docs/attributes.md): by type, text and links `is`, `is_not`, `contains`; lists `is`, `is_not`; numbers and dates (`YYYY-MM-DD`) `is`, `gt`, `lt`; checkboxes `is` `true`/`false`; any `is_set`, `not_set` (without a value). An attribute not set is neither equal to nor greater or less than anything. With `verified`, a visitor’s unsigned claim counts as not set.',
        example: { field: 'attribute', scope: 'contact', key: 'plan', op: 'is', value: 'Pro' },
      }),
    ),
  company: z
    .strictObject({
      field: z.literal('company'),
      op: oneOf(['is', 'is_not', 'is_set', 'not_set']),
      value: z.optional(Id),
      verified: z.optional(
        z.boolean().check(
          doc({
            description:
              'Verified membership only: a company the page gave without the site’s signature (an unsigned `identify()`, a claim) counts as none. Default false.',
          }),
        ),
      ),
    })
    .check(
      doc({
        description:
          'The company of the conversation’s contact (docs/companies.md), by Parley’s id of it (`co_…`): `is`, `is_not` a company of the site; `is_set`, `not_set` (in a company or in none) take no value. With `verified`, a visitor’s unsigned claim counts as no company.',
        example: { field: 'company', op: 'is', value: 'co_8Hq2xV0aTz', verified: true },
      }),
    ),
} as const;

/** One condition: a field of the event, a comparison and a value. */
export const RuleCondition = z.discriminatedUnion('field', [
  RULE_CONDITIONS.text,
  RULE_CONDITIONS.page_url,
  RULE_CONDITIONS.subject,
  RULE_CONDITIONS.language,
  RULE_CONDITIONS.channel,
  RULE_CONDITIONS.status,
  RULE_CONDITIONS.priority,
  RULE_CONDITIONS.label,
  RULE_CONDITIONS.assignee,
  RULE_CONDITIONS.team,
  RULE_CONDITIONS.business_hours,
  RULE_CONDITIONS.first_message,
  RULE_CONDITIONS.attribute,
  RULE_CONDITIONS.company,
]);
export type RuleCondition = z.output<typeof RuleCondition>;
export type RuleField = RuleCondition['field'];

const noteText = z
  .string()
  .check(z.trim(), z.minLength(1, { error: 'an empty text' }), z.maxLength(4000, { error: 'at most 4000 characters' }));

/**
 * Each action, by its type; run in order, a failed action is logged in the rule's runs and the rest still run. The
 * relay's features contribute them (its point `rules.actions`), and it accepts those its features contributed.
 */
export const RULE_ACTIONS = {
  assign: z
    .strictObject({ type: z.literal('assign'), staffId: z.nullable(Id) })
    .check(doc({ description: 'Assigns the conversation to a member (`null`: unassigns).' })),
  assign_team: z
    .strictObject({ type: z.literal('assign_team'), teamId: z.nullable(Id) })
    .check(doc({ description: 'Moves the conversation to a team (`null`: no team).' })),
  add_labels: z
    .strictObject({
      type: z.literal('add_labels'),
      labels: z.array(Label).check(z.minLength(1, { error: 'at least one label' }), z.maxLength(20)),
    })
    .check(doc({ description: 'Adds labels.' })),
  remove_labels: z
    .strictObject({
      type: z.literal('remove_labels'),
      labels: z.array(Label).check(z.minLength(1, { error: 'at least one label' }), z.maxLength(20)),
    })
    .check(doc({ description: 'Removes labels.' })),
  set_priority: z
    .strictObject({ type: z.literal('set_priority'), priority: ConversationPriority })
    .check(doc({ description: 'Sets the priority.' })),
  set_status: z
    .strictObject({ type: z.literal('set_status'), status: oneOf(['open', 'pending', 'resolved']) })
    .check(doc({ description: 'Sets the status (resolving asks for a rating where ratings are on).' })),
  snooze: z
    .strictObject({
      type: z.literal('snooze'),
      minutes: z.int().check(z.gte(1, { error: 'at least 1 minute' }), z.lte(525_600, { error: 'at most a year' })),
    })
    .check(doc({ description: 'Snoozes the conversation for this long; it goes back to open by itself.' })),
  send_message: z
    .strictObject({ type: z.literal('send_message'), text: noteText })
    .check(doc({ description: 'Sends a message to the visitor as the site’s bot (screened like every message).' })),
  send_saved_reply: z
    .strictObject({ type: z.literal('send_saved_reply'), replyId: Id })
    .check(doc({ description: 'Sends a saved reply (canned response) as the site’s bot.' })),
  add_note: z
    .strictObject({ type: z.literal('add_note'), text: noteText })
    .check(doc({ description: 'Adds a private note for staff, by the site’s bot.' })),
  email_transcript: z
    .strictObject({ type: z.literal('email_transcript') })
    .check(doc({ description: 'Emails the transcript to the visitor, when their email is known.' })),
  call_webhook: z
    .strictObject({
      type: z.literal('call_webhook'),
      url: z
        .string()
        .check(
          z.trim(),
          z.maxLength(2000, { error: 'at most 2000 characters' }),
          z.regex(/^https?:\/\/[^\s]+$/i, { error: 'an http(s) address' }),
        ),
    })
    .check(
      doc({
        description:
          'POSTs the event as JSON, signed like webhooks (`Parley-Signature`), with a stable `Parley-Delivery` id to deduplicate on. The relay refuses private addresses as it does for webhooks.',
      }),
    ),
  ai_classify: z
    .strictObject({
      type: z.literal('ai_classify'),
      classify: z.array(oneOf(AI_CLASSIFY_FIELDS)).check(
        z.maxLength(AI_CLASSIFY_FIELDS.length),
        z.refine((fields) => new Set(fields).size === fields.length, { error: 'a field is named twice' }),
        doc({
          description:
            'What the model chooses: `labels` (only among the labels the site’s conversations already carry: added, none removed), `priority`, `team` (one of the site’s teams).',
        }),
      ),
      attributes: z._default(
        z.array(z.strictObject({ scope: oneOf(ATTRIBUTE_SCOPES), key: AttributeKey })).check(
          z.maxLength(AI_CLASSIFY_LIMITS.attributes, {
            error: `at most ${AI_CLASSIFY_LIMITS.attributes} attributes`,
          }),
          doc({
            description:
              'Custom attributes (docs/attributes.md) whose values the model extracts from the visitor’s text, each checked against its definition (a list’s options, a number, a date…); a value it cannot give is left as it is.',
          }),
        ),
        [],
      ),
      mode: oneOf(AI_CLASSIFY_MODES).check(
        doc({
          description:
            '`apply`: the choice is written with the rule’s other changes; `suggest`: the conversation is left as it is and a private note offers the choice to the agent, who applies it from the inbox.',
        }),
      ),
    })
    .check(
      z.refine((action) => action.classify.length > 0 || action.attributes.length > 0, {
        error: 'name something to classify (labels, priority, team or an attribute)',
        path: ['classify'],
      }),
      doc({
        description:
          'Classifies the conversation with the site’s AI model (docs/ai.md, “Classify”): from the visitor’s latest messages (personal data kept out of the prompt), it chooses among the site’s own labels, the priorities and the site’s teams, and extracts the named custom attributes. Counted as the AI feature `classify`. AI off, the budget used up, a provider failure or an answer it cannot read leave the conversation unchanged, and the run log says why.',
        example: { type: 'ai_classify', classify: ['labels', 'priority'], attributes: [], mode: 'suggest' },
      }),
    ),
} as const;

/** One action, run in order; a failed action is logged in the rule's runs and the rest still run. */
export const RuleAction = z.discriminatedUnion('type', [
  RULE_ACTIONS.assign,
  RULE_ACTIONS.assign_team,
  RULE_ACTIONS.add_labels,
  RULE_ACTIONS.remove_labels,
  RULE_ACTIONS.set_priority,
  RULE_ACTIONS.set_status,
  RULE_ACTIONS.snooze,
  RULE_ACTIONS.send_message,
  RULE_ACTIONS.send_saved_reply,
  RULE_ACTIONS.add_note,
  RULE_ACTIONS.email_transcript,
  RULE_ACTIONS.call_webhook,
  RULE_ACTIONS.ai_classify,
]);
export type RuleAction = z.output<typeof RuleAction>;
export type RuleActionType = RuleAction['type'];

const name = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, { error: 'a name is needed' }),
    z.maxLength(100, { error: 'at most 100 characters' }),
  );

/** What a rule has done: firings, failures, and the last errors (the run log). */
export const RuleRuns = z.object({
  fired: z.int().check(doc({ description: 'Firings in the last 30 days.' })),
  failed: z.int().check(doc({ description: 'Of those, firings with an action that failed.' })),
  lastFiredAt: z.nullable(z.int()),
  lastErrors: z.array(z.object({ at: z.int(), conversationId: z.string(), error: z.string() })),
});
export type RuleRuns = z.output<typeof RuleRuns>;

/** A rule as stored. */
export const Rule = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  position: z.int().check(doc({ description: 'Rules of a trigger are tried in this order (lowest first).' })),
  trigger: oneOf(RULE_TRIGGERS),
  idleMinutes: z.nullable(z.int()),
  match: oneOf(['all', 'any']),
  conditions: z.array(RuleCondition),
  actions: z.array(RuleAction),
  createdAt: z.int(),
  updatedAt: z.int(),
  runs: RuleRuns,
});
export type Rule = z.output<typeof Rule>;

export const RuleList = z.object({ items: z.array(Rule) });
export type RuleList = z.output<typeof RuleList>;

/** `PUT /v1/admin/rules/order`: every rule's id, in the new order. */
export const RuleOrder = z
  .strictObject({
    ids: z.array(Id).check(z.maxLength(200, { error: 'at most 200 rules' })),
  })
  .check(doc({ example: { ids: [] } }));
export type RuleOrder = z.input<typeof RuleOrder>;

export const RuleDryRunResult = z.object({
  checked: z.int().check(doc({ description: 'Conversations tried.' })),
  matches: z.array(
    z.object({
      conversationId: z.string(),
      visitorName: z.nullable(z.string()),
      lastMessageAt: z.nullable(z.int()),
      status: z.string(),
    }),
  ),
  actions: z.array(z.string()).check(doc({ description: 'What it would do to each, in words.' })),
});
export type RuleDryRunResult = z.output<typeof RuleDryRunResult>;

/** A firing in a rule's run log (`GET /v1/admin/rules/{id}/runs`). */
export const RuleRun = z.object({
  at: z.int(),
  conversationId: z.nullable(z.string()),
  status: oneOf(['pending', 'done', 'failed']),
  detail: z.nullable(z.string()),
});
export const RuleRunList = z.object({ items: z.array(RuleRun) });
export type RuleRun = z.output<typeof RuleRun>;

/**
 * A macro as written: the site's, shared with every member (`POST /v1/admin/macros`, admins), or a member's own
 * (`POST /v1/admin/me/macros`).
 */
export const MACRO_SENDERS = ['agent', 'bot'] as const;
/** Who a macro's messages and notes are from: `agent`, the member who runs it (as if they typed them); `bot`, the site's bot. */
export type MacroSender = (typeof MACRO_SENDERS)[number];

const sender = oneOf(MACRO_SENDERS).check(
  doc({
    description:
      'Who the macro’s messages and notes are from: `agent`, the member who runs it, as a reply they typed (it takes an unassigned conversation under the site’s assign-on-reply); `bot`, the site’s bot. Rules always write as the bot.',
  }),
);

export const Macro = z.object({
  id: z.string(),
  name: z.string(),
  shared: z.boolean(),
  ownerId: z.nullable(z.string()),
  sender: oneOf(MACRO_SENDERS),
  actions: z.array(RuleAction),
  createdAt: z.int(),
  updatedAt: z.int(),
});
export type Macro = z.output<typeof Macro>;
export const MacroList = z.object({ items: z.array(Macro) });
export type MacroList = z.output<typeof MacroList>;

/** What running a macro did: each action's outcome, in order. */
export const MacroRunResult = z.object({
  results: z.array(z.object({ action: z.string(), ok: z.boolean(), detail: z.string() })),
});
export type MacroRunResult = z.output<typeof MacroRunResult>;

/**
 * `GET /v1/admin/rules/webhook-secret` (admins): the key the site's rule and macro webhooks are signed with
 * (`Parley-Signature`, as webhooks are), for receivers to verify them.
 */
export const RulesWebhookSecret = z.object({
  secret: z.string().check(doc({ description: 'HMAC-SHA256 key of `Parley-Signature` on the `call_webhook` action.' })),
});
export type RulesWebhookSecret = z.output<typeof RulesWebhookSecret>;

/**
 * The bodies that write rules and macros, over a schema of their conditions and one of their actions: the contract's
 * (every condition and action, below: what the API document publishes and clients type), or the relay's, made of
 * those its features contributed (so that one no feature of the relay runs is refused, named).
 */
export function ruleBodies<Condition extends z.ZodMiniType<RuleCondition>, Action extends z.ZodMiniType<RuleAction>>(
  condition: Condition,
  action: Action,
) {
  const actions = z
    .array(action)
    .check(z.minLength(1, { error: 'at least one action' }), z.maxLength(20, { error: 'at most 20 actions' }));

  /** A rule as written (`POST /v1/admin/rules`). */
  const RuleInput = z
    .strictObject({
      name,
      enabled: z._default(z.boolean(), true),
      trigger: oneOf(RULE_TRIGGERS).check(doc({ description: 'What the rule waits for.' })),
      idleMinutes: z.optional(
        z.int().check(
          z.gte(1, { error: 'at least 1 minute' }),
          z.lte(43_200, { error: 'at most 30 days' }),
          doc({
            description:
              '`conversation.idle` only: minutes without a message before the rule fires (once per idle spell).',
          }),
        ),
      ),
      match: z._default(oneOf(['all', 'any']), 'all').check(doc({ description: 'Every condition must hold, or one.' })),
      conditions: z.array(condition).check(z.maxLength(20, { error: 'at most 20 conditions' })),
      actions,
    })
    .check(
      z.refine((rule) => rule.trigger !== 'conversation.idle' || rule.idleMinutes !== undefined, {
        error: 'a conversation.idle rule needs idleMinutes',
        path: ['idleMinutes'],
      }),
      doc({
        example: {
          name: 'VIP to Sales',
          trigger: 'message.visitor',
          conditions: [{ field: 'page_url', op: 'contains', value: '/pricing' }],
          actions: [
            { type: 'add_labels', labels: ['vip'] },
            { type: 'set_priority', priority: 'high' },
          ],
        },
      }),
    );

  /** `PATCH /v1/admin/rules/{id}`: any of a rule's fields. */
  const RulePatch = z
    .partial(
      z.strictObject({
        name,
        enabled: z.boolean(),
        trigger: oneOf(RULE_TRIGGERS),
        idleMinutes: z.nullable(
          z.int().check(z.gte(1, { error: 'at least 1 minute' }), z.lte(43_200, { error: 'at most 30 days' })),
        ),
        match: oneOf(['all', 'any']),
        conditions: z.array(condition).check(z.maxLength(20, { error: 'at most 20 conditions' })),
        actions,
      }),
    )
    .check(doc({ example: { enabled: false } }));

  /** `POST /v1/admin/rules/dry-run`: what a rule (saved or not) would have done with recent conversations. */
  const RuleDryRunBody = z
    .strictObject({
      rule: RuleInput,
      limit: z
        ._default(z.int().check(z.gte(1), z.lte(500, { error: 'at most 500 conversations' })), 100)
        .check(doc({ description: 'How many of the latest conversations to try it on.' })),
    })
    .check(
      doc({
        example: {
          rule: {
            name: 'Pricing questions',
            trigger: 'message.visitor',
            conditions: [{ field: 'page_url', op: 'contains', value: '/pricing' }],
            actions: [{ type: 'add_labels', labels: ['pricing'] }],
          },
          limit: 100,
        },
      }),
    );

  const MacroInput = z.strictObject({ name, sender: z._default(sender, 'agent'), actions }).check(
    doc({
      example: {
        name: 'Close as answered',
        sender: 'agent',
        actions: [
          { type: 'send_message', text: 'Glad we could help!' },
          { type: 'set_status', status: 'resolved' },
        ],
      },
    }),
  );

  const MacroPatch = z
    .partial(z.strictObject({ name, sender, actions }))
    .check(doc({ example: { name: 'Close as answered', sender: 'bot' } }));
  return { RuleInput, RulePatch, RuleDryRunBody, MacroInput, MacroPatch };
}

/** The contract's bodies: every condition and action (see {@link ruleBodies}). */
export const { RuleInput, RulePatch, RuleDryRunBody, MacroInput, MacroPatch } = ruleBodies(RuleCondition, RuleAction);
export type RuleInput = z.input<typeof RuleInput>;
export type RulePatch = z.input<typeof RulePatch>;
export type RuleDryRunBody = z.input<typeof RuleDryRunBody>;
export type MacroInput = z.input<typeof MacroInput>;
export type MacroPatch = z.input<typeof MacroPatch>;
