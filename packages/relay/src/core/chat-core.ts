import type { Message, ServerFrame } from '@parley/protocol';
import type { Permission } from '@parley/protocol/admin';
import type { Bus, Reach, StoredFrame } from '../bus/bus.js';
import { isClusterBus, type ClusterBus } from '../bus/cluster.js';
import type { Logger } from '../log.js';
import { Metrics } from '../metrics.js';
import type { OutboxInsert } from '../outbox/outbox.js';
import type { AppendInput, AppendResult, ConversationState, Site, Staff, Store } from '../store/store.js';
import { SEES_ALL, type ScopedConversation, type StaffScope } from './staff-scope.js';
import { builtInPermissions } from './staff-permissions.js';
import { ConversationCache } from './conversation-cache.js';
import type { ChatHooks, StaffSession, VisitorResume, VisitorSeen, VisitorWelcomeExtras } from './hooks.js';
import { chooseResume, type ResumeChoice } from './resume-choice.js';
import {
  mergeRedacted,
  RefusedMessage,
  screenedInput,
  type Screened,
  type ScreenRefusal,
  type ScreenedVia,
  type Screening,
} from './screening.js';
import { Presence } from './presence.js';
import { RecentFrames } from './recent-frames.js';
import { topics } from './topics.js';

/**
 * This relay's own subscribers, as the core sees them: the connection layer implements it over uWS topics.
 * `origin` is a local connection (opaque here).
 */
export interface LocalDelivery {
  /**
   * Hands a frame to the topic's subscribers, leaving `origin` out (it sent the message: it gets the ack).
   * `conversationId`: the conversation a stored message's frame is in, when the caller has it at hand.
   */
  publish(topic: string, frame: string, origin?: unknown, conversationId?: string): void;
  /** Queues a frame (an ack) on `origin` alone, behind everything published to it before. */
  reply(origin: unknown, frame: string): void;
  /** Local subscribers of a topic. */
  subscribers(topic: string): number;
  /** Closes this relay's visitor connections of a conversation, telling them to reconnect (it was merged). */
  closeVisitors?(conversationId: string): void;
  /** Closes this relay's staff connections of a site, telling them to reconnect (what they may see changed). */
  closeStaff?(siteId: string): void;
}

/** The control message that carries a merge to the other relays: their visitors of the conversation reconnect. */
const mergedControl = 'merge:moved';
/** The control message that tells the other relays a site's staff may see other conversations now: they reconnect. */
const accessControl = 'access:changed';

/** What {@link ChatCore} is built from. */
export interface ChatCoreOptions {
  readonly store: Store;
  readonly bus: Bus;
  readonly log: Logger;
}

const nobody: LocalDelivery = { publish: () => undefined, reply: () => undefined, subscribers: () => 0 };

/**
 * The chat core: conversations, fan-out, presence and the frames recently published, between the connection
 * layer (ws/, http/) above and the bus and store below. It knows nothing of sockets or HTTP; features (admin,
 * and what comes after it) attach through {@link ChatHooks} with {@link use}.
 *
 * Fan-out has one path: a stored message goes on the bus ({@link appendSettled} for a connection's send, with
 * its ack; {@link publishMessage} otherwise), whose delivery on every relay (this one included) comes back, in
 * sequence order per conversation, to the local subscribers; the sender gets its ack at the message's place.
 */
export class ChatCore {
  readonly store: Store;
  readonly bus: Bus;
  readonly log: Logger;
  readonly metrics = new Metrics();
  readonly presence: Presence;
  readonly recent = new RecentFrames();
  readonly conversations: ConversationCache;
  readonly #hooks: ChatHooks[] = [];
  /** The attached features that cause side effects of stored messages (see {@link ChatHooks.messageEffects}). */
  readonly #effectHooks: ChatHooks[] = [];
  /** The attached features that screen messages before they are stored (see {@link ChatHooks.screenMessage}). */
  readonly #screenHooks: ChatHooks[] = [];
  /** The attached features that choose the conversation a hello resumes (see {@link ChatHooks.resumeConversation}). */
  readonly #resumeHooks: ChatHooks[] = [];
  /** Told when a message's side effects were written (the outbox worker looks sooner). */
  #effectsWritten: (() => void) | undefined;
  /** Told after each stored message reaches this relay from the bus (see {@link onMessageStored}). */
  readonly #stored: Array<() => void> = [];
  readonly #inFlight = new Set<Promise<unknown>>();
  /** The bus when it is shared between relays: it orders stored messages and acks (see `SeqOrderer`). */
  readonly #cluster: ClusterBus | undefined;
  #delivery: LocalDelivery = nobody;

  constructor(options: ChatCoreOptions) {
    this.store = options.store;
    this.bus = options.bus;
    this.log = options.log;
    this.#cluster = isClusterBus(options.bus) ? options.bus : undefined;
    this.presence = new Presence(options.bus);
    this.conversations = new ConversationCache(options.store);
    this.#cluster?.onControl(mergedControl, (_origin, data) => {
      const { conversationId, into } = (data ?? {}) as { conversationId?: unknown; into?: unknown };
      if (typeof conversationId === 'string' && typeof into === 'string') this.#moved(conversationId, into);
    });
    this.#cluster?.onControl(accessControl, (_origin, data) => {
      const { siteId } = (data ?? {}) as { siteId?: unknown };
      if (typeof siteId === 'string') this.#delivery.closeStaff?.(siteId);
    });
  }

  /**
   * What a site's staff may see changed (its visibility, a member's teams or role): every staff connection of the
   * site, on every relay, is closed with `ACCESS_CLOSE` and reconnects into its new scope.
   */
  staffAccessChanged(siteId: string): void {
    this.#cluster?.publishControl(accessControl, { siteId });
    this.#delivery.closeStaff?.(siteId);
  }

  /** Which conversations a staff member may see: the first feature's answer ({@link ChatHooks.staffScope}), else all. */
  async staffScope(site: Site, staff: Staff): Promise<StaffScope> {
    for (const hooks of this.#hooks) {
      const scope = await hooks.staffScope?.(site, staff);
      if (scope !== undefined) return scope;
    }
    return SEES_ALL;
  }

  /** What a staff member may do: the first feature's answer ({@link ChatHooks.staffPermissions}), else their built-in role's. */
  async staffPermissions(site: Site, staff: Staff): Promise<readonly Permission[]> {
    for (const hooks of this.#hooks) {
      const permissions = await hooks.staffPermissions?.(site, staff);
      if (permissions !== undefined) return permissions;
    }
    return builtInPermissions(staff);
  }

  /** A conversation's assignee and team, for {@link staffScope}'s checks ({@link ChatHooks.conversationScope}). */
  async conversationScope(siteId: string, conversationId: string): Promise<ScopedConversation | undefined> {
    for (const hooks of this.#hooks) {
      if (!hooks.conversationScope) continue;
      return hooks.conversationScope(siteId, conversationId);
    }
    return undefined;
  }

  /**
   * A conversation was merged into another (docs/merge.md): every visitor connection of it, on every relay, is closed
   * with `MERGED_CLOSE` and reconnects into the resulting conversation ({@link mergedInto} redirects its hello).
   */
  conversationMerged(conversationId: string, into: string): void {
    this.#cluster?.publishControl(mergedControl, { conversationId, into });
    this.#moved(conversationId, into);
  }

  /** Features learn where it went before its visitors reconnect (their hellos ask {@link mergedInto}). */
  #moved(conversationId: string, into: string): void {
    for (const hooks of this.#hooks) hooks.conversationMerged?.(conversationId, into);
    this.conversations.forget(conversationId);
    this.#delivery.closeVisitors?.(conversationId);
  }

  /** The conversation `conversationId` was merged into, if it was (see {@link ChatHooks.mergedInto}). */
  mergedInto(conversationId: string): string | undefined {
    for (const hooks of this.#hooks) {
      const into = hooks.mergedInto?.(conversationId);
      if (into !== undefined) return into;
    }
    return undefined;
  }

  /**
   * The conversation a visitor's hello resumes instead of its own, when a feature chooses one and the core's check
   * takes it ({@link ChatHooks.resumeConversation}, `chooseResume`): `undefined` at once when no feature asks.
   */
  async resumeConversation(resume: VisitorResume): Promise<ResumeChoice | undefined> {
    if (this.#resumeHooks.length === 0) return undefined;
    return chooseResume({ hooks: this.#resumeHooks, store: this.store, log: this.log }, resume);
  }

  /** Attaches a feature. */
  use(hooks: ChatHooks): void {
    this.#hooks.push(hooks);
    if (hooks.screenMessage || hooks.redactAside) this.#screenHooks.push(hooks);
    if (hooks.resumeConversation) this.#resumeHooks.push(hooks);
    if (hooks.messageEffects) {
      // Only then does the store ask, inside each append's transaction: without such a feature it costs nothing.
      this.#effectHooks.push(hooks);
      this.store.setMessageEffects((message, siteId, conversation) =>
        this.#messageEffects(message, siteId, conversation),
      );
    }
  }

  /** Calls `written` after the side effects of a stored message have been handed to the store (see {@link use}). */
  onEffectsWritten(written: () => void): void {
    this.#effectsWritten = written;
  }

  /**
   * Calls `stored` whenever a stored message is delivered to this relay by the bus, after its commit (stored here or
   * on another relay): readers of the message log read sooner than their poll.
   */
  onMessageStored(stored: () => void): void {
    this.#stored.push(stored);
  }

  #messageEffects(
    message: Message,
    siteId: string,
    conversation: ConversationState,
  ): readonly OutboxInsert[] | undefined {
    let effects: OutboxInsert[] | undefined;
    for (const hooks of this.#effectHooks) {
      let inserts: readonly OutboxInsert[] | undefined;
      try {
        inserts = hooks.messageEffects!(message, siteId, conversation);
      } catch (error) {
        // A feature's bug must not fail the append (and with it, every message of the batch).
        this.log.error('a feature failed to compute side effects', { error: String(error), siteId });
        continue;
      }
      if (inserts && inserts.length > 0) (effects ??= []).push(...inserts);
    }
    if (effects) this.#effectsWritten?.();
    return effects;
  }

  /** Starts the bus, delivering what it carries to `delivery` (this relay's subscribers). */
  async start(delivery: LocalDelivery): Promise<void> {
    this.#delivery = delivery;
    await this.bus.start({
      frame: (topic, frame) => this.#delivery.publish(topic, frame),
      stored: (stored, reach) => this.deliverStored(stored, reach),
    });
  }

  /** A connection's append to the conversation is in flight: {@link appendSettled} or {@link appendFailed} follows. */
  appending(conversationId: string, clientId: string): void {
    this.#cluster?.appending(conversationId, clientId);
  }

  /** The append announced by {@link appending} failed: nothing was stored (or nothing is known to be). */
  appendFailed(conversationId: string, clientId: string): void {
    this.#cluster?.appended(conversationId, clientId);
  }

  /**
   * A connection's append has settled: queues its `ack` on `origin` (undefined when the connection has closed)
   * and fans the message out to everyone else, in sequence order with the conversation. A duplicate (a resend) is
   * fanned out again only between relays: the relay that first stored it may have died before publishing it.
   */
  appendSettled(message: Message, siteId: string, origin: unknown, ack: string | undefined, duplicate: boolean): void {
    const cluster = this.#cluster;
    if (cluster) cluster.appended(message.conversationId, message.clientId, message.seq);
    else if (duplicate) {
      if (ack !== undefined) this.#delivery.reply(origin, ack);
      return;
    }
    this.publish(message, siteId, origin, ack, duplicate);
  }

  /**
   * Stores a message that came from outside the sockets (an email, an API channel's post) and fans it out: tracked
   * for shutdown, counted, its conversation remembered, published (a duplicate published again between relays, as
   * the relay that stored it first may have died before publishing it). Screened first ({@link screen}): rejects
   * with a {@link RefusedMessage} when a feature refuses it, and when the store rejects.
   */
  async storeMessage(input: AppendInput, via: ScreenedVia): Promise<AppendResult> {
    const screened = this.screen({
      siteId: input.siteId,
      conversationId: input.conversationId,
      visitorId: input.visitorId,
      clientId: input.clientId,
      role: input.author.role,
      kind: input.kind,
      text: input.text,
      via,
    });
    if (screened?.refused) throw new RefusedMessage(screened.refused);
    const refused = await screened?.check?.();
    if (refused) throw new RefusedMessage(refused);
    if (screened?.before) await screened.before();
    const pending = this.store.append(screenedInput(input, screened));
    this.track(pending);
    const result = await pending;
    if (result.duplicate) this.publishMessage(result.message, input.siteId, true);
    else {
      this.metrics.messagesStored += 1;
      this.conversations.remember({ id: input.conversationId, siteId: input.siteId, visitorId: input.visitorId });
      screened?.stored?.(result.message);
      this.publishMessage(result.message, input.siteId);
    }
    return result;
  }

  /**
   * Fans a stored message out to everyone who may see it: the conversation's visitors (not for a private note)
   * and the site's staff. A `duplicate` (stored before) is published again only between relays.
   */
  publishMessage(message: Message, siteId: string, duplicate = false): void {
    if (duplicate && !this.#cluster) return;
    this.publish(message, siteId, undefined, undefined, duplicate);
  }

  /** Sends a frame to every staff connection of the site (on every relay). */
  toStaff(siteId: string, frame: string): void {
    this.bus.publish(topics.staff(siteId), frame);
  }

  /** Sends a frame to every visitor connection of the conversation (on every relay). */
  toConversation(conversationId: string, frame: string): void {
    this.bus.publish(topics.conversation(conversationId), frame);
  }

  /** True while a visitor connection of this conversation is open on this relay. */
  conversationOnline(conversationId: string): boolean {
    return this.#delivery.subscribers(topics.conversation(conversationId)) > 0;
  }

  /** Registers work that shutdown must wait for (stores in flight, whose acks are still to be sent). */
  track(work: Promise<unknown>): void {
    this.#inFlight.add(work);
    // One reaction for both outcomes: `finally` would make two more promises, for every message stored.
    const done = (): void => void this.#inFlight.delete(work);
    work.then(done, done);
  }

  /** Resolves when the work tracked so far has settled. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
  }

  /** The email as the message store may keep it (see {@link ChatHooks.sealEmail}); `undefined` when none. */
  sealEmail(email: string | undefined): string | undefined {
    if (email === undefined || email.trim() === '') return undefined;
    for (const hooks of this.#hooks) {
      const sealed = hooks.sealEmail?.(email);
      if (sealed !== undefined) return sealed;
    }
    return undefined;
  }

  /**
   * Every attached feature's verdict on a message about to be stored ({@link ChatHooks.screenMessage}), merged:
   * `undefined` when none has anything to say (the common case, and then nothing is allocated).
   */
  screen(message: Screening): Screened | undefined {
    let screened: Screened | undefined;
    let current = message;
    for (const hooks of this.#screenHooks) {
      const verdict = hooks.screenMessage?.(current);
      if (!verdict) continue;
      if (verdict.refused) return { refused: verdict.refused, text: current.text };
      const text = verdict.text ?? current.text;
      const redacted = mergeRedacted(screened?.redacted, verdict.redacted);
      const hidden = (screened?.hidden ?? false) || (verdict.hidden ?? false);
      const before = chain(screened?.before, verdict.before);
      const check = firstRefusal(screened?.check, verdict.check);
      const stored = both(screened?.stored, verdict.stored);
      screened = {
        text,
        ...(redacted ? { redacted } : {}),
        ...(hidden ? { hidden } : {}),
        ...(check ? { check } : {}),
        ...(before ? { before } : {}),
        ...(stored ? { stored } : {}),
      };
      if (text !== current.text) current = { ...current, text };
    }
    return screened;
  }

  /** A text kept beside a message, as it may be stored ({@link ChatHooks.redactAside}). */
  redactAside(siteId: string, text: string, shape?: 'name'): string {
    let kept = text;
    for (const hooks of this.#screenHooks) kept = hooks.redactAside?.(siteId, kept, shape) ?? kept;
    return kept;
  }

  /** The side effects of resolving a conversation, from every attached feature ({@link ChatHooks.resolvedEffects}). */
  resolvedEffects(siteId: string, conversationId: string): OutboxInsert[] {
    const effects: OutboxInsert[] = [];
    for (const hooks of this.#hooks) {
      const inserts = hooks.resolvedEffects?.(siteId, conversationId);
      if (inserts) effects.push(...inserts);
    }
    return effects;
  }

  /** What the attached features add to a visitor's `welcome` ({@link ChatHooks.visitorWelcome}). */
  visitorWelcome(siteId: string, locale: string | undefined, visitor: VisitorSeen): VisitorWelcomeExtras {
    let extras: VisitorWelcomeExtras = {};
    for (const hooks of this.#hooks) {
      const more = hooks.visitorWelcome?.(siteId, locale, visitor);
      if (more) extras = { ...extras, ...more };
    }
    return extras;
  }

  /** Tells the attached features that a site's settings changed ({@link ChatHooks.siteSettingsChanged}). */
  siteSettingsChanged(siteId: string, area: string, settings: unknown): void {
    for (const hooks of this.#hooks) hooks.siteSettingsChanged?.(siteId, area, settings);
  }

  /** Tells the attached features that a visitor said hello or changed page ({@link ChatHooks.visitorSeen}). */
  visitorSeen(visitor: VisitorSeen): void {
    for (const hooks of this.#hooks) hooks.visitorSeen?.(visitor);
  }

  /** Whether a staff member counts as online for visitors: none of the features says Offline ({@link ChatHooks.staffAvailable}). */
  async staffAvailable(siteId: string, staffId: string): Promise<boolean> {
    for (const hooks of this.#hooks) {
      if (hooks.staffAvailable && !(await hooks.staffAvailable(siteId, staffId))) return false;
    }
    return true;
  }

  /** Tells the attached features that a staff connection was welcomed ({@link ChatHooks.staffReady}). */
  staffReady(session: StaffSession): void {
    for (const hooks of this.#hooks) hooks.staffReady?.(session);
  }

  /** Tells the attached features that a staff connection read a conversation up to `seq` ({@link ChatHooks.staffRead}). */
  staffRead(session: StaffSession, siteId: string, conversationId: string, seq: number): void {
    for (const hooks of this.#hooks) hooks.staffRead?.(session, siteId, conversationId, seq);
  }

  /** Tells the attached features that a welcomed staff connection closed ({@link ChatHooks.staffClosed}). */
  staffClosed(session: StaffSession): void {
    for (const hooks of this.#hooks) hooks.staffClosed?.(session);
  }

  /**
   * Where a visitor connection that holds every message through `cursor` switches from its replay to live
   * traffic: the frames delivered after `cursor` to send it, then subscribe it, in one synchronous step. Or
   * `undefined`: some of them are no longer held, read the store again from `cursor`. Or, between relays, a
   * promise: this relay has not delivered through `cursor` yet and catches up; ask again when it settles. Once it
   * has returned frames, the conversation counts as followed here until {@link unfollow}.
   */
  handOff(conversationId: string, siteId: string, cursor: number): string[] | undefined | Promise<void> {
    const cluster = this.#cluster;
    if (!cluster) return this.recent.after(conversationId, cursor);
    const ready = cluster.follow(conversationId, siteId, cursor);
    if (ready !== true) return ready;
    const tail = this.recent.after(conversationId, cursor);
    if (tail === undefined) cluster.release(conversationId);
    return tail;
  }

  /** A visitor connection whose {@link handOff} returned frames has closed. */
  unfollow(conversationId: string): void {
    this.#cluster?.release(conversationId);
  }

  private publish(
    message: Message,
    siteId: string,
    origin: unknown,
    ack: string | undefined,
    duplicate: boolean,
  ): void {
    const stored: StoredFrame = {
      conversationId: message.conversationId,
      seq: message.seq,
      siteId,
      frame: JSON.stringify({ type: 'message', message } satisfies ServerFrame),
      note: message.kind === 'note',
      origin,
      ack,
    };
    this.bus.publishStored(stored);
    if (message.seq === 1 && !duplicate)
      for (const hooks of this.#hooks) hooks.conversationCreated?.(siteId, message.conversationId);
  }

  /**
   * The bus hands this relay a stored message, in order: the ack to its sender (if it is here), then the
   * message to everyone else, remembered for resumes. `sender`: only the ack is owed.
   */
  private deliverStored(stored: StoredFrame, reach: Reach): void {
    const delivery = this.#delivery;
    for (const listener of this.#stored) listener();
    if (stored.ack !== undefined) delivery.reply(stored.origin, stored.ack);
    if (reach === 'sender') return;
    if (!stored.note) {
      this.recent.record(stored.conversationId, stored.seq, stored.frame, Date.now());
      delivery.publish(topics.conversation(stored.conversationId), stored.frame, stored.origin);
    }
    if (stored.siteId !== undefined)
      delivery.publish(topics.staff(stored.siteId), stored.frame, stored.origin, stored.conversationId);
  }
}

/** `a` then `b`, either of which may be absent. */
function chain(
  a: (() => Promise<void>) | undefined,
  b: (() => Promise<void>) | undefined,
): (() => Promise<void>) | undefined {
  if (!a || !b) return a ?? b;
  return async () => {
    await a();
    await b();
  };
}

/** Asks `a`, then `b` unless `a` refused: the first refusal; either may be absent. */
function firstRefusal(
  a: (() => Promise<ScreenRefusal | undefined>) | undefined,
  b: (() => Promise<ScreenRefusal | undefined>) | undefined,
): (() => Promise<ScreenRefusal | undefined>) | undefined {
  if (!a || !b) return a ?? b;
  return async () => (await a()) ?? (await b());
}

/** Tells `a` and `b`, either of which may be absent. */
function both<T>(
  a: ((value: T) => void) | undefined,
  b: ((value: T) => void) | undefined,
): ((value: T) => void) | undefined {
  if (!a || !b) return a ?? b;
  return (value) => {
    a(value);
    b(value);
  };
}
