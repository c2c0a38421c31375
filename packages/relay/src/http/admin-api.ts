import { ClientId, ConversationPriority, ConversationStatus, LIMITS, type Message } from '@parley/protocol';
import type { HttpResponse, TemplatedApp } from 'uWebSockets.js';
import * as z from 'zod/mini';
import type { AdminServices } from '../admin/admin-services.js';
import { hashToken, randomId, randomToken } from '../auth/tokens.js';
import type { ChatCore } from '../core/chat-core.js';
import type { IpLimits } from '../limits/ip-limits.js';
import { TokenBucket } from '../limits/token-bucket.js';
import type { ActivityCursor, BroadcastRecord, ContactRecord } from '../store/admin-store.js';
import type { Site, Staff } from '../store/store.js';
import {
  ApiError,
  bearerToken,
  check,
  parseBody,
  readAdminRequest,
  sameOrigin,
  sendApiError,
  sendReply,
  type AdminRequest,
  type Reply,
} from './admin-http.js';

/** Rate limits of the admin API, per staff token. */
export interface AdminLimits {
  /** Requests in a burst, and refilled per second. 0 disables. */
  readonly burst: number;
  readonly perSecond: number;
  /** Contact exports in a burst, and refilled per hour (on top of the general limit). */
  readonly exportBurst: number;
  readonly exportsPerHour: number;
}

/** What {@link registerAdminApi} needs besides the admin feature. */
export interface AdminApiOptions {
  /** The relay's configured origins: preflights from them are answered (each site's own list is checked after). */
  readonly allowedOrigins: readonly string[];
  /** Per-address limits, shared with the WebSocket endpoint. */
  readonly ipLimits: IpLimits;
  readonly limits: AdminLimits;
}

/** What a route handler works with: the authenticated staff member, their site, the request. */
interface Call {
  readonly core: ChatCore;
  readonly admin: AdminServices;
  readonly staff: Staff;
  readonly site: Site;
  readonly request: AdminRequest;
  readonly params: Readonly<Record<string, string>>;
  readonly now: number;
}

/** One admin route: the OpenAPI path template (`{id}` segments), who may call it, and its handler. */
export interface AdminRoute {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  /** Admin role required (agents get 403 forbidden). */
  readonly adminOnly: boolean;
  /** Also takes from the stricter export bucket. */
  readonly exportLimit?: boolean;
  readonly run: (call: Call) => Promise<Reply>;
}

// ---- request schemas -------------------------------------------------------------------------------------

const Text = z.string().check(z.minLength(1), z.maxLength(LIMITS.maxTextLength));
const Label = z.string().check(z.minLength(1), z.maxLength(64));
const Id = z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[A-Za-z0-9_-]+$/));

const ConversationQuery = z.object({
  status: z.optional(ConversationStatus),
  view: z.optional(z.enum(['mine', 'unassigned', 'all'])),
  unread: z.optional(z.enum(['true', 'false'])),
  label: z.optional(Label),
  q: z.optional(z.string().check(z.maxLength(200))),
  cursor: z.optional(z.string().check(z.maxLength(300))),
  limit: z.optional(z.string().check(z.regex(/^\d{1,3}$/))),
});
const ConversationPatch = z.object({
  status: z.optional(ConversationStatus),
  assigneeId: z.optional(z.nullable(Id)),
  priority: z.optional(ConversationPriority),
  labels: z.optional(z.array(Label).check(z.maxLength(20))),
});
const MessagesQuery = z.object({
  before: z.optional(z.string().check(z.regex(/^\d{1,15}$/))),
  limit: z.optional(z.string().check(z.regex(/^\d{1,3}$/))),
});
const MessageBody = z.object({ id: ClientId, text: Text, note: z.optional(z.boolean()) });
const PageQuery = z.object({
  q: z.optional(z.string().check(z.maxLength(200))),
  cursor: z.optional(z.string().check(z.maxLength(300))),
  limit: z.optional(z.string().check(z.regex(/^\d{1,3}$/))),
});
const ContactPatch = z.object({ subscribed: z.boolean() });
const Segment = z.discriminatedUnion('type', [
  z.object({ type: z.enum(['all', 'online', 'verified', 'subscribed']) }),
  z.object({ type: z.literal('ids'), ids: z.array(Id).check(z.minLength(1), z.maxLength(10_000)) }),
  z.object({
    type: z.literal('emails'),
    emails: z.array(z.string().check(z.minLength(3), z.maxLength(256))).check(z.minLength(1), z.maxLength(10_000)),
  }),
]);
const BroadcastBody = z.object({ text: Text, segment: Segment });
const TokenBody = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(120)),
  role: z.enum(['admin', 'agent']),
});
const Shortcut = z.string().check(z.minLength(1), z.maxLength(32), z.regex(/^[A-Za-z0-9_-]+$/));
const CannedBody = z.object({ shortcut: Shortcut, text: Text });
const CannedPatch = z.object({ shortcut: z.optional(Shortcut), text: z.optional(Text) });
const AuditQuery = z.object({
  actor: z.optional(z.string().check(z.maxLength(128))),
  action: z.optional(z.string().check(z.maxLength(64))),
  cursor: z.optional(z.string().check(z.regex(/^\d{1,18}$/))),
  limit: z.optional(z.string().check(z.regex(/^\d{1,3}$/))),
});

function queryObject(request: AdminRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of request.query) out[key] = value;
  return out;
}

function pageLimit(raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (n < 1 || n > max) throw new ApiError('bad_request', `Invalid query.limit: between 1 and ${max}.`);
  return n;
}

function encodeCursor(cursor: ActivityCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

function decodeCursor(raw: string | undefined): ActivityCursor | undefined {
  if (raw === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[0]) && typeof value[1] === 'string')
      return { at: value[0] as number, id: value[1] };
  } catch {
    // fall through
  }
  throw new ApiError('bad_request', 'Invalid query.cursor: pass back a nextCursor unchanged.');
}

// ---- helpers ---------------------------------------------------------------------------------------------

async function audit(
  call: Call,
  action: string,
  targetType: string,
  targetId: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await call.admin.store.appendAudit({
    siteId: call.site.id,
    at: call.now,
    actorId: call.staff.id,
    actorName: call.staff.name,
    action,
    targetType,
    targetId,
    details,
  });
}

function contactJson(admin: AdminServices, contact: ContactRecord): Record<string, unknown> {
  const emailMasked = admin.cipher.mask(contact.emailEnc);
  const conversationId = contact.conversationIds[contact.conversationIds.length - 1] ?? contact.conversationHint;
  return {
    id: contact.id,
    ...(contact.name !== undefined ? { name: contact.name } : {}),
    ...(emailMasked !== undefined ? { emailMasked } : {}),
    verified: contact.verified,
    subscribed: contact.subscribed,
    online: conversationId !== undefined && admin.conversationOnline(conversationId),
    ...(contact.context ? { context: contact.context } : {}),
    createdAt: contact.createdAt,
    lastSeenAt: contact.lastSeenAt,
    conversationIds: [...contact.conversationIds],
  };
}

function broadcastJson(broadcast: BroadcastRecord): Record<string, unknown> {
  return {
    id: broadcast.id,
    text: broadcast.text,
    segment: broadcast.segment,
    status: broadcast.status,
    targeted: broadcast.targeted,
    stored: broadcast.stored,
    delivered: broadcast.delivered,
    read: broadcast.read,
    createdAt: broadcast.createdAt,
    ...(broadcast.finishedAt !== undefined ? { finishedAt: broadcast.finishedAt } : {}),
  };
}

async function conversationOr404(
  call: Call,
): Promise<NonNullable<Awaited<ReturnType<AdminServices['store']['getConversation']>>>> {
  const found = await call.admin.store.getConversation(call.site.id, call.params.id!);
  if (!found) throw new ApiError('not_found', 'No such conversation on this site.');
  return found;
}

async function contactOr404(call: Call): Promise<ContactRecord> {
  await call.admin.flushContacts();
  const found = await call.admin.store.getContact(call.site.id, call.params.id!);
  if (!found) throw new ApiError('not_found', 'No such contact on this site.');
  return found;
}

// ---- routes ----------------------------------------------------------------------------------------------

/** Every route of the admin API. `docs/api/openapi.json` describes exactly these (a test checks both ways). */
export const ADMIN_ROUTES: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/me',
    adminOnly: false,
    run: async ({ staff, site }) => ({
      status: 200,
      body: { id: staff.id, name: staff.name, role: staff.role, site: { id: site.id, name: site.name } },
    }),
  },
  {
    method: 'GET',
    path: '/v1/admin/conversations',
    adminOnly: false,
    run: async (call) => {
      const query = check(ConversationQuery, queryObject(call.request), 'query');
      await call.admin.flushContacts();
      const page = await call.admin.store.listConversations({
        siteId: call.site.id,
        staffId: call.staff.id,
        status: query.status,
        view: query.view,
        unread: query.unread === 'true',
        label: query.label,
        q: query.q,
        cursor: decodeCursor(query.cursor),
        limit: pageLimit(query.limit, 25, 100),
      });
      return {
        status: 200,
        body: {
          items: page.items.map((record) => call.admin.summary(record)),
          ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}),
          counts: page.counts,
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/conversations/{id}',
    adminOnly: false,
    run: async (call) => {
      await call.admin.flushContacts();
      return { status: 200, body: call.admin.summary(await conversationOr404(call)) };
    },
  },
  {
    method: 'PATCH',
    path: '/v1/admin/conversations/{id}',
    adminOnly: false,
    run: async (call) => {
      const patch = await parseBody(call.request, ConversationPatch);
      await conversationOr404(call);
      if (patch.assigneeId) {
        const assignee = await call.admin.store.getStaff(call.site.id, patch.assigneeId);
        if (!assignee || assignee.revokedAt !== null)
          throw new ApiError('bad_request', 'Invalid body.assigneeId: no such staff member on this site.');
      }
      const updated = await call.admin.store.updateConversation(call.site.id, call.params.id!, patch, call.now);
      if (!updated) throw new ApiError('not_found', 'No such conversation on this site.');
      await audit(call, 'conversation.update', 'conversation', updated.id, { ...patch });
      await call.admin.publishConversation(call.site.id, updated.id, updated);
      return { status: 200, body: call.admin.summary(updated) };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/conversations/{id}/messages',
    adminOnly: false,
    run: async (call) => {
      const query = check(MessagesQuery, queryObject(call.request), 'query');
      const conversation = await conversationOr404(call);
      const limit = pageLimit(query.limit, 50, LIMITS.maxHistoryPage);
      const before = query.before === undefined ? conversation.lastSeq + 1 : Number(query.before);
      const items = await call.core.store.messagesBefore(conversation.id, before, limit + 1, { includeNotes: true });
      const hasMore = items.length > limit;
      if (hasMore) items.shift();
      return { status: 200, body: { items, hasMore } };
    },
  },
  {
    method: 'POST',
    path: '/v1/admin/conversations/{id}/messages',
    adminOnly: false,
    run: async (call) => {
      const body = await parseBody(call.request, MessageBody);
      const conversation = await conversationOr404(call);
      const kind: Message['kind'] = body.note ? 'note' : 'text';
      let result;
      try {
        result = await call.core.store.append({
          siteId: call.site.id,
          conversationId: conversation.id,
          visitorId: conversation.visitorId,
          clientId: body.id,
          author: { role: 'staff', id: call.staff.id, name: call.staff.name },
          text: body.text,
          kind,
        });
      } catch (error) {
        call.core.log.warn('admin append failed', { error: String(error) });
        throw new ApiError('store_unavailable', undefined, { 'retry-after': '1' });
      }
      if (result.duplicate) return { status: 200, body: { message: result.message, duplicate: true } };
      call.core.metrics.messagesStored += 1;
      call.core.publishMessage(result.message, call.site.id);
      await audit(call, kind === 'note' ? 'note.create' : 'message.create', 'conversation', conversation.id, {
        messageId: result.message.id,
        seq: result.message.seq,
      });
      return { status: 201, body: { message: result.message, duplicate: false } };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/contacts',
    adminOnly: false,
    run: async (call) => {
      const query = check(PageQuery, queryObject(call.request), 'query');
      await call.admin.flushContacts();
      const q = query.q?.trim();
      const page = await call.admin.store.listContacts({
        siteId: call.site.id,
        ...(q ? (q.includes('@') ? { emailHash: call.admin.cipher.hash(q) } : { text: q }) : {}),
        cursor: decodeCursor(query.cursor),
        limit: pageLimit(query.limit, 25, 100),
      });
      return {
        status: 200,
        body: {
          items: page.items.map((contact) => contactJson(call.admin, contact)),
          ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}),
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/contacts/{id}',
    adminOnly: false,
    run: async (call) => ({ status: 200, body: contactJson(call.admin, await contactOr404(call)) }),
  },
  {
    method: 'PATCH',
    path: '/v1/admin/contacts/{id}',
    adminOnly: false,
    run: async (call) => {
      const body = await parseBody(call.request, ContactPatch);
      await contactOr404(call);
      const updated = await call.admin.store.setSubscribed(call.site.id, call.params.id!, body.subscribed);
      if (!updated) throw new ApiError('not_found', 'No such contact on this site.');
      await audit(call, 'contact.update', 'contact', updated.id, { subscribed: body.subscribed });
      return { status: 200, body: contactJson(call.admin, updated) };
    },
  },
  {
    method: 'POST',
    path: '/v1/admin/contacts/{id}/reveal',
    adminOnly: false,
    run: async (call) => {
      await call.request.body;
      const contact = await contactOr404(call);
      const email = contact.emailEnc === undefined ? undefined : call.admin.cipher.decrypt(contact.emailEnc);
      if (email === undefined) throw new ApiError('not_found', 'This contact has no email on record.');
      await audit(call, 'contact.reveal', 'contact', contact.id);
      return { status: 200, body: { email } };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/contacts/{id}/export',
    adminOnly: true,
    exportLimit: true,
    run: async (call) => {
      await contactOr404(call);
      await audit(call, 'contact.export', 'contact', call.params.id!);
      const held = await call.admin.store.exportContact(call.site.id, call.params.id!);
      if (!held) throw new ApiError('not_found', 'No such contact on this site.');
      const reveal = (sealed: string | undefined): string | undefined =>
        sealed === undefined ? undefined : call.admin.cipher.decrypt(sealed);
      const { emailEnc: contactEmail, ...contact } = held.contact;
      return {
        status: 200,
        headers: { 'content-disposition': `attachment; filename="contact-${held.contact.id}.json"` },
        body: {
          exportedAt: call.now,
          site: { id: call.site.id, name: call.site.name },
          contact: { ...contact, email: reveal(contactEmail) ?? null },
          visitor: held.visitor
            ? {
                name: held.visitor.name ?? null,
                email: reveal(held.visitor.emailEnc) ?? null,
                verified: held.visitor.verified,
                createdAt: held.visitor.createdAt,
                updatedAt: held.visitor.updatedAt,
              }
            : null,
          conversations: held.conversations.map((record) => {
            const { visitor: _visitor, ...rest } = record;
            return rest;
          }),
          messages: held.messages,
          broadcasts: held.broadcasts,
          audit: held.audit,
        },
      };
    },
  },
  {
    method: 'DELETE',
    path: '/v1/admin/contacts/{id}',
    adminOnly: true,
    run: async (call) => {
      await call.request.body;
      await call.admin.flushContacts();
      const erased = await call.admin.store.eraseContact(call.site.id, call.params.id!);
      if (!erased) throw new ApiError('not_found', 'No such contact on this site.');
      // Forget cached conversation facts, so a later send cannot quietly recreate an erased conversation.
      for (const id of erased.conversationIds) call.core.conversations.forget(id);
      await audit(call, 'contact.erase', 'contact', call.params.id!, {
        conversations: erased.conversations,
        messages: erased.messages,
      });
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/broadcasts',
    adminOnly: false,
    run: async (call) => ({
      status: 200,
      body: { items: (await call.admin.store.listBroadcasts(call.site.id, 50)).map(broadcastJson) },
    }),
  },
  {
    method: 'POST',
    path: '/v1/admin/broadcasts',
    adminOnly: true,
    run: async (call) => {
      const body = await parseBody(call.request, BroadcastBody);
      const { segment } = body;
      await call.admin.flushContacts();
      const store = call.admin.store;
      const contactIds =
        segment.type === 'online'
          ? [...call.admin.onlineContacts(call.site.id).keys()].sort()
          : segment.type === 'ids'
            ? await store.segmentContacts(call.site.id, { type: 'ids', ids: segment.ids })
            : segment.type === 'emails'
              ? await store.segmentContacts(call.site.id, {
                  type: 'emailHashes',
                  hashes: segment.emails.map((email) => call.admin.cipher.hash(email)),
                })
              : await store.segmentContacts(call.site.id, { type: segment.type });
      const id = randomId('b');
      // Emails are never stored in the broadcast: the segment keeps how many were given.
      const storedSegment =
        segment.type === 'emails'
          ? { type: 'emails' as const, emails: [] as string[], count: segment.emails.length }
          : segment;
      await store.createBroadcast(
        {
          id,
          siteId: call.site.id,
          text: body.text,
          segment: storedSegment,
          authorName: call.site.name,
          createdBy: call.staff.id,
          createdAt: call.now,
        },
        contactIds,
      );
      await audit(call, 'broadcast.create', 'broadcast', id, { segment: segment.type, targeted: contactIds.length });
      call.admin.broadcasts.start(id, call.site.id);
      const created = await store.getBroadcast(call.site.id, id);
      return { status: 202, body: broadcastJson(created!) };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/broadcasts/{id}',
    adminOnly: false,
    run: async (call) => {
      const found = await call.admin.store.getBroadcast(call.site.id, call.params.id!);
      if (!found) throw new ApiError('not_found', 'No such broadcast on this site.');
      return { status: 200, body: broadcastJson(found) };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/tokens',
    adminOnly: true,
    run: async (call) => ({ status: 200, body: { items: await call.admin.store.listStaff(call.site.id) } }),
  },
  {
    method: 'POST',
    path: '/v1/admin/tokens',
    adminOnly: true,
    run: async (call) => {
      const body = await parseBody(call.request, TokenBody);
      const token = randomToken('st', 32);
      const staff: Staff = {
        id: randomId('staff'),
        siteId: call.site.id,
        name: body.name,
        role: body.role,
        tokenHash: hashToken(token),
        createdAt: call.now,
        revokedAt: null,
      };
      await call.core.store.createStaff(staff);
      await audit(call, 'token.create', 'staff', staff.id, { name: staff.name, role: staff.role });
      return {
        status: 201,
        body: { id: staff.id, name: staff.name, role: staff.role, createdAt: staff.createdAt, token },
      };
    },
  },
  {
    method: 'DELETE',
    path: '/v1/admin/tokens/{id}',
    adminOnly: true,
    run: async (call) => {
      await call.request.body;
      if (call.params.id === call.staff.id)
        throw new ApiError('conflict', 'You cannot revoke the token you are using; use another admin token.');
      if (!(await call.admin.store.revokeStaff(call.site.id, call.params.id!, call.now)))
        throw new ApiError('not_found', 'No such active token on this site.');
      const closed = call.admin.closeStaffSockets(call.params.id!);
      await audit(call, 'token.revoke', 'staff', call.params.id!, { socketsClosed: closed });
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/canned-responses',
    adminOnly: false,
    run: async (call) => ({ status: 200, body: { items: await call.admin.store.listCanned(call.site.id) } }),
  },
  {
    method: 'POST',
    path: '/v1/admin/canned-responses',
    adminOnly: false,
    run: async (call) => {
      const body = await parseBody(call.request, CannedBody);
      const created = await call.admin.store.createCanned(call.site.id, {
        id: randomId('cr'),
        shortcut: body.shortcut,
        text: body.text,
        createdAt: call.now,
        updatedAt: call.now,
      });
      if (!created) throw new ApiError('conflict', `The shortcut "${body.shortcut}" is taken.`);
      await audit(call, 'canned.create', 'canned_response', created.id, { shortcut: created.shortcut });
      return { status: 201, body: created };
    },
  },
  {
    method: 'PATCH',
    path: '/v1/admin/canned-responses/{id}',
    adminOnly: false,
    run: async (call) => {
      const body = await parseBody(call.request, CannedPatch);
      const updated = await call.admin.store.updateCanned(call.site.id, call.params.id!, body, call.now);
      if (updated === undefined) throw new ApiError('not_found', 'No such canned response on this site.');
      if (updated === 'conflict') throw new ApiError('conflict', 'That shortcut is taken.');
      await audit(call, 'canned.update', 'canned_response', updated.id, { shortcut: updated.shortcut });
      return { status: 200, body: updated };
    },
  },
  {
    method: 'DELETE',
    path: '/v1/admin/canned-responses/{id}',
    adminOnly: false,
    run: async (call) => {
      await call.request.body;
      if (!(await call.admin.store.deleteCanned(call.site.id, call.params.id!)))
        throw new ApiError('not_found', 'No such canned response on this site.');
      await audit(call, 'canned.delete', 'canned_response', call.params.id!);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/stats',
    adminOnly: false,
    run: async (call) => {
      const stats = await call.admin.store.stats(call.site.id, call.now);
      return {
        status: 200,
        body: {
          visitorsOnline: call.admin.onlineContacts(call.site.id).size,
          staffOnline: call.core.presence.staffOnline(call.site.id),
          ...stats,
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/audit',
    adminOnly: true,
    run: async (call) => {
      const query = check(AuditQuery, queryObject(call.request), 'query');
      const limit = pageLimit(query.limit, 50, 200);
      const items = await call.admin.store.listAudit({
        siteId: call.site.id,
        actorId: query.actor,
        action: query.action,
        before: query.cursor,
        limit,
      });
      const last = items[items.length - 1];
      return {
        status: 200,
        body: {
          items: items.map(({ siteId: _site, ...entry }) => entry),
          ...(items.length === limit && last ? { nextCursor: last.id } : {}),
        },
      };
    },
  },
];

// ---- dispatch --------------------------------------------------------------------------------------------

interface CompiledRoute {
  readonly route: AdminRoute;
  readonly segments: readonly string[];
}

const compiled: CompiledRoute[] = ADMIN_ROUTES.map((route) => ({ route, segments: route.path.split('/').slice(1) }));
const paramPattern = /^[A-Za-z0-9_-]{1,128}$/;

function match(
  method: string,
  path: string,
): { route: AdminRoute; params: Record<string, string> } | 'method' | undefined {
  const parts = path.split('/').slice(1);
  let pathMatched = false;
  for (const { route, segments } of compiled) {
    if (segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < segments.length && ok; i++) {
      const segment = segments[i]!;
      const part = parts[i]!;
      if (segment.startsWith('{')) {
        let value: string;
        try {
          value = decodeURIComponent(part);
        } catch {
          value = '';
        }
        if (paramPattern.test(value)) params[segment.slice(1, -1)] = value;
        else ok = false;
      } else if (segment !== part) ok = false;
    }
    if (!ok) continue;
    pathMatched = true;
    if (route.method === method) return { route, params };
  }
  return pathMatched ? 'method' : undefined;
}

const allowMethods = 'GET, POST, PATCH, DELETE, OPTIONS';
const allowHeaders = 'authorization, content-type';

function originAllowed(allowed: readonly string[], origin: string, host: string | undefined): boolean {
  return origin === '' || sameOrigin(origin, host) || allowed.includes('*') || allowed.includes(origin);
}

function corsHeaders(origin: string): Record<string, string> {
  return origin === '' ? {} : { 'access-control-allow-origin': origin, vary: 'origin' };
}

/**
 * Serves the admin HTTP API under `/v1/admin/` on `app`: bearer staff tokens bound to one site, roles, CORS for
 * the site's allowed origins (plus same-origin), per-token rate limits (stricter for exports), JSON errors from
 * the protocol's catalog, and an audit entry for every change. Register it before any catch-all route.
 */
export function registerAdminApi(app: TemplatedApp, admin: AdminServices, options: AdminApiOptions): void {
  const { core } = admin;
  const { limits, ipLimits, allowedOrigins } = options;
  const buckets = new Map<string, TokenBucket>();
  const exportBuckets = new Map<string, TokenBucket>();
  const take = (map: Map<string, TokenBucket>, key: string, burst: number, perSecond: number, now: number): number => {
    let bucket = map.get(key);
    if (!bucket) {
      if (map.size > 10_000) for (const [k, b] of map) if (b.isFull(now)) map.delete(k);
      bucket = new TokenBucket(burst, perSecond, now);
      map.set(key, bucket);
    }
    return bucket.take(now);
  };

  const handle = (res: HttpResponse, request: AdminRequest): Promise<void> => {
    const origin = request.headers.origin ?? '';
    const host = request.headers.host;
    let headers: Record<string, string> = {};
    const fail = (error: unknown): void => {
      if (error instanceof ApiError) {
        if (error.code !== 'payload_too_large' || !request.aborted.value)
          sendApiError(res, error, request.aborted, headers);
        return;
      }
      core.log.error('admin API request failed', { error: String(error), path: request.path, method: request.method });
      sendApiError(res, new ApiError('internal'), request.aborted, headers);
    };
    const run = async (): Promise<void> => {
      const now = Date.now();
      if (request.method === 'OPTIONS') {
        // Preflights carry no token; allow what any request from this origin could be allowed.
        const ok = originAllowed(allowedOrigins, origin, host);
        sendReply(
          res,
          { status: 204 },
          request.aborted,
          ok
            ? {
                ...corsHeaders(origin),
                'access-control-allow-methods': allowMethods,
                'access-control-allow-headers': allowHeaders,
                'access-control-max-age': '600',
              }
            : {},
        );
        return;
      }
      const wait = ipLimits.take(request.ip, now);
      if (wait > 0) throw new ApiError('rate_limited', undefined, { 'retry-after': String(Math.ceil(wait / 1000)) });
      const found = match(request.method, request.path);
      if (found === undefined || found === 'method')
        throw new ApiError(
          'not_found',
          found === 'method' ? `${request.method} is not allowed on ${request.path}.` : 'No such route.',
        );
      const token = bearerToken(request.headers);
      if (token === undefined) throw new ApiError('unauthorized', 'Send a staff token: Authorization: Bearer <token>.');
      const staff = await core.store.findStaffByTokenHash(hashToken(token));
      if (!staff) throw new ApiError('unauthorized', 'Unknown staff token.');
      if (staff.revokedAt !== null) throw new ApiError('unauthorized', 'This staff token has been revoked.');
      const site = await core.store.getSite(staff.siteId);
      if (!site) throw new ApiError('unauthorized', 'Unknown staff token.');
      if (!originAllowed(site.allowedOrigins, origin, host)) throw new ApiError('origin_refused');
      headers = corsHeaders(origin);
      if (limits.perSecond > 0) {
        const limited = take(buckets, staff.id, limits.burst, limits.perSecond, now);
        if (limited > 0)
          throw new ApiError('rate_limited', undefined, { 'retry-after': String(Math.ceil(limited / 1000)) });
      }
      const { route, params } = found;
      if (route.adminOnly && staff.role !== 'admin') throw new ApiError('forbidden', 'Only admins may do this.');
      if (route.exportLimit && limits.exportsPerHour > 0) {
        const limited = take(exportBuckets, staff.id, limits.exportBurst, limits.exportsPerHour / 3600, now);
        if (limited > 0)
          throw new ApiError('rate_limited', 'Too many exports; wait before the next one.', {
            'retry-after': String(Math.ceil(limited / 1000)),
          });
      }
      const reply = await route.run({ core, admin, staff, site, request, params, now });
      sendReply(res, reply, request.aborted, headers);
    };
    return run().catch(fail);
  };

  app.any('/v1/admin/*', (res, req) => {
    const request = readAdminRequest(res, req);
    void handle(res, request);
  });
}
