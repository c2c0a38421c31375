#!/usr/bin/env node
// The floor: raw uWebSockets.js topic publish, no parsing, no persistence, no acknowledgement.
// Every connection joins the topic named by `?room=`; a frame from any connection is published verbatim to the
// others in its room (uWS `ws.publish` skips the sender). Prints `READY <port>` when listening.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const uWS = require('uWebSockets.js');

// uWebSockets.js silently falls back to a slow JavaScript implementation where no binary matches the platform;
// the floor must be the native one, so refuse to run otherwise.
const binary = Object.keys(require.cache).find((path) => path.endsWith('.node') && /uws/i.test(path));
if (!binary) {
  console.error('uws-raw: uWebSockets.js is not running native (no .node binary loaded)');
  process.exit(3);
}

const port = Number(process.env.PORT ?? 0);
const app = uWS.App();
app.ws('/*', {
  compression: uWS.DISABLED,
  maxPayloadLength: 64 * 1024,
  idleTimeout: 0,
  maxBackpressure: 16 * 1024 * 1024,
  upgrade: (res, req, context) => {
    const room = new URLSearchParams(req.getQuery() ?? '').get('room') ?? 'lobby';
    res.upgrade(
      { room },
      req.getHeader('sec-websocket-key'),
      req.getHeader('sec-websocket-protocol'),
      req.getHeader('sec-websocket-extensions'),
      context,
    );
  },
  open: (ws) => {
    ws.subscribe(ws.getUserData().room);
  },
  message: (ws, message, isBinary) => {
    ws.publish(ws.getUserData().room, message, isBinary);
  },
});
app.listen('127.0.0.1', port, (token) => {
  if (!token) {
    console.error(`uws-raw: cannot listen on ${port}`);
    process.exit(1);
  }
  console.log(`READY ${uWS.us_socket_local_port(token)} native=${binary}`);
});
process.on('SIGTERM', () => process.exit(0));
