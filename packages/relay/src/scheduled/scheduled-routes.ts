import {
  MAX_SCHEDULE_AHEAD_MS,
  ScheduledCreate,
  ScheduledList,
  ScheduledMessage,
  ScheduledPatch,
} from '@parley/protocol/admin';
import { RefusedMessage } from '../core/screening.js';
import { ApiError } from '../http/admin-http.js';
import { sees } from '../core/staff-scope.js';
import {
  adminRoute,
  audit,
  conversationOr404,
  type AdminRoute,
  type Call,
} from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';
import type { ScheduledRecord } from './scheduled-repository.js';
import { wireScheduled, type ScheduledMessages } from './scheduled-messages.js';

function scheduledOf(call: Call): ScheduledMessages {
  const scheduled = call.use('scheduled');
  if (!scheduled) throw new ApiError('not_found', 'Send later is not part of this relay.');
  return scheduled;
}

/** A time to send at: in the future, at most a year ahead (`bad_request` naming `body.sendAt` otherwise). */
function checkSendAt(sendAt: number, now: number): void {
  if (sendAt <= now) throw new ApiError('bad_request', 'Invalid body.sendAt: the time has passed.');
  if (sendAt > now + MAX_SCHEDULE_AHEAD_MS)
    throw new ApiError('bad_request', 'Invalid body.sendAt: at most a year ahead.');
}

/**
 * The scheduled message named by the path's `{id}` on the caller's site, in a conversation they may see (issue #41);
 * `not_found` otherwise: one in a conversation hidden from them is not theirs to learn of, let alone to change.
 */
async function scheduledOr404(call: Call): Promise<ScheduledRecord> {
  const found = await scheduledOf(call).get(call.site.id, call.params.id!);
  const conversation =
    found && (await call.admin.repos.conversations.getConversation(call.site.id, found.conversationId));
  if (!found || !conversation || !sees(call.scope, conversation))
    throw new ApiError('not_found', 'No such scheduled message on this site.');
  return found;
}

/** Why a message can no longer be changed: it has been sent, is being sent, was cancelled, or failed. */
/** A text message safety refused when it was scheduled or edited: its refusal, and nothing saved. */
async function answerRefusal<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof RefusedMessage) throw new ApiError(error.refusal.code, error.refusal.message);
    throw error;
  }
}

function notWaiting(record: ScheduledRecord): ApiError {
  const why = {
    scheduled: 'was just changed',
    sending: 'is being sent',
    sent: 'has been sent',
    cancelled: 'was cancelled',
    failed: 'could not be sent',
  }[record.status];
  return new ApiError('conflict', `This scheduled message ${why}; it can no longer be changed.`);
}

/**
 * Send later (docs/send-later.md): any staff member who can see the conversation, as for a message; an edit of the
 * text makes the editor its author.
 */
export const scheduledRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/conversations/{id}/scheduled',
    resource: 'conversation',
    doc: {
      summary: 'A conversation’s scheduled messages',
      description:
        'The messages still to send (`scheduled`, and `sending` while their time has come) and those that could not be sent (`failed`, with why in `error`, until cancelled), soonest first.',
      tag: 'conversations',
      responses: ok('The messages still to send.', ScheduledList),
    },
    run: async (call) => {
      const items = await scheduledOf(call).pending(await conversationOr404(call));
      return { status: 200, body: { items: items.map(wireScheduled) } satisfies ScheduledList };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/conversations/{id}/scheduled',
    resource: 'conversation',
    requestBody: ScheduledCreate,
    doc: {
      summary: 'Schedule a message (send later)',
      description:
        'Stored now, sent at `sendAt` as the staff member who scheduled it, the way `POST /v1/admin/conversations/{id}/messages` sends one (screened, published, webhooks and emails). `sendAt` must be in the future and at most a year ahead. Survives restarts; sent once.',
      tag: 'conversations',
      responses: ok('Scheduled.', ScheduledMessage, '201'),
    },
    run: async (call) => {
      const body = call.body;
      const feature = scheduledOf(call);
      const conversation = await conversationOr404(call);
      checkSendAt(body.sendAt, feature.now());
      const scheduled = await answerRefusal(feature.schedule(conversation, body.text, body.sendAt, call.staff));
      await audit(call, 'message.schedule', 'conversation', conversation.id, {
        scheduledId: scheduled.id,
        sendAt: scheduled.sendAt,
      });
      return { status: 201, body: wireScheduled(scheduled) satisfies ScheduledMessage };
    },
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/scheduled/{id}',
    resource: 'scheduled message',
    requestBody: ScheduledPatch,
    doc: {
      summary: 'Edit a scheduled message',
      description:
        'Its text, its time, or both, while it is `scheduled`; once it is being sent, sent, cancelled or failed: 409 `conflict`. A new `text` makes the caller its author: it is sent as them. One in a conversation the caller may not see: 404.',
      tag: 'conversations',
      conflict: true,
      responses: ok('Changed.', ScheduledMessage),
    },
    run: async (call) => {
      const body = call.body;
      if (body.text === undefined && body.sendAt === undefined)
        throw new ApiError('bad_request', 'Invalid body: give text, sendAt or both.');
      const feature = scheduledOf(call);
      const before = await scheduledOr404(call);
      if (body.sendAt !== undefined) checkSendAt(body.sendAt, feature.now());
      // New words are the editor's: the message is sent as them, never under a colleague's name they did not write.
      const author = body.text === undefined ? undefined : { id: call.staff.id, name: call.staff.name };
      const after = await answerRefusal(
        feature.change(call.site.id, before.id, { text: body.text, sendAt: body.sendAt, author }),
      );
      if (!after) throw notWaiting((await feature.get(call.site.id, before.id)) ?? before);
      await audit(call, 'message.schedule.update', 'conversation', after.conversationId, {
        scheduledId: after.id,
        ...(after.staffId !== before.staffId ? { previousStaffId: before.staffId } : {}),
        ...(body.sendAt !== undefined ? { sendAt: body.sendAt } : {}),
        ...(body.text !== undefined ? { text: 'changed' } : {}),
      });
      return { status: 200, body: wireScheduled(after) satisfies ScheduledMessage };
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/scheduled/{id}',
    resource: 'scheduled message',
    doc: {
      summary: 'Cancel a scheduled message',
      description:
        'It is not sent. Only while it is `scheduled`; a `failed` one is dismissed (no longer listed). Otherwise 409 `conflict`. One in a conversation the caller may not see: 404.',
      tag: 'conversations',
      conflict: true,
      responses: ok('Cancelled.', ScheduledMessage),
    },
    run: async (call) => {
      const feature = scheduledOf(call);
      const before = await scheduledOr404(call);
      const after = await feature.change(call.site.id, before.id, { cancel: true });
      if (!after) throw notWaiting((await feature.get(call.site.id, before.id)) ?? before);
      await audit(call, 'message.schedule.cancel', 'conversation', after.conversationId, { scheduledId: after.id });
      return { status: 200, body: wireScheduled(after) satisfies ScheduledMessage };
    },
  }),
];
