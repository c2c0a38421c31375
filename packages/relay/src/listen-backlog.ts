import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The accept queue of the relay's listening socket (ADR 0042). uWebSockets.js listens with a backlog of 512 and has
 * no option for it. After a restart every visitor reconnects within a second or two, and a connection whose SYN
 * finds the queue full is dropped: its client waits 1 s for TCP to send the SYN again, then 2 s more. On Linux,
 * `listen()` on a socket that already listens sets only the queue's length, so the relay calls it again, on uWS's
 * own descriptor, in the same turn as uWS listened (before the event loop polls: only what arrived in those few
 * milliseconds can be queued yet), through koffi's bindings to the C library the process already has.
 */

/** The three calls of the C library this needs (Linux's numbering of the socket options). */
interface SocketCalls {
  listen(fd: number, backlog: number): number;
  getsockname(fd: number, address: Buffer, length: number[]): number;
  getsockopt(fd: number, level: number, option: number, value: number[], length: number[]): number;
}

const SOL_SOCKET = 1;
const SO_ACCEPTCONN = 30;
const AF_INET = 2;
const AF_INET6 = 10;

let calls: SocketCalls | undefined;

function socketCalls(): SocketCalls {
  if (calls) return calls;
  // Loaded on first use: koffi's native part is a platform package, as uWebSockets.js's binary is.
  const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
  // The symbols the process already has (Node.js links the C library), whichever C library that is.
  const own = koffi.load(null);
  calls = {
    listen: own.func('int listen(int fd, int backlog)'),
    getsockname: own.func('int getsockname(int fd, _Out_ uint8_t *address, _Inout_ uint32_t *length)'),
    getsockopt: own.func('int getsockopt(int fd, int level, int option, _Out_ int *value, _Inout_ uint32_t *length)'),
  } as SocketCalls;
  return calls;
}

/**
 * The file descriptor of this process's socket that listens on TCP `port` (IPv4 or IPv6): the one descriptor in
 * `/proc/self/fd` that accepts connections (SO_ACCEPTCONN) and is bound to that port. Undefined if there is none.
 */
export function listeningDescriptor(port: number): number | undefined {
  const { getsockname, getsockopt } = socketCalls();
  const address = Buffer.alloc(128);
  for (const name of readdirSync('/proc/self/fd')) {
    const fd = Number(name);
    const accepting = [0];
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, accepting, [4]) !== 0 || accepting[0] !== 1) continue;
    if (getsockname(fd, address, [address.length]) !== 0) continue;
    const family = address.readUInt16LE(0);
    if ((family === AF_INET || family === AF_INET6) && address.readUInt16BE(2) === port) return fd;
  }
  return undefined;
}

/**
 * Sets the accept queue of this process's socket listening on `port` to `backlog` connections (Linux caps it at
 * `net.core.somaxconn`, 4,096 by default since 5.4). Returns why it could not, or undefined once done; throws
 * nothing: a relay with uWS's 512 still works. Linux only (`/proc` and the option numbers are Linux's): the server
 * calls it only there.
 */
export function lengthenAcceptQueue(port: number, backlog: number): string | undefined {
  try {
    const fd = listeningDescriptor(port);
    if (fd === undefined) return `no socket of this process listens on port ${port}`;
    if (socketCalls().listen(fd, backlog) !== 0) return 'listen() refused it';
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
