// One public origin (issue #36, point 13): the relay prints it and builds every link and email on it —
// `PARLEY_PUBLIC_URL`, else `http://127.0.0.1:<port>` — never `localhost` in one place and `127.0.0.1` in another.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../src/config.js';
import { PublicOrigin, publicUrlProblem } from '../src/http/public-origin.js';
import type { RunningRelay } from '../src/index.js';
import { png } from './support/attachment-files.js';
import { Browser, fragmentToken } from './support/auth-browser.js';
import { TestClient } from './support/client.js';
import { adminToken, siteKey, startDesk } from './support/desk.js';
import { SmtpCatcher, type CaughtEmail } from './support/smtp-catcher.js';
import { tempDir } from './support/temp.js';
import { TS_NODE_ARGS } from './support/ts-process.js';

describe('PARLEY_PUBLIC_URL: an origin, or a clear refusal at start', () => {
  const bad: Array<[string, string, RegExp]> = [
    ['no scheme', 'chat.example.com', /must start with http:\/\/ or https:\/\/.*got "chat\.example\.com"/],
    ['another scheme', 'ftp://chat.example.com', /must start with http:\/\/ or https:\/\//],
    [
      'a path',
      'https://chat.example.com/parley',
      /must be an origin, without a path.*got "https:\/\/chat\.example\.com\/parley"/,
    ],
    ['a query', 'https://chat.example.com/?key=s3cret', /must not have a query/],
    ['a fragment', 'https://chat.example.com/#top', /must not have a fragment/],
    ['credentials', 'https://ops:s3cret@chat.example.com', /must not hold a user name or password/],
    ['no host', 'https://', /is not a URL|must start/],
  ];
  for (const [what, value, message] of bad) {
    it(`refuses ${what}, naming the variable`, () => {
      assert.throws(
        () => loadConfig({}, { PARLEY_PUBLIC_URL: value }),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.message.startsWith('Invalid configuration: PARLEY_PUBLIC_URL (publicUrl): ') &&
          message.test(error.message) &&
          !error.message.includes('s3cret'),
      );
    });
  }

  it('keeps an origin as an origin: no trailing slash, the host in lower case', () => {
    assert.equal(
      loadConfig({}, { PARLEY_PUBLIC_URL: 'https://Chat.Example.com/' }).publicUrl,
      'https://chat.example.com',
    );
    assert.equal(loadConfig({}, { PARLEY_PUBLIC_URL: 'http://127.0.0.1:8787' }).publicUrl, 'http://127.0.0.1:8787');
    assert.equal(publicUrlProblem('https://[::1]:8443'), undefined);
  });

  it('stops parley-relay with the message and exit code 78', () => {
    const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
    const result = spawnSync(process.execPath, [...TS_NODE_ARGS, main], {
      env: { ...process.env, PARLEY_PUBLIC_URL: 'chat.example.com', PARLEY_DATA_DIR: tempDir('parley-origin-') },
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(result.status, 78);
    assert.match(
      result.stderr,
      /parley-relay: Invalid configuration: PARLEY_PUBLIC_URL \(publicUrl\): must start with/,
    );
  });
});

/** The relay's operator as the inbox's socket knows them: an owner of the default site, signed in. */
const operator = { siteId: 'default', role: 'owner', accountId: 'acct_1' } as const;

describe('PublicOrigin: the other loopback names', () => {
  it('sends a page asked for at another loopback name of the public origin there, and nothing else', () => {
    const origin = new PublicOrigin(undefined);
    origin.listening('0.0.0.0', 8787);
    assert.equal(origin.href, 'http://127.0.0.1:8787');
    assert.equal(origin.redirectFor('localhost:8787'), 'http://127.0.0.1:8787');
    assert.equal(origin.redirectFor('[::1]:8787'), 'http://127.0.0.1:8787');
    assert.equal(origin.redirectFor('127.0.0.1:8787'), undefined, 'already there');
    assert.equal(origin.redirectFor('localhost:9000'), undefined, 'another port: a tunnel, say');
    assert.equal(origin.redirectFor('chat.example.com'), undefined);
    assert.equal(origin.redirectFor(''), undefined);
    const configured = new PublicOrigin('https://chat.example.com');
    assert.equal(configured.redirectFor('localhost:8787'), undefined, 'not a loopback origin: served where asked');
  });

  it('does not learn another loopback name of where it listens from an inbox, but does learn a real address', () => {
    const origin = new PublicOrigin(undefined);
    origin.listening('0.0.0.0', 8787);
    origin.learnFromInbox('http://localhost:8787', 'localhost:8787', operator);
    assert.equal(origin.href, 'http://127.0.0.1:8787');
    origin.learnFromInbox('https://chat.example.com', 'chat.example.com', operator);
    assert.equal(origin.href, 'https://chat.example.com');
  });

  it('learns only from an owner of the default site, and only once', () => {
    const origin = new PublicOrigin(undefined);
    origin.listening('0.0.0.0', 8787);
    origin.learnFromInbox('https://a.example', 'a.example', { ...operator, siteId: 'site_tenant' });
    origin.learnFromInbox('https://b.example', 'b.example', { ...operator, role: 'admin' });
    origin.learnFromInbox('https://c.example', 'c.example', { ...operator, accountId: null });
    assert.equal(origin.href, 'http://127.0.0.1:8787');
    origin.learnFromInbox('https://chat.example.com', 'chat.example.com', operator);
    origin.learnFromInbox('https://moved.example', 'moved.example', operator);
    assert.equal(origin.href, 'https://chat.example.com');
  });

  it('emails links only on a configured origin, or its own when the relay listens on loopback', () => {
    const wildcard = new PublicOrigin(undefined);
    wildcard.listening('0.0.0.0', 8787);
    wildcard.learnFromInbox('https://chat.example.com', 'chat.example.com', operator);
    assert.equal(wildcard.forEmail, undefined, 'learned from a browser: never emailed');
    const v6 = new PublicOrigin(undefined);
    v6.listening('::', 8787);
    assert.equal(v6.forEmail, undefined);
    const loopback = new PublicOrigin(undefined);
    loopback.listening('127.0.0.1', 8787);
    assert.equal(loopback.forEmail, 'http://127.0.0.1:8787');
    const loopback6 = new PublicOrigin(undefined);
    loopback6.listening('::1', 8787);
    assert.equal(loopback6.forEmail, 'http://[::1]:8787');
    const configured = new PublicOrigin('https://chat.example.com/');
    configured.listening('0.0.0.0', 8787);
    assert.equal(configured.forEmail, 'https://chat.example.com');
  });
});

describe('a relay reachable from elsewhere without PARLEY_PUBLIC_URL emails no link', () => {
  it('hands the invitation link to the admin, emails no reset, and visitors’ emails carry no link', async () => {
    const catcher = await SmtpCatcher.start();
    const relay = await startDesk({
      smtpUrl: catcher.url,
      emailFrom: 'Shop <support@shop.example>',
      outboxTiming: { pollMs: 50 },
    });
    try {
      // As if it listened on every interface (a test binds loopback only): what the relay then believes.
      relay.server.publicOrigin.listening('0.0.0.0', relay.port);
      const owner = new Browser(relay, relay.publicUrl);
      const setup = await owner.call('POST', '/v1/auth/setup', {
        token: fragmentToken(relay.setupLink!, 'setup'),
        email: 'owner@example.com',
        name: 'Olga',
        password: 'owner password 1',
      });
      assert.equal(setup.status, 200);
      const reset = await new Browser(relay).call('POST', '/v1/auth/password-reset/request', {
        email: 'owner@example.com',
      });
      assert.equal(reset.status, 202);
      const invited = await owner.call('POST', '/v1/admin/team/invitations', {
        email: 'ivy@example.com',
        role: 'agent',
      });
      assert.equal(invited.status, 201);
      assert.equal(invited.body.emailed, false);
      assert.match(String(invited.body.link), /#invite=/);
      // A transcript still goes, without a link; it is the first and only email (the reset was asked for before).
      const { client: visitor } = await TestClient.hello(
        relay.wsUrl,
        { siteKey, name: 'Vera', email: 'vera@example.com' },
        { protocol: 'parley.v3' },
      );
      await visitor.say('v1', 'Is my order on its way?');
      visitor.send({ type: 'transcript', ref: 'tr' });
      await visitor.next('transcript', (frame) => frame.ref === 'tr');
      visitor.close();
      const emails = await catcher.waitFor(1);
      assert.deepEqual(
        emails.map((email) => email.to),
        [['vera@example.com']],
      );
      assert.deepEqual(addressesIn(emails[0]!), []);
    } finally {
      await relay.close();
      await catcher.stop();
    }
  });
});

/** Every http(s) address in an email's text and HTML (its `href`s too), but the visitor-facing mailto's. */
function addressesIn(email: CaughtEmail): string[] {
  const text = `${email.mail.text ?? ''}\n${typeof email.mail.html === 'string' ? email.mail.html : ''}`;
  return [...text.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((match) => match[0]);
}

/** GET `path` of the relay with `host` as the `Host` header (what a browser at `http://<host>` sends). */
function getAs(
  relay: RunningRelay,
  host: string,
  path: string,
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${relay.httpUrl}${path}`, { headers: { host } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Runs the relay's every kind of link once — the setup link, an invitation, a password reset, a staff
 * notification, a reply email's continue-link, a transcript, a file's address — and answers what they point at.
 */
async function everyLink(relay: RunningRelay, catcher: SmtpCatcher): Promise<{ emails: CaughtEmail[]; file: string }> {
  const owner = new Browser(relay, relay.publicUrl.startsWith('https:') ? relay.httpUrl : relay.publicUrl);
  assert.equal(
    (
      await owner.call('POST', '/v1/auth/setup', {
        token: fragmentToken(relay.setupLink!, 'setup'),
        email: 'owner@example.com',
        name: 'Olga',
        password: 'owner password 1',
      })
    ).status,
    200,
  );
  const notify = await owner.call('PATCH', '/v1/admin/me/notifications', { email: 'owner@example.com', notify: true });
  assert.equal(notify.status, 200);
  const invited = await owner.call('POST', '/v1/admin/team/invitations', { email: 'ivy@example.com', role: 'agent' });
  assert.equal(invited.status, 201);
  await catcher.waitFor(1);
  const reset = await new Browser(relay).call('POST', '/v1/auth/password-reset/request', {
    email: 'owner@example.com',
  });
  assert.equal(reset.status, 202);
  await catcher.waitFor(2);

  // A visitor writes while no one is online (a notification), an agent answers after they left (a reply email),
  // and they ask for the transcript.
  const { client: visitor, welcome } = await TestClient.hello(
    relay.wsUrl,
    { siteKey, name: 'Vera', email: 'vera@example.com' },
    { protocol: 'parley.v3' },
  );
  const put = await fetch(`${relay.httpUrl}/v1/attachments?clientId=v1&name=photo.png`, {
    method: 'POST',
    body: await png(8, 8),
    headers: { authorization: `Bearer ${welcome.visitorToken!}` },
  });
  assert.equal(put.status, 201);
  const { id, url: file } = (await put.json()) as { id: string; url: string };
  await visitor.say('v1', 'Is my order on its way?', { attachments: [{ id }] });
  await catcher.waitFor(3);
  visitor.send({ type: 'transcript', ref: 'tr' });
  await visitor.next('transcript', (frame) => frame.ref === 'tr');
  await catcher.waitFor(4);
  visitor.close();
  const { client: agent } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken });
  await agent.say('a1', 'It left this morning.', { conversationId: welcome.conversationId! });
  const emails = await catcher.waitFor(5);
  agent.close();
  return { emails, file };
}

for (const configured of [undefined, 'https://chat.example.test'] as const) {
  describe(`every link on one origin: ${configured ?? 'by default, http://127.0.0.1:<port>'}`, () => {
    it('prints it, and the setup link, invitation, reset, notification, reply, transcript and file use it', async () => {
      const catcher = await SmtpCatcher.start();
      const relay = await startDesk({
        smtpUrl: catcher.url,
        emailFrom: 'Shop <support@shop.example>',
        emailReplyDelayS: 1,
        emailNotifyBatchMs: 100,
        outboxTiming: { pollMs: 50 },
        ...(configured ? { publicUrl: `${configured}/` } : {}),
      });
      try {
        const expected = configured ?? `http://127.0.0.1:${relay.port}`;
        assert.equal(relay.publicUrl, expected);
        assert.ok(relay.setupLink!.startsWith(`${expected}/admin#setup=`), relay.setupLink);
        const { emails, file } = await everyLink(relay, catcher);
        assert.ok(file.startsWith(`${expected}/v1/attachments/`), file);
        const subjects = emails.map((email) => email.mail.subject ?? '');
        assert.equal(emails.length, 5, subjects.join(' | '));
        for (const email of emails) {
          const addresses = addressesIn(email);
          assert.ok(addresses.length > 0, `a link in "${email.mail.subject}"`);
          for (const address of addresses)
            assert.ok(address.startsWith(`${expected}/`), `"${email.mail.subject}" links to ${address}`);
        }
        const kinds = emails.map((email) =>
          addressesIn(email).find((a) => /#(invite|reset|parley-link)=|\/admin$/.test(a)),
        );
        assert.ok(kinds.every(Boolean), `each email carries its link: ${kinds.join(', ')}`);
      } finally {
        await relay.close();
        await catcher.stop();
      }
    });
  });
}

describe('pages at the other loopback name', () => {
  it('are redirected to the public origin (path and query kept); the API, the widget and other hosts are not', async () => {
    const relay = await startDesk();
    try {
      const port = relay.port;
      const admin = await getAs(relay, `localhost:${port}`, '/admin?lang=fr');
      assert.equal(admin.status, 308);
      assert.equal(admin.headers.location, `http://127.0.0.1:${port}/admin?lang=fr`);
      const asset = await getAs(relay, `[::1]:${port}`, '/admin/index.html');
      assert.equal(asset.headers.location, `http://127.0.0.1:${port}/admin/index.html`);
      const home = await getAs(relay, `localhost:${port}`, '/');
      assert.equal(home.headers.location, `http://127.0.0.1:${port}/`);
      assert.equal((await getAs(relay, `127.0.0.1:${port}`, '/admin')).status, 200);
      assert.equal(
        (await getAs(relay, `localhost:${port}`, '/widget.js')).status,
        200,
        'other sites load it as written',
      );
      assert.equal((await getAs(relay, `localhost:${port}`, '/v1/openapi.json')).status, 200);
      assert.equal((await getAs(relay, `localhost:${port + 1}`, '/admin')).status, 200, 'another port: not an alias');
    } finally {
      await relay.close();
    }
  });

  it('are served where asked when the public origin is configured, and its images are allowed there', async () => {
    const relay = await startDesk({ publicUrl: 'https://chat.example.test' });
    try {
      const page = await getAs(relay, `localhost:${relay.port}`, '/admin');
      assert.equal(page.status, 200);
      assert.match(
        String(page.headers['content-security-policy']),
        /img-src 'self' https:\/\/chat\.example\.test data: blob:/,
      );
    } finally {
      await relay.close();
    }
  });
});
