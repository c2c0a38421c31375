import type { RuleAction } from '@parley/protocol/admin';

/** An action in words, as the dry run and the run log say it (ids as given: the inbox puts names to them). */
export function describeAction(action: RuleAction): string {
  switch (action.type) {
    case 'assign':
      return action.staffId === null ? 'Unassign' : `Assign to member ${action.staffId}`;
    case 'assign_team':
      return action.teamId === null ? 'Remove the team' : `Move to team ${action.teamId}`;
    case 'add_labels':
      return `Add labels: ${action.labels.join(', ')}`;
    case 'remove_labels':
      return `Remove labels: ${action.labels.join(', ')}`;
    case 'set_priority':
      return `Set priority to ${action.priority}`;
    case 'set_status':
      return `Set status to ${action.status}`;
    case 'snooze':
      return `Snooze for ${action.minutes} minute${action.minutes === 1 ? '' : 's'}`;
    case 'send_message':
      return `Send as the bot: “${excerpt(action.text)}”`;
    case 'send_saved_reply':
      return `Send saved reply ${action.replyId} as the bot`;
    case 'add_note':
      return `Add a private note: “${excerpt(action.text)}”`;
    case 'email_transcript':
      return 'Email the transcript to the visitor';
    case 'call_webhook':
      return `Call the webhook ${action.url}`;
  }
}

export function describeActions(actions: readonly RuleAction[]): string[] {
  return actions.map(describeAction);
}

function excerpt(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
