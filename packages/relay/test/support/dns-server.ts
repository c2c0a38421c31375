import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';

/** A DNS server on 127.0.0.1 for tests: the TXT records it answers (by lower-cased name), nothing else. */
export interface TestDnsServer {
  /** `127.0.0.1:<port>`, as a resolver's servers take it. */
  readonly address: string;
  /** TXT records by name (`_parley.acme.test`): each an array of strings; change it at will. */
  readonly txt: Map<string, string[]>;
  /** The names asked, in order. */
  readonly asked: string[];
  close(): Promise<void>;
}

/** Reads a question's name at `offset` (no compression: a question is the first name of a query). */
function readName(message: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let at = offset;
  while (at < message.length && message[at] !== 0) {
    const length = message[at]!;
    labels.push(message.subarray(at + 1, at + 1 + length).toString('latin1'));
    at += 1 + length;
  }
  return { name: labels.join('.').toLowerCase(), end: at + 1 };
}

/**
 * Starts a minimal DNS responder (RFC 1035 over UDP) on 127.0.0.1 and port 0: a TXT question of a known name gets its
 * records, any other question NXDOMAIN. Enough for `node:dns`'s Resolver pointed at it with `setServers`.
 */
export async function startDnsServer(): Promise<TestDnsServer> {
  const socket = createSocket('udp4');
  const txt = new Map<string, string[]>();
  const asked: string[] = [];
  socket.on('message', (query, peer) => {
    if (query.length < 12) return;
    const { name, end } = readName(query, 12);
    const type = query.readUInt16BE(end);
    asked.push(name);
    const records = type === 16 ? txt.get(name) : undefined;
    const header = Buffer.alloc(12);
    header.writeUInt16BE(query.readUInt16BE(0), 0);
    // A response, recursion desired and available; NXDOMAIN when nothing is known.
    header.writeUInt16BE(records ? 0x8180 : 0x8183, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(records?.length ?? 0, 6);
    const question = query.subarray(12, end + 4);
    const answers = (records ?? []).map((text) => {
      const data = Buffer.from(text, 'utf8');
      const strings: Buffer[] = [];
      for (let i = 0; i < data.length || i === 0; i += 255) {
        const piece = data.subarray(i, i + 255);
        strings.push(Buffer.from([piece.length]), piece);
      }
      const rdata = Buffer.concat(strings);
      const fixed = Buffer.alloc(12);
      fixed.writeUInt16BE(0xc00c, 0);
      fixed.writeUInt16BE(16, 2);
      fixed.writeUInt16BE(1, 4);
      fixed.writeUInt32BE(60, 6);
      fixed.writeUInt16BE(rdata.length, 10);
      return Buffer.concat([fixed, rdata]);
    });
    socket.send(Buffer.concat([header, question, ...answers]), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    txt,
    asked,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** An admin API call of a site, as the suites make them. */
type AdminCall = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

/**
 * Publishes the site's domain records on `dns` and verifies them through the admin API, as a site's admin would
 * (`GET /v1/admin/sso/domains`, then `POST /v1/admin/sso/domains/verify`). Resolves the domains verified.
 */
export async function verifySiteDomains(call: AdminCall, dns: TestDnsServer): Promise<string[]> {
  const listed = await call('GET', '/v1/admin/sso/domains');
  if (listed.status !== 200) throw new Error(`GET /v1/admin/sso/domains: ${listed.status}`);
  const verified: string[] = [];
  for (const d of listed.body.items as {
    domain: string;
    verified: boolean;
    record: { name: string; value: string };
  }[]) {
    dns.txt.set(d.record.name, [d.record.value]);
    const answer = await call('POST', '/v1/admin/sso/domains/verify', { domain: d.domain });
    if (answer.status !== 200 || answer.body.verified !== true)
      throw new Error(`verifying ${d.domain}: ${answer.status} ${JSON.stringify(answer.body)}`);
    verified.push(d.domain);
  }
  return verified;
}
