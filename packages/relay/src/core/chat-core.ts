import type { Message, ServerFrame } from '@parley/protocol';
import type { Bus, PublishMeta } from '../bus/bus.js';
import type { Logger } from '../log.js';
import { Metrics } from '../metrics.js';
import type { Store } from '../store/store.js';
import { ConversationCache } from './conversation-cache.js';
import type { ChatHooks, StaffSession, VisitorSeen } from './hooks.js';
import { Presence } from './presence.js';
import { RecentFrames } from './recent-frames.js';
import { topics } from './topics.js';

/**
 * This relay's own subscribers, as the core sees them: the connection layer implements it over uWS topics.
 * `origin` is a local connection that published the frame (opaque here); the delivery leaves it out.
 */
export interface LocalDelivery {
  publish(topic: string, frame: string, origin: unknown): void;
  /** Local subscribers of a topic. */
  subscribers(topic: string): number;
}

/** What {@link ChatCore} is built from. */
export interface ChatCoreOptions {
  readonly store: Store;
  readonly bus: Bus;
  readonly log: Logger;
}

const nobody: LocalDelivery = { publish: () => undefined, subscribers: () => 0 };

/**
 * The chat core: conversations, fan-out, presence and the frames recently published, between the connection
 * layer (ws/, http/) above and the bus and store below. It knows nothing of sockets or HTTP; features (admin,
 * and what comes after it) attach through {@link ChatHooks} with {@link use}.
 *
 * Fan-out has one path: {@link publishMessage} puts a stored message on the bus, whose delivery on every relay
 * (this one included) comes back through {@link deliver} to the local subscribers.
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
  readonly #inFlight = new Set<Promise<unknown>>();
  #delivery: LocalDelivery = nobody;

  constructor(options: ChatCoreOptions) {
    this.store = options.store;
    this.bus = options.bus;
    this.log = options.log;
    this.presence = new Presence(options.bus);
    this.conversations = new ConversationCache(options.store);
  }

  /** Attaches a feature. */
  use(hooks: ChatHooks): void {
    this.#hooks.push(hooks);
  }

  /** Starts the bus, delivering what it carries to `delivery` (this relay's subscribers). */
  async start(delivery: LocalDelivery): Promise<void> {
    this.#delivery = delivery;
    await this.bus.start((topic, frame, meta) => this.deliver(topic, frame, meta));
  }

  /**
   * Fans a stored message out to everyone who may see it: the conversation's visitors (not for a private note)
   * and the site's staff. With `origin` (the sender's connection, which has its ack), the local fan-out leaves
   * that connection out.
   */
  publishMessage(message: Message, siteId: string, origin?: unknown): void {
    const frame = JSON.stringify({ type: 'message', message } satisfies ServerFrame);
    if (message.kind !== 'note') {
      const meta: PublishMeta = { conversationId: message.conversationId, seq: message.seq, origin };
      this.bus.publish(topics.conversation(message.conversationId), frame, meta);
    }
    this.bus.publish(topics.staff(siteId), frame, origin ? { origin } : undefined);
    if (message.seq === 1) for (const hooks of this.#hooks) hooks.conversationCreated?.(siteId, message.conversationId);
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
    void work.finally(() => this.#inFlight.delete(work));
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

  /** Tells the attached features that a visitor said hello or changed page ({@link ChatHooks.visitorSeen}). */
  visitorSeen(visitor: VisitorSeen): void {
    for (const hooks of this.#hooks) hooks.visitorSeen?.(visitor);
  }

  /** Tells the attached features that a staff connection was welcomed ({@link ChatHooks.staffReady}). */
  staffReady(session: StaffSession): void {
    for (const hooks of this.#hooks) hooks.staffReady?.(session);
  }

  /** Tells the attached features that a welcomed staff connection closed ({@link ChatHooks.staffClosed}). */
  staffClosed(session: StaffSession): void {
    for (const hooks of this.#hooks) hooks.staffClosed?.(session);
  }

  /** The bus hands this relay a frame: remember it for resumes, then hand it to the local subscribers. */
  private deliver(topic: string, frame: string, meta: PublishMeta): void {
    if (meta.conversationId !== undefined && meta.seq !== undefined) {
      this.recent.record(meta.conversationId, meta.seq, frame, Date.now());
    }
    this.#delivery.publish(topic, frame, meta.origin);
  }
}
