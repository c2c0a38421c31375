// The dry run (docs/rules.md "The run log and the dry run"): a rule, saved or not, tried on the site's latest
// conversations that the caller may see, changing nothing.
import { RuleDryRunBody, RuleDryRunResult } from '@parley/protocol/admin';
import { scopeCondition } from '../admin/public.js';
import { parseBody } from '../http/admin-http.js';
import { adminRoute, type AdminRoute } from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';
import type { ActivityCursor } from '../store/admin-store.js';
import { TimeSlice } from '../time-slice.js';
import { checkRule, rulesOf } from './rule-checks.js';
import {
  compileConditions,
  conversationTexts,
  needsAttributes,
  ownReadsOf,
  readOwn,
  RulePatterns,
} from './rule-conditions.js';
import { describeActions } from './rule-words.js';

/**
 * Conversations read at a time: each page's records (their last messages, up to 4,000 characters each) are read and
 * made on the event loop, so 500 at once held it; a page of this many stays within a slice or two.
 */
const PAGE = 25;

/**
 * `POST /v1/admin/rules/dry-run`: for those who write rules (the feature's permission: it reads and tries patterns
 * over up to 500 conversations); the work in slices of the event loop.
 */
export const dryRunRoute: AdminRoute = adminRoute({
  method: 'POST',
  path: '/v1/admin/rules/dry-run',
  requestBody: RuleDryRunBody,
  doc: {
    summary: 'Try a rule on recent conversations',
    description:
      'Which of the site’s latest conversations the caller may see (up to `limit`) its conditions hold for now, with the last message as the message, and what it would do, in words. Nothing is changed or stored.',
    tag: 'rules',
    responses: ok('What it would have done.', RuleDryRunResult),
  },
  run: async (call) => {
    const { kinds } = rulesOf(call);
    // The relay's own schema, over the conditions its features contribute: the contract's `requestBody` (the
    // router's parse) takes any of the contract's.
    const { rule, limit } = await parseBody(call.request, kinds.bodies.RuleDryRunBody);
    await checkRule(call, rule.conditions, undefined);
    const test = compileConditions(kinds, rule.conditions, rule.match);
    const slice = new TimeSlice();
    const patterns = await RulePatterns.build(RulePatterns.of(rule.conditions), slice);
    const open = rulesOf(call).open(call.site.id);
    await call.admin.flushContacts();
    const visible = scopeCondition(call.scope);
    const attributesOf = needsAttributes(kinds, rule.conditions) ? call.use('attributes') : undefined;
    const ownFields = ownReadsOf(kinds, rule.conditions);
    const matches: RuleDryRunResult['matches'] = [];
    let checked = 0;
    let cursor: ActivityCursor | undefined;
    do {
      await slice.pass();
      const page = await call.admin.repos.conversations.listConversations({
        siteId: call.site.id,
        staffId: call.staff.id,
        // Only what the caller may see (issue #41): the dry run shows the conversations it matches.
        ...(visible && { conditions: [visible] }),
        limit: Math.min(PAGE, limit - checked),
        ...(cursor && { cursor }),
      });
      cursor = page.next;
      const ids = page.items.map((conversation) => conversation.id);
      const attributes = await attributesOf?.facts(call.site.id, ids);
      const own = ownFields.length > 0 ? await readOwn(call.use, kinds, ownFields, call.site.id, ids) : undefined;
      // Each conversation's last message tried on the rule's patterns: the loop turns between them.
      for (const conversation of page.items) {
        await slice.pass();
        checked += 1;
        const last = conversation.lastMessage;
        const known = {
          conversation,
          open,
          attributes: attributes?.get(conversation.id) ?? new Map(),
          own: own?.get(conversation.id),
          patterns: patterns.hits(),
        };
        await known.patterns.prepare(conversationTexts(conversation), slice);
        const facts = last
          ? { ...known, message: { text: last.text, lower: last.text.toLowerCase(), seq: last.seq } }
          : known;
        if (test(facts) === true)
          matches.push({
            conversationId: conversation.id,
            visitorName: conversation.visitor.name ?? null,
            lastMessageAt: last?.ts ?? null,
            status: conversation.status,
          });
      }
    } while (cursor !== undefined && checked < limit);
    const body: RuleDryRunResult = { checked, matches, actions: describeActions(kinds, rule.actions) };
    return { status: 200, body };
  },
});
