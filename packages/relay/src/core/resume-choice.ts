import type { Logger } from '../log.js';
import type { Conversation, Store } from '../store/store.js';
import type { ChatHooks, VisitorResume } from './hooks.js';

/** How long a hello waits for one feature's answer given as a promise ({@link ChatHooks.resumeConversation}). */
export const RESUME_ANSWER_MS = 2_000;

/** A conversation a feature chose for a visitor's hello, as the core checked it. */
export interface ResumeChoice {
  readonly conversationId: string;
  /** As the check read it (the hello reads it no more); `undefined`: not stored yet, a fresh token's new one. */
  readonly conversation: Conversation | undefined;
}

/** What {@link chooseResume} asks with. */
export interface ResumeAsk {
  /** The attached features that answer {@link ChatHooks.resumeConversation}, in the order of the feature list. */
  readonly hooks: readonly ChatHooks[];
  readonly store: Pick<Store, 'getConversation'>;
  readonly log: Logger;
  /** How long one feature's promise is waited for (default {@link RESUME_ANSWER_MS}). */
  readonly waitMs?: number | undefined;
}

/**
 * The conversation a visitor's hello resumes instead of its own, when a feature chooses one
 * ({@link ChatHooks.resumeConversation}): the first answer, then checked. A stored conversation must be this
 * visitor's on this site; one not stored yet is taken only as the id a `fresh` token names (a new conversation the
 * relay signed for this visitor: a feature never invents one). `undefined` when no feature answers, the answer is the
 * hello's own, or the check refuses it (a conversation of another site or visitor is logged): the hello resumes what
 * it would have. Nothing is asked, and nothing read, for a hello with neither a token nor a newest conversation; the
 * store is read once, only for an answer that differs from the hello's own.
 */
export async function chooseResume(ask: ResumeAsk, resume: VisitorResume): Promise<ResumeChoice | undefined> {
  if (resume.token === undefined && resume.newest === undefined) return undefined;
  let chosen: string | undefined;
  for (const hooks of ask.hooks) {
    chosen = await answerOf(ask, hooks, resume);
    if (chosen !== undefined) break;
  }
  if (chosen === undefined || chosen === resume.conversationId) return undefined;
  const conversation = await ask.store.getConversation(chosen);
  if (conversation) {
    if (conversation.siteId === resume.site.id && conversation.visitorId === resume.visitorId)
      return { conversationId: chosen, conversation };
    // A feature's bug (or a claim it trusted): never another site's or visitor's conversation.
    ask.log.warn('a feature chose a conversation of another site or visitor for a hello: refused', {
      siteId: resume.site.id,
    });
    return undefined;
  }
  if (resume.token?.fresh === true && resume.token.conversationId === chosen)
    return { conversationId: chosen, conversation };
  // An erased conversation a token still names, or an id nobody signed: the hello's own.
  return undefined;
}

/** One feature's answer: a value at once, a promise within the wait; a throw, a rejection or a late answer is none. */
async function answerOf(ask: ResumeAsk, hooks: ChatHooks, resume: VisitorResume): Promise<string | undefined> {
  let answer: string | undefined | Promise<string | undefined>;
  try {
    answer = hooks.resumeConversation?.(resume);
  } catch (error) {
    ask.log.error('a feature failed to choose a hello’s conversation', {
      siteId: resume.site.id,
      error: String(error),
    });
    return undefined;
  }
  if (!(answer instanceof Promise)) return answer;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      ask.log.warn('a feature took too long to choose a hello’s conversation: not waited for', {
        siteId: resume.site.id,
      });
      resolve(undefined);
    }, ask.waitMs ?? RESUME_ANSWER_MS);
  });
  const answered = answer.catch((error: unknown) => {
    ask.log.error('a feature failed to choose a hello’s conversation', {
      siteId: resume.site.id,
      error: String(error),
    });
    return undefined;
  });
  try {
    return await Promise.race([answered, late]);
  } finally {
    clearTimeout(timer);
  }
}
