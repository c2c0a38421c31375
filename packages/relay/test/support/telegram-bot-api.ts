import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback Telegram Bot API server for tests (core.telegram.org/bots/api): `POST /bot<token>/<method>` with JSON
 * or multipart parameters, answered `{ ok: true, result }` or `{ ok: false, error_code, description, parameters }`
 * as Telegram answers; `GET /file/bot<token>/<file_path>` serves the files `getFile` named. It knows the bots it was
 * given ({@link addBot}), keeps each one's webhook (`setWebhook`, `deleteWebhook`), records what bots sent
 * (`sendMessage`, `sendPhoto`, `sendDocument`), and fails a method as the test says ({@link failNext}); its
 * {@link deliver} posts an update to a bot's webhook with its secret header, as Telegram does.
 */
export class TelegramBotApi {
  readonly #server: Server;
  readonly #bots = new Map<string, { id: number; username: string; first_name: string }>();
  readonly #webhooks = new Map<string, { url: string; secret: string; allowed: unknown }>();
  readonly #files = new Map<string, { path: string; bytes: Buffer }>();
  readonly #failures: Array<{ method: string; code: number; description: string; retryAfter?: number }> = [];
  /** What bots sent, in order: the method, the bot's token, and its parameters (a file's name, type and bytes). */
  readonly sent: Array<{
    method: string;
    token: string;
    chatId: string;
    text?: string;
    file?: { name: string; type: string; bytes: Buffer };
  }> = [];
  /** Every call, by method name, with the time it came (a retry's wait is measured on it). */
  readonly calls: Array<{ method: string; at: number }> = [];
  /** The request paths seen (a test checks no token leaks elsewhere). */
  readonly paths: string[] = [];
  #waiters: Array<() => void> = [];

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<TelegramBotApi> {
    const holder: { api?: TelegramBotApi } = {};
    const server = createServer((req, res) => void holder.api!.#handle(req, res));
    const api = (holder.api = new TelegramBotApi(server));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return api;
  }

  /** The origin, for `PARLEY_TELEGRAM_API_URL`. */
  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** A bot Telegram knows: its token works. */
  addBot(token: string, username: string, firstName = username): void {
    this.#bots.set(token, { id: Number(token.split(':')[0]), username, first_name: firstName });
  }

  /** A file Telegram holds (a customer's photo): `getFile` gives its path, the file route its bytes. */
  addFile(fileId: string, path: string, bytes: Buffer): void {
    this.#files.set(fileId, { path, bytes });
  }

  /** The bot's webhook, as `setWebhook` left it. */
  webhook(token: string): { url: string; secret: string; allowed: unknown } | undefined {
    return this.#webhooks.get(token);
  }

  /** The next call of `method` fails with this error (Telegram's code, description, `retry_after` in seconds). */
  failNext(method: string, code: number, description: string, retryAfter?: number): void {
    this.#failures.push({ method, code, description, ...(retryAfter !== undefined ? { retryAfter } : {}) });
  }

  /** Waits until bots have sent `count` things. */
  async sentCount(count: number): Promise<void> {
    while (this.sent.length < count) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  /** Posts an update to the bot's webhook, with its secret header unless `secret` says otherwise. */
  async deliver(token: string, update: unknown, secret?: string | null): Promise<Response> {
    const hook = this.#webhooks.get(token);
    if (!hook) throw new Error('the bot has no webhook');
    const chosen = secret === undefined ? hook.secret : secret;
    return fetch(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(chosen === null ? {} : { 'x-telegram-bot-api-secret-token': chosen }),
      },
      body: typeof update === 'string' ? update : JSON.stringify(update),
    });
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    this.#server.close();
    await once(this.#server, 'close');
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = req.url ?? '/';
    this.paths.push(url);
    const answer = (status: number, value: unknown): void =>
      void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    const refuse = (code: number, description: string, retryAfter?: number): void =>
      answer(code, {
        ok: false,
        error_code: code,
        description,
        ...(retryAfter !== undefined ? { parameters: { retry_after: retryAfter } } : {}),
      });
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url);
    if (file) {
      const found = [...this.#files.values()].find((held) => held.path === decodeURIComponent(file[2]!));
      if (!this.#bots.has(decodeURIComponent(file[1]!)) || !found) return void res.writeHead(404).end();
      return void res.writeHead(200, { 'content-length': String(found.bytes.length) }).end(found.bytes);
    }
    const call = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url);
    if (!call || req.method !== 'POST') return refuse(404, 'Not Found');
    const token = decodeURIComponent(call[1]!);
    const method = call[2]!;
    this.calls.push({ method, at: Date.now() });
    const bot = this.#bots.get(token);
    if (!bot) return refuse(401, 'Unauthorized');
    const failure = this.#failures.findIndex((f) => f.method === method);
    if (failure >= 0) {
      const [f] = this.#failures.splice(failure, 1);
      return refuse(f!.code, f!.description, f!.retryAfter);
    }
    const params = await parameters(req.headers['content-type'] ?? '', body);
    switch (method) {
      case 'getMe':
        return answer(200, { ok: true, result: { ...bot, is_bot: true, can_join_groups: true } });
      case 'setWebhook':
        this.#webhooks.set(token, {
          url: String(params.get('url')),
          secret: String(params.get('secret_token') ?? ''),
          allowed: params.get('allowed_updates'),
        });
        return answer(200, { ok: true, result: true, description: 'Webhook was set' });
      case 'deleteWebhook':
        this.#webhooks.delete(token);
        return answer(200, { ok: true, result: true, description: 'Webhook was deleted' });
      case 'getFile': {
        const held = this.#files.get(String(params.get('file_id')));
        if (!held) return refuse(400, 'Bad Request: invalid file_id');
        return answer(200, {
          ok: true,
          result: {
            file_id: params.get('file_id'),
            file_unique_id: `u${params.get('file_id')}`,
            file_size: held.bytes.length,
            file_path: held.path,
          },
        });
      }
      case 'sendMessage':
      case 'sendPhoto':
      case 'sendDocument': {
        const chatId = String(params.get('chat_id'));
        const upload = params.get(method === 'sendPhoto' ? 'photo' : 'document');
        if (method !== 'sendMessage' && !(upload instanceof Blob)) return refuse(400, 'Bad Request: there is no file');
        const text = params.get('text');
        if (method === 'sendMessage' && (typeof text !== 'string' || text === ''))
          return refuse(400, 'Bad Request: message text is empty');
        this.sent.push({
          method,
          token,
          chatId,
          ...(typeof text === 'string' ? { text } : {}),
          ...(upload instanceof File
            ? { file: { name: upload.name, type: upload.type, bytes: Buffer.from(await upload.arrayBuffer()) } }
            : {}),
        });
        for (const wake of this.#waiters.splice(0)) wake();
        return answer(200, {
          ok: true,
          result: {
            message_id: this.sent.length,
            date: Math.floor(Date.now() / 1000),
            chat: { id: Number(chatId), type: 'private' },
          },
        });
      }
      default:
        return refuse(404, 'Not Found: method not found');
    }
  }
}

/** A call's parameters, JSON or multipart, by name. */
async function parameters(type: string, body: Buffer): Promise<Map<string, unknown>> {
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
    return new Map([...form.entries()]);
  }
  if (body.length === 0) return new Map();
  return new Map(Object.entries(JSON.parse(body.toString('utf8')) as Record<string, unknown>));
}

// Example updates in the shape of the Bot API's documentation (core.telegram.org/bots/webhooks, "Testing your bot
// with updates"; core.telegram.org/bots/api#update, #message, #photosize, #document).

/** A customer of a private chat with the bot. */
export const customer = {
  id: 1111111,
  first_name: 'Test Firstname',
  last_name: 'Test Lastname',
  username: 'Testusername',
};

/** An update with a text message from {@link customer}. */
export function textUpdate(updateId: number, text: string, from = customer): Record<string, unknown> {
  return {
    update_id: updateId,
    message: {
      date: 1441645532,
      chat: { ...from, type: 'private' },
      message_id: updateId + 1000,
      from,
      text,
    },
  };
}

/** An update with a photo (three sizes, as Telegram sends them) and a caption. */
export function photoUpdate(updateId: number, fileId: string, caption?: string): Record<string, unknown> {
  return {
    update_id: updateId,
    message: {
      date: 1441645550,
      chat: { ...customer, type: 'private' },
      message_id: updateId + 1000,
      from: customer,
      photo: [
        { file_id: `${fileId}-s`, file_unique_id: `${fileId}s`, file_size: 1254, width: 90, height: 67 },
        { file_id: fileId, file_unique_id: `${fileId}x`, file_size: 63210, width: 1280, height: 960 },
        { file_id: `${fileId}-m`, file_unique_id: `${fileId}m`, file_size: 21098, width: 320, height: 240 },
      ],
      ...(caption !== undefined ? { caption } : {}),
    },
  };
}

/** An update with a document. */
export function documentUpdate(updateId: number, fileId: string, name: string, mime: string): Record<string, unknown> {
  return {
    update_id: updateId,
    message: {
      date: 1441645560,
      chat: { ...customer, type: 'private' },
      message_id: updateId + 1000,
      from: customer,
      document: { file_name: name, mime_type: mime, file_id: fileId, file_unique_id: `${fileId}u`, file_size: 2048 },
    },
  };
}

/** An update whose message replies to an earlier one (the documented "reply" example's shape). */
export function replyUpdate(updateId: number, text: string, repliedTo: string): Record<string, unknown> {
  return {
    update_id: updateId,
    message: {
      date: 1441645532,
      chat: { ...customer, type: 'private' },
      message_id: updateId + 1000,
      from: customer,
      text,
      reply_to_message: {
        date: 1441645000,
        chat: { ...customer, type: 'private' },
        message_id: 1334,
        text: repliedTo,
      },
    },
  };
}
