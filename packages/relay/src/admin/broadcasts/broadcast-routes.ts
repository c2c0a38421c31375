import { Broadcast, BroadcastCreate, BroadcastList, type DeepReadonly } from '@parley/protocol/admin';
import { randomId } from '../../auth/tokens.js';
import type { BroadcastRecord } from '../../store/admin-store.js';
import { ApiError } from '../../http/admin-http.js';
import { adminRoute, audit, type AdminRoute } from '../../features/admin-routes/admin-route.js';
import { ok } from '../../http/openapi/openapi-parts.js';

function broadcastJson(broadcast: BroadcastRecord): DeepReadonly<Broadcast> {
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

/** Routes of broadcasts: a message to a segment of contacts, sent in the background. */
export const broadcastRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/broadcasts',
    doc: {
      summary: 'Recent broadcasts',
      description: 'The 50 newest, with their figures.',
      tag: 'broadcasts',
      responses: ok('Broadcasts.', BroadcastList),
    },
    run: async (call) => ({
      status: 200,
      body: { items: (await call.admin.repos.broadcasts.listBroadcasts(call.site.id, 50)).map(broadcastJson) },
    }),
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/broadcasts',
    permission: 'automations.manage',
    requestBody: BroadcastCreate,
    doc: {
      summary: 'Send a broadcast',
      description:
        'Each target gets the text as a `broadcast` message in their conversation (one is created if they have none): online targets at once, others when they return. Processed in batches in the background; poll `GET /v1/admin/broadcasts/{id}` for progress. Emails given in an `emails` segment are not stored.',
      tag: 'broadcasts',
      responses: ok('Accepted; running.', Broadcast, '202'),
    },
    run: async (call) => {
      const body = call.body;
      const { segment } = body;
      // Visitors on the site who have not written yet are no contacts; a broadcast makes them so.
      if (segment.type !== 'ids' && segment.type !== 'emails') call.admin.adoptOnlineVisitors(call.site.id);
      await call.admin.flushContacts();
      const repos = call.admin.repos;
      const contactIds =
        segment.type === 'online'
          ? [...call.admin.onlineContacts(call.site.id).keys()].sort()
          : segment.type === 'ids'
            ? await repos.contacts.segmentContacts(call.site.id, { type: 'ids', ids: segment.ids })
            : segment.type === 'emails'
              ? await repos.contacts.segmentContacts(call.site.id, {
                  type: 'emailHashes',
                  hashes: segment.emails.map((email) => call.admin.cipher.hash(email)),
                })
              : await repos.contacts.segmentContacts(call.site.id, { type: segment.type });
      const id = randomId('b');
      // Emails are never stored in the broadcast: the segment keeps how many were given.
      const storedSegment =
        segment.type === 'emails'
          ? { type: 'emails' as const, emails: [] as string[], count: segment.emails.length }
          : segment;
      await repos.broadcasts.createBroadcast(
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
      const created = await repos.broadcasts.getBroadcast(call.site.id, id);
      return { status: 202, body: broadcastJson(created!) };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/broadcasts/{id}',
    resource: 'broadcast',
    doc: {
      summary: 'One broadcast',
      description: 'Progress and delivery figures.',
      tag: 'broadcasts',
      responses: ok('The broadcast.', Broadcast),
    },
    run: async (call) => {
      const found = await call.admin.repos.broadcasts.getBroadcast(call.site.id, call.params.id!);
      if (!found) throw new ApiError('not_found', 'No such broadcast on this site.');
      return { status: 200, body: broadcastJson(found) };
    },
  }),
];
