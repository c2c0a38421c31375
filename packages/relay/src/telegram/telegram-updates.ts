import { LIMITS } from '@parley/protocol';
import { MalformedWebhook, type InboundFile, type InboundMessage } from '../messaging/public.js';

// The parts of the Bot API's Update the relay reads (core.telegram.org/bots/api#update, #message, #photosize,
// #document, #user, #chat). Everything else of an update is ignored.
interface TelegramUser {
  readonly id?: unknown;
  readonly first_name?: unknown;
  readonly last_name?: unknown;
  readonly username?: unknown;
}
interface TelegramFileRef {
  readonly file_id?: unknown;
  readonly file_size?: unknown;
  readonly file_name?: unknown;
  readonly width?: unknown;
  readonly height?: unknown;
}
interface TelegramMessage {
  readonly message_id?: unknown;
  readonly from?: TelegramUser;
  readonly chat?: { readonly id?: unknown; readonly type?: unknown };
  readonly text?: unknown;
  readonly caption?: unknown;
  readonly photo?: unknown;
  readonly document?: TelegramFileRef;
  readonly reply_to_message?: TelegramMessage;
  readonly sticker?: unknown;
  readonly voice?: unknown;
  readonly audio?: unknown;
  readonly video?: unknown;
  readonly video_note?: unknown;
  readonly location?: unknown;
  readonly contact?: unknown;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const int = (value: unknown): number | undefined => (Number.isSafeInteger(value) ? (value as number) : undefined);

/** What a message carries that Parley does not show, named for staff (they answer it in Telegram's words). */
const UNSHOWN: readonly (readonly [keyof TelegramMessage, string])[] = [
  ['sticker', 'a sticker'],
  ['voice', 'a voice message'],
  ['audio', 'an audio file'],
  ['video', 'a video'],
  ['video_note', 'a video message'],
  ['location', 'a location'],
  ['contact', 'a contact'],
];

/** The longest quote of the message a customer replied to, kept above their text. */
const MAX_QUOTE = 200;

/**
 * Reads a Telegram webhook's body, an `Update`: the customer's message of a private chat with the bot (`message`),
 * its text or caption, its photo (the largest size) or document, and the start of the message it replies to as a
 * quote. Other updates (edits, channel posts, groups, a bot's own) carry nothing to store. The update's
 * `update_id` is the message's id, so Telegram's retries of it are stored once.
 *
 * @throws MalformedWebhook when the body is not an update.
 */
export function parseTelegramUpdate(body: Buffer): InboundMessage[] {
  let update: unknown;
  try {
    update = JSON.parse(body.toString('utf8'));
  } catch {
    throw new MalformedWebhook('The body is not JSON.');
  }
  if (typeof update !== 'object' || update === null || Array.isArray(update))
    throw new MalformedWebhook('The body is not a Telegram update.');
  const { update_id: updateId, message } = update as { update_id?: unknown; message?: TelegramMessage };
  if (int(updateId) === undefined) throw new MalformedWebhook('The update has no update_id.');
  if (typeof message !== 'object' || message === null) return [];
  const chatId = int(message.chat?.id);
  // Private chats only (a group's messages are not one customer's); the guide's older examples omit the type.
  const type = message.chat?.type;
  if (chatId === undefined || (type !== undefined && type !== 'private')) return [];
  const from = message.from ?? {};
  const name = [str(from.first_name), str(from.last_name)].filter(Boolean).join(' ').slice(0, 100) || undefined;
  const username = str(from.username);
  const files = messageFiles(message);
  const said = str(message.text) ?? str(message.caption) ?? '';
  const quoted = quote(message.reply_to_message);
  const unshown = UNSHOWN.filter(([key]) => message[key] !== undefined).map(([, what]) => what);
  const parts = [
    quoted,
    said,
    unshown.length > 0 ? `[Telegram: ${unshown.join(', ')}, which Parley does not show]` : '',
  ].filter((part) => part !== '');
  const text = parts.join('\n\n').slice(0, LIMITS.maxTextLength);
  if (text === '' && files.length === 0) return [];
  return [
    {
      id: String(updateId),
      contact: {
        handle: String(chatId),
        display: username ? `@${username}` : String(chatId),
        ...(name ? { name } : {}),
      },
      text,
      ...(files.length > 0 ? { files } : {}),
    },
  ];
}

/** The message's photo (its largest size) and document. */
function messageFiles(message: TelegramMessage): InboundFile[] {
  const files: InboundFile[] = [];
  if (Array.isArray(message.photo)) {
    let best: TelegramFileRef | undefined;
    let bestArea = -1;
    for (const size of message.photo as TelegramFileRef[]) {
      const area = (int(size?.width) ?? 0) * (int(size?.height) ?? 0);
      if (str(size?.file_id) && area >= bestArea) {
        best = size;
        bestArea = area;
      }
    }
    if (best) files.push(file(best, 'photo.jpg'));
  }
  const document = message.document;
  if (typeof document === 'object' && document !== null && str(document.file_id))
    files.push(file(document, str(document.file_name)?.slice(0, 200) ?? 'document'));
  return files;
}

function file(ref: TelegramFileRef, name: string): InboundFile {
  const size = int(ref.file_size);
  return { ref: ref.file_id as string, name, ...(size !== undefined ? { size } : {}) };
}

/** The start of the message a customer replied to, as a quote (`> …`), or nothing. */
function quote(replied: TelegramMessage | undefined): string {
  if (typeof replied !== 'object' || replied === null) return '';
  const said = str(replied.text) ?? str(replied.caption);
  if (!said) return '';
  const short = said.length > MAX_QUOTE ? `${said.slice(0, MAX_QUOTE)}…` : said;
  return short
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}
