import * as z from 'zod/mini';
import { NOT_VERBATIM, isVerbatim } from '../verbatim.js';
import { doc } from './document.js';

/**
 * Campaigns (issue #42): proactive messages a site shows a visitor by the launcher, on rules the site's loader
 * evaluates in the browser (docs/campaigns.md).
 */

/** Most campaigns a site keeps (each live one's rules ride in the site's loader). */
export const MAX_CAMPAIGNS = 50;
/** Most live campaigns a site runs at once: their rules are part of every first visit. */
export const MAX_LIVE_CAMPAIGNS = 10;

const text = (max: number, description: string) =>
  z
    .string()
    .check(z.minLength(1), z.maxLength(max), z.refine(isVerbatim, { error: NOT_VERBATIM }), doc({ description }));

/** A URL pattern: a path (`/pricing`, `/docs/*`) or a full address (`https://shop.example/*`); `*` matches anything. */
export const CampaignUrlPattern = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(200),
    z.regex(/^(?:\/|https?:\/\/)[^\s]*$/, { error: 'expected a path starting with / or an http(s) address' }),
    doc({ description: 'A path (`/pricing`, `/docs/*`) or a full address; `*` matches any characters.' }),
  );

export const CAMPAIGN_STATUSES = ['live', 'paused'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Who the message is shown from: the site's bot (its name in the automation settings) or a member. */
export const CampaignSender = z.union([
  z.strictObject({ kind: z.literal('bot') }),
  z.strictObject({
    kind: z.literal('member'),
    staffId: z.string().check(z.minLength(1), z.maxLength(64), doc({ description: 'A member of the site.' })),
  }),
]);

const campaignFields = {
  name: text(120, 'The campaign’s name, for the inbox.'),
  status: z.enum(CAMPAIGN_STATUSES, { error: `one of ${CAMPAIGN_STATUSES.join(', ')}` }),
  variants: z
    .array(text(500, 'A text of the message.'))
    .check(
      z.minLength(1),
      z.maxLength(3),
      doc({ description: 'The message’s text; two or three for an A/B test (a visitor keeps the one drawn).' }),
    ),
  buttons: z.array(text(40, 'A button’s label.')).check(
    z.maxLength(3),
    doc({
      description:
        'Up to three buttons under the message; each opens the chat, and its label is sent as the visitor’s first message.',
    }),
  ),
  sender: CampaignSender,
  urls: z
    .array(CampaignUrlPattern)
    .check(z.maxLength(20), doc({ description: 'The pages it shows on; none: every page.' })),
  delaySeconds: z.int().check(z.gte(0), z.lte(3600), doc({ description: 'Seconds on the page before it shows.' })),
  scrollPercent: z
    .int()
    .check(z.gte(0), z.lte(100), doc({ description: 'How far down the page the visitor scrolled (0: any).' })),
  exitIntent: z
    .boolean()
    .check(
      doc({ description: 'Show only when the pointer leaves the page towards the top (desktop; never on touch).' }),
    ),
  visitors: z.enum(['all', 'new', 'returning']),
  identified: z.enum(['all', 'identified', 'anonymous']),
  languages: z
    .array(z.string().check(z.regex(/^[a-z]{2,3}$/, { error: 'expected a language code such as en' })))
    .check(z.maxLength(20), doc({ description: 'The visitor’s browser languages it shows for; none: any.' })),
  startAt: z.nullable(z.int().check(z.gte(0), doc({ description: 'Not before (ms since the epoch).' }))),
  endAt: z.nullable(z.int().check(z.gte(0), doc({ description: 'Not after (ms since the epoch).' }))),
  businessHoursOnly: z.boolean().check(doc({ description: 'Only within the site’s business hours (automations).' })),
  frequency: z.union([
    z.strictObject({ kind: z.literal('once') }),
    z.strictObject({ kind: z.literal('days'), days: z.int().check(z.gte(1), z.lte(365)) }),
  ]),
};

const datesInOrder = (value: { startAt?: number | null | undefined; endAt?: number | null | undefined }) =>
  value.startAt == null || value.endAt == null || value.startAt < value.endAt;

/** The fields a campaign may leave out when made, and any of which a change may set. */
const optionalFields = {
  status: z.optional(campaignFields.status),
  buttons: z.optional(campaignFields.buttons),
  sender: z.optional(campaignFields.sender),
  urls: z.optional(campaignFields.urls),
  delaySeconds: z.optional(campaignFields.delaySeconds),
  scrollPercent: z.optional(campaignFields.scrollPercent),
  exitIntent: z.optional(campaignFields.exitIntent),
  visitors: z.optional(campaignFields.visitors),
  identified: z.optional(campaignFields.identified),
  languages: z.optional(campaignFields.languages),
  startAt: z.optional(campaignFields.startAt),
  endAt: z.optional(campaignFields.endAt),
  businessHoursOnly: z.optional(campaignFields.businessHoursOnly),
  frequency: z.optional(campaignFields.frequency),
};

/** `POST /v1/admin/campaigns`: a campaign; what is left out takes its default (every page, no delay, all visitors). */
export const CampaignCreate = z
  .strictObject({
    name: campaignFields.name,
    variants: campaignFields.variants,
    ...optionalFields,
  })
  .check(
    z.refine(datesInOrder, { error: 'startAt must be before endAt', path: ['endAt'] }),
    doc({
      example: {
        name: 'Pricing help',
        variants: ['Questions about our plans? We reply in minutes.'],
        urls: ['/pricing*'],
        delaySeconds: 30,
        frequency: { kind: 'days', days: 7 },
      },
    }),
  );
export type CampaignCreate = z.infer<typeof CampaignCreate>;

/** `PATCH /v1/admin/campaigns/{id}`: any of its fields (`status: 'paused'` pauses it). */
export const CampaignPatch = z
  .strictObject({
    name: z.optional(campaignFields.name),
    variants: z.optional(campaignFields.variants),
    ...optionalFields,
  })
  .check(
    z.refine(datesInOrder, { error: 'startAt must be before endAt', path: ['endAt'] }),
    doc({ example: { status: 'paused' } }),
  );
export type CampaignPatch = z.infer<typeof CampaignPatch>;

/** A campaign, as the admin API returns it. */
export const Campaign = z.object({
  id: z.string(),
  name: z.string(),
  status: campaignFields.status,
  variants: z.array(z.string()),
  buttons: z.array(z.string()),
  sender: CampaignSender,
  urls: z.array(z.string()),
  delaySeconds: z.int(),
  scrollPercent: z.int(),
  exitIntent: z.boolean(),
  visitors: campaignFields.visitors,
  identified: campaignFields.identified,
  languages: z.array(z.string()),
  startAt: z.nullable(z.number()),
  endAt: z.nullable(z.number()),
  businessHoursOnly: z.boolean(),
  frequency: campaignFields.frequency,
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Campaign = z.infer<typeof Campaign>;

/** `GET /v1/admin/campaigns`. */
export const CampaignList = z.object({ items: z.array(Campaign) });

/** One variant's counts (or the campaign's, summed). */
export const CampaignCounts = z.object({
  shown: z.int().check(doc({ description: 'Times the bubble was shown.' })),
  opened: z.int().check(doc({ description: 'Times the visitor clicked it (the bubble or a button).' })),
  conversations: z.int().check(doc({ description: 'Conversations started with the campaign’s message.' })),
  replied: z.int().check(doc({ description: 'Of those, conversations where the visitor wrote.' })),
  ratings: z.int().check(doc({ description: 'Of those, conversations the visitor rated (CSAT).' })),
  csat: z.nullable(z.number().check(doc({ description: 'Their mean rating, 1 to 5; `null` without ratings.' }))),
});
export type CampaignCounts = z.infer<typeof CampaignCounts>;

/** `GET /v1/admin/campaigns/{id}/stats`: the counts, and per variant (index in `variants`). */
export const CampaignStats = z.object({
  total: CampaignCounts,
  variants: z.array(z.object({ variant: z.int(), text: z.nullable(z.string()), counts: CampaignCounts })),
});
export type CampaignStats = z.infer<typeof CampaignStats>;

/** `POST /v1/campaigns/event` (public, from the site's loader): the bubble was shown or clicked. */
export const CampaignEvent = z.strictObject({
  site: z.string().check(z.regex(/^pk_[A-Za-z0-9_-]{1,100}$/, { error: 'expected a site key' })),
  campaign: z.string().check(z.regex(/^cmp_[A-Za-z0-9_-]{1,40}$/, { error: 'expected a campaign id' })),
  variant: z.int().check(z.gte(0), z.lte(2)),
  kind: z.enum(['shown', 'opened']),
});
export type CampaignEvent = z.infer<typeof CampaignEvent>;

/**
 * `POST /v1/campaigns/start` (public, from the site's loader once the chat is connected): the visitor replied to the
 * campaign; its message becomes the first of the visitor's (new) conversation.
 */
export const CampaignStart = z.strictObject({
  site: CampaignEvent.shape.site,
  campaign: CampaignEvent.shape.campaign,
  variant: CampaignEvent.shape.variant,
  conversation: z.string().check(z.regex(/^c_[A-Za-z0-9_-]{1,64}$/, { error: 'expected a conversation id' })),
  button: z.optional(
    z.int().check(
      z.gte(0),
      z.lte(2),
      doc({
        description:
          'The button the visitor clicked (its index in the campaign’s `buttons`): its label is stored as the visitor’s reply to the campaign’s message, once. Absent: the bubble’s text was clicked.',
      }),
    ),
  ),
});
export type CampaignStart = z.infer<typeof CampaignStart>;

/** A live campaign as the site's loader gets it (`data-campaigns`): what the browser needs to decide and show it. */
export interface LoaderCampaign {
  readonly id: string;
  readonly texts: readonly string[];
  readonly buttons: readonly string[];
  /** The sender's name: the member's, or the site's bot's. */
  readonly from: string;
  readonly urls: readonly string[];
  readonly delay: number;
  readonly scroll: number;
  readonly exit: boolean;
  readonly visitors: 'all' | 'new' | 'returning';
  readonly identified: 'all' | 'identified' | 'anonymous';
  readonly languages: readonly string[];
  readonly start: number | null;
  readonly end: number | null;
  readonly hours: boolean;
  /** 0: once per visitor; N: at most once per N days. */
  readonly every: number;
}

/** The site's business hours as the loader reads them: a time zone, `[day, open minute, close minute]`, holidays. */
export interface LoaderHours {
  readonly zone: string;
  readonly weekly: readonly (readonly [number, number, number])[];
  readonly holidays: readonly string[];
}

/** The value of the site's loader's `data-campaigns`, as JSON. */
export interface LoaderRules {
  readonly campaigns: readonly LoaderCampaign[];
  /** Absent when the site keeps no business hours (always open). */
  readonly hours?: LoaderHours;
}
