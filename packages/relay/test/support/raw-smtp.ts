import { connect } from 'node:net';

/**
 * Sends one message over SMTP as bytes given, with no client library between: `data` goes after `DATA` exactly as
 * it is (the caller dot-stuffs if it must), so a test's own work while sending is a socket write. Resolves with the
 * server's answer to the data (`250 …`, `550 …`), or its answer to whichever command it refused first.
 */
export function sendRawSmtp(port: number, from: string, to: string, data: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const steps = [`EHLO test.example\r\n`, `MAIL FROM:<${from}>\r\n`, `RCPT TO:<${to}>\r\n`, 'DATA\r\n'];
    let buffered = '';
    let step = -1; // -1: waiting for the greeting
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      // An answer ends with a line whose code is followed by a space (multi-line ones use a dash).
      for (let end = buffered.search(/^\d{3} .*\r\n/m); end >= 0; end = buffered.search(/^\d{3} .*\r\n/m)) {
        const lineEnd = buffered.indexOf('\r\n', end) + 2;
        const answer = buffered.slice(end, lineEnd - 2);
        buffered = buffered.slice(lineEnd);
        const code = Number(answer.slice(0, 3));
        if (step === steps.length) {
          socket.end('QUIT\r\n');
          resolve(answer);
          return;
        }
        if (code >= 400 && !(step === steps.length - 1 && code === 354)) {
          socket.end('QUIT\r\n');
          resolve(answer);
          return;
        }
        step += 1;
        if (step < steps.length) socket.write(steps[step]!);
        else socket.write(Buffer.concat([data, Buffer.from('\r\n.\r\n')]));
      }
    });
    socket.on('error', reject);
  });
}
