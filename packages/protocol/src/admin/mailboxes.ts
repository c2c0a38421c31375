import { doc, isAddress, list, millis } from './document.js';
import * as z from 'zod/mini';

/**
 * A team's own mailboxes over IMAP and SMTP (issue #84, docs/email.md "Your own mailbox (IMAP)"): what an admin
 * connects (both logins, the passwords shown never again) and how the API shows a mailbox.
 */

/** Most mailboxes a site connects. */
export const maxMailboxes = 10;

const OneLine = (max: number) =>
  z.string().check(z.minLength(1), z.maxLength(max), z.regex(/^[^\r\n\0]*$/, 'must be one line'));

const Host = z.string().check(
  z.minLength(1),
  z.maxLength(253),
  z.regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or an IP address'),
  doc({
    description:
      'The server’s host name (or IP address). Loopback and private addresses need the operator’s `PARLEY_MAILBOX_ALLOW_PRIVATE`.',
  }),
);

const Tls = z.enum(['tls', 'starttls', 'none']).check(
  doc({
    description:
      '`tls`: TLS from the start (IMAP 993, SMTP 465); `starttls`: plain, then STARTTLS required (IMAP 143, SMTP 587); `none`: no TLS (only for a server on the relay’s own network).',
  }),
);

/** One server's login as given: the password is sealed at once and never shown again. */
const ServerLogin = z.strictObject({
  host: Host,
  port: z.int().check(z.gte(1), z.lte(65535)),
  tls: Tls,
  user: OneLine(320).check(doc({ description: 'The login name, often the address itself.' })),
  password: OneLine(1000).check(
    doc({ description: 'The password, or an app password (Gmail, Outlook). Sealed at rest; never shown again.' }),
  ),
});

/** `POST /v1/admin/mailboxes`. */
export const MailboxCreate = z
  .strictObject({
    address: z
      .string()
      .check(
        z.maxLength(320),
        z.refine(isAddress, 'must be one plain address'),
        doc({ description: 'The mailbox’s address: its mail opens conversations, and replies come from it.' }),
      ),
    name: z.optional(
      z.nullable(OneLine(100).check(doc({ description: 'The `From` name of replies; the site’s name without it.' }))),
    ),
    imap: ServerLogin,
    smtp: ServerLogin,
    afterImport: z._default(z.enum(['seen', 'move']), 'seen').check(
      doc({
        description: 'What becomes of a message once imported: flagged `\\Seen` in the INBOX, or moved to `moveTo`.',
      }),
    ),
    moveTo: z.optional(
      z.nullable(
        OneLine(200).check(doc({ description: 'The folder imported mail is moved to (`afterImport: move`).' })),
      ),
    ),
  })
  .check(
    doc({
      example: {
        address: 'support@shop.example',
        name: 'Shop support',
        imap: {
          host: 'imap.mail.example',
          port: 993,
          tls: 'tls',
          user: 'support@shop.example',
          password: 'app-password',
        },
        smtp: {
          host: 'smtp.mail.example',
          port: 587,
          tls: 'starttls',
          user: 'support@shop.example',
          password: 'app-password',
        },
        afterImport: 'move',
        moveTo: 'Parley',
      },
    }),
  );

/**
 * `PATCH /v1/admin/mailboxes/{id}`: what changes, the rest as it was. The address stays (its conversations are
 * answered from it); a server is given whole, its password entered again, and both logins are checked before
 * anything is stored. How far the INBOX was read (its `UIDVALIDITY` and last UID) is kept.
 */
export const MailboxUpdate = z
  .strictObject({
    name: z.optional(
      z.nullable(OneLine(100).check(doc({ description: 'The `From` name of replies; the site’s name when null.' }))),
    ),
    imap: z.optional(ServerLogin),
    smtp: z.optional(ServerLogin),
    afterImport: z.optional(
      z
        .enum(['seen', 'move'])
        .check(
          doc({ description: 'What becomes of a message once imported: flagged `\\Seen`, or moved to `moveTo`.' }),
        ),
    ),
    moveTo: z.optional(
      z.nullable(
        OneLine(200).check(doc({ description: 'The folder imported mail is moved to (`afterImport: move`).' })),
      ),
    ),
  })
  .check(doc({ example: { afterImport: 'move', moveTo: 'Parley/Imported' } }));

/** One server of a mailbox as the API shows it: never its password. */
const ServerView = z.object({ host: z.string(), port: z.int(), tls: z.string(), user: z.string() });

/** A mailbox as the admin API shows it. */
export const Mailbox = z.object({
  id: z.string(),
  address: z.string(),
  name: z.nullable(z.string()),
  imap: ServerView,
  smtp: ServerView,
  afterImport: z.string(),
  moveTo: z.nullable(z.string()),
  lastError: z
    .nullable(z.string())
    .check(doc({ description: 'Why the last connection failed (the relay retries every poll); null while it works.' })),
  checkedAt: z.nullable(millis),
  createdAt: millis,
});

/** `GET /v1/admin/mailboxes`. */
export const MailboxList = list(Mailbox);

/** `POST /v1/admin/mailboxes/{id}/check`: whether both logins work now. */
export const MailboxCheck = z.object({
  ok: z.boolean(),
  error: z
    .nullable(z.string())
    .check(doc({ description: 'What failed, in words for the admin; null when both work.' })),
});

export type MailboxCreate = z.input<typeof MailboxCreate>;
export type Mailbox = z.output<typeof Mailbox>;
export type MailboxUpdate = z.input<typeof MailboxUpdate>;
export type MailboxCheck = z.output<typeof MailboxCheck>;
