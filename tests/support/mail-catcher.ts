// A real SMTP server for end-to-end tests: on 127.0.0.1, port 0 (the `smtp-server` package), keeping what it
// receives, parsed with mailparser.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A running catcher: its `smtp://` URL for `PARLEY_SMTP_URL`, the emails it got so far, and how to stop it. */
export interface MailCatcher {
  readonly url: string;
  readonly mails: ParsedMail[];
  close(): Promise<void>;
}

/** Starts a catcher; stop it with `close()`. */
export async function startMailCatcher(): Promise<MailCatcher> {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          mails.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise((resolve) => server.close(resolve)) };
}
