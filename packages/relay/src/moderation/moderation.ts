import type { Message } from '@parley/protocol';
import type { SpamSettings } from '@parley/protocol/admin';
import type { AdminServices } from '../admin/public.js';
import type { ChatHooks } from '../core/hooks.js';
import type { ScreenRefusal, Screening, ScreenVerdict } from '../core/screening.js';
import type { Logger } from '../log.js';
import type { ConversationRecord } from '../store/admin-store.js';
import type { FlagInput, ModerationRepository, SpamMark } from './moderation-repository.js';
import { MIN_REPEAT_TEXT, NetworkKeys, digest, linkSet, normalizedText } from './spam-keys.js';
import { SPAM_WINDOW_MS, SpamWindows, type SpamWindow } from './spam-windows.js';

/** A flag's detail is cut to this many characters. */
export const MAX_FLAG_DETAIL = 200;

const HOUR = 3_600_000;

/** How much the spam limits and the flags' deduplication keep in memory at most (tests make them small). */
export interface ModerationBounds {
  /** Text digests and link sets remembered (per relay, every site's). Default 50,000. */
  readonly repeatKeys: number;
  /** Networks remembered. Default 20,000. */
  readonly networkKeys: number;
  /** Flags remembered as raised, so one raised again costs no write. Default 10,000. */
  readonly flagsSeen: number;
  /** Blocks loaded from the store (those that end last first). Default 100,000. */
  readonly blocks: number;
}

const DEFAULT_BOUNDS: ModerationBounds = {
  repeatKeys: 50_000,
  networkKeys: 20_000,
  flagsSeen: 10_000,
  blocks: 100_000,
};

export interface ModerationOptions {
  readonly admin: Pick<AdminServices, 'publishConversation'>;
  readonly repository: ModerationRepository;
  readonly log: Logger;
  /** Keys the hashes of networks (a key is derived from it). */
  readonly relaySecret: string;
  /** A site's spam limits (the safety settings' `spam`). */
  readonly spamSettings: (siteId: string) => SpamSettings;
  /** How often the blocks are read again, for those made through other relays (ms). Default 30 s. */
  readonly refreshMs?: number | undefined;
  readonly bounds?: Partial<ModerationBounds> | undefined;
  readonly now?: (() => number) | undefined;
}

/** A site's blocks in memory: until when each visitor and network is blocked. */
interface SiteBlocks {
  readonly visitors: Map<string, number>;
  readonly networks: Map<string, number>;
}

/**
 * Spam and review (docs/safety.md, "Spam and review"). Flags: why a conversation is up for review, raised by other
 * features ({@link flag}) and by the spam limits, listed and dismissed by staff. The spam limits
 * ({@link screenMessage}, on every visitor message, from memory): the same text or links in too many conversations
 * of a site within an hour, and too many new conversations from one network, are refused `rate_limited` and
 * flagged. Marking a conversation as spam hides it from the inbox's views and the reports, and blocks its visitor
 * and the network it was opened from for the site's `blockHours`: their messages are refused `blocked`.
 *
 * The limits count per relay process (each relay sees its own connections). Blocks are stored, and held in memory
 * by every relay: made through this relay they hold at once, through another within `refreshMs`.
 */
export class Moderation implements ChatHooks {
  readonly #admin: ModerationOptions['admin'];
  readonly #repository: ModerationRepository;
  readonly #log: Logger;
  readonly #spamSettings: (siteId: string) => SpamSettings;
  readonly #now: () => number;
  readonly #refreshMs: number;
  readonly #bounds: ModerationBounds;
  readonly #keys: NetworkKeys;
  readonly #repeats: SpamWindows;
  readonly #networks: SpamWindows;
  /** Flags raised (conversation, reason, detail), oldest first: one raised again is not written again. */
  readonly #flagsSeen = new Set<string>();
  #blocks = new Map<string, SiteBlocks>();
  /**
   * The networks of new conversations being written, by conversation: a mark made on this relay right after a
   * conversation opened (its first message acknowledged, the network's row not yet committed) waits for it.
   */
  readonly #recording = new Map<string, Promise<void>>();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: ModerationOptions) {
    this.#admin = options.admin;
    this.#repository = options.repository;
    this.#log = options.log;
    this.#spamSettings = options.spamSettings;
    this.#now = options.now ?? Date.now;
    this.#refreshMs = options.refreshMs ?? 30_000;
    this.#bounds = { ...DEFAULT_BOUNDS, ...options.bounds };
    this.#keys = new NetworkKeys(options.relaySecret);
    // Up to the largest repeat limit (100) listed per key: the conversations a refusal flags are all known.
    this.#repeats = new SpamWindows(this.#bounds.repeatKeys, 100);
    // A network's first conversations are listed (those flagged when it is throttled); the count goes on.
    this.#networks = new SpamWindows(this.#bounds.networkKeys, 50);
  }

  /** The clock blocks are read on. */
  now(): number {
    return this.#now();
  }

  async start(): Promise<void> {
    await this.refresh();
    this.#timer = setInterval(() => void this.refresh(), this.#refreshMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Reads again the blocks not over yet (every site's). */
  async refresh(): Promise<void> {
    try {
      const marks = await this.#repository.activeBlocks(this.#now(), this.#bounds.blocks);
      const blocks = new Map<string, SiteBlocks>();
      for (const mark of marks) addBlock(blocks, mark);
      this.#blocks = blocks;
    } catch (error) {
      this.#log.warn('moderation: could not read the spam blocks', { error: String(error) });
    }
  }

  /**
   * Flags a conversation for review: for features to call from a message's `stored` callback. Fire and forget:
   * never throws, writes in the background, once per (conversation, reason, detail); the detail is cut to
   * {@link MAX_FLAG_DETAIL} characters.
   */
  flag(siteId: string, conversationId: string, flag: FlagInput): void {
    try {
      const detail = String(flag.detail ?? '')
        // eslint-disable-next-line no-control-regex -- control characters are what is taken out
        .replace(/[\u0000-\u001f\u007f]+/gu, ' ')
        .slice(0, MAX_FLAG_DETAIL);
      const key = `${conversationId}\u0000${flag.reason}\u0000${detail}`;
      if (this.#flagsSeen.has(key)) return;
      if (this.#flagsSeen.size >= this.#bounds.flagsSeen)
        this.#flagsSeen.delete(this.#flagsSeen.values().next().value!);
      this.#flagsSeen.add(key);
      const seq = typeof flag.seq === 'number' && Number.isSafeInteger(flag.seq) ? flag.seq : null;
      this.#repository
        .addFlag(siteId, conversationId, { reason: flag.reason, detail, seq }, this.#now())
        .then((added) => {
          // The inbox's lists read again (the Review view's count).
          if (added) return this.#admin.publishConversation(siteId, conversationId);
        })
        .catch((error: unknown) => {
          this.#flagsSeen.delete(key);
          this.#log.warn('moderation: could not record a flag', { conversationId, error: String(error) });
        });
    } catch (error) {
      this.#log.warn('moderation: could not record a flag', { conversationId, error: String(error) });
    }
  }

  /** The conversation's flags not dismissed, and its spam mark when it has one. */
  async flagsOf(conversation: ConversationRecord): Promise<{ items: FlagWithTime[]; spam: SpamMark | undefined }> {
    const [items, spam] = await Promise.all([
      this.#repository.openFlags(conversation.siteId, conversation.id),
      this.#repository.spamMark(conversation.siteId, conversation.id),
    ]);
    return { items, spam };
  }

  /** Dismisses the conversation's flags; resolves how many there were. */
  async dismiss(conversation: ConversationRecord, staffId: string): Promise<number> {
    const dismissed = await this.#repository.dismissFlags(conversation.siteId, conversation.id, staffId, this.#now());
    if (dismissed > 0) await this.#admin.publishConversation(conversation.siteId, conversation.id);
    return dismissed;
  }

  /**
   * Marks a conversation as spam: hidden from the views, out of the reports, and its visitor and network blocked
   * for the site's `blockHours` (on this relay at once).
   */
  async markSpam(
    conversation: ConversationRecord,
    staff: { readonly id: string; readonly name: string },
  ): Promise<SpamMark> {
    const now = this.#now();
    const { siteId, id } = conversation;
    await this.#recording.get(id);
    const mark: SpamMark = {
      siteId,
      conversationId: id,
      visitorId: conversation.visitor.id,
      network: await this.#repository.networkOf(siteId, id),
      markedBy: staff.id,
      markedByName: staff.name,
      markedAt: now,
      until: now + this.#spamSettings(siteId).blockHours * HOUR,
    };
    await this.#repository.markSpam(mark);
    addBlock(this.#blocks, mark);
    await this.#admin.publishConversation(siteId, id);
    return mark;
  }

  /** Takes the mark off: the conversation shows again and its blocks are lifted. Resolves whether it was marked. */
  async unmarkSpam(conversation: ConversationRecord): Promise<boolean> {
    const removed = await this.#repository.unmarkSpam(conversation.siteId, conversation.id);
    if (!removed) return false;
    // Another mark may block the same visitor or network: read them all again.
    await this.refresh();
    await this.#admin.publishConversation(conversation.siteId, conversation.id);
    return true;
  }

  /**
   * {@link ChatHooks.screenMessage}: a visitor's message from a blocked visitor or network is refused `blocked`;
   * one over a spam limit `rate_limited`. Staff messages are not looked at. From memory: a few map look-ups, a
   * digest of the text, and a keyed hash of the address when a conversation opens or the site blocks a network.
   */
  screenMessage(message: Screening): ScreenVerdict | undefined {
    if (message.role !== 'visitor') return undefined;
    const { siteId, conversationId } = message;
    let network: string | undefined;
    const blocks = this.#blocks.get(siteId);
    // Read only when it is needed: a site with no blocks and a visitor on loopback never reads the clock.
    let now = 0;
    if (blocks) {
      now = this.#now();
      if ((blocks.visitors.get(message.visitorId) ?? 0) > now) return BLOCKED;
      if (message.ip && blocks.networks.size > 0) {
        network = this.#keys.of(message.ip);
        if (network !== undefined && (blocks.networks.get(network) ?? 0) > now) return BLOCKED;
      }
    }
    // The limits count the widget's visitors (WebSocket), by a real address: email and API channels have their own
    // senders and limits, and behind an untrusted local proxy every visitor would be one address.
    if (message.via !== 'ws' || !message.ip || this.#keys.loopback(message.ip)) return undefined;
    if (!blocks) now = this.#now();
    const settings = this.#spamSettings(siteId);
    let networkKey: string | undefined;
    if (message.opens) {
      network ??= this.#keys.of(message.ip);
      if (network !== undefined) {
        networkKey = `${siteId}\u0000${network}`;
        const window = this.#networks.get(networkKey, now);
        if (window && window.count >= settings.networkLimit) {
          if (!window.flagged) {
            window.flagged = true;
            const detail = `more than ${settings.networkLimit} new conversations an hour from one network`;
            for (const id of window.conversations) this.flag(siteId, id, { reason: 'network', detail, seq: null });
          }
          return throttled(window, now, 'Too many new conversations from this network; try again later.');
        }
      }
    }
    const repeats = message.kind === 'text' ? repeatKeys(message.text) : [];
    for (const repeat of repeats) {
      const window = this.#repeats.get(`${siteId}\u0000${repeat.key}`, now);
      if (window && window.count >= settings.repeatLimit && !window.conversations.includes(conversationId)) {
        this.flag(siteId, conversationId, { reason: 'repeat', detail: repeat.detail, seq: null });
        return throttled(window, now, 'The same message was sent to too many conversations; try again later.');
      }
    }
    // Allowed: counted now (so that a burst cannot pass before the first is stored), remembered once stored.
    if (networkKey !== undefined) this.#networks.add(networkKey, conversationId, now);
    let reached: Array<{ window: SpamWindow; detail: string }> | undefined;
    for (const repeat of repeats) {
      const window = this.#repeats.add(`${siteId}\u0000${repeat.key}`, conversationId, now);
      if (window.count >= settings.repeatLimit && !window.flagged) {
        // Reached now: every conversation it was sent in is flagged, once per window.
        window.flagged = true;
        (reached ??= []).push({ window, detail: repeat.detail });
      }
    }
    if (!reached && !(message.opens && network !== undefined)) return undefined;
    const opened = message.opens ? network : undefined;
    return {
      stored: (stored: Message) => {
        // One write per new conversation (its network), and the flags of a repeat that reached the limit.
        if (opened !== undefined) {
          const recording = this.#repository
            .recordNetwork(siteId, conversationId, opened, now)
            .catch((error: unknown) =>
              this.#log.warn('moderation: could not record a conversation’s network', { error: String(error) }),
            )
            .finally(() => {
              if (this.#recording.get(conversationId) === recording) this.#recording.delete(conversationId);
            });
          this.#recording.set(conversationId, recording);
        }
        for (const { window, detail } of reached ?? []) {
          for (const id of window.conversations)
            this.flag(siteId, id, { reason: 'repeat', detail, seq: id === conversationId ? stored.seq : null });
        }
      },
    };
  }

  /** How much the limits hold (tests of their bounds). */
  memory(): { readonly repeatKeys: number; readonly networkKeys: number; readonly flagsSeen: number } {
    return { repeatKeys: this.#repeats.size, networkKeys: this.#networks.size, flagsSeen: this.#flagsSeen.size };
  }
}

type FlagWithTime = Awaited<ReturnType<ModerationRepository['openFlags']>>[number];

const BLOCKED: ScreenVerdict = {
  refused: { code: 'blocked', message: 'The site has blocked this visitor for a while; nothing was stored.' },
};

function throttled(window: SpamWindow, now: number, message: string): ScreenVerdict {
  const refused: ScreenRefusal = {
    code: 'rate_limited',
    message,
    retryAfterMs: Math.max(1000, window.start + SPAM_WINDOW_MS - now),
  };
  return { refused };
}

/** What the repeat limit compares a text by: its normalized text (when long enough), and its set of links. */
function repeatKeys(text: string): Array<{ key: string; detail: string }> {
  const keys: Array<{ key: string; detail: string }> = [];
  const normalized = normalizedText(text);
  if (normalized.length >= MIN_REPEAT_TEXT)
    keys.push({ key: `t:${digest(normalized)}`, detail: `same text: “${normalized.slice(0, 80)}”` });
  // Only a text with something that looks like a link is searched for them.
  if (/https?:|www\./iu.test(text)) {
    const links = linkSet(text);
    if (links.length > 0) keys.push({ key: `l:${digest(links.join(' '))}`, detail: `same links: ${links.join(' ')}` });
  }
  return keys;
}

function addBlock(blocks: Map<string, SiteBlocks>, mark: SpamMark): void {
  let site = blocks.get(mark.siteId);
  if (!site) blocks.set(mark.siteId, (site = { visitors: new Map(), networks: new Map() }));
  site.visitors.set(mark.visitorId, Math.max(site.visitors.get(mark.visitorId) ?? 0, mark.until));
  if (mark.network !== null)
    site.networks.set(mark.network, Math.max(site.networks.get(mark.network) ?? 0, mark.until));
}
