import { createHmac } from 'node:crypto';
import type { LookupFunction } from 'node:net';
import type { RuleAction } from '@parley/protocol/admin';
import { abortAfter } from '../abort-after.js';
import type { AdminServices } from '../admin/admin-services.js';
import type { ChangeCause } from '../admin/desk-events.js';
import { BOT_AUTHOR_ID } from '../automations/bot-replies.js';
import { RefusedMessage } from '../core/screening.js';
import type { UseFeature } from '../features/feature-instances.js';
import type { ConversationPatch, ConversationRecord } from '../store/admin-store.js';
import { checkWebhookUrl } from '../webhooks/webhook-address.js';
import { postWebhook, signedEventHeaders } from '../webhooks/webhook-request.js';

/** What running actions needs from the relay. */
export interface ActionHost {
  readonly admin: AdminServices;
  readonly use: UseFeature;
  /** Signs the webhook action's requests (one key per site, derived from the relay's secret: see {@link siteSigningKey}). */
  readonly relaySecret: string;
  /** `PARLEY_WEBHOOK_ALLOW_PRIVATE`: the webhook action may reach private addresses. */
  readonly allowPrivate: boolean;
  readonly lookup?: LookupFunction | undefined;
  readonly now: () => number;
}

/** Who runs the actions: a rule (by itself) or a member running a macro. */
export interface ActionRun {
  readonly cause: ChangeCause;
  /**
   * The member the run's messages and notes are from (a macro whose sender is `agent`): stored as theirs, as if they
   * had typed them. Absent: the site's bot (rules, and macros that send as the bot).
   */
  readonly author?: { readonly id: string; readonly name: string } | undefined;
  /**
   * What names the messages and calls the run makes, stable across attempts (`ru_<job id>`): message `n` is stored
   * under the client id `<id>-<n>`, so an attempt made again stores nothing twice; the webhook carries it.
   */
  readonly id: string;
  /** What the webhook action tells the receiver the run was (the rule or macro, the event). */
  readonly event: Readonly<Record<string, unknown>>;
  readonly signal?: AbortSignal | undefined;
  /** False: an action that fails for now is reported as failed (a macro, run while a member waits). Default true. */
  readonly retries?: boolean | undefined;
  /** The first action to run: the ones before it were done by an earlier attempt. Default 0. */
  readonly from?: number | undefined;
  /** Told after each step, with the index of the next action: an attempt made again starts there. */
  readonly progress?: ((next: number) => Promise<void>) | undefined;
}

/** An action that failed for now (a receiver down): the run stops, and its job tries again from that action. */
export class ActionRetry extends Error {}

/** One action's outcome. */
export interface ActionResult {
  readonly action: RuleAction['type'];
  readonly ok: boolean;
  readonly detail: string;
}

/** The key a site's rule and macro webhooks are signed with: HMAC of the relay's secret, per site. */
export function siteSigningKey(relaySecret: string, siteId: string): string {
  return createHmac('sha256', relaySecret).update(`rules-webhook:${siteId}`).digest('base64url');
}

/** Conversation changes that go in one write: consecutive ones are gathered, and written before any other action. */
const CHANGES = new Set<RuleAction['type']>([
  'assign',
  'assign_team',
  'add_labels',
  'remove_labels',
  'set_priority',
  'set_status',
]);

/**
 * Runs `actions` on a conversation, in order. Conversation changes next to each other are written as one change
 * (one audit entry, one timeline line, one `conversation.updated`); an action that cannot be done (a member gone,
 * no email) is reported and the others still run. Every step is safe to repeat: a change already made changes
 * nothing, a message already stored under its client id is not stored again.
 */
export async function runActions(
  host: ActionHost,
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
  let pending: { patch: Mutable<ConversationPatch>; actions: { action: RuleAction; index: number }[] } | undefined;

  const flush = async (next: number): Promise<void> => {
    if (!pending) return;
    const { patch, actions: gathered } = pending;
    pending = undefined;
    const changed = Object.keys(patch).length > 0 && differs(conversation!, patch);
    if (!changed) {
      for (const { action, index } of gathered)
        results.push({ action: action.type, ok: true, detail: 'already so', index });
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
    for (const { action, index } of gathered)
      results.push({
        action: action.type,
        ok: updated !== undefined,
        detail: updated ? 'done' : 'no such conversation',
        index,
      });
    await run.progress?.(next);
  };

  for (const [index, action] of actions.entries()) {
    if (index < (run.from ?? 0)) continue;
    if (run.signal?.aborted) throw run.signal.reason;
    if (CHANGES.has(action.type)) {
      const step = await changeOf(host, siteId, conversation, pending?.patch ?? {}, action);
      if (typeof step === 'string') {
        results.push({ action: action.type, ok: false, detail: step, index });
        continue;
      }
      pending ??= { patch: {}, actions: [] };
      Object.assign(pending.patch, step);
      pending.actions.push({ action, index });
      continue;
    }
    await flush(index);
    try {
      results.push({ ...(await other(host, siteId, conversation, action, run, index)), index });
    } catch (error) {
      if (!(error instanceof ActionRetry) || run.retries !== false) throw error;
      results.push({ action: action.type, ok: false, detail: error.message, index });
    }
    await run.progress?.(index + 1);
    if (action.type === 'snooze')
      conversation = (await admin.repos.conversations.getConversation(siteId, conversationId)) ?? conversation;
  }
  await flush(actions.length);
  // In the actions' order (a change that could not be made is told before the ones gathered with it were written).
  return results.sort((a, b) => a.index - b.index).map(({ index: _index, ...result }) => result);
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

/** The change an action makes, on top of `patch` (what the actions before it gather); or why it cannot be made. */
async function changeOf(
  host: ActionHost,
  siteId: string,
  conversation: ConversationRecord,
  patch: ConversationPatch,
  action: RuleAction,
): Promise<ConversationPatch | string> {
  const { repos } = host.admin;
  switch (action.type) {
    case 'assign': {
      if (action.staffId === null) return { assigneeId: null };
      const staff = await repos.desk.getStaff(siteId, action.staffId);
      if (!staff || staff.revokedAt !== null) return `no member ${action.staffId} on this site`;
      return { assigneeId: action.staffId };
    }
    case 'assign_team': {
      if (action.teamId === null) return { teamId: null };
      const team = (await repos.routing.listTeams(siteId)).find((found) => found.id === action.teamId);
      if (!team) return `no team ${action.teamId} on this site`;
      return { teamId: action.teamId };
    }
    case 'add_labels':
    case 'remove_labels': {
      const labels = new Set(patch.labels ?? conversation.labels);
      for (const label of action.labels) {
        if (action.type === 'add_labels') labels.add(label);
        else labels.delete(label);
      }
      return { labels: [...labels] };
    }
    case 'set_priority':
      return { priority: action.priority };
    case 'set_status':
      return { status: action.status };
    default:
      return `not a change: ${action.type}`;
  }
}

/** The actions that are not conversation changes: messages, notes, snooze, transcript, webhook. */
async function other(
  host: ActionHost,
  siteId: string,
  conversation: ConversationRecord,
  action: RuleAction,
  run: ActionRun,
  index: number,
): Promise<ActionResult> {
  const result = (ok: boolean, detail: string): ActionResult => ({ action: action.type, ok, detail });
  const { admin, use } = host;
  try {
    switch (action.type) {
      case 'send_message':
      case 'add_note':
        return result(
          true,
          await store(host, siteId, conversation, action.text, action.type === 'add_note', run, index),
        );
      case 'send_saved_reply': {
        const reply = (await admin.repos.canned.listCanned(siteId)).find((found) => found.id === action.replyId);
        if (!reply) return result(false, `no saved reply ${action.replyId}`);
        return result(true, await store(host, siteId, conversation, reply.text, false, run, index));
      }
      case 'snooze': {
        const snooze = use('snooze');
        if (!snooze) return result(false, 'snooze is not part of this relay');
        if (conversation.status === 'resolved') return result(false, 'a resolved conversation is not snoozed');
        const until = host.now() + action.minutes * 60_000;
        const updated = await snooze.snooze(conversation, until, run.cause);
        return result(
          updated !== undefined,
          updated ? `until ${new Date(until).toISOString()}` : 'no such conversation',
        );
      }
      case 'email_transcript': {
        if (!use('email')?.enabled) return result(false, 'this relay sends no email');
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
      }
      case 'call_webhook':
        return await callWebhook(host, siteId, conversation, action.url, run, index);
      default:
        return result(false, `unknown action ${action.type}`);
    }
  } catch (error) {
    if (error instanceof RefusedMessage) return result(false, `refused by message safety: ${error.message}`);
    throw error;
  }
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
