import {
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
  RuleOrder,
  RulePatch,
  RuleRunList,
  RulesWebhookSecret,
} from '@parley/protocol/admin';
import { type Json, body, idParam, ok, operation } from '../http/openapi/openapi-parts.js';

const tag = 'rules';
const deleted = { '204': { description: 'Deleted.' } };

function macroItem(shared: boolean): Json {
  const which = shared ? 'a shared macro' : 'a macro of your own';
  return {
    patch: operation(`Change ${which}`, 'Its name, sender or actions. Audited as `macro.update`.', {
      tag,
      adminOnly: shared,
      parameters: [idParam('macro')],
      notFound: true,
      requestBody: body(MacroPatch),
      responses: ok('Changed.', Macro),
    }),
    delete: operation(`Delete ${which}`, 'Audited as `macro.delete`.', {
      tag,
      adminOnly: shared,
      parameters: [idParam('macro')],
      notFound: true,
      responses: deleted,
    }),
  };
}

/** How the API document describes the rules' and macros' routes (`rules-routes.ts` serves them). */
export const rulesPaths = (): Record<string, Json> => ({
  '/v1/admin/rules': {
    get: operation(
      'The site’s rules',
      'In order, each with its run counts of the last 30 days and its last errors (those of conversations the caller may see). Every member may read them.',
      { tag, responses: ok('The rules.', RuleList) },
    ),
    post: operation(
      'Add a rule',
      'Added last. Patterns (`matches`) are RE2 and checked; members, teams, saved replies and webhook addresses must exist and be allowed (400 naming the field). At most 200 rules a site, and 50 `matches` conditions across them (409). Audited as `rule.create`.',
      { tag, adminOnly: true, conflict: true, requestBody: body(RuleInput), responses: ok('Added.', Rule, '201') },
    ),
  },
  '/v1/admin/rules/order': {
    put: operation(
      'Reorder the rules',
      'Rule ids, each once, in the new order: they go first, and the rules not named keep their order after them. Rules of a trigger are tried in this order. Audited as `rule.reorder`.',
      { tag, adminOnly: true, requestBody: body(RuleOrder), responses: ok('The rules, in their new order.', RuleList) },
    ),
  },
  '/v1/admin/rules/webhook-secret': {
    get: operation(
      'The key rule webhooks are signed with',
      'The `call_webhook` action signs its POSTs as webhooks do (`Parley-Signature: t=…,v1=…`, HMAC-SHA256 of `<t>.<body>`), with this key of the site. Derived from the relay’s secret: it changes only with it.',
      { tag, adminOnly: true, responses: ok('The key.', RulesWebhookSecret) },
    ),
  },
  '/v1/admin/rules/dry-run': {
    post: operation(
      'Try a rule on recent conversations',
      'Which of the site’s latest conversations the caller may see (up to `limit`) its conditions hold for now, with the last message as the message, and what it would do, in words. Nothing is changed or stored.',
      {
        tag,
        adminOnly: true,
        requestBody: body(RuleDryRunBody),
        responses: ok('What it would have done.', RuleDryRunResult),
      },
    ),
  },
  '/v1/admin/rules/{id}': {
    patch: operation('Change a rule', 'Any of its fields, checked as when it was added. Audited as `rule.update`.', {
      tag,
      adminOnly: true,
      parameters: [idParam('rule')],
      notFound: true,
      conflict: true,
      requestBody: body(RulePatch),
      responses: ok('Changed.', Rule),
    }),
    delete: operation('Delete a rule', 'Its firings not yet run are skipped. Audited as `rule.delete`.', {
      tag,
      adminOnly: true,
      parameters: [idParam('rule')],
      notFound: true,
      responses: deleted,
    }),
  },
  '/v1/admin/rules/{id}/runs': {
    get: operation(
      'A rule’s run log',
      'Its latest 100 firings, newest first, with what each did or why it failed: those of conversations the caller may see.',
      {
        tag,
        parameters: [idParam('rule')],
        notFound: true,
        responses: ok('The firings.', RuleRunList),
      },
    ),
  },
  '/v1/admin/macros': {
    get: operation('The macros', 'The site’s shared macros and the caller’s own, by name.', {
      tag,
      responses: ok('The macros.', MacroList),
    }),
    post: operation(
      'Add a shared macro',
      'Shown to every member of the site. At most 200 macros a site (409). Audited as `macro.create`.',
      { tag, adminOnly: true, conflict: true, requestBody: body(MacroInput), responses: ok('Added.', Macro, '201') },
    ),
  },
  '/v1/admin/macros/{id}': macroItem(true),
  '/v1/admin/me/macros': {
    post: operation(
      'Add a macro of your own',
      'Shown only to you. At most 200 macros a site (409). A `call_webhook` action (signed with the site’s rules key) needs `webhooks.manage` or `automations.manage` (403 otherwise). Audited as `macro.create`.',
      { tag, conflict: true, requestBody: body(MacroInput), responses: ok('Added.', Macro, '201') },
    ),
  },
  '/v1/admin/me/macros/{id}': macroItem(false),
  '/v1/admin/conversations/{id}/macros/{macroId}/run': {
    post: operation(
      'Run a macro on a conversation',
      'Its actions in order, as the caller: changes next to each other are one change (one timeline line); messages and notes are the caller’s when the macro’s `sender` is `agent` (a reply they typed: it takes an unassigned conversation under the site’s assign-on-reply), the site’s bot’s when it is `bot`; screened as a member’s. An action that cannot be done is reported and the others still run. A personal macro with a `call_webhook` action is refused (403) to a caller without `webhooks.manage` or `automations.manage`. Audited as `macro.run`.',
      {
        tag,
        parameters: [
          idParam('conversation'),
          { name: 'macroId', in: 'path', required: true, description: 'The macro.', schema: { type: 'string' } },
        ],
        notFound: true,
        responses: ok('Each action’s outcome.', MacroRunResult),
      },
    ),
  },
});
