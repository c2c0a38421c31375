/**
 * What the relay's emails say of themselves (issue #38): DKIM signatures that verify, the site's name in `From`,
 * threading under the visitor's own email, `Auto-Submitted` and the relay's own mark, and addresses that bounce.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { classifyMail, relayMark } from '../src/email/automated-mail.js';
import { markBouncing } from '../src/email/bounces.js';
import { dkimRecord, loadDkim } from '../src/email/dkim.js';
import { parseHead } from '../src/inbound-email/inbound-message.js';
import { ConfigError, loadConfig, type RunningRelay } from '../src/index.js';
import { DEFAULT_SITE_ID } from '../src/store/store.js';
import { TestClient } from './support/client.js';
import { adminToken, relaySecret, siteKey, startDesk, type Desk } from './support/desk.js';
import { SmtpCatcher, type CaughtEmail } from './support/smtp-catcher.js';
import { tempDir } from './support/temp.js';
import { until } from './support/until.js';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
/** A site name that tries to end the header and add one, with quotes and letters beyond ASCII. */
const siteName = 'Café "Zoë"\r\nBcc: victim@evil.example';

/** A resolver that answers only the DKIM record of this test's key: nothing leaves the machine. */
function resolverFor(record: { name: string; value: string }) {
  return async (name: string, type: string): Promise<string[][]> => {
    if (type === 'TXT' && name === record.name) return [[record.value]];
    throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
  };
}

let sent = 0;

async function conversationWithReply(relay: RunningRelay, agent: TestClient, email: string, text: string) {
  const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, name: 'Ada', email });
  const conversationId = welcome.conversationId!;
  await visitor.say('v1', 'Is my order on its way?');
  visitor.close();
  return {
    conversationId,
    visitorId: welcome.visitorId!,
    reply: () => agent.say(`s-${++sent}`, text, { conversationId }),
  };
}

describe('email: DKIM, From and the relay’s own headers', () => {
  let catcher: SmtpCatcher;
  let relay: Desk;
  let agent: TestClient;
  const dir = tempDir('parley-dkim-');
  const keyFile = join(dir, 'dkim.pem');

  before(async () => {
    writeFileSync(keyFile, privatePem, { mode: 0o600 });
    catcher = await SmtpCatcher.start();
    relay = await startDesk({
      relaySecret,
      siteName,
      smtpUrl: catcher.url,
      emailFrom: 'Parley <support@shop.example>',
      emailReplyDelayS: 1,
      inboundDomain: 'reply.shop.example',
      dkimDomain: 'shop.example',
      dkimSelector: 'parley2024',
      dkimPrivateKeyFile: keyFile,
      outboxTiming: { pollMs: 50 },
    });
    agent = (await TestClient.hello(relay.wsUrl, { staffToken: adminToken })).client;
  });
  after(async () => {
    agent.close();
    await relay.close();
    await catcher.stop();
  });

  let reply: CaughtEmail;

  it('signs a reply email with DKIM, and the signature verifies against the published key', async () => {
    const { reply: send } = await conversationWithReply(relay, agent, 'ada@example.com', 'It left this morning.');
    await send();
    [reply] = (await catcher.waitFor(1)) as [CaughtEmail];
    assert.match(reply.raw, /^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=shop\.example;/m);
    const signing = loadDkim({ dkimDomain: 'shop.example', dkimSelector: 'parley2024', dkimPrivateKeyFile: keyFile })!;
    const record = dkimRecord(signing);
    assert.equal(record.name, 'parley2024._domainkey.shop.example');
    const verified = await dkimVerify(Buffer.from(reply.raw), { resolver: resolverFor(record) });
    assert.equal(verified.results.length, 1);
    assert.equal(verified.results[0]!.status.result, 'pass', JSON.stringify(verified.results[0]!.status));
    assert.equal(verified.results[0]!.signingDomain, 'shop.example');
    // The signed headers include what says what kind of mail this is.
    assert.match(reply.raw.replace(/\r\n\s+/g, ' '), /h=[^;]*X-Parley-Relay/i);

    // Changed in transit, it fails: the check is real.
    const altered = reply.raw.replace('It left this morning.', 'It left yesterday.');
    const tampered = await dkimVerify(Buffer.from(altered), { resolver: resolverFor(record) });
    assert.notEqual(tampered.results[0]!.status.result, 'pass');
    // And against another key, too.
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const wrong = {
      name: record.name,
      value: `v=DKIM1; k=rsa; p=${other.export({ type: 'spki', format: 'der' }).toString('base64')}`,
    };
    assert.notEqual(
      (await dkimVerify(Buffer.from(reply.raw), { resolver: resolverFor(wrong) })).results[0]!.status.result,
      'pass',
    );
  });

  it('says From the site by name, at the configured address, with no header injected by the name', () => {
    const from = reply.mail.from!.value;
    assert.equal(from.length, 1);
    assert.equal(from[0]!.address, 'support@shop.example');
    assert.equal(from[0]!.name, 'Café "Zoë" Bcc: victim@evil.example', 'one line, quotes kept inside the name');
    assert.equal(reply.mail.headers.get('bcc'), undefined);
    assert.deepEqual(reply.to, ['ada@example.com'], 'delivered to the visitor only');
    const fromLine = /^From: (.*(?:\r\n[ \t].*)*)/m.exec(reply.raw)![1]!;
    assert.match(fromLine, /=\?UTF-8\?/i, 'a name beyond ASCII is encoded');
    assert.doesNotMatch(reply.raw.slice(0, reply.raw.indexOf('\r\n\r\n')), /^Bcc:/im, 'no such header line');
    assert.ok(reply.mail.replyTo?.value[0]?.address?.startsWith('reply+'), 'Reply-To as before');
  });

  it('marks a reply written by staff as the relay’s own, not as automatic; the relay knows it again', async () => {
    assert.equal(reply.mail.headers.get('x-parley-relay'), relayMark(relaySecret));
    assert.equal(reply.mail.headers.get('auto-submitted'), undefined, 'a person wrote it (RFC 3834)');
    assert.doesNotMatch(reply.mail.headers.get('x-parley-relay') as string, new RegExp(relaySecret.slice(0, 8)));
    // Sent back to a relay (a visitor's address that forwards to it), it is taken as a machine's.
    const head = await parseHead(Buffer.from(reply.raw));
    assert.deepEqual(classifyMail(head.automation), { kind: 'auto-reply', reason: 'parley-relay' });
  });

  it('marks a transcript Auto-Submitted: auto-generated', async () => {
    const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, email: 'bo@example.com' });
    await visitor.say('t1', 'Please send me this');
    visitor.send({ type: 'transcript', ref: 'r1' });
    await visitor.next('transcript');
    visitor.close();
    const emails = await catcher.waitFor(2);
    const transcript = emails.find((e) => e.to.includes('bo@example.com'))!;
    assert.ok(transcript, `a transcript to bo@ (conversation ${welcome.conversationId})`);
    assert.equal(transcript.mail.headers.get('auto-submitted'), 'auto-generated');
    assert.equal(transcript.mail.headers.get('x-parley-relay'), relayMark(relaySecret));
    assert.match(transcript.raw, /^DKIM-Signature:/m);
  });
});

describe('email: a DKIM key that cannot be used is a clear error at start-up', () => {
  const dir = tempDir('parley-dkim-bad-');

  it('names the variable and the file, never the key', () => {
    const missing = join(dir, 'missing.pem');
    assert.throws(
      () => loadDkim({ dkimDomain: 'shop.example', dkimSelector: 's1', dkimPrivateKeyFile: missing }),
      (error: Error) => error instanceof ConfigError && error.message.includes(missing) && /ENOENT/.test(error.message),
    );
    const garbled = privatePem.replace(/[A-Za-z]{20}/, 'x'.repeat(20));
    for (const dkimPrivateKey of [garbled, 'not a key at all']) {
      assert.throws(
        () => loadDkim({ dkimDomain: 'shop.example', dkimSelector: 's1', dkimPrivateKey }),
        (error: Error) =>
          error instanceof ConfigError &&
          /PARLEY_DKIM_PRIVATE_KEY: not a private key/.test(error.message) &&
          !error.message.includes(dkimPrivateKey.slice(40, 80) || dkimPrivateKey),
      );
    }
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    assert.throws(
      () => loadDkim({ dkimDomain: 'shop.example', dkimSelector: 's1', dkimPrivateKey: ec.toString() }),
      /must be an RSA key/,
    );
    // A key given in a variable with `\n` for its line breaks is taken.
    const inline = loadDkim({
      dkimDomain: 'Shop.Example',
      dkimSelector: 's1',
      dkimPrivateKey: privatePem.replace(/\n/g, '\\n'),
    });
    assert.equal(inline?.domainName, 'shop.example');
    assert.match(dkimRecord(inline!).value, /^v=DKIM1; k=rsa; p=MII[A-Za-z0-9+/=]+$/);
  });

  it('refuses half a DKIM configuration, and two keys', () => {
    const env = { PARLEY_SMTP_URL: 'smtp://127.0.0.1:2525', PARLEY_EMAIL_FROM: 'a@shop.example' };
    assert.throws(
      () => loadConfig({}, { ...env, PARLEY_DKIM_DOMAIN: 'shop.example' }),
      /DKIM needs PARLEY_DKIM_DOMAIN/,
    );
    assert.throws(
      () =>
        loadConfig(
          {},
          {
            ...env,
            PARLEY_DKIM_DOMAIN: 'shop.example',
            PARLEY_DKIM_SELECTOR: 's1',
            PARLEY_DKIM_PRIVATE_KEY: 'x',
            PARLEY_DKIM_PRIVATE_KEY_FILE: '/x',
          },
        ),
      /not both/,
    );
    assert.throws(() => loadConfig({}, { ...env, PARLEY_DKIM_DOMAIN: 'not a domain' }), /PARLEY_DKIM_DOMAIN/);
  });

  it('stops a relay from starting with an unreadable key file', async () => {
    const catcher = await SmtpCatcher.start();
    try {
      await assert.rejects(
        startDesk({
          smtpUrl: catcher.url,
          emailFrom: 'a@shop.example',
          dkimDomain: 'shop.example',
          dkimSelector: 's1',
          dkimPrivateKeyFile: join(dir, 'nope.pem'),
        }),
        (error: Error) => error instanceof ConfigError && /PARLEY_DKIM_PRIVATE_KEY_FILE/.test(error.message),
      );
    } finally {
      await catcher.stop();
    }
  });
});

describe('email: replies thread under the visitor’s own email', () => {
  let catcher: SmtpCatcher;
  let relay: Desk;
  let agent: TestClient;

  before(async () => {
    catcher = await SmtpCatcher.start();
    relay = await startDesk({
      relaySecret,
      siteName: 'Shop',
      smtpUrl: catcher.url,
      emailFrom: 'support@shop.example',
      emailReplyDelayS: 1,
      outboxTiming: { pollMs: 50 },
    });
    agent = (await TestClient.hello(relay.wsUrl, { staffToken: adminToken })).client;
  });
  after(async () => {
    agent.close();
    await relay.close();
    await catcher.stop();
  });

  it('answers the visitor’s latest email: In-Reply-To its Message-ID, References the thread and it, Re: its subject', async () => {
    const first = await conversationWithReply(relay, agent, 'cy@example.com', 'First answer');
    const thread = `<conversation.${Buffer.from(first.conversationId).toString('hex')}@shop.example>`;
    await first.reply();
    const [plain] = (await catcher.waitFor(1)) as [CaughtEmail];
    assert.equal(plain.mail.headers.get('in-reply-to'), thread, 'no email from the visitor yet: the thread');
    assert.equal(plain.mail.subject, 'New reply from Shop');
    assert.equal(plain.mail.from?.value[0]?.name, 'Shop');

    await relay.admin.repos.email.recordInboundMessageId(
      DEFAULT_SITE_ID,
      first.conversationId,
      'CAF=a7Bx9kQ2m@mail.gmail.com',
      'RE: Re: New reply from Shop',
    );
    await agent.say('s-second', 'Second answer', { conversationId: first.conversationId });
    const [, threaded] = (await catcher.waitFor(2)) as [CaughtEmail, CaughtEmail];
    assert.equal(threaded.mail.headers.get('in-reply-to'), '<CAF=a7Bx9kQ2m@mail.gmail.com>');
    assert.deepEqual(threaded.mail.headers.get('references'), [thread, '<CAF=a7Bx9kQ2m@mail.gmail.com>']);
    assert.equal(threaded.mail.subject, 'Re: New reply from Shop', 'one Re:');
    assert.match(threaded.mail.text ?? '', /Second answer/);
  });

  it('keeps only the latest, and never writes a Message-ID that could break the header', async () => {
    const c = await conversationWithReply(relay, agent, 'di@example.com', 'x');
    const repo = relay.admin.repos.email;
    await repo.recordInboundMessageId(DEFAULT_SITE_ID, c.conversationId, '<one@mail.example>', 'Order');
    await repo.recordInboundMessageId(DEFAULT_SITE_ID, c.conversationId, 'two@mail.example', 'Where is my order?');
    assert.deepEqual(await repo.inboundThread(DEFAULT_SITE_ID, c.conversationId), {
      messageId: 'two@mail.example',
      subject: 'Where is my order?',
    });
    assert.equal(await repo.inboundThread('other-site', c.conversationId), undefined, 'scoped to the site');
    await repo.recordInboundMessageId(
      DEFAULT_SITE_ID,
      c.conversationId,
      'bad id\r\nBcc: x@evil.example',
      'Hi\r\nBcc: y@evil.example',
    );
    await c.reply();
    const sent = await until(
      async () => catcher.emails.find((e) => e.to.includes('di@example.com')),
      'the reply to di@',
    );
    assert.equal(sent.mail.headers.get('bcc'), undefined);
    assert.match(String(sent.mail.headers.get('in-reply-to')), /^<conversation\./, 'an unusable id is left out');
    assert.equal(sent.mail.subject, 'Re: Hi Bcc: y@evil.example', 'the subject is one line');
  });
});

describe('email: addresses that bounce', () => {
  let catcher: SmtpCatcher;
  let relay: Desk;
  let agent: TestClient;

  before(async () => {
    catcher = await SmtpCatcher.start();
    relay = await startDesk({
      relaySecret,
      smtpUrl: catcher.url,
      emailFrom: 'support@shop.example',
      emailReplyDelayS: 1,
      outboxTiming: { pollMs: 50 },
    });
    agent = (await TestClient.hello(relay.wsUrl, { staffToken: adminToken })).client;
  });
  after(async () => {
    agent.close();
    await relay.close();
    await catcher.stop();
  });

  it('marks the contact, shows it to staff, skips emails to it, and forgets it when the email is changed', async () => {
    const c = await conversationWithReply(relay, agent, 'Gone.User@Example.com', 'Are you there?');
    await until(
      async () => (await relay.admin.repos.contacts.getContact(DEFAULT_SITE_ID, c.visitorId))?.emailEnc,
      'the contact',
    );
    const marked = await markBouncing(
      relay.admin,
      DEFAULT_SITE_ID,
      ['gone.user@example.com', 'someone.else@example.com'],
      1234,
    );
    assert.deepEqual(marked, [c.visitorId]);
    const frame = await agent.next(
      'conversation',
      (f) => f.conversation.id === c.conversationId && f.conversation.visitor.emailBouncingAt !== undefined,
    );
    assert.equal(frame.conversation.visitor.emailBouncingAt, 1234, 'the open inbox hears of it');
    const conversation = await relay.call('GET', `/v1/admin/conversations/${c.conversationId}`);
    assert.equal(conversation.body.visitor.emailBouncingAt, 1234);
    const contact = await relay.call('GET', `/v1/admin/contacts/${c.visitorId}`);
    assert.equal(contact.body.emailBouncingAt, 1234);

    await c.reply();
    const job = await until(async () => {
      const { items } = await relay.admin.repos.outbox.listOutbox(DEFAULT_SITE_ID, { kind: 'email.reply' }, 10);
      return items.find((j) => j.conversationId === c.conversationId && j.status === 'skipped');
    }, 'the reply job to be skipped');
    assert.equal(job.detail, 'the visitor’s email bounces');
    assert.equal(catcher.emails.length, 0, 'nothing sent');

    const patched = await relay.call('PATCH', `/v1/admin/contacts/${c.visitorId}`, { email: 'ada.new@example.com' });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.emailBouncingAt, undefined, 'a new email bounces no more');
    const after = await relay.call('GET', `/v1/admin/conversations/${c.conversationId}`);
    assert.equal(after.body.visitor.emailBouncingAt, undefined);
    await agent.say('s-again', 'Now with the new address', { conversationId: c.conversationId });
    const [sent] = (await catcher.waitFor(1)) as [CaughtEmail];
    assert.deepEqual(sent.to, ['ada.new@example.com']);
  });
});
