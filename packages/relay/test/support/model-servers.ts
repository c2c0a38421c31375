import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Loopback model servers for the AI feature's tests (docs/ai.md): one speaking OpenAI's Chat Completions, one
 * Anthropic's Messages API, each as documented — streamed (Server-Sent Events) or not, with the providers' error
 * bodies — on 127.0.0.1, port 0. A test scripts what the next requests get, and reads every request they received
 * (headers and body), to assert what the relay sent.
 */

/** What a request gets. */
export type ModelScript =
  /** An answer: `text` in `pieces` (default: words), with the usage figures, `delayMs` between pieces (a slow stream). */
  | {
      readonly answer: string;
      readonly pieces?: readonly string[];
      readonly usage?: { readonly input: number; readonly output: number };
      readonly delayMs?: number;
    }
  /** An error answer of the provider's shape; `retryAfter` as the header's value. */
  | { readonly status: 400 | 401 | 404 | 429 | 500 | 503 | 529; readonly retryAfter?: string }
  /** Accepts the request and never answers. */
  | { readonly hang: true }
  /** A stream whose second event is not JSON. */
  | { readonly malformed: true }
  /** A stream that stops after some text, without its end (`[DONE]`, `message_stop`). */
  | { readonly truncated: true }
  /** A stream of `bytes` of text in pieces of `piece` characters, as fast as the socket takes it. */
  | { readonly huge: number; readonly piece?: number };

/** A request as the server received it. */
export interface ModelRequestSeen {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: any; // the tests read its fields as they assert them
  readonly raw: string;
}

export interface ModelServer {
  readonly kind: 'openai' | 'anthropic';
  /** The base URL a site's setting names (`http://127.0.0.1:<port>/v1` for OpenAI's, `http://127.0.0.1:<port>`). */
  readonly baseUrl: string;
  readonly requests: ModelRequestSeen[];
  /** Scripts the next requests, in order; once used up, each request gets `fallback`. */
  script(...next: ModelScript[]): void;
  fallback: ModelScript;
  /** Answers the relay stopped reading before their end (it closed the connection): a call it cancelled. */
  readonly cancelled: number;
  close(): Promise<void>;
}

const words = (text: string): string[] => text.match(/\S+\s*|\s+/g) ?? [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function openAiError(status: number): unknown {
  const types: Record<number, [string, string | null]> = {
    400: ['invalid_request_error', null],
    401: ['invalid_request_error', 'invalid_api_key'],
    404: ['invalid_request_error', 'model_not_found'],
    429: ['rate_limit_exceeded', 'rate_limit_exceeded'],
    500: ['server_error', null],
    503: ['server_error', null],
  };
  const [type, code] = types[status] ?? ['server_error', null];
  return { error: { message: `Error ${status} from the fake.`, type, param: null, code } };
}

function anthropicError(status: number): unknown {
  const types: Record<number, string> = {
    400: 'invalid_request_error',
    401: 'authentication_error',
    404: 'not_found_error',
    429: 'rate_limit_error',
    500: 'api_error',
    503: 'api_error',
    529: 'overloaded_error',
  };
  return { type: 'error', error: { type: types[status] ?? 'api_error', message: `Error ${status} from the fake.` } };
}

/** The events of an OpenAI stream of `pieces`, then the usage chunk and `[DONE]`. */
function* openAiEvents(
  pieces: readonly string[],
  usage: { input: number; output: number },
  end = true,
): Generator<string> {
  const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'fake' };
  yield `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })}\n\n`;
  for (const piece of pieces)
    yield `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`;
  if (!end) return;
  yield `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`;
  yield `data: ${JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output } })}\n\n`;
  yield 'data: [DONE]\n\n';
}

/** The events of an Anthropic stream of `pieces`. */
function* anthropicEvents(
  pieces: readonly string[],
  usage: { input: number; output: number },
  end = true,
): Generator<string> {
  const event = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
  yield event('message_start', {
    type: 'message_start',
    message: {
      id: 'msg_fake',
      type: 'message',
      role: 'assistant',
      content: [],
      model: 'fake',
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: usage.input, output_tokens: 1 },
    },
  });
  yield event('content_block_start', {
    type: 'content_block_start',
    index: 0,
    content_block: { type: 'text', text: '' },
  });
  yield event('ping', { type: 'ping' });
  for (const piece of pieces)
    yield event('content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text: piece },
    });
  if (!end) return;
  yield event('content_block_stop', { type: 'content_block_stop', index: 0 });
  yield event('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage: { output_tokens: usage.output },
  });
  yield event('message_stop', { type: 'message_stop' });
}

/** Starts a fake of `kind` on 127.0.0.1, port 0. */
export async function startModelServer(kind: 'openai' | 'anthropic'): Promise<ModelServer> {
  const queue: ModelScript[] = [];
  const requests: ModelRequestSeen[] = [];
  const hanging = new Set<ServerResponse>();
  const events = kind === 'openai' ? openAiEvents : anthropicEvents;
  const path = kind === 'openai' ? '/v1/chat/completions' : '/v1/messages';
  const state = { fallback: { answer: 'Hello from the model.' } as ModelScript, cancelled: 0 };

  const serve = async (req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> => {
    let body: any;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    requests.push({ path: req.url ?? '', headers: req.headers, body, raw });
    res.on('close', () => {
      if (!res.writableFinished) state.cancelled += 1;
    });
    if (req.method !== 'POST' || req.url !== path) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(kind === 'openai' ? openAiError(404) : anthropicError(404)));
      return;
    }
    const script = queue.shift() ?? state.fallback;
    if ('status' in script) {
      res.writeHead(script.status, {
        'content-type': 'application/json',
        ...(script.retryAfter === undefined ? {} : { 'retry-after': script.retryAfter }),
      });
      res.end(JSON.stringify(kind === 'openai' ? openAiError(script.status) : anthropicError(script.status)));
      return;
    }
    if ('hang' in script) {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    const usage = { input: 42, output: 7 };
    if ('answer' in script && body?.stream !== true) {
      const used = script.usage ?? usage;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          kind === 'openai'
            ? {
                id: 'chatcmpl-fake',
                object: 'chat.completion',
                created: 1_700_000_000,
                model: body?.model,
                choices: [{ index: 0, message: { role: 'assistant', content: script.answer }, finish_reason: 'stop' }],
                usage: {
                  prompt_tokens: used.input,
                  completion_tokens: used.output,
                  total_tokens: used.input + used.output,
                },
              }
            : {
                id: 'msg_fake',
                type: 'message',
                role: 'assistant',
                model: body?.model,
                content: [{ type: 'text', text: script.answer }],
                stop_reason: 'end_turn',
                usage: { input_tokens: used.input, output_tokens: used.output },
              },
        ),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const write = (chunk: string): Promise<void> =>
      res.write(chunk) ? Promise.resolve() : new Promise((resolve) => res.once('drain', resolve));
    if ('answer' in script) {
      for (const chunk of events(script.pieces ?? words(script.answer), script.usage ?? usage)) {
        if (res.destroyed) return;
        await write(chunk);
        if (script.delayMs) await sleep(script.delayMs);
      }
      res.end();
      return;
    }
    if ('malformed' in script) {
      const [first] = events(['Hel'], usage);
      await write(first!);
      await write(
        kind === 'openai' ? 'data: {"choices": [not json\n\n' : 'event: content_block_delta\ndata: {oops\n\n',
      );
      res.end();
      return;
    }
    if ('truncated' in script) {
      for (const chunk of events(['Half ', 'an ', 'answer'], usage, false)) await write(chunk);
      res.end();
      return;
    }
    // The stream's opening, then one text event again and again (the last event of a one-piece stream without its
    // end), then its end (the events after the opening of an empty stream).
    const piece = 'x'.repeat(script.piece ?? 1000);
    const opening = [...events([], usage, false)];
    const textEvent = [...events([piece], usage, false)].at(-1)!;
    for (const chunk of opening) await write(chunk);
    for (let sent = 0; sent < script.huge && !res.destroyed; sent += piece.length) await write(textEvent);
    if (!res.destroyed) {
      for (const chunk of [...events([], usage)].slice(opening.length)) await write(chunk);
      res.end();
    }
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void serve(req, res, Buffer.concat(chunks).toString('utf8')).catch(() => res.destroy()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    kind,
    baseUrl: kind === 'openai' ? `http://127.0.0.1:${port}/v1` : `http://127.0.0.1:${port}`,
    requests,
    script: (...next) => queue.push(...next),
    get fallback() {
      return state.fallback;
    },
    set fallback(script) {
      state.fallback = script;
    },
    get cancelled() {
      return state.cancelled;
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
