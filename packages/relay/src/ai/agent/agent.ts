import * as z from 'zod/mini';
import { AiAgentSettings, type AiAgentSettingsInput } from '@parley/protocol/admin';
import type { AnswerTurn } from '../../automations/public.js';
import { ApiError } from '../../http/admin-http.js';
import type { OutboxInsert } from '../../outbox/outbox.js';
import type { AgentRepository } from './agent-repository.js';
import { asksForPerson } from './agent-texts.js';

/** A site that never saved the agent's setting: off. */
export const DEFAULT_AGENT: AiAgentSettings = { enabled: false, name: null, tone: '', avoid: [] };

/** The kinds of the agent's outbox jobs (handlers in agent-replies.ts). */
export const AGENT_KINDS = {
  /** Answer a visitor's message from the site's published articles and FAQ. */
  answer: 'ai.answer',
  /** The conversation was handed to a person by the agent: its summary as a private note. */
  summary: 'ai.handover-summary',
} as const;

/** What an `ai.answer` job carries: the visitor's message (read again by seq, its text never in the outbox). */
export interface AgentJob {
  readonly conversationId: string;
  readonly seq: number;
  readonly locale?: string | undefined;
  /** What the FAQ would have written (suggestions or articles): written when the provider fails. */
  readonly fallback?: readonly OutboxInsert[] | undefined;
}

/** What an `ai.handover-summary` job carries. */
export interface SummaryJob {
  readonly conversationId: string;
}

/** Options for {@link AiAgent}. */
export interface AiAgentOptions {
  readonly repository: AgentRepository;
  /** Whether the site's AI tools are on (the agent may be turned on only then). */
  readonly aiOn: (siteId: string) => Promise<boolean>;
  readonly now?: (() => number) | undefined;
  /** How often settings saved through other relays are picked up (ms). Default 10 s. */
  readonly refreshMs?: number | undefined;
}

/** A stored setting, checked again on the way in (one written by a newer relay that does not fit: off). */
function readAgentSettings(stored: unknown): AiAgentSettings {
  const parsed = z.safeParse(AiAgentSettings, stored);
  return parsed.success ? parsed.data : DEFAULT_AGENT;
}

/** The summary job of a hand-over the agent made (one per conversation). */
export function summaryJob(siteId: string, conversationId: string): OutboxInsert {
  const payload: SummaryJob = { conversationId };
  return {
    kind: AGENT_KINDS.summary,
    siteId,
    // Not the bot's key: a summary that fails or is slow holds up no reply to the visitor.
    key: null,
    dedupeKey: `${conversationId}:summary`,
    conversationId,
    payload,
  };
}

/**
 * The AI agent (docs/ai.md, "The AI agent"): every site's setting in memory, kept fresh like the automations'
 * (at once for a save through this relay, within the refresh period for another's), and what a visitor's message
 * calls for, decided on the message path ({@link answer}) from memory only.
 */
export class AiAgent {
  readonly #repository: AgentRepository;
  readonly #aiOn: (siteId: string) => Promise<boolean>;
  readonly #now: () => number;
  readonly #refreshMs: number;
  readonly #settings = new Map<string, AiAgentSettings>();
  #refreshedAt = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: AiAgentOptions) {
    this.#repository = options.repository;
    this.#aiOn = options.aiOn;
    this.#now = options.now ?? Date.now;
    this.#refreshMs = options.refreshMs ?? 10_000;
  }

  /** Reads every site's setting; then keeps them fresh. */
  async start(): Promise<void> {
    await this.refresh();
    this.#timer = setInterval(() => void this.refresh().catch(() => undefined), this.#refreshMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Reads the settings saved since the last look (a minute's overlap: a save committed meanwhile is not missed). */
  async refresh(): Promise<void> {
    const since = this.#refreshedAt === 0 ? 0 : this.#refreshedAt - 60_000;
    const startedAt = Date.now();
    for (const record of await this.#repository.changedSince(since))
      this.#settings.set(record.siteId, readAgentSettings(record.settings));
    this.#refreshedAt = startedAt;
  }

  /** The site's setting as held in memory. */
  settings(siteId: string): AiAgentSettings {
    return this.#settings.get(siteId) ?? DEFAULT_AGENT;
  }

  /** The site's setting as stored. */
  async read(siteId: string): Promise<AiAgentSettings> {
    const record = await this.#repository.get(siteId);
    return record ? readAgentSettings(record.settings) : DEFAULT_AGENT;
  }

  /**
   * Saves the site's setting (fields left out are kept). Turning the agent on needs the site's AI tools on: refused
   * `bad_request` naming `enabled` otherwise, and nothing is stored.
   */
  async put(siteId: string, input: AiAgentSettingsInput): Promise<AiAgentSettings> {
    const before = await this.read(siteId);
    const settings: AiAgentSettings = {
      enabled: input.enabled,
      name: input.name === undefined ? before.name : input.name,
      tone: input.tone ?? before.tone,
      avoid: input.avoid ?? before.avoid,
    };
    if (settings.enabled && !(await this.#aiOn(siteId)))
      throw new ApiError(
        'bad_request',
        'Invalid body.enabled: the AI tools are off for this site; turn them on first (PUT /v1/admin/ai).',
      );
    await this.#repository.put(siteId, settings, this.#now());
    this.#settings.set(siteId, settings);
    return settings;
  }

  /**
   * What a hand-over of one of the site's conversations writes besides the automations' own, while the agent is on:
   * its summary as a private note, for the person who takes it (`ai.handover-summary`). From memory; never throws.
   */
  handedOver(siteId: string, conversationId: string): readonly OutboxInsert[] | undefined {
    return this.#settings.get(siteId)?.enabled ? [summaryJob(siteId, conversationId)] : undefined;
  }

  /**
   * The automations' answerer (`automations.answerers`), on the message path: with the agent on, a visitor asking
   * for a person in their own words is handed over at once (with a summary for the staff), and any other message
   * gets an `ai.answer` job, which answers it off the path. Synchronous, from memory; never throws.
   */
  answer(turn: AnswerTurn): readonly OutboxInsert[] | undefined {
    if (!this.#settings.get(turn.siteId)?.enabled) return undefined;
    const { message, siteId } = turn;
    const conversationId = message.conversationId;
    // The hand-over's jobs include the summary's (see handedOver).
    if (asksForPerson(message.text)) return turn.handover();
    const payload: AgentJob = { conversationId, seq: message.seq, locale: turn.locale, fallback: turn.fallback };
    return [
      {
        kind: AGENT_KINDS.answer,
        siteId,
        key: turn.key,
        // One pending job per conversation: a burst of messages folds into it, and it answers the latest (a message
        // after it was claimed writes the next).
        dedupeKey: `${conversationId}:ai`,
        conversationId,
        payload,
      },
    ];
  }
}
