import { html, type TemplateResult } from 'lit';
import type { MacroSender } from '@parley/protocol/admin';
import type { RulesStrings } from './rules-strings.js';

/**
 * The macro editor's "Sends as" (issue #81): the member who runs it (a reply they typed: their name, assign on
 * reply) or the site's bot, as two radios in a fieldset (arrow keys move between them), with what each means.
 */
export function senderChoice(
  sender: MacroSender,
  t: RulesStrings,
  change: (sender: MacroSender) => void,
): TemplateResult {
  const option = (value: MacroSender, label: string) =>
    html`<label
      ><input
        type="radio"
        name="macro-sender"
        id=${`macro-sender-${value}`}
        value=${value}
        .checked=${sender === value}
        @change=${() => change(value)}
      />${label}</label
    >`;
  return html`<fieldset class="macro-sender" aria-describedby="macro-sender-help">
    <legend>${t.sender}</legend>
    <div class="choices">${option('agent', t.senderAgent)} ${option('bot', t.senderBot)}</div>
    <p class="help" id="macro-sender-help">${sender === 'agent' ? t.senderAgentHelp : t.senderBotHelp}</p>
  </fieldset>`;
}
