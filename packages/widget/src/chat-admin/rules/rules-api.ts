import type {
  ConversationChannelList,
  Macro,
  MacroInput,
  MacroList,
  MacroPatch,
  MacroRunResult,
  Rule,
  RuleDryRunBody,
  RuleDryRunResult,
  RuleInput,
  RuleList,
  RulePatch,
  RuleRun,
} from '@parley/protocol/admin';
import { AreaApi, at } from '../area-api.js';

/** Rules' and macros' routes (`/rules`, `/macros`, a conversation's macro run; issue #40, docs/rules.md). */
export class RulesApi extends AreaApi {
  /** The channels a `channel` condition takes: the kinds, then the relay's messaging providers. */
  channels(): Promise<ConversationChannelList> {
    return this.api.request('GET', '/conversation-channels');
  }

  list(): Promise<RuleList> {
    return this.api.request('GET', '/rules');
  }

  create(rule: RuleInput): Promise<Rule> {
    return this.api.request('POST', '/rules', rule);
  }

  update(id: string, patch: RulePatch): Promise<Rule> {
    return this.api.request('PATCH', `/rules/${at(id)}`, patch);
  }

  async delete(id: string): Promise<void> {
    await this.api.request('DELETE', `/rules/${at(id)}`);
  }

  /** Puts the rules in this order (every rule's id). */
  order(ids: string[]): Promise<RuleList> {
    return this.api.request('PUT', '/rules/order', { ids });
  }

  dryRun(body: RuleDryRunBody): Promise<RuleDryRunResult> {
    return this.api.request('POST', '/rules/dry-run', body);
  }

  /** The latest firings (the run log; the protocol's `RuleRunList`). */
  runs(id: string): Promise<{ items: RuleRun[] }> {
    return this.api.request('GET', `/rules/${at(id)}/runs`);
  }

  /** The site's shared macros and the caller's personal ones. */
  macros(): Promise<MacroList> {
    return this.api.request('GET', '/macros');
  }

  /** A shared macro (admins: `/macros`) or the caller's own (`/me/macros`). */
  createMacro(macro: MacroInput, shared: boolean): Promise<Macro> {
    return this.api.request('POST', shared ? '/macros' : '/me/macros', macro);
  }

  updateMacro(macro: Pick<Macro, 'id' | 'shared'>, patch: MacroPatch): Promise<Macro> {
    return this.api.request('PATCH', `${macro.shared ? '/macros' : '/me/macros'}/${at(macro.id)}`, patch);
  }

  async deleteMacro(macro: Pick<Macro, 'id' | 'shared'>): Promise<void> {
    await this.api.request('DELETE', `${macro.shared ? '/macros' : '/me/macros'}/${at(macro.id)}`);
  }

  /** Runs a macro's actions on a conversation: each one's outcome. */
  runMacro(conversationId: string, macroId: string): Promise<MacroRunResult> {
    return this.api.request('POST', `/conversations/${at(conversationId)}/macros/${at(macroId)}/run`);
  }
}
