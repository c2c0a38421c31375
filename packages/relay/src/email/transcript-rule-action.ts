import { RULE_ACTIONS } from '@parley/protocol/admin';
import type { RuleActionKindOf } from '../rules/public.js';

/**
 * The rules' and macros' `email_transcript` action, contributed to the rules' point `rules.actions`: queues the
 * conversation's transcript to the visitor (the email feature's `email.transcript` job), when this relay sends email
 * and the visitor's address is known.
 */
export const transcriptRuleAction: RuleActionKindOf<'email_transcript'> = {
  type: 'email_transcript',
  schema: RULE_ACTIONS.email_transcript,
  describe: () => 'Email the transcript to the visitor',
  run: async (host, siteId, conversation, action) => {
    const result = (ok: boolean, detail: string) => ({ action: action.type, ok, detail });
    const { admin } = host;
    if (!host.use('email')?.enabled) return result(false, 'this relay sends no email');
    if (conversation.visitor.emailEnc === undefined) return result(false, 'the visitor’s email is not known');
    await admin.repos.outbox.enqueueOutbox(
      [
        {
          kind: 'email.transcript',
          siteId,
          dedupeKey: conversation.id,
          conversationId: conversation.id,
          payload: { conversationId: conversation.id },
        },
      ],
      host.now(),
    );
    admin.outbox.nudge();
    return result(true, 'queued');
  },
};
