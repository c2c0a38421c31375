import type { Campaign, LoaderCampaign, LoaderHours, LoaderRules } from '@parley/protocol/admin';
import type { AdminServices } from '../admin/public.js';
import { RememberedReads } from '../core/shared-reads.js';
import type { ChatHooks, VisitorSeen } from '../core/hooks.js';
import type { UseFeature } from '../features/feature-instances.js';
import type { Logger } from '../log.js';
import type { Site } from '../store/store.js';
import type { CampaignRecord, CampaignRepository, CountsDelta } from './campaign-repository.js';

/** How long a site's live campaigns are taken from memory (other relays' changes age out within it). */
const TTL_MS = 10_000;
/** How often counted events are added to the store (one transaction for all). */
const COUNTS_FLUSH_MS = 5_000;
/** How long a visitor's hello is remembered for starting their conversation from a campaign. */
const VISITOR_TTL_MS = 60 * 60_000;
/** Visitors remembered at most (the oldest go first). */
const MAX_VISITORS = 50_000;

/** What {@link Campaigns} is made of. */
export interface CampaignsOptions {
  readonly repository: CampaignRepository;
  readonly admin: AdminServices;
  readonly use: UseFeature;
  readonly log: Logger;
  readonly now?: () => number;
}

/** Why a start was refused (the public route's answer). */
export type StartRefusal = 'unknown_campaign' | 'unknown_button' | 'unknown_visitor' | 'started';

/** A visitor this relay welcomed: who owns the conversation id the widget was given. */
interface SeenVisitor {
  readonly siteId: string;
  readonly visitorId: string;
  readonly at: number;
}

/**
 * Campaigns (docs/campaigns.md): a site's live campaigns as rules for its loader (`data-campaigns`), the shown and
 * opened events counted in memory and added to the store in batches, and the start of a visitor's conversation with
 * a campaign's message. Its chat hook remembers the visitors this relay welcomed, so that a start names a
 * conversation the widget was given, and only one not stored yet.
 */
export class Campaigns implements ChatHooks {
  readonly repository: CampaignRepository;
  readonly now: () => number;
  readonly #admin: AdminServices;
  readonly #use: UseFeature;
  readonly #log: Logger;
  readonly #live: RememberedReads<readonly CampaignRecord[]>;
  readonly #counts = new Map<string, { shown: number; opened: number }>();
  #countsTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #visitors = new Map<string, SeenVisitor>();

  constructor(options: CampaignsOptions) {
    this.repository = options.repository;
    this.now = options.now ?? Date.now;
    this.#admin = options.admin;
    this.#use = options.use;
    this.#log = options.log;
    this.#live = new RememberedReads((siteId) => this.repository.live(siteId), {
      ttlMs: TTL_MS,
      max: 10_000,
      now: this.now,
    });
  }

  /** A campaign of the site changed through this relay: its loader's rules are read again. */
  changed(siteId: string): void {
    this.#live.forget(siteId);
  }

  /** The site's campaigns that may show now or later (live, not ended). */
  async live(siteId: string): Promise<readonly CampaignRecord[]> {
    const now = this.now();
    return (await this.#live.get(siteId)).filter((campaign) => campaign.endAt === null || campaign.endAt > now);
  }

  /**
   * The loader's `data-campaigns` for the site: its live campaigns' rules as JSON, and its business hours when one
   * of them keeps to them; nothing (the plain loader) for a site without live campaigns.
   */
  async loaderDefaults(siteId: string): Promise<Readonly<Record<string, string>> | undefined> {
    const live = await this.live(siteId);
    if (live.length === 0) return undefined;
    const settings = this.#use('automations')?.settings(siteId);
    const botName = settings?.botName ?? 'Parley';
    const campaigns: LoaderCampaign[] = [];
    for (const campaign of live)
      campaigns.push({
        id: campaign.id,
        texts: campaign.variants,
        buttons: campaign.buttons,
        from: await this.senderName(siteId, campaign, botName),
        urls: campaign.urls,
        delay: campaign.delaySeconds,
        scroll: campaign.scrollPercent,
        exit: campaign.exitIntent,
        visitors: campaign.visitors,
        identified: campaign.identified,
        languages: campaign.languages,
        start: campaign.startAt,
        end: campaign.endAt,
        hours: campaign.businessHoursOnly,
        every: campaign.frequency.kind === 'once' ? 0 : campaign.frequency.days,
      });
    const hours = settings?.hours;
    const rules: LoaderRules =
      hours && live.some((campaign) => campaign.businessHoursOnly)
        ? { campaigns, hours: loaderHours(hours) }
        : { campaigns };
    return { campaigns: JSON.stringify(rules) };
  }

  /** The name the message is shown from: the member's (while they are a member), else the bot's. */
  async senderName(siteId: string, campaign: Campaign, botName: string): Promise<string> {
    if (campaign.sender.kind === 'bot') return botName;
    const staff = await this.#admin.repos.desk.getStaff(siteId, campaign.sender.staffId);
    return staff && staff.revokedAt === null && staff.deactivatedAt === null ? staff.name : botName;
  }

  /** A live campaign of the site that may show now, with its variant `variant`; `undefined` otherwise. */
  async showable(siteId: string, campaignId: string, variant: number): Promise<CampaignRecord | undefined> {
    const now = this.now();
    const campaign = (await this.live(siteId)).find((c) => c.id === campaignId);
    if (!campaign || variant >= campaign.variants.length) return undefined;
    if (campaign.startAt !== null && campaign.startAt > now) return undefined;
    return campaign;
  }

  /** A bubble was shown or clicked: counted now, added to the store within {@link COUNTS_FLUSH_MS}. */
  count(campaignId: string, variant: number, kind: 'shown' | 'opened'): void {
    const key = `${campaignId}\n${variant}`;
    const counts = this.#counts.get(key) ?? { shown: 0, opened: 0 };
    counts[kind] += 1;
    this.#counts.set(key, counts);
    this.#countsTimer ??= setTimeout(
      () =>
        void this.flushCounts().catch((error: unknown) =>
          this.#log.warn('campaigns: counts not saved', { error: String(error) }),
        ),
      COUNTS_FLUSH_MS,
    ).unref();
  }

  /** Adds the events counted since the last time to the store. */
  async flushCounts(): Promise<void> {
    clearTimeout(this.#countsTimer);
    this.#countsTimer = undefined;
    if (this.#counts.size === 0) return;
    const deltas: CountsDelta[] = [...this.#counts].map(([key, counts]) => {
      const [campaignId, variant] = key.split('\n') as [string, string];
      return { campaignId, variant: Number(variant), ...counts };
    });
    this.#counts.clear();
    await this.repository.addCounts(deltas);
  }

  /** {@link ChatHooks.visitorSeen}: remembers who was given a conversation id not stored yet. */
  visitorSeen(visitor: VisitorSeen): void {
    if (visitor.started) return;
    const now = this.now();
    this.#visitors.delete(visitor.conversationId);
    this.#visitors.set(visitor.conversationId, { siteId: visitor.site.id, visitorId: visitor.visitorId, at: now });
    if (this.#visitors.size > MAX_VISITORS) this.#visitors.delete(this.#visitors.keys().next().value!);
  }

  /**
   * The visitor replied to a campaign: its message (the variant the visitor saw, with its buttons as quick replies)
   * becomes the first message of the visitor's conversation, from the member or the bot it names. Only for a
   * conversation this relay gave a visitor of the site within the last hour and that holds no message yet; a second
   * call for the same conversation stores nothing. With `button` (the one the visitor clicked), its label follows as
   * the visitor's choice of that quick reply (client id `reply-<seq>`, as the widget sends a choice: stored once
   * whoever sends it), so the agent sees what was chosen and the visitor's chat shows it.
   */
  async start(
    site: Site,
    campaignId: string,
    variant: number,
    conversationId: string,
    button?: number,
  ): Promise<{ readonly ok: true; readonly seq: number } | { readonly ok: false; readonly why: StartRefusal }> {
    const campaign = await this.showable(site.id, campaignId, variant);
    if (!campaign) return { ok: false, why: 'unknown_campaign' };
    if (button !== undefined && button >= campaign.buttons.length) return { ok: false, why: 'unknown_button' };
    const visitor = this.#visitors.get(conversationId);
    if (!visitor || visitor.siteId !== site.id || this.now() - visitor.at > VISITOR_TTL_MS)
      return { ok: false, why: 'unknown_visitor' };
    const { core } = this.#admin;
    if (await core.store.getConversation(conversationId)) return { ok: false, why: 'started' };
    const botName = this.#use('automations')?.settings(site.id).botName ?? 'Parley';
    const name = await this.senderName(site.id, campaign, botName);
    const author =
      campaign.sender.kind === 'member' && name !== botName
        ? ({ role: 'staff', id: campaign.sender.staffId, name } as const)
        : ({ role: 'bot', id: 'bot', name } as const);
    const buttons = campaign.buttons.map((label, i) => ({ id: `b${i + 1}`, label }));
    const { message, duplicate } = await core.store.append({
      siteId: site.id,
      conversationId,
      visitorId: visitor.visitorId,
      clientId: `campaign-${campaign.id}`,
      author,
      text: campaign.variants[variant]!,
      kind: 'text',
      extra: buttons.length > 0 ? { automation: 'campaign', buttons } : { automation: 'campaign' },
    });
    core.publishMessage(message, site.id, duplicate);
    if (duplicate || message.seq !== 1) return { ok: false, why: 'started' };
    core.metrics.messagesStored += 1;
    this.#visitors.delete(conversationId);
    await this.repository.addConversation(site.id, conversationId, campaign.id, variant, this.now());
    const chosen = button === undefined ? undefined : buttons[button];
    if (chosen) {
      // The site's own label (not screened, as the campaign's message is not), answering the message just stored.
      const reply = await core.store.append({
        siteId: site.id,
        conversationId,
        visitorId: visitor.visitorId,
        clientId: `reply-${message.seq}`,
        author: { role: 'visitor', id: visitor.visitorId },
        text: chosen.label,
        kind: 'text',
        extra: { reply: { seq: message.seq, id: chosen.id } },
      });
      core.publishMessage(reply.message, site.id, reply.duplicate);
      if (!reply.duplicate) core.metrics.messagesStored += 1;
    }
    return { ok: true, seq: message.seq };
  }

  async close(): Promise<void> {
    await this.flushCounts();
  }
}

/** The site's business hours as the loader reads them: minutes of the day instead of `HH:MM`. */
function loaderHours(hours: {
  readonly timezone: string;
  readonly weekly: readonly { readonly day: number; readonly open: string; readonly close: string }[];
  readonly holidays: readonly string[];
}): LoaderHours {
  const minutes = (time: string): number => {
    const [h, m] = time.split(':').map(Number) as [number, number];
    return h * 60 + m;
  };
  return {
    zone: hours.timezone,
    weekly: hours.weekly.map((span) => [span.day, minutes(span.open), minutes(span.close)] as const),
    holidays: hours.holidays,
  };
}
