// A model server for the benchmark (issue #83): OpenAI's Chat Completions on loopback, as the relay's AI agent calls
// it (`POST /v1/chat/completions` with `stream: true` and `stream_options.include_usage`): every request is answered
// at once with one short answer citing the first source, streamed as Server-Sent Events (a content chunk, a usage
// chunk, `[DONE]`), or as one JSON body without `stream`. `GET /count` answers `{ requests }`. It stops on SIGTERM.
import { createServer } from 'node:http';

const port = Number(process.env.PORT);
const ANSWER = 'ANSWER: The bench article answers that [1].\nSOURCES: 1';
const usage = { prompt_tokens: 120, completion_tokens: 12, total_tokens: 132 };
let requests = 0;

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/count') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ requests }));
    return;
  }
  if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    requests += 1;
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const base = { id: `chatcmpl-${requests}`, created: Math.floor(Date.now() / 1000), model: body.model };
    if (body.stream !== true) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          ...base,
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content: ANSWER }, finish_reason: 'stop' }],
          usage,
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const event = (data) =>
      res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', ...data })}\n\n`);
    event({ choices: [{ index: 0, delta: { role: 'assistant', content: ANSWER }, finish_reason: null }] });
    event({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    event({ choices: [], usage });
    res.end('data: [DONE]\n\n');
  });
});
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
