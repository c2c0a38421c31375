// A webhook receiver for the benchmark: answers every POST with 204 as soon as its body has arrived, and counts
// the deliveries (requests) and distinct event ids per endpoint (a batch's, ADR 0039, read from its body; an endpoint
// is the request's path, so one receiver serves several endpoints, each event counted once for each). `GET /count`
// answers `{ deliveries, events, others, firstAt, lastAt }` (ms since the epoch); `POST /reset?prefix=<p>` starts the
// counts over (a measured pass after a warm-up) and from then on counts only the events whose id starts with `p`, and
// the requests that carry them: a request of other events (a warm-up's event delivered again) counts in `others` alone.
// Loopback only; it stops on SIGTERM. With STALL=1 it reads each request and never answers (a receiver that hangs:
// the relay's deliveries wait for their timeout, so the outbox fills while little is delivered).
import { createServer } from 'node:http';

const port = Number(process.env.PORT);
let deliveries = 0;
let others = 0;
let prefix = '';
let firstAt = 0;
let lastAt = 0;
let events = new Set();

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/count') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ deliveries, events: events.size, others, firstAt, lastAt }));
    return;
  }
  const url = new URL(req.url ?? '/', 'http://receiver');
  if (req.method === 'POST' && url.pathname === '/reset') {
    prefix = url.searchParams.get('prefix') ?? '';
    deliveries = 0;
    others = 0;
    firstAt = 0;
    lastAt = 0;
    events = new Set();
    res.writeHead(204).end();
    return;
  }
  // A batch's events are counted from its body (`Parley-Event-Count` says it is one); a single event's by its header.
  const batch = req.headers['parley-event-count'] !== undefined;
  const chunks = [];
  if (batch) req.on('data', (chunk) => chunks.push(chunk));
  else req.resume();
  if (process.env.STALL === '1') return;
  req.on('end', () => {
    const header = req.headers['parley-event-id'];
    const ids = batch
      ? JSON.parse(Buffer.concat(chunks).toString('utf8')).events.map((event) => event.id)
      : typeof header === 'string'
        ? [header]
        : [];
    const ours = ids.filter((id) => id.startsWith(prefix));
    if (ours.length === 0 && ids.length > 0) others += 1;
    else {
      const now = Date.now();
      deliveries += 1;
      firstAt ||= now;
      lastAt = now;
      for (const id of ours) events.add(`${url.pathname} ${id}`);
    }
    res.writeHead(204);
    res.end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
