import type { Message } from '@parley/protocol';
import { extensionPoint } from '../features/extension-point.js';
import type { UseFeature } from '../features/feature-instances.js';
import type { OutboxInsert } from '../outbox/outbox.js';

/**
 * A visitor's message the bot is answering, and the FAQ has no direct answer to (docs/automations.md, "Answerers"):
 * what an answerer is given on the message path.
 */
export interface AnswerTurn {
  /** The visitor's text message, just stored (not a button's choice, not a rating). */
  readonly message: Message;
  readonly siteId: string;
  /** The visitor's language, from their hello. */
  readonly locale: string | undefined;
  /** The key the bot's jobs of the conversation share (`automation:<conversation>`): an answer's job takes it too. */
  readonly key: string;
  /**
   * What the FAQ would write for this message without the answerer (its suggestions, or the help center's articles),
   * or nothing: an answerer whose answer fails later writes it then, so the visitor gets what they got before.
   */
  readonly fallback: readonly OutboxInsert[] | undefined;
  /**
   * Hands the conversation to a person now, as the "Talk to a person" button does: the hand-over's job and routing's
   * assignment, to be written with the answerer's own jobs. The bot stops answering in the conversation.
   */
  handover(): readonly OutboxInsert[];
}

/**
 * Answers a visitor's message where the automations' bot is answering and no FAQ entry answers it directly. The
 * automations keep deciding whether the bot answers in a conversation at all (no staff reply, no hand-over); the
 * answerer decides what it answers. `answer` runs on the message store's hot path, inside the message's
 * transaction: synchronous, from memory, never throwing. It returns the jobs that will answer (their handlers do the
 * work, off the path), or `undefined` to leave the message to the FAQ as before.
 */
export interface VisitorAnswerer {
  /** The contributing feature's name (the first answerer that answers wins, in the feature list's order). */
  readonly name: string;
  /**
   * Whether it answers on the site at all (its setting, from memory): asked first for every visitor message, so a
   * site where no answerer is on costs the message path nothing more than this.
   */
  answers(siteId: string, use: UseFeature): boolean;
  answer(turn: AnswerTurn, use: UseFeature): readonly OutboxInsert[] | undefined;
  /**
   * What it adds to a hand-over of one of the site's conversations to a person, whoever asked for it (the visitor's
   * button, its own answer): written with the hand-over's job, on the message path or off it. Synchronous, from
   * memory; never throws.
   */
  handedOver?(siteId: string, conversationId: string, use: UseFeature): readonly OutboxInsert[] | undefined;
}

/** The automations' point `automations.answerers`: features that answer visitors where the FAQ cannot. */
export const visitorAnswerers = extensionPoint<VisitorAnswerer>('automations.answerers');
