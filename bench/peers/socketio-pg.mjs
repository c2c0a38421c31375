#!/usr/bin/env node
// The durable peer: what a site owner would otherwise deploy, a Socket.IO (NestJS-style) gateway that writes each
// message to PostgreSQL and then emits it. Socket.IO 4 as in socketio.mjs (`ws` engine, WebSocket transport only,
// no compression, in-memory adapter), plus node-postgres: a Pool (its default 10 connections, as TypeORM and
// most ORMs configure pg), one `INSERT … RETURNING id` per message as an ORM's `save()` issues it, then the
// sender's ack through Socket.IO's ack callback, then `socket.to(room).emit`. Each statement commits on its own
// (autocommit), under the server's `synchronous_commit`.
//
// DATABASE_URL names the database and, in its `options`, the schema (created and dropped by the benchmark); the
// table and its indexes are created here at start, as an app's migration would. Prints `READY <port>`.
import { createServer } from 'node:http';
import pg from 'pg';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 0);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
// What a chat needs: the conversation's messages in time order (history pages, the inbox's last message).
await pool.query(`
  CREATE TABLE IF NOT EXISTS messages (
    id bigserial PRIMARY KEY,
    conversation_id text NOT NULL,
    sender_id text NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX IF NOT EXISTS messages_conversation_time ON messages (conversation_id, created_at, id);
  CREATE INDEX IF NOT EXISTS messages_time ON messages (created_at);
`);

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
  socket.on('m', async (payload, ack) => {
    try {
      const { rows } = await pool.query(
        'INSERT INTO messages (conversation_id, sender_id, body) VALUES ($1, $2, $3) RETURNING id',
        [room, socket.id, String(payload)],
      );
      if (typeof ack === 'function') ack({ id: rows[0].id });
      socket.to(room).emit('m', payload);
    } catch (error) {
      if (typeof ack === 'function') ack({ error: error.message });
    }
  });
});
httpServer.listen(port, '127.0.0.1', () => {
  console.log(`READY ${httpServer.address().port}`);
});
process.on('SIGTERM', () => {
  io.close();
  pool.end().finally(() => process.exit(0));
});
