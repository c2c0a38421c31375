#!/usr/bin/env node
// Socket.IO 4 with rooms, as its users deploy it: the default `ws` engine, WebSocket transport only (no polling
// upgrade), no per-message compression, the in-memory adapter. A connection joins the room named by the
// handshake query `room`; an `m` event is emitted to the others in the room (`socket.to(room).emit`).
// Prints `READY <port>` when listening.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 0);
const httpServer = createServer();
const io = new Server(httpServer, {
  transports: ['websocket'],
  perMessageDeflate: false,
  serveClient: false,
  maxHttpBufferSize: 64 * 1024,
});
io.on('connection', (socket) => {
  const room = String(socket.handshake.query.room ?? 'lobby');
  socket.join(room);
  socket.on('m', (payload) => {
    socket.to(room).emit('m', payload);
  });
});
httpServer.listen(port, '127.0.0.1', () => {
  console.log(`READY ${httpServer.address().port}`);
});
process.on('SIGTERM', () => process.exit(0));
