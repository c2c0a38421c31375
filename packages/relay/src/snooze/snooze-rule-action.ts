import { RULE_ACTIONS } from '@parley/protocol/admin';
import type { RuleActionKindOf } from '../rules/public.js';

/**
 * The rules' and macros' `snooze` action (`{ type: 'snooze', minutes }`), contributed to the rules' point
 * `rules.actions`: snoozes the conversation for that long (it goes back to open by itself), as the inbox's snooze
 * does. The conversation is read again after it, for the actions that follow.
 */
export const snoozeRuleAction: RuleActionKindOf<'snooze'> = {
  type: 'snooze',
  schema: RULE_ACTIONS.snooze,
  describe: (action) => `Snooze for ${action.minutes} minute${action.minutes === 1 ? '' : 's'}`,
  rereads: true,
  run: async (host, _siteId, conversation, action, run) => {
    const result = (ok: boolean, detail: string) => ({ action: action.type, ok, detail });
    const snooze = host.use('snooze');
    if (!snooze) return result(false, 'snooze is not part of this relay');
    if (conversation.status === 'resolved') return result(false, 'a resolved conversation is not snoozed');
    const until = host.now() + action.minutes * 60_000;
    const updated = await snooze.snooze(conversation, until, run.cause);
    return result(updated !== undefined, updated ? `until ${new Date(until).toISOString()}` : 'no such conversation');
  },
};
