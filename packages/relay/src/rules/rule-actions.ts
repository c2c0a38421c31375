import { createHmac } from 'node:crypto';
import { RULE_ACTIONS, type RuleAction, type RuleActionType } from '@parley/protocol/admin';
import { abortAfter } from '../abort-after.js';
import { BOT_AUTHOR_ID } from '../automations/public.js';
import { RefusedMessage } from '../core/screening.js';
import { ApiError } from '../http/admin-http.js';
import type { ConversationPatch, ConversationRecord } from '../store/admin-store.js';
import { checkWebhookUrl } from '../outbound/address-guard.js';
import { postWebhook, signedEventHeaders } from '../outbound/signed-request.js';
import type { ActionOf, RuleActionKind, RuleActionKindOf } from './rule-points.js';
import { ActionRetry, type ActionHost, type ActionResult, type ActionRun } from './rule-run.js';

export { ActionRetry, type ActionHost, type ActionResult, type ActionRun } from './rule-run.js';

/** The kind of each type of action (this relay's: what its features contributed to `rules.actions`). */
export interface ActionKinds {
  action<Type extends RuleActionType>(type: Type): RuleActionKindOf<Type> | undefined;
}

/** What runs actions: the relay's parts, and the kinds of action its features contributed. */
export interface RunHost extends ActionHost {
  readonly actions: ActionKinds;
}

/** The key a site's rule and macro webhooks are signed with: HMAC of the relay's secret, per site. */
export function siteSigningKey(relaySecret: string, siteId: string): string {
  return createHmac('sha256', relaySecret).update(`rules-webhook:${siteId}`).digest('base64url');
}

/**
 * Runs `actions` on a conversation, in order. Conversation changes next to each other (actions whose kind makes a
 * `change`) are written as one change (one audit entry, one timeline line, one `conversation.updated`); an action
 * that cannot be done (a member gone, no email) is reported and the others still run. Every step is safe to repeat:
 * a change already made changes nothing, a message already stored under its client id is not stored again.
 */
export async function runActions(
  host: RunHost,
  siteId: string,
  conversationId: string,
  actions: readonly RuleAction[],
  run: ActionRun,
): Promise<ActionResult[]> {
  const { admin } = host;
  let conversation = await admin.repos.conversations.getConversation(siteId, conversationId);
  if (!conversation)
    return actions.map((action) => ({ action: action.type, ok: false, detail: 'no such conversation' }));
  const results: (ActionResult & { readonly index: number })[] = [];
  let pending:
    { patch: Mutable<ConversationPatch>; actions: { action: RuleAction; index: number; said?: string }[] } | undefined;

  const flush = async (next: number): Promise<void> => {
    if (!pending) return;
    const { patch, actions: gathered } = pending;
    pending = undefined;
    const changed = Object.keys(patch).length > 0 && differs(conversation!, patch);
    if (!changed) {
      for (const { action, index, said } of gathered)
        results.push({ action: action.type, ok: true, detail: said ? `already so: ${said}` : 'already so', index });
      return;
    }
    const updated = await admin.conversations.update({
      siteId,
      before: conversation!,
      patch,
      cause: run.cause,
      at: host.now(),
      audit: { action: 'conversation.update', details: { ...patch } },
    });
    if (updated) conversation = updated;
    for (const { action, index, said } of gathered)
      results.push({
        action: action.type,
        ok: updated !== undefined,
        detail: updated ? (said ? `done: ${said}` : 'done') : 'no such conversation',
        index,
      });
    await run.progress?.(next);
  };

  for (const [index, action] of actions.entries()) {
    if (index < (run.from ?? 0)) continue;
    if (run.signal?.aborted) throw run.signal.reason;
    const kind = kindOf(host.actions, action);
    if (kind?.change && (kind.changes?.(action) ?? true)) {
      const step = await kind.change(host, siteId, conversation, pending?.patch ?? {}, action, run);
      if (typeof step === 'string') {
        results.push({ action: action.type, ok: false, detail: step, index });
        continue;
      }
      pending ??= { patch: {}, actions: [] };
      const { said, ...patch } = step;
      Object.assign(pending.patch, patch);
      pending.actions.push({ action, index, ...(said ? { said } : {}) });
      continue;
    }
    await flush(index);
    try {
      results.push({ ...(await step(host, siteId, conversation, action, kind, run, index)), index });
    } catch (error) {
      if (!(error instanceof ActionRetry) || run.retries !== false) throw error;
      results.push({ action: action.type, ok: false, detail: error.message, index });
    }
    await run.progress?.(index + 1);
    if (kind?.rereads)
      conversation = (await admin.repos.conversations.getConversation(siteId, conversationId)) ?? conversation;
  }
  await flush(actions.length);
  // In the actions' order (a change that could not be made is told before the ones gathered with it were written).
  return results.sort((a, b) => a.index - b.index).map(({ index: _index, ...result }) => result);
}

/** The kind of an action, typed by it (`undefined`: no feature of this relay runs it any more). */
export function kindOf<Type extends RuleActionType>(
  kinds: ActionKinds,
  action: ActionOf<Type>,
): RuleActionKindOf<Type> | undefined {
  return kinds.action<Type>(action.type as Type);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function differs(conversation: ConversationRecord, patch: ConversationPatch): boolean {
  if (patch.status !== undefined && patch.status !== conversation.status) return true;
  if (patch.assigneeId !== undefined && patch.assigneeId !== conversation.assigneeId) return true;
  if (patch.teamId !== undefined && patch.teamId !== conversation.teamId) return true;
  if (patch.priority !== undefined && patch.priority !== conversation.priority) return true;
  if (patch.labels !== undefined) {
    const before = [...conversation.labels].sort().join('\n');
    return [...patch.labels].sort().join('\n') !== before;
  }
  return false;
}

/** An action that is a step of its own (not a change): its kind's `run`; a refused message is its failure. */
async function step<Type extends RuleActionType>(
  host: ActionHost,
  siteId: string,
  conversation: ConversationRecord,
  action: ActionOf<Type>,
  kind: RuleActionKindOf<Type> | undefined,
  run: ActionRun,
  index: number,
): Promise<ActionResult> {
  const result = (ok: boolean, detail: string): ActionResult => ({ action: action.type, ok, detail });
  if (!kind?.run) return result(false, `unknown action ${action.type}`);
  try {
    return await kind.run(host, siteId, conversation, action, run, index);
  } catch (error) {
    if (error instanceof RefusedMessage) return result(false, `refused by message safety: ${error.message}`);
    throw error;
  }
}

/** An action kind of the rules' own (see {@link RULES_ACTIONS}). */
const kind = <Type extends RuleActionType>(kind: RuleActionKindOf<Type>): RuleActionKind => kind as RuleActionKind;

const done = (action: RuleAction, detail: string): ActionResult => ({ action: action.type, ok: true, detail });

/** Adds or removes labels, on top of what the actions before it gathered. */
const changeLabels =
  (add: boolean) =>
  async (
    _host: ActionHost,
    _siteId: string,
    conversation: ConversationRecord,
    patch: ConversationPatch,
    action: { readonly labels: readonly string[] },
  ): Promise<ConversationPatch> => {
    const labels = new Set(patch.labels ?? conversation.labels);
    for (const label of action.labels) {
      if (add) labels.add(label);
      else labels.delete(label);
    }
    return { labels: [...labels] };
  };

/** Stores the action's text as a message or a note, the bot's (or its member's). */
const storeText =
  (note: boolean) =>
  async (
    host: ActionHost,
    siteId: string,
    conversation: ConversationRecord,
    action: RuleAction & { readonly text: string },
    run: ActionRun,
    index: number,
  ): Promise<ActionResult> =>
    done(action, await store(host, siteId, conversation, action.text, note, run, index));

/**
 * The actions the rules feature contributes to its own point: the conversation's changes, messages, notes, saved
 * replies, webhooks. Snooze's is the snooze feature's (snooze/snooze-rule-action.ts), the transcript's email's
 * (email/transcript-rule-action.ts).
 */
export const RULES_ACTIONS: readonly RuleActionKind[] = [
  kind({
    type: 'assign',
    schema: RULE_ACTIONS.assign,
    describe: (action) => (action.staffId === null ? 'Unassign' : `Assign to member ${action.staffId}`),
    check: async (call, action, field) => {
      if (action.staffId === null) return;
      const staff = await call.admin.repos.desk.getStaff(call.site.id, action.staffId);
      if (!staff || staff.revokedAt !== null)
        throw new ApiError('bad_request', `${field}.staffId: no such member on this site.`);
    },
    change: async (host, siteId, _conversation, _patch, action) => {
      if (action.staffId === null) return { assigneeId: null };
      const staff = await host.admin.repos.desk.getStaff(siteId, action.staffId);
      if (!staff || staff.revokedAt !== null) return `no member ${action.staffId} on this site`;
      return { assigneeId: action.staffId };
    },
  }),
  kind({
    type: 'assign_team',
    schema: RULE_ACTIONS.assign_team,
    describe: (action) => (action.teamId === null ? 'Remove the team' : `Move to team ${action.teamId}`),
    check: async (call, action, field) => {
      if (action.teamId === null) return;
      const teams = await call.admin.repos.routing.listTeams(call.site.id);
      if (!teams.some((team) => team.id === action.teamId))
        throw new ApiError('bad_request', `${field}.teamId: no such team on this site.`);
    },
    change: async (host, siteId, _conversation, _patch, action) => {
      if (action.teamId === null) return { teamId: null };
      const team = (await host.admin.repos.routing.listTeams(siteId)).find((found) => found.id === action.teamId);
      if (!team) return `no team ${action.teamId} on this site`;
      return { teamId: action.teamId };
    },
  }),
  kind({
    type: 'add_labels',
    schema: RULE_ACTIONS.add_labels,
    describe: (action) => `Add labels: ${action.labels.join(', ')}`,
    change: changeLabels(true),
  }),
  kind({
    type: 'remove_labels',
    schema: RULE_ACTIONS.remove_labels,
    describe: (action) => `Remove labels: ${action.labels.join(', ')}`,
    change: changeLabels(false),
  }),
  kind({
    type: 'set_priority',
    schema: RULE_ACTIONS.set_priority,
    describe: (action) => `Set priority to ${action.priority}`,
    change: async (_host, _siteId, _conversation, _patch, action) => ({ priority: action.priority }),
  }),
  kind({
    type: 'set_status',
    schema: RULE_ACTIONS.set_status,
    describe: (action) => `Set status to ${action.status}`,
    change: async (_host, _siteId, _conversation, _patch, action) => ({ status: action.status }),
  }),
  kind({
    type: 'send_message',
    schema: RULE_ACTIONS.send_message,
    describe: (action) => `Send as the bot: “${excerpt(action.text)}”`,
    run: storeText(false),
  }),
  kind({
    type: 'send_saved_reply',
    schema: RULE_ACTIONS.send_saved_reply,
    describe: (action) => `Send saved reply ${action.replyId} as the bot`,
    check: async (call, action, field) => {
      const replies = await call.admin.repos.canned.listCanned(call.site.id);
      if (!replies.some((reply) => reply.id === action.replyId))
        throw new ApiError('bad_request', `${field}.replyId: no such saved reply on this site.`);
    },
    run: async (host, siteId, conversation, action, run, index) => {
      const reply = (await host.admin.repos.canned.listCanned(siteId)).find((found) => found.id === action.replyId);
      if (!reply) return { action: action.type, ok: false, detail: `no saved reply ${action.replyId}` };
      return done(action, await store(host, siteId, conversation, reply.text, false, run, index));
    },
  }),
  kind({
    type: 'add_note',
    schema: RULE_ACTIONS.add_note,
    describe: (action) => `Add a private note: “${excerpt(action.text)}”`,
    run: storeText(true),
  }),
  kind({
    type: 'call_webhook',
    schema: RULE_ACTIONS.call_webhook,
    describe: (action) => `Call the webhook ${action.url}`,
    check: (call, action, field) => {
      const checked = checkWebhookUrl(action.url, call.use('rules')?.allowPrivate ?? false);
      if ('error' in checked) throw new ApiError('bad_request', `${field}.url: ${checked.error}`);
    },
    run: (host, siteId, conversation, action, run, index) =>
      callWebhook(host, siteId, conversation, action.url, run, index),
  }),
];

/** A text as an action's words quote it: its first 80 characters. */
export function excerpt(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** Stores the run's message or note (the bot's, or its member's) under the run's client id for this step; says what was stored. */
async function store(
  host: ActionHost,
  siteId: string,
  conversation: ConversationRecord,
  text: string,
  note: boolean,
  run: ActionRun,
  index: number,
): Promise<string> {
  const input = {
    siteId,
    conversationId: conversation.id,
    visitorId: conversation.visitorId,
    clientId: `${run.id}-${index}`.slice(0, 64),
    text,
    kind: note ? ('note' as const) : ('text' as const),
  };
  const { author } = run;
  const { message, duplicate } = author
    ? // A member's: stored as the admin API stores what they type, so the desk treats it as their reply.
      await host.admin.core.storeMessage({ ...input, author: { role: 'staff', ...author } }, 'admin')
    : await host.admin.core.storeMessage(
        {
          ...input,
          author: {
            role: 'bot',
            id: BOT_AUTHOR_ID,
            name: host.use('automations')?.settings(siteId).botName ?? 'Bot',
          },
          extra: { automation: 'rule' },
        },
        'rules',
      );
  return duplicate ? `already sent (seq ${message.seq})` : `seq ${message.seq}`;
}

async function callWebhook(
  host: ActionHost,
  siteId: string,
  conversation: ConversationRecord,
  raw: string,
  run: ActionRun,
  index: number,
): Promise<ActionResult> {
  const fail = (detail: string): ActionResult => ({ action: 'call_webhook', ok: false, detail });
  const checked = checkWebhookUrl(raw, host.allowPrivate);
  if ('error' in checked) return fail(checked.error);
  const event = {
    id: `${run.id}-${index}`,
    type: 'rule.action',
    createdAt: host.now(),
    data: { ...run.event, conversation: host.admin.summary(conversation) },
  };
  const body = JSON.stringify(event);
  const deadline = abortAfter(10_000, run.signal);
  let response;
  try {
    response = await postWebhook({
      url: checked.url,
      body,
      headers: signedEventHeaders(event, siteSigningKey(host.relaySecret, siteId), body, host.now()),
      signal: deadline.signal,
      allowPrivate: host.allowPrivate,
      ...(host.lookup ? { lookup: host.lookup } : {}),
    });
  } finally {
    deadline.clear();
  }
  // A refused address or a 4xx will not get better; a receiver down or a 5xx may: the run tries again later.
  if (!response.ok) {
    if (response.refused) return fail(response.error);
    throw new ActionRetry(`webhook: ${response.error}`);
  }
  const { statusCode } = response;
  if (statusCode >= 500 || statusCode === 429) throw new ActionRetry(`webhook: HTTP ${statusCode}`);
  if (statusCode < 200 || statusCode >= 300) return fail(`HTTP ${statusCode}`);
  return { action: 'call_webhook', ok: true, detail: `HTTP ${response.statusCode}` };
}
