// The demo's mail catcher (`npm start`): an SMTP server on a local port that keeps every email the relay sends,
// and a page listing them, newest first, each viewable as text and as HTML. The HTML is shown in a sandboxed
// iframe (no script, no same-origin, no popups) and served with a CSP that loads nothing, so an email can run no
// code and fetch nothing. Both listen on 127.0.0.1 only; nothing is written to disk.
import { createServer } from 'node:http';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const keep = 200;

const escape = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Escaped text with its http(s) URLs as links (opened in a new tab, with no referrer). */
const linkify = (text) =>
  escape(text).replace(
    /https?:\/\/[^\s<>"']+/g,
    (url) => `<a href="${url}" target="_blank" rel="noopener noreferrer">${url}</a>`,
  );

const pageHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

/** What an email's own HTML may do inside the iframe: show itself, with inline styles and data: images. */
const emailHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

const style = `<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
  header { padding: 12px 20px; background: #1f2328; color: #fff; }
  header a { color: #fff; }
  main { max-width: 980px; margin: 0 auto; padding: 20px; }
  table { width: 100%; border-collapse: collapse; background: #fff; }
  th, td { text-align: start; padding: 8px 10px; border-bottom: 1px solid #d0d7de; vertical-align: top; }
  pre { white-space: pre-wrap; background: #fff; padding: 12px; border: 1px solid #d0d7de; }
  iframe { width: 100%; height: 70vh; border: 1px solid #d0d7de; background: #fff; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; }
  dt { font-weight: 600; }
  .muted { color: #656d76; }
</style>`;

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>${style}</head>
<body><header><a href="/">Parley demo mail</a> — every email the relay sent, caught here (nothing leaves this machine)</header><main>${body}</main></body></html>`;
}

/**
 * Starts the catcher. Resolves with `{ smtpPort, httpUrl, close() }`.
 *
 * @param {{ smtpPort?: number, httpPort?: number, host?: string }} options
 */
export async function startMailCatcher({ smtpPort = 1025, httpPort = 8025, host = '127.0.0.1' } = {}) {
  /** @type {Array<{ id: number, at: Date, from: string, to: string, subject: string, text: string, html: string | false, headers: Array<[string, string]> }>} */
  const emails = [];
  let next = 1;

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    banner: 'Parley demo mail catcher',
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          emails.unshift({
            id: next++,
            at: new Date(),
            from: mail.from?.text ?? '',
            to: session.envelope.rcptTo.map((r) => r.address).join(', '),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: mail.html,
            headers: [...mail.headers].map(([name, value]) => [
              name,
              typeof value === 'string' ? value : JSON.stringify(value),
            ]),
          });
          emails.length = Math.min(emails.length, keep);
          callback();
        },
        (error) => callback(error),
      );
    },
  });

  const http = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://catcher');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname === '/') {
      const rows = emails
        .map(
          (e) =>
            `<tr><td class="muted">${escape(e.at.toLocaleString())}</td><td>${escape(e.to)}</td><td><a href="/email/${e.id}">${escape(e.subject || '(no subject)')}</a></td></tr>`,
        )
        .join('');
      res
        .writeHead(200, pageHeaders)
        .end(
          page(
            'Parley demo mail',
            emails.length === 0
              ? '<p>No email yet. Leave your email in the chat, close it, and answer from the inbox: the reply comes here after the grace period.</p>'
              : `<table><thead><tr><th>Received</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>`,
          ),
        );
      return;
    }
    const match = /^\/email\/(\d+)(\/html)?$/.exec(url.pathname);
    const email = match && emails.find((e) => e.id === Number(match[1]));
    if (!email) {
      res.writeHead(404, pageHeaders).end(page('Not found', '<p>No such email (the catcher keeps the last 200).</p>'));
      return;
    }
    if (match[2]) {
      res.writeHead(200, emailHeaders).end(email.html || '<p>(this email has no HTML part)</p>');
      return;
    }
    const headers = email.headers.map(([name, value]) => `<dt>${escape(name)}</dt><dd>${escape(value)}</dd>`).join('');
    res.writeHead(200, pageHeaders).end(
      page(
        email.subject,
        `<h1>${escape(email.subject)}</h1>
<dl><dt>From</dt><dd>${escape(email.from)}</dd><dt>To</dt><dd>${escape(email.to)}</dd><dt>Received</dt><dd>${escape(email.at.toLocaleString())}</dd></dl>
<h2>HTML</h2>
<iframe sandbox="" src="/email/${email.id}/html" title="The email as HTML" referrerpolicy="no-referrer"></iframe>
<h2>Text</h2>
<pre>${linkify(email.text)}</pre>
<details><summary>Headers</summary><dl>${headers}</dl></details>`,
      ),
    );
  });

  await new Promise((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(smtpPort, host, resolve);
  });
  await new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(httpPort, host, resolve);
  });
  const httpAddress = http.address();
  const smtpAddress = smtp.server.address();
  return {
    smtpPort: typeof smtpAddress === 'object' && smtpAddress ? smtpAddress.port : smtpPort,
    httpUrl: `http://${host}:${typeof httpAddress === 'object' && httpAddress ? httpAddress.port : httpPort}/`,
    emails,
    close: () =>
      Promise.all([new Promise((resolve) => smtp.close(resolve)), new Promise((resolve) => http.close(resolve))]),
  };
}
