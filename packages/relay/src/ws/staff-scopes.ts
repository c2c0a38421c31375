import { sees, type ScopedConversation, type StaffScope } from '../core/staff-scope.js';
import { topics } from '../core/topics.js';

/** A member whose connections here see only some of the site's conversations. */
interface Member {
  readonly topic: string;
  scope: Exclude<StaffScope, { all: true }>;
  sockets: number;
}

/** What this relay last learned of a conversation's assignee and team, and when. */
interface Known extends ScopedConversation {
  readonly siteId: string;
  readonly at: number;
}

/** A frame waiting for its conversation's assignee and team to be read. */
interface Waiting {
  readonly frame: string;
  readonly origin: unknown;
}

/** How long a conversation's assignee and team are trusted without a frame saying so again. */
const KNOWN_MS = 60_000;
const MAX_KNOWN = 20_000;

/** What {@link StaffScopes} is given. */
export interface StaffScopesOptions {
  /** Reads a conversation's assignee and team from the store; `undefined` when it is not the site's. */
  readonly lookup: (siteId: string, conversationId: string) => Promise<ScopedConversation | undefined>;
  /** Publishes to this relay's subscribers of a topic (the endpoint's own `publish`, older protocols' twins and all). */
  readonly send: (topic: string, frame: string, origin: unknown) => void;
  readonly warn: (message: string, fields: Record<string, unknown>) => void;
  readonly now?: () => number;
}

/**
 * The staff fan-out for members who see only some conversations (issue #41, docs/accounts.md "Who sees what").
 * Members who see all follow the site's staff topic, as before; a member who sees some follows a topic of their own
 * instead, and each frame published to the site's staff is handed on to the members here who may see its
 * conversation (a frame of no conversation, such as staff presence, to all of them). While no such member is
 * connected to this relay, nothing here runs: a site that shows all pays nothing per message.
 *
 * Whether a member sees a conversation depends on its assignee and team. They are learned from the `conversation`
 * frames that every change publishes (before and after: a member who loses a conversation is told it moved) and read
 * from the store when unknown, holding that conversation's frames in order meanwhile.
 */
export class StaffScopes {
  readonly #sites = new Map<string, Map<string, Member>>();
  readonly #known = new Map<string, Known>();
  readonly #waiting = new Map<string, Waiting[]>();
  readonly #now: () => number;

  constructor(private readonly options: StaffScopesOptions) {
    this.#now = options.now ?? Date.now;
  }

  /** True while a member here sees only some conversations of some site: until then nothing here is asked. */
  get active(): boolean {
    return this.#sites.size > 0;
  }

  /** True while a member here sees only some conversations of `siteId`. */
  has(siteId: string): boolean {
    return this.#sites.has(siteId);
  }

  /** A connection of a member who sees only some conversations: returns the topic it follows instead of the site's. */
  join(siteId: string, staffId: string, scope: Exclude<StaffScope, { all: true }>): string {
    let members = this.#sites.get(siteId);
    if (!members) this.#sites.set(siteId, (members = new Map()));
    const member = members.get(staffId);
    if (member) {
      member.scope = scope;
      member.sockets += 1;
      return member.topic;
    }
    const topic = topics.member(siteId, staffId);
    members.set(staffId, { topic, scope, sockets: 1 });
    return topic;
  }

  /** One of that member's connections closed. */
  leave(siteId: string, staffId: string): void {
    const members = this.#sites.get(siteId);
    const member = members?.get(staffId);
    if (!members || !member) return;
    member.sockets -= 1;
    if (member.sockets > 0) return;
    members.delete(staffId);
    if (members.size > 0) return;
    this.#sites.delete(siteId);
    // Nobody here follows the site's changes any more: what was learned of it may go stale, so it is forgotten.
    for (const [id, known] of this.#known) if (known.siteId === siteId) this.#known.delete(id);
  }

  /**
   * A frame published to the site's staff: hands it to the members here who may see its conversation. `conversationId`
   * when the caller knows it (a stored message); otherwise it is read from the frame.
   */
  publish(siteId: string, frame: string, origin: unknown, conversationId?: string): void {
    if (!this.#sites.has(siteId)) return;
    let id = conversationId;
    let summary: ScopedConversation | undefined;
    if (id === undefined) {
      const about = aboutOf(frame);
      if (about === undefined) return this.#toAll(siteId, frame, origin);
      id = about.conversationId;
      summary = about.summary;
    }
    const waiting = this.#waiting.get(id);
    if (waiting) {
      waiting.push({ frame, origin });
      return;
    }
    const known = this.#fresh(id);
    if (summary !== undefined) {
      this.#deliver(siteId, frame, origin, known, summary);
      this.#learn(id, siteId, summary);
      return;
    }
    if (known) return this.#deliver(siteId, frame, origin, known, undefined);
    this.#waiting.set(id, [{ frame, origin }]);
    void this.#read(siteId, id);
  }

  /** Whether `scope` sees the conversation: from what is known, else read from the store. */
  async visible(siteId: string, scope: StaffScope, conversationId: string): Promise<boolean> {
    if (scope.all) return true;
    let known: ScopedConversation | undefined = this.#fresh(conversationId);
    if (!known) {
      known = await this.options.lookup(siteId, conversationId);
      if (!known) return false;
      if (this.#sites.has(siteId)) this.#learn(conversationId, siteId, known);
    }
    return sees(scope, known);
  }

  async #read(siteId: string, conversationId: string): Promise<void> {
    let found: ScopedConversation | undefined;
    try {
      found = await this.options.lookup(siteId, conversationId);
    } catch (error) {
      // Nobody restricted gets what could not be checked; the inbox reads the conversation again when it opens it.
      this.options.warn('a conversation’s scope could not be read', { error: String(error), conversationId });
    }
    const queued = this.#waiting.get(conversationId) ?? [];
    this.#waiting.delete(conversationId);
    if (found && this.#sites.has(siteId)) this.#learn(conversationId, siteId, found);
    // In order: a `conversation` frame among them changes what the ones after it see.
    for (const { frame, origin } of queued) {
      if (!found) continue;
      const about = aboutOf(frame);
      const known = this.#fresh(conversationId) ?? { ...found, siteId, at: 0 };
      this.#deliver(siteId, frame, origin, known, about?.summary);
      if (about?.summary) this.#learn(conversationId, siteId, about.summary);
    }
  }

  #deliver(
    siteId: string,
    frame: string,
    origin: unknown,
    before: ScopedConversation | undefined,
    after: ScopedConversation | undefined,
  ): void {
    const members = this.#sites.get(siteId);
    if (!members) return;
    for (const member of members.values()) {
      const shown =
        (before !== undefined && sees(member.scope, before)) || (after !== undefined && sees(member.scope, after));
      if (shown) this.options.send(member.topic, frame, origin);
    }
  }

  #toAll(siteId: string, frame: string, origin: unknown): void {
    for (const member of this.#sites.get(siteId)?.values() ?? []) this.options.send(member.topic, frame, origin);
  }

  #fresh(conversationId: string): Known | undefined {
    const known = this.#known.get(conversationId);
    if (known && this.#now() - known.at <= KNOWN_MS) return known;
    return undefined;
  }

  #learn(conversationId: string, siteId: string, found: ScopedConversation): void {
    if (this.#known.size >= MAX_KNOWN && !this.#known.has(conversationId)) {
      const oldest = this.#known.keys().next();
      if (!oldest.done) this.#known.delete(oldest.value);
    }
    this.#known.delete(conversationId);
    this.#known.set(conversationId, {
      siteId,
      assigneeId: found.assigneeId ?? null,
      teamId: found.teamId ?? null,
      at: this.#now(),
    });
  }
}

/** The conversation a staff frame is about, and for a `conversation` frame its assignee and team now. */
function aboutOf(frame: string): { conversationId: string; summary?: ScopedConversation } | undefined {
  let parsed: {
    conversationId?: unknown;
    message?: { conversationId?: unknown };
    conversation?: { id?: unknown; assigneeId?: string | null; teamId?: string | null };
  };
  try {
    parsed = JSON.parse(frame) as typeof parsed;
  } catch {
    return undefined;
  }
  if (typeof parsed.conversationId === 'string') return { conversationId: parsed.conversationId };
  if (typeof parsed.message?.conversationId === 'string') return { conversationId: parsed.message.conversationId };
  const conversation = parsed.conversation;
  if (typeof conversation?.id === 'string')
    return {
      conversationId: conversation.id,
      summary: { assigneeId: conversation.assigneeId ?? null, teamId: conversation.teamId ?? null },
    };
  return undefined;
}
