import type { EmailLocale } from './email-strings.js';

/**
 * The emails' bodies: plain text, and simple HTML with inline styles (what mail clients keep), in the reader's
 * language and direction, with the site's name and colour. No remote image, no tracking pixel, no script: every
 * value is escaped, and the only links are the ones the relay made.
 */

/** A rendered email. */
export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Who the email is from, as the reader sees it. */
export interface Brand {
  readonly siteName: string;
  /** `#rrggbb`; anything else falls back to Parley's blue. */
  readonly color: string | null;
  /** The site's logo, shown above its name: an `https:` address (anything else is left out). */
  readonly logoUrl?: string | null | undefined;
}

/** A message as an email shows it. */
export interface EmailMessage {
  readonly author: string;
  readonly text: string;
  readonly ts: number;
  /** Written by the reader (the visitor, in a transcript). */
  readonly mine?: boolean;
  /** The help-center articles a bot's answer drew on (`Message.sources`, at most 5), listed under it. */
  readonly sources?: readonly { readonly title: string; readonly url: string }[] | undefined;
}

const defaultColor = '#2563eb';
const linkDays = 7;

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A subject line: one line, no control characters, at most 200 characters. */
function subjectLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function color(brand: Brand): string {
  return brand.color !== null && /^#[0-9a-fA-F]{6}$/.test(brand.color) ? brand.color : defaultColor;
}

function formatTime(ts: number, locale: EmailLocale, timeZone: string | undefined): string {
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat(locale.tag, { ...options, timeZone: timeZone ?? 'UTC' }).format(ts);
  } catch {
    // A time zone the runtime does not know (the browser sent it): UTC.
    return new Intl.DateTimeFormat(locale.tag, { ...options, timeZone: 'UTC' }).format(ts);
  }
}

/** Text with its line breaks kept, escaped for HTML. */
function paragraphs(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>');
}

function button(href: string, label: string, brand: Brand): string {
  return `<p style="margin:24px 0"><a href="${escapeHtml(href)}" style="background:${color(brand)};color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px;display:inline-block;font-weight:600">${escapeHtml(label)}</a></p>`;
}

/** The logo's image, or '' without one. Its alt text is empty: the site's name follows it. */
function logo(brand: Brand): string {
  if (!brand.logoUrl?.startsWith('https://')) return '';
  return `<p style="margin:0 0 8px"><img src="${escapeHtml(brand.logoUrl)}" alt="" height="40" style="height:40px;width:auto;border:0;display:block"></p>`;
}

function page(locale: EmailLocale, brand: Brand, title: string, body: string, footer: string): string {
  const accent = color(brand);
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(locale.tag)}" dir="${locale.dir}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="color-scheme" content="light">',
    `<title>${escapeHtml(title)}</title></head>`,
    `<body dir="${locale.dir}" style="margin:0;padding:0;background:#f4f5f7;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1f2328">`,
    `<div style="max-width:560px;margin:0 auto;padding:24px 16px">`,
    `<div style="border-top:4px solid ${accent};background:#ffffff;border-radius:8px;padding:24px">`,
    logo(brand),
    `<p style="margin:0 0 16px;font-size:18px;font-weight:700;color:${accent}">${escapeHtml(brand.siteName)}</p>`,
    body,
    '</div>',
    `<p style="font-size:12px;color:#656d76;margin:16px 4px">${footer}</p>`,
    '</div></body></html>',
  ].join('\n');
}

/** `url` if it is an absolute `https:` or `http:` address (as the widget links a source): anything else is not linked. */
function webUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** A message's sources as the widget lists them: "Sources", then each title linked to its article ('' without). */
function sourcesHtml(m: EmailMessage, locale: EmailLocale): string {
  if (!m.sources?.length) return '';
  const items = m.sources.map(({ title, url }) => {
    const href = webUrl(url);
    return `<li dir="auto" style="margin:0 0 2px">${href ? `<a href="${escapeHtml(href)}" style="color:#0969da">${escapeHtml(title)}</a>` : escapeHtml(title)}</li>`;
  });
  return (
    `<p style="margin:8px 0 2px;font-size:12px;color:#656d76">${escapeHtml(locale.strings.sources)}</p>` +
    `<ul style="margin:0;padding-${locale.dir === 'rtl' ? 'right' : 'left'}:18px;font-size:14px">${items.join('')}</ul>`
  );
}

/** The sources in the text part: each title, and its address in angle brackets where it is a web one. */
function sourcesText(m: EmailMessage, locale: EmailLocale): string {
  if (!m.sources?.length) return '';
  const items = m.sources.map(({ title, url }) => {
    const href = webUrl(url);
    return `  - ${title.replace(/\s+/g, ' ')}${href ? ` <${href}>` : ''}`;
  });
  return `\n  ${locale.strings.sources}:\n${items.join('\n')}`;
}

function messagesHtml(messages: readonly EmailMessage[], locale: EmailLocale, timeZone: string | undefined): string {
  const side = locale.dir === 'rtl' ? 'right' : 'left';
  return messages
    .map(
      (m) =>
        `<div style="margin:0 0 14px;padding-${side}:12px;border-${side}:3px solid ${m.mine ? '#d0d7de' : '#8c959f'}">` +
        `<p style="margin:0;font-size:12px;color:#656d76"><strong style="color:#1f2328">${escapeHtml(m.author)}</strong> · ${escapeHtml(formatTime(m.ts, locale, timeZone))}</p>` +
        `<p dir="auto" style="margin:4px 0 0;font-size:15px;line-height:1.45;white-space:normal">${paragraphs(m.text)}</p>` +
        `${sourcesHtml(m, locale)}</div>`,
    )
    .join('\n');
}

function messagesText(messages: readonly EmailMessage[], locale: EmailLocale, timeZone: string | undefined): string {
  return messages
    .map(
      (m) =>
        `${m.author} · ${formatTime(m.ts, locale, timeZone)}\n${m.text.replace(/^/gm, '  ')}${sourcesText(m, locale)}`,
    )
    .join('\n\n');
}

/** What a reply email or a transcript is made of. */
export interface ConversationEmail {
  readonly locale: EmailLocale;
  readonly brand: Brand;
  readonly messages: readonly EmailMessage[];
  /** The one-time link back into the chat (the token in its fragment). */
  readonly link: string | undefined;
  /** True when answering the email reaches the conversation (a per-conversation `Reply-To`). */
  readonly replyByEmail: boolean;
  /** The visitor's time zone (their browser's), for the messages' times; UTC otherwise. */
  readonly timeZone: string | undefined;
  /**
   * The conversation's subject (the subject of the visitor's latest email, or its title): a reply email is then
   * `Re: <subject>`, as a mail program answers; without it, the reply subject of the visitor's language.
   */
  readonly subject?: string | undefined;
}

/** The email carrying staff replies a visitor has not read. */
export function renderReply(email: ConversationEmail): RenderedEmail {
  return conversationEmail(email, replySubject(email), email.locale.strings.replyIntro);
}

/** `Re: <subject>`, as a mail program answers; without a subject, the reply subject of the reader's language. */
function replySubject(email: Pick<ConversationEmail, 'subject' | 'locale'>): (site: string) => string {
  const subject = email.subject === undefined ? '' : subjectLine(email.subject).replace(replyPrefix, '').trim();
  return subject === '' ? email.locale.strings.replySubject : () => `Re: ${subject}`;
}

/** What a reply on the email channel is made of (see {@link renderMailReply}). */
export interface MailReply {
  readonly locale: EmailLocale;
  readonly brand: Brand;
  /** The staff replies it carries, oldest first. */
  readonly replies: readonly EmailMessage[];
  /** The subject of the customer's latest email, answered as `Re:`. */
  readonly subject: string | undefined;
  /** The email opens the thread (staff started the conversation): {@link subject} is its own, without `Re:`. */
  readonly opens?: boolean | undefined;
  /** Who signs under the replies' authors: the support address's name, else the site's. */
  readonly signature: string;
}

/**
 * Staff replies to a customer who wrote by email, as mail reads (issue #81): the replies' text, signed by their
 * authors and the team; no intro, no transcript (the customer's own emails are in their mailbox, in the same thread),
 * no link into a chat, no footer about leaving an address in one.
 */
export function renderMailReply(email: MailReply): RenderedEmail {
  const { locale, brand, replies } = email;
  const subject = subjectLine(
    email.opens && email.subject !== undefined ? email.subject : replySubject(email)(brand.siteName),
  );
  const signature = [...new Set(replies.map((reply) => reply.author)), email.signature];
  const text = [replies.map((reply) => reply.text).join('\n\n'), '', '-- ', ...signature].join('\n');
  const body = [
    ...replies.map(
      (reply) => `<p dir="auto" style="margin:0 0 14px;font-size:15px;line-height:1.45">${paragraphs(reply.text)}</p>`,
    ),
    `<p style="margin:16px 0 0;font-size:14px;color:#656d76">${signature.map(escapeHtml).join('<br>')}</p>`,
  ].join('\n');
  return { subject, text, html: page(locale, brand, subject, body, '') };
}

/** `Re:`, `RE :`, `Fwd:`, `AW:`, `Réf. :` and the like, repeated, in front of a subject: one `Re:` is put back. */
const replyPrefix = /^(?:(?:re|fwd?|aw|wg|sv|vs|antw|r[ée]f\.?|rv|enc|tr)\s*(?:\[\d+\])?\s*:\s*)+/i;

/** The transcript of a conversation, asked for from the widget. */
export function renderTranscript(email: ConversationEmail): RenderedEmail {
  return conversationEmail(email, email.locale.strings.transcriptSubject, email.locale.strings.transcriptIntro);
}

function conversationEmail(
  email: ConversationEmail,
  subject: (site: string) => string,
  intro: (site: string) => string,
): RenderedEmail {
  const { locale, brand, messages, link, timeZone } = email;
  const s = locale.strings;
  const site = brand.siteName;
  const footerLines = [s.whyReply(site), ...(link ? [s.linkNote(linkDays)] : [])];
  const text = [
    intro(site),
    '',
    messagesText(messages, locale, timeZone),
    '',
    ...(link ? [`${s.continueChat}: ${link}`, ''] : []),
    ...(email.replyByEmail ? [s.replyByEmail, ''] : []),
    '-- ',
    ...footerLines,
  ].join('\n');
  const body = [
    `<p style="margin:0 0 16px;font-size:15px">${escapeHtml(intro(site))}</p>`,
    messagesHtml(messages, locale, timeZone),
    link ? button(link, s.continueChat, brand) : '',
    email.replyByEmail ? `<p style="margin:0;font-size:14px;color:#656d76">${escapeHtml(s.replyByEmail)}</p>` : '',
  ].join('\n');
  return {
    subject: subjectLine(subject(site)),
    text,
    html: page(locale, brand, subject(site), body, footerLines.map(escapeHtml).join('<br>')),
  };
}

/** What a staff notification lists. */
export interface NoticeItem {
  /** Who wrote, as `contactName` names them. */
  readonly visitorName: string;
  readonly text: string;
  readonly ts: number;
  readonly isNew: boolean;
  readonly messages: number;
}

/** A staff member's notification: conversations waiting since the last one. */
export function renderNotification(
  locale: EmailLocale,
  brand: Brand,
  items: readonly NoticeItem[],
  inboxUrl: string,
): RenderedEmail {
  const s = locale.strings;
  const site = brand.siteName;
  const excerpt = (text: string): string => (text.length > 280 ? `${text.slice(0, 279)}…` : text);
  const label = (item: NoticeItem): string =>
    `${item.visitorName} — ${item.isNew ? s.newConversation : s.newMessages(item.messages)}`;
  const text = [
    s.notifyIntro(site),
    '',
    ...items.map((item) => `* ${label(item)}\n  ${formatTime(item.ts, locale, undefined)}\n  ${excerpt(item.text)}`),
    '',
    `${s.openInbox}: ${inboxUrl}`,
    '',
    '-- ',
    s.whyNotify,
  ].join('\n');
  const list = items
    .map(
      (item) =>
        `<li style="margin:0 0 12px"><strong>${escapeHtml(label(item))}</strong><br><span style="font-size:12px;color:#656d76">${escapeHtml(formatTime(item.ts, locale, undefined))}</span><br><span dir="auto">${paragraphs(excerpt(item.text))}</span></li>`,
    )
    .join('\n');
  const body = [
    `<p style="margin:0 0 16px;font-size:15px">${escapeHtml(s.notifyIntro(site))}</p>`,
    `<ul style="padding-inline-start:20px;margin:0">${list}</ul>`,
    button(inboxUrl, s.openInbox, brand),
  ].join('\n');
  const subject = subjectLine(s.notifySubject(items.length, site));
  return { subject, text, html: page(locale, brand, subject, body, escapeHtml(s.whyNotify)) };
}

/** A staff member is told that a colleague mentioned them in a note, with the note and a way back to it. */
export function renderMention(
  locale: EmailLocale,
  brand: Brand,
  mention: { readonly author: string; readonly text: string; readonly ts: number },
  inboxUrl: string,
): RenderedEmail {
  const s = locale.strings;
  const note = mention.text.length > 1000 ? `${mention.text.slice(0, 999)}…` : mention.text;
  const intro = s.mentionIntro(mention.author, brand.siteName);
  const text = [intro, '', note, '', `${s.openInbox}: ${inboxUrl}`, '', '-- ', s.whyMention].join('\n');
  const body = [
    `<p style="margin:0 0 16px;font-size:15px">${escapeHtml(intro)}</p>`,
    `<blockquote style="margin:0 0 16px;padding:8px 12px;border-inline-start:3px solid #d0d7de" dir="auto">${paragraphs(note)}</blockquote>`,
    `<p style="margin:0 0 16px;font-size:12px;color:#656d76">${escapeHtml(formatTime(mention.ts, locale, undefined))}</p>`,
    button(inboxUrl, s.openInbox, brand),
  ].join('\n');
  const subject = subjectLine(s.mentionSubject(mention.author, brand.siteName));
  return { subject, text, html: page(locale, brand, subject, body, escapeHtml(s.whyMention)) };
}

/** A notice to a site's admins: a webhook endpoint was disabled. */
export function renderWebhookDisabled(
  locale: EmailLocale,
  brand: Brand,
  notice: { readonly url: string; readonly error: string },
  settingsUrl: string,
): RenderedEmail {
  const s = locale.strings;
  const subject = subjectLine(s.webhookDisabledSubject(brand.siteName));
  const text = [
    s.webhookDisabled(notice.url),
    '',
    `${s.lastError}: ${notice.error}`,
    '',
    settingsUrl,
    '',
    '-- ',
    s.whyAdmin,
  ].join('\n');
  const body = [
    `<p style="margin:0 0 12px;font-size:15px">${escapeHtml(s.webhookDisabled(notice.url))}</p>`,
    `<p style="margin:0 0 12px;font-size:14px"><strong>${escapeHtml(s.lastError)}:</strong> <code>${escapeHtml(notice.error)}</code></p>`,
    button(settingsUrl, s.openInbox, brand),
  ].join('\n');
  return { subject, text, html: page(locale, brand, subject, body, escapeHtml(s.whyAdmin)) };
}
