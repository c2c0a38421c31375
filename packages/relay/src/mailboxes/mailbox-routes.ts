import { randomId } from '../auth/tokens.js';
import { ApiError } from '../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';
import type { MailboxesFeature } from './mailboxes-feature.js';
import type { MailboxRecord } from './mailboxes.js';
import { Mailbox, MailboxCheck, MailboxCreate, MailboxList, MailboxUpdate, maxMailboxes } from '@parley/protocol/admin';

function mailboxesOf(call: Call): MailboxesFeature {
  const feature = call.use('mailboxes');
  if (!feature) throw new ApiError('not_found', 'Mailboxes are not part of this relay.');
  return feature;
}

/** A mailbox as the API shows it: never a password. */
export function mailboxJson(mailbox: MailboxRecord): Mailbox {
  const server = ({ host, port, tls, user }: MailboxRecord['imap']) => ({ host, port, tls, user });
  return {
    id: mailbox.id,
    address: mailbox.address,
    name: mailbox.name,
    imap: server(mailbox.imap),
    smtp: server(mailbox.smtp),
    afterImport: mailbox.afterImport,
    moveTo: mailbox.moveTo,
    lastError: mailbox.lastError,
    checkedAt: mailbox.checkedAt,
    createdAt: mailbox.createdAt,
  };
}

const tag = 'mailboxes';

/** A site's own mailboxes over IMAP and SMTP (docs/email.md, "Your own mailbox (IMAP)"): admins connect and remove them. */
export const mailboxRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/mailboxes',
    doc: {
      summary: 'The site’s mailboxes',
      description: 'Oldest first, with whether the last connection worked; never a password.',
      tag,
      responses: ok('The mailboxes.', MailboxList),
    },
    run: async (call) => ({
      status: 200,
      body: { items: (await mailboxesOf(call).mailboxes.list(call.site.id)).map(mailboxJson) },
    }),
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/mailboxes',
    requestBody: MailboxCreate,
    doc: {
      summary: 'Connect a mailbox',
      description:
        'A team’s existing mailbox: the relay reads its INBOX over IMAP (IDLE, and a poll every `PARLEY_MAILBOX_POLL_S`), imports each new message as mail to a support address is (opening or continuing a conversation), then flags it `\\Seen` or moves it to `moveTo`; staff replies in those conversations go out through its SMTP server, from its address. Both logins are checked before anything is stored (400 names what failed: “the IMAP server refused the login”, “no answer from imap.example.com:993 in 10 s”); hosts on loopback or private addresses are refused before any connection unless the operator set `PARLEY_MAILBOX_ALLOW_PRIVATE`. The passwords are sealed at rest and never shown again. Mail already in the INBOX that is unseen is imported on the first read. At most 10 per site; an address already connected is 409. Audited as `mailbox.create`.',
      tag,
      conflict: true,
      responses: ok('Connected.', Mailbox, '201'),
    },
    run: async (call) => {
      const body = call.body;
      const feature = mailboxesOf(call);
      if (body.afterImport === 'move' && !body.moveTo)
        throw new ApiError('bad_request', 'Invalid body.moveTo: a folder is needed to move imported mail to.');
      if ((await feature.mailboxes.list(call.site.id)).length >= maxMailboxes)
        throw new ApiError('conflict', `A site may have ${maxMailboxes} mailboxes at most.`);
      const address = body.address.trim().toLowerCase();
      if (await feature.mailboxes.byAddress(address))
        throw new ApiError('conflict', 'This address is already connected.');
      const failed = await feature.check(body.imap, body.smtp);
      if (failed !== undefined) throw new ApiError('bad_request', `The mailbox could not be connected: ${failed}.`);
      const seal = ({ password, ...server }: typeof body.imap) => ({
        ...server,
        passwordSealed: feature.sealer.seal(password),
      });
      const record = {
        id: randomId('mbx'),
        siteId: call.site.id,
        address,
        name: body.name ?? null,
        imap: seal(body.imap),
        smtp: seal(body.smtp),
        afterImport: body.afterImport,
        moveTo: body.afterImport === 'move' ? (body.moveTo ?? null) : null,
        checkedAt: call.now,
        createdAt: call.now,
      };
      if (!(await feature.mailboxes.create(record)))
        throw new ApiError('conflict', 'This address is already connected.');
      await audit(call, 'mailbox.create', 'mailbox', record.id, { address, imapHost: body.imap.host });
      void feature.reader.refresh();
      const created = await feature.mailboxes.get(record.id);
      return { status: 201, body: mailboxJson(created!) };
    },
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/mailboxes/{id}',
    resource: 'mailbox',
    requestBody: MailboxUpdate,
    doc: {
      summary: 'Edit a mailbox',
      description:
        'Changes its name, its servers, or what becomes of imported mail (`afterImport`, `moveTo`); what is left out stays as it was. The address does not change (its conversations are answered from it: remove the mailbox and connect another). A server is given whole, its password entered again; the logins are checked before anything is stored (400 names what failed, as when connecting). How far the INBOX was read (its `UIDVALIDITY` and last UID) is kept, so nothing is imported twice; a connection made with old logins is closed at the next read. Audited as `mailbox.update`.',
      tag,
      responses: ok('Changed.', Mailbox),
    },
    run: async (call) => {
      const body = call.body;
      const feature = mailboxesOf(call);
      const mailbox = await feature.mailboxes.get(call.params.id!);
      if (!mailbox || mailbox.siteId !== call.site.id) throw new ApiError('not_found', 'No such mailbox on this site.');
      const afterImport = body.afterImport ?? mailbox.afterImport;
      const moveTo = body.moveTo === undefined ? mailbox.moveTo : body.moveTo;
      if (afterImport === 'move' && !moveTo)
        throw new ApiError('bad_request', 'Invalid body.moveTo: a folder is needed to move imported mail to.');
      if (body.imap || body.smtp) {
        const open = (server: MailboxRecord['imap']) => ({
          ...server,
          password: feature.sealer.open(server.passwordSealed),
        });
        const failed = await feature.check(body.imap ?? open(mailbox.imap), body.smtp ?? open(mailbox.smtp));
        if (failed !== undefined) throw new ApiError('bad_request', `The mailbox could not be changed: ${failed}.`);
      }
      const seal = ({ password, ...server }: NonNullable<typeof body.imap>) => ({
        ...server,
        passwordSealed: feature.sealer.seal(password),
      });
      const changed = await feature.mailboxes.update(call.site.id, mailbox.id, {
        name: body.name === undefined ? mailbox.name : body.name,
        imap: body.imap ? seal(body.imap) : mailbox.imap,
        smtp: body.smtp ? seal(body.smtp) : mailbox.smtp,
        afterImport,
        moveTo: afterImport === 'move' ? moveTo : null,
        // Logins just checked work; otherwise what the last read found stands.
        lastError: body.imap || body.smtp ? null : mailbox.lastError,
        checkedAt: body.imap || body.smtp ? call.now : mailbox.checkedAt,
      });
      if (!changed) throw new ApiError('not_found', 'No such mailbox on this site.');
      await audit(call, 'mailbox.update', 'mailbox', mailbox.id, {
        fields: Object.keys(body).sort(),
        ...(body.imap ? { imapHost: body.imap.host } : {}),
      });
      feature.reader.poll(mailbox.id);
      return { status: 200, body: mailboxJson((await feature.mailboxes.get(mailbox.id))!) };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/mailboxes/{id}/check',
    resource: 'mailbox',
    doc: {
      summary: 'Check a mailbox’s logins',
      description: 'Logs in to its IMAP and SMTP servers now and says what failed, in words for the admin.',
      tag,
      responses: ok('What the check found.', MailboxCheck),
    },
    run: async (call) => {
      await call.request.body;
      const feature = mailboxesOf(call);
      const mailbox = await feature.mailboxes.get(call.params.id!);
      if (!mailbox || mailbox.siteId !== call.site.id) throw new ApiError('not_found', 'No such mailbox on this site.');
      const open = (server: MailboxRecord['imap']) => ({
        ...server,
        password: feature.sealer.open(server.passwordSealed),
      });
      const failed = await feature.check(open(mailbox.imap), open(mailbox.smtp));
      await feature.mailboxes.checked(mailbox.id, failed ?? null, call.now);
      if (failed === undefined) feature.reader.poll(mailbox.id);
      return { status: 200, body: { ok: failed === undefined, error: failed ?? null } };
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/mailboxes/{id}',
    resource: 'mailbox',
    doc: {
      summary: 'Remove a mailbox',
      description:
        'The relay stops reading it (within a poll on other relays) and forgets its passwords; its conversations stay in the inbox, and their replies go out through the relay’s own mailer. Audited as `mailbox.delete`.',
      tag,
      responses: { '204': { description: 'Removed.' } },
    },
    run: async (call) => {
      await call.request.body;
      const feature = mailboxesOf(call);
      if (!(await feature.mailboxes.delete(call.site.id, call.params.id!)))
        throw new ApiError('not_found', 'No such mailbox on this site.');
      await audit(call, 'mailbox.delete', 'mailbox', call.params.id!);
      void feature.reader.refresh();
      return { status: 204 };
    },
  }),
];
