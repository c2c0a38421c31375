import type { VisitorResume } from '../core/hooks.js';

/**
 * {@link ChatHooks.resumeConversation} of past conversations (docs/protocol.md, "Past conversations"): an identified
 * visitor's hello whose token names another conversation than their newest is in that one, the one they chose on
 * this browser (`continue` gave the token, or a welcome there did): one of theirs, or a new one they asked for (a
 * `fresh` token). The core checks that it is theirs on this site, or that the fresh token names it; otherwise, and
 * on any other browser, they find their newest. From memory: no read.
 */
export function chosenConversation(resume: VisitorResume): string | undefined {
  const { verified, newest, token } = resume;
  return verified && newest !== undefined && token !== undefined && token.conversationId !== newest
    ? token.conversationId
    : undefined;
}
