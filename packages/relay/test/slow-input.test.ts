// No input from outside may block the relay's event loop for more than 50 ms (issue #33): a hostile frame, API body,
// search, report, export, FAQ question, mention, upload or email would otherwise stall every socket and route of
// every site. Each case sends its hostile input to a relay in its own process while a probe asks `/healthz` every
// 10 ms, and asserts the worst gap the probe saw and the relay's own event-loop maximum over the same time.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { inflateRawSync } from 'node:zlib';
import { WIDGET_STRINGS } from '@parley/protocol';
import Database from 'better-sqlite3';
import { after, before, describe, it } from 'node:test';
import { replyAddress } from '../src/email/reply-address.js';
import { MAX_SITE_PATTERNS } from '../src/rules/rules-routes.js';
import { openSqliteAdminDb } from '../src/store/sqlite-admin-db.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { DEFAULT_SITE_ID } from '../src/store/store.js';
import { docxEntries, zip } from './support/attachment-files.js';
import { TestClient } from './support/client.js';
import { adminToken, call, relaySecret, siteKey } from './support/desk.js';
import { withinBudget } from './support/within-budget.js';
import { sendRawSmtp } from './support/raw-smtp.js';
import { RelayProcess } from './support/relay-process.js';
import { startModelServer, type ModelServer } from './support/model-servers.js';
import { startSamlIdp, type SamlTestIdp } from './support/saml-idp.js';
import { tempDir } from './support/temp.js';
import { until } from './support/until.js';
import { SEEDED_HELP, seededWords, seedHelpCenter } from './support/help-seed.js';
import { ERASURE_PLAN, MIGRATIONS } from '../src/features/features.js';

/** Messages the relay holds before the search, report and export cases, so that their queries have rows to read. */
const SEEDED_MESSAGES = 60_000;
const SEEDED_CONVERSATIONS = 600;

const inboundSecret = 'inbound-secret-for-the-slow-input-suite';
const inboundDomain = 'reply.slow-input.example';

/** A port free on loopback now (for the relay's SMTP listener, whose port a child process does not report). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** An HTML-only email of `html`, as a mail client sends a reply. */
function htmlMail(from: string, to: string, html: string): string {
  return [
    `From: ${from}`,
    `To: ${to}`,
    'Subject: Re: your question',
    `Message-ID: <${randomUUID()}@mail.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    html,
    '',
  ].join('\r\n');
}

/** A plain-text email of `text`. */
function textMail(from: string, to: string, text: string): string {
  return htmlMail(from, to, text).replace('Content-Type: text/html', 'Content-Type: text/plain');
}

/** Words the seeded messages are made of, so searches have matches at every prefix. */
const WORDS = ['order', 'parcel', 'refund', 'delivery', 'password', 'invoice', 'account', 'shipping', 'return', 'size'];

/** The visitor of the first 50 seeded conversations (5,000 messages): the contact export's subject. */
const BIG_VISITOR = 'visitor_seed_big';
/** Contacts that share the Big Visitor's vouched email (issue #81's duplicates: one company's shared inbox, say). */
const SHARED_EMAIL_CONTACTS = 20_000;
const visitorOf = (c: number): string => (c < 50 ? BIG_VISITOR : `visitor_seed_${c}`);

/** Fills the default site with conversations and messages, as a store, before the relay starts on the same file. */
async function seed(dataDir: string): Promise<void> {
  const store = new SqliteStore({ path: `${dataDir}/parley.db`, synchronous: 'normal', migrations: MIGRATIONS });
  await store.init();
  const perConversation = SEEDED_MESSAGES / SEEDED_CONVERSATIONS;
  for (let c = 0; c < SEEDED_CONVERSATIONS; c += 1) {
    const appends = [];
    for (let m = 0; m < perConversation; m += 1) {
      const visitor = m % 2 === 0;
      appends.push(
        store.append({
          siteId: DEFAULT_SITE_ID,
          conversationId: `conv_seed_${c}`,
          visitorId: visitorOf(c),
          clientId: `seed-${c}-${m}`,
          author: visitor
            ? { role: 'visitor', id: visitorOf(c), name: `Visitor ${c}` }
            : { role: 'staff', id: 'staff_seed', name: 'Agent' },
          text: `${WORDS[(c + m) % WORDS.length]} ${WORDS[(c * 7 + m) % WORDS.length]} number ${c}-${m}`,
          kind: 'text',
        }),
      );
    }
    await Promise.all(appends);
  }
  await store.close();
  const admin = openSqliteAdminDb({ path: `${dataDir}/parley.db`, erasure: ERASURE_PLAN });
  await admin.repos.contacts.touchContacts([
    { siteId: DEFAULT_SITE_ID, contactId: BIG_VISITOR, name: 'Big Visitor', verified: false, at: Date.now() },
    ...Array.from({ length: SHARED_EMAIL_CONTACTS }, (_, n) => ({
      siteId: DEFAULT_SITE_ID,
      contactId: `visitor_shared_${n}`,
      name: `Shared ${n}`,
      verified: true,
      at: Date.now(),
    })),
  ]);
  await admin.close();
  // Every one of them with the Big Visitor's address, vouched for (signed by the site): the duplicates' worst case.
  const raw = new Database(`${dataDir}/parley.db`);
  raw
    .prepare(
      "UPDATE contacts SET email_hash = 'shared-address-hash', email_vouched = 1 WHERE site_id = ? AND (contact_id = ? OR contact_id LIKE 'visitor_shared_%')",
    )
    .run(DEFAULT_SITE_ID, BIG_VISITOR);
  raw.close();
}

describe('slow input: nothing from outside blocks the event loop for 50 ms', { timeout: 300_000 }, () => {
  let relay: RelayProcess;
  let visitorToken: string;
  let conversationId: string;
  let smtpPort: number;
  let env: Record<string, string>;

  before(async () => {
    const dataDir = tempDir('parley-slow-input-');
    env = {
      PARLEY_DATA_DIR: dataDir,
      PARLEY_SITE_KEY: siteKey,
      PARLEY_ADMIN_TOKEN: adminToken,
      // A burst large enough for the cases below (the rules' alone make ~750 calls: 500 conversations and 200 rules);
      // the limits themselves have their own tests.
      PARLEY_ADMIN_RATE_LIMIT_BURST: '5000',
      PARLEY_ATTACHMENT_UPLOADS_PER_ADDRESS_PER_HOUR: '1000',
      PARLEY_RELAY_SECRET: relaySecret,
      PARLEY_INBOUND_DOMAIN: inboundDomain,
      PARLEY_INBOUND_SECRET: inboundSecret,
      PARLEY_INBOUND_SMTP_HOST: '127.0.0.1',
      PARLEY_INBOUND_SMTP_PORT: String(await freePort()),
      PARLEY_IP_RATE_LIMIT_PER_SECOND: '0',
      // The SAML case's IdP and the OpenID case's issuer are on loopback, over http: the operator's opt-in.
      PARLEY_SSO_ALLOW_HTTP: 'true',
      PARLEY_SSO_ALLOW_PRIVATE: 'true',
      // The AI cases' model server is on loopback too.
      PARLEY_AI_ALLOW_PRIVATE: 'true',
    };
    smtpPort = Number(env.PARLEY_INBOUND_SMTP_PORT);
    // The first start makes the database and the site; the seed then writes to the same file while no relay runs.
    const first = await RelayProcess.start(env);
    await first.kill('SIGTERM');
    await seed(dataDir);
    await seedHelpCenter(`${dataDir}/parley.db`, DEFAULT_SITE_ID);
    relay = await RelayProcess.start(env, { captureLog: true });
    // The search index catches up with the seeded messages in the background: wait until a search finds them.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const found = await call(relay, 'GET', '/v1/admin/conversations?q=number&limit=1');
      if (found.status === 200 && found.body.items.length > 0) break;
      if (Date.now() > deadline) throw new Error('the search index did not catch up with the seeded messages');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v3' });
    await client.say('first', 'Hello, I have a question');
    client.close();
    visitorToken = welcome.visitorToken!;
    conversationId = welcome.conversationId!;
  });

  after(async () => {
    await relay?.kill('SIGTERM');
  });

  describe('a WebSocket frame', () => {
    it('nested 16 KB deep, and over the size limit', async (t) => {
      const depth = 16 * 1024 - 64;
      await withinBudget(t, relay, 'a 16 KB frame of nested arrays', async (attempt) => {
        const { client } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v3' });
        client.sendRaw(`{"type":"send","id":"deep-${attempt}","text":"x","extra":${'['.repeat(depth)}`);
        await client.next('error');
        client.close();
      });
      await withinBudget(t, relay, 'a 60 KB frame', async (attempt) => {
        const { client } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v3' });
        client.sendRaw(`{"type":"send","id":"big-${attempt}","text":"${'a'.repeat(60 * 1024)}"}`);
        await Promise.race([client.next('error'), client.closed]);
        client.close();
      });
    });

    it('a visitor message at the length limit, crafted for the FAQ matcher, with a full FAQ', async (t) => {
      const settings = await call(relay, 'GET', '/v1/admin/automations');
      assert.equal(settings.status, 200);
      const saved = await call(relay, 'PUT', '/v1/admin/automations', {
        ...settings.body.settings,
        faq: { enabled: true },
      });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      const limit = (await call(relay, 'GET', '/v1/admin/faq')).body.max as number;
      // Twenty at a time: the relay rebuilds the index once for the changes that come while it rebuilds, where one
      // request after another made a rebuild each, over a growing FAQ (half a minute of this file's time).
      const entry = (i: number) => ({
        language: 'en',
        question: `How do I ${WORDS[i % WORDS.length]} thing ${i}?`,
        answer: `Answer ${i}.`,
        phrasings: Array.from({ length: 20 }, (_, p) => `${'word '.repeat(50)}${i} ${p}`.slice(0, 300)),
        keywords: Array.from({ length: 30 }, (_, k) => `kw${i}x${k}`),
      });
      for (let first = 0; first < limit; first += 20) {
        const batch = Array.from({ length: Math.min(20, limit - first) }, (_, k) => first + k);
        for (const created of await Promise.all(batch.map((i) => call(relay, 'POST', '/v1/admin/faq', entry(i)))))
          assert.equal(created.status, 201, JSON.stringify(created.body));
      }
      // 4,000 characters of short words that each nearly match: the matcher's worst case is many tokens.
      const text = Array.from({ length: 2000 }, (_, i) => (i % 2 ? 'a' : 'wor'))
        .join(' ')
        .slice(0, 4000);
      await withinBudget(t, relay, 'a 4,000-character visitor message against a full FAQ', async (attempt) => {
        // A new visitor each time: the bot stops matching in a conversation after three messages it cannot answer.
        const { client } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v3' });
        await client.say(`faq-hostile-${attempt}`, text);
        client.close();
      });
      await withinBudget(t, relay, 'POST /v1/admin/faq/match with the same text', () =>
        call(relay, 'POST', '/v1/admin/faq/match', { text, language: 'en' }),
      );
      await withinBudget(t, relay, `GET /v1/admin/faq with ${limit} entries`, async () => {
        const list = await call(relay, 'GET', '/v1/admin/faq');
        assert.equal(list.body.items.length, limit);
      });
    });

    it('a staff note at the length limit full of mentions', async (t) => {
      const note = (text: string) => () =>
        call(relay, 'POST', `/v1/admin/conversations/${conversationId}/messages`, { text, note: true });
      await withinBudget(t, relay, 'a 4,000-character note of @-mentions', note('@a'.repeat(2000)));
      await withinBudget(t, relay, 'a 4,000-character note of one @ and words', note('@' + 'a '.repeat(1999)));
    });
  });

  describe('an admin API body', () => {
    const MiB = 1024 * 1024;
    const bodies: Array<[string, string]> = [
      ['1 MiB of nested arrays', '['.repeat(MiB - 16)],
      ['1 MiB of nested objects', '{"a":'.repeat(Math.floor((MiB - 16) / 5))],
      [
        '1 MiB of an object with 100,000 keys',
        `{${Array.from({ length: 100_000 }, (_, i) => `"k${i}":1`).join(',')}}`.slice(0, MiB - 2) + '}',
      ],
      ['1 MiB of one string', JSON.stringify({ name: 'x'.repeat(MiB - 32) })],
    ];
    for (const [name, body] of bodies) {
      it(name, async (t) => {
        await withinBudget(t, relay, name, async () => {
          const response = await fetch(`${relay.httpUrl}/v1/admin/site`, {
            method: 'PATCH',
            headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
            body,
          });
          assert.equal(response.status, 400, await response.text());
        });
      });
    }

    // The site's own words in its widget (issue #85): a body's keys and texts are bounded before each is checked.
    const widgetWords: Array<[string, unknown, number]> = [
      [
        'the widget’s words: 1 MiB of 70,000 keys',
        { texts: Object.fromEntries(Array.from({ length: 70_000 }, (_, i) => [`k${i}`, 'x'])) },
        400,
      ],
      [
        'the widget’s words: every key at its longest, full of placeholders',
        {
          texts: Object.fromEntries(
            Object.entries(WIDGET_STRINGS).map(([key, entry]) => [key, '{a}'.repeat(entry.maxLength / 3)]),
          ),
        },
        400,
      ],
      [
        'the widget’s words: every key at its longest, saved',
        {
          texts: Object.fromEntries(
            Object.entries(WIDGET_STRINGS).map(([key, entry]) => [
              key,
              entry.placeholders
                .map((name) => `{${name}} `)
                .join('')
                .padEnd(entry.maxLength, 'é'),
            ]),
          ),
        },
        200,
      ],
    ];
    for (const [name, body, status] of widgetWords) {
      it(name, async (t) => {
        await withinBudget(t, relay, name, async () => {
          const response = await fetch(`${relay.httpUrl}/v1/admin/widget-strings/de`, {
            method: 'PUT',
            headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          assert.equal(response.status, status, await response.text());
        });
      });
    }

    it('a single sign-on domain’s mailed code: the longest domain, and 1 MiB where the code goes', async (t) => {
      // 253 characters of labels 63 long, as long as a domain may be (an address at it is then too long).
      const domain = `${Array.from({ length: 3 }, (_, i) => `${'abcdefghij'.repeat(6)}ab${i}`).join('.')}.${'d'.repeat(61)}`;
      const post = (path: string, body: string) =>
        fetch(`${relay.httpUrl}/v1/admin/sso/domains/${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
          body,
        });
      await withinBudget(t, relay, 'a domain code of 1 MiB and the longest domain', async () => {
        const code = await post('confirm', JSON.stringify({ domain, code: 'A-'.repeat((MiB - 1024) / 2) }));
        assert.equal(code.status, 400, await code.text());
        const mail = await post('mail', JSON.stringify({ domain, address: `postmaster@${domain}` }));
        assert.equal(mail.status, 400, await mail.text());
        const dashes = await post('mail', JSON.stringify({ domain: `${'a-'.repeat(126)}a.test`, address: 'x@y.test' }));
        assert.equal(dashes.status, 400, await dashes.text());
      });
    });
  });

  describe(`searches, reports and exports over ${SEEDED_MESSAGES.toLocaleString('en')} messages`, () => {
    const searches: Array<[string, string]> = [
      ['a search of eight one-letter prefixes', '/v1/admin/conversations?q=' + encodeURIComponent('o p r d n i a s')],
      ['a search of a common word', '/v1/admin/conversations?q=number&limit=100'],
      [
        'a search of 8 long terms',
        '/v1/admin/conversations?q=' + encodeURIComponent(Array(8).fill('n'.repeat(400)).join(' ')),
      ],
      ['a contact search of 200 characters', '/v1/admin/contacts?q=' + encodeURIComponent('v%_'.repeat(66))],
      ['every conversation, the largest page', '/v1/admin/conversations?limit=100&status=all'],
    ];
    for (const [name, path] of searches) {
      it(name, async (t) => {
        await withinBudget(t, relay, name, async () => {
          const answer = await call(relay, 'GET', path);
          assert.ok(answer.status === 200 || answer.status === 400, JSON.stringify(answer.body));
        });
      });
    }

    const day = 24 * 60 * 60 * 1000;
    const to = Date.now() + day;
    const ranges: Array<[string, string]> = [
      [
        'a report over 400 days by day',
        `/v1/admin/reports?from=${to - 400 * day}&to=${to}&bucket=day&tz=America/New_York`,
      ],
      ['a report over 31 days by hour', `/v1/admin/reports?from=${to - 31 * day}&to=${to}&bucket=hour&tz=Asia/Kolkata`],
      [
        'a CSV export over 400 days',
        `/v1/admin/reports.csv?from=${to - 400 * day}&to=${to}&bucket=day&tz=Europe/Paris`,
      ],
      [
        'a report over 400 days filtered by agent',
        `/v1/admin/reports?from=${to - 400 * day}&to=${to}&bucket=day&tz=Europe/Paris&agent=none`,
      ],
      [
        'the per-conversation export over 400 days (streamed)',
        `/v1/admin/reports/conversations?from=${to - 400 * day}&to=${to}&tz=Europe/Paris`,
      ],
      ['the stats', '/v1/admin/stats'],
      ['the audit log', '/v1/admin/audit?limit=100'],
    ];
    for (const [name, path] of ranges) {
      it(name, async (t) => {
        await withinBudget(t, relay, name, async () => {
          const response = await fetch(`${relay.httpUrl}${path}`, {
            headers: { authorization: `Bearer ${adminToken}` },
          });
          const body = await response.text();
          assert.equal(response.status, 200, body);
        });
      });
    }

    it(`the possible duplicates of a contact whose email ${SHARED_EMAIL_CONTACTS.toLocaleString('en')} others share`, async (t) => {
      await withinBudget(t, relay, 'the duplicates', async () => {
        const answer = await call(relay, 'GET', `/v1/admin/contacts/${BIG_VISITOR}/duplicates`);
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        assert.equal(answer.body.items.length, 5, 'at most five, however many share the address');
      });
    });

    it('a search of verified attribute values only', async (t) => {
      await withinBudget(t, relay, 'verified values only', async () => {
        // The search's attribute part with claims left out, over every seeded conversation.
        const path = '/v1/admin/conversations?limit=100&attributeValues=verified&q=number';
        const answer = await call(relay, 'GET', path);
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
      });
    });

    it('a contact export (GDPR access) of a contact with many messages', async (t) => {
      const contacts = await call(relay, 'GET', '/v1/admin/contacts?q=Big%20Visitor');
      assert.equal(contacts.status, 200, JSON.stringify(contacts.body));
      const id = contacts.body.items[0]?.id as string;
      assert.ok(id, 'the seeded contact is found');
      await withinBudget(t, relay, 'a contact export', async () => {
        const exported = await call(relay, 'GET', `/v1/admin/contacts/${id}/export`);
        assert.equal(exported.status, 200);
      });
    });
  });

  describe('an email', () => {
    const KiB = 1024;
    const visitorEmail = 'jane@mail.example';
    let to: string;

    before(async () => {
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, name: 'Jane', email: visitorEmail });
      await client.say('mail-1', 'Please answer by email');
      client.close();
      to = replyAddress(relaySecret, welcome.conversationId!, inboundDomain)!;
      // The relay takes a reply only from the conversation's contact: wait until the contact is stored.
      const deadline = Date.now() + 10_000;
      while ((await call(relay, 'GET', `/v1/admin/contacts?q=${visitorEmail}`)).body.items.length === 0) {
        if (Date.now() > deadline) throw new Error('the contact was not stored');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });

    const depth = (bytes: number, open: string, close = '') => Math.floor(bytes / (open.length + close.length));
    const hostile: Array<[string, () => string]> = [
      ['1 MiB of unclosed <b> (HTML only)', () => htmlMail(visitorEmail, to, '<b>'.repeat(depth(1000 * KiB, '<b>')))],
      [
        '1 MiB of nested <div> (HTML only)',
        () => {
          const n = depth(1000 * KiB, '<div>', '</div>');
          return htmlMail(visitorEmail, to, `${'<div>'.repeat(n)}x${'</div>'.repeat(n)}`);
        },
      ],
      ['1 MiB of quoted lines, for the quote stripper', () => textMail(visitorEmail, to, '> x\n'.repeat(250 * KiB))],
      ['1 MiB of one-letter lines', () => textMail(visitorEmail, to, 'x\n'.repeat(500 * KiB))],
      [
        '1 MiB of attribution lines',
        () => textMail(visitorEmail, to, `On 1 ${' <a@b'.repeat(78)}\n`.repeat(Math.floor((1000 * KiB) / 318))),
      ],
      [
        '1 MiB of header fields, for the quote stripper’s header blocks',
        () => textMail(visitorEmail, to, 'Date: 1\nSubject: 2\nFrom: a@b.c\n'.repeat(Math.floor((1000 * KiB) / 30))),
      ],
      [
        '1 MiB of UTF-8 in a part labelled US-ASCII, for the charset sniffing',
        () => textMail(visitorEmail, to, 'é'.repeat(500 * KiB)).replace('charset=utf-8', 'charset=us-ascii'),
      ],
      [
        '1 MiB of blank lines, then signatures',
        () => textMail(visitorEmail, to, `${'\n'.repeat(500 * KiB)}${'Sent from my x\n'.repeat(33 * KiB)}`),
      ],
      [
        'a To header of 1 MiB of groups',
        () =>
          `From: ${visitorEmail}\r\nTo: ${'g: a@b;'.repeat(140 * KiB)}\r\nMessage-ID: <${randomUUID()}@mail.example>\r\nSubject: x\r\n\r\nbody\r\n`,
      ],
    ];
    for (const [name, make] of hostile) {
      it(`${name}, over SMTP and the provider webhook`, async (t) => {
        // Each attempt a new mail (a new Message-ID), so that none is taken for one already read.
        await withinBudget(t, relay, `${name} over SMTP`, async () => {
          // Bytes on a socket: no client library's work in this process while the probe watches.
          const answer = await sendRawSmtp(smtpPort, visitorEmail, to, Buffer.from(make()));
          assert.match(answer, /^[245]\d\d /, answer);
        });
        await withinBudget(t, relay, `${name} over the webhook`, async () => {
          const response = await fetch(`${relay.httpUrl}/v1/inbound/email`, {
            method: 'POST',
            headers: { authorization: `Bearer ${inboundSecret}`, 'content-type': 'message/rfc822' },
            body: make(),
          });
          await response.arrayBuffer();
          assert.ok(response.status < 500 || response.status === 503, `answered ${response.status}`);
        });
      });
    }
  });

  describe('a SAML response (anyone may POST one to an ACS URL)', () => {
    let idp: SamlTestIdp;
    let acsUrl: string;
    let providerId: string;
    before(async () => {
      idp = await startSamlIdp({ users: {} });
      const made = await call(relay, 'POST', '/v1/admin/sso/providers', {
        kind: 'saml',
        name: 'Slow input',
        idpEntityId: idp.entityId,
        ssoUrl: idp.ssoUrl,
        idpCertificate: idp.certificate,
        allowedDomains: ['acme.test'],
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      acsUrl = made.body.acsUrl;
      providerId = made.body.id;
    });
    after(() => idp?.close());

    /** A sign-in started as a browser starts one: its request's id (the InResponseTo) and the cookie binding it. */
    const started = async (): Promise<{ requestId: string; cookie: string }> => {
      const answer = await fetch(`${relay.httpUrl}/v1/sso/start/${providerId}`, { redirect: 'manual' });
      assert.equal(answer.status, 302);
      const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0]!;
      const encoded = new URL(answer.headers.get('location')!).searchParams.get('SAMLRequest')!;
      const request = inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8');
      return { requestId: /\sID="([^"]+)"/.exec(request)![1]!, cookie };
    };

    const response = (inner: string, inResponseTo = '_none') =>
      `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ID="_slow" Version="2.0" InResponseTo="${inResponseTo}">${inner}</samlp:Response>`;
    const shapes: Array<[string, string]> = [
      // Refused by their shape before any parser: the library's DOM parser took ~200 ms on the first.
      ['110 KB of nested elements', response('<a>'.repeat(12_000) + '</a>'.repeat(12_000))],
      ['190 KB of empty elements', response('<a b="c"/>'.repeat(19_000))],
      [
        '301 signatures',
        response(
          '<ds:Signature><ds:SignedInfo><ds:Reference URI="#_slow"/></ds:SignedInfo></ds:Signature>'.repeat(301),
        ),
      ],
    ];
    const post = async (xml: string, cookie?: string): Promise<void> => {
      const body = new URLSearchParams({ SAMLResponse: Buffer.from(xml).toString('base64') }).toString();
      assert.ok(body.length < 400 * 1024, `${body.length} bytes`);
      const answer = await fetch(acsUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
        body,
        redirect: 'manual',
      });
      assert.match(answer.headers.get('location') ?? '', /sso-error=/, String(answer.status));
    };
    for (const [name, xml] of shapes) it(name, (t) => withinBudget(t, relay, name, () => post(xml)));

    // The most the shape lets through, answering a sign-in this relay started in this "browser", so that it reaches
    // the SAML library, which parses it and refuses it (no valid signature). The library runs on a thread of its own:
    // on the event loop, the first response it verified after a start (its code not yet compiled) held the loop
    // 50–57 ms on a slow machine.
    it('595 elements answering a real sign-in: four signatures and 290 attributes', (t) =>
      withinBudget(t, relay, 'a SAML response of 595 elements', async () => {
        const { requestId, cookie } = await started();
        await post(
          response(
            '<ds:Signature><ds:SignedInfo><ds:Reference URI="#_slow"/></ds:SignedInfo></ds:Signature>'.repeat(4) +
              `<saml:Assertion ID="_a"><saml:AttributeStatement>${'<saml:Attribute Name="n"><saml:AttributeValue>v</saml:AttributeValue></saml:Attribute>'.repeat(290)}</saml:AttributeStatement></saml:Assertion>`,
            requestId,
          ),
          cookie,
        );
        const refusal = relay.logs.filter((entry) => entry.message === 'sso: a SAML response was refused').at(-1);
        assert.match(String(refusal?.reason), /signature/i, 'refused by the library, not before it');
      }));
  });

  describe('an upload', () => {
    /**
     * Uploads `body` and resolves with the status. Its hash is made before the probe watches (`hashed`), and the bytes
     * go straight to a socket (node:http, no body stream copied by a client library): on two cores, 10 MiB hashed and
     * copied in this process while the probe watched was counted as the relay's stall.
     */
    const hashed = (body: Uint8Array) => ({ body, sha256: createHash('sha256').update(body).digest('hex') });
    function upload(file: { body: Uint8Array; sha256: string }, name: string, clientId: string): Promise<number> {
      const url = new URL(
        `${relay.httpUrl}/v1/attachments?${new URLSearchParams({ clientId, name, sha256: file.sha256 })}`,
      );
      return new Promise((resolve, reject) => {
        const sent = httpRequest(
          url,
          {
            method: 'POST',
            headers: { authorization: `Bearer ${visitorToken}`, 'content-length': String(file.body.length) },
          },
          (response) => {
            response.resume();
            response.on('end', () => resolve(response.statusCode ?? 0));
            response.on('error', reject);
          },
        );
        sent.on('error', reject);
        sent.end(file.body);
      });
    }

    it('10 MiB of text, checked for markup', async (t) => {
      const plain = Buffer.from(
        'plain words, no markup at all < > & ; '.repeat(Math.floor((10 * 1024 * 1024 - 64) / 38)),
      );
      const text = hashed(plain);
      // Each attempt under a new client id: the same one again is answered from the first upload.
      await withinBudget(t, relay, 'a 10 MiB text file', async (attempt) =>
        assert.equal(await upload(text, 'notes.txt', `up-text-${attempt}`), 201),
      );
      // Markup only at the very end: whatever reads the text for it reads all of it.
      const markup = hashed(
        Buffer.concat([plain.subarray(0, plain.length - 64), Buffer.from('<script>alert(1)</script>')]),
      );
      await withinBudget(t, relay, '10 MiB of text ending in a script tag', async (attempt) =>
        assert.equal(await upload(markup, 'x.txt', `up-lt-${attempt}`), 415),
      );
    });

    it('a zip-based document with as many entries as the check reads', async (t) => {
      // The check reads the central directory only, up to 10,000 entries (zip-check.ts); this one holds 9,999.
      const [types, document] = docxEntries();
      const filler = Array.from({ length: 9_997 }, (_, i) => ({ name: `word/media/${i}.xml`, data: Buffer.alloc(0) }));
      const file = hashed(zip([types!, document!, ...filler]));
      await withinBudget(t, relay, 'a docx of 9,999 entries', async (attempt) =>
        assert.equal(await upload(file, 'many.docx', `up-zip-${attempt}`), 201),
      );
    });
  });

  describe('OpenID discovery and keys (a hostile issuer a site’s admin chose)', () => {
    const MB = 1024 * 1024;
    let issuer: Server;
    let base = '';
    /** What the issuer serves at each path: a body, and whether it says its length. */
    const served = new Map<string, { body: () => Buffer; declared: boolean }>();
    // A discovery document that is valid JSON, padded to any size: an issuer of ~16 MB, or one just under the cap.
    const discovery = (name: string, bytes: number) => {
      const head = JSON.stringify({
        issuer: `${base}/${name}`,
        authorization_endpoint: `${base}/${name}/auth`,
        token_endpoint: `${base}/${name}/token`,
        jwks_uri: `${base}/${name}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
      const padding = Math.max(0, bytes - head.length - 20);
      return Buffer.from(`${head.slice(0, -1)},"x":[${'"a",'.repeat(padding / 4)}"a"]}`);
    };

    before(async () => {
      issuer = createHttpServer((req, res) => {
        const [, name = '', ...rest] = (req.url ?? '/').split('/');
        const entry = served.get(`${name}:/${rest.join('/')}`);
        if (!entry) {
          res.writeHead(404).end();
          return;
        }
        const body = entry.body();
        res.writeHead(200, {
          'content-type': 'application/json',
          ...(entry.declared ? { 'content-length': String(body.length) } : {}),
        });
        // Chunked: written in 64 KiB pieces, as a server streaming a body that never ends would.
        if (entry.declared) res.end(body);
        else {
          for (let at = 0; at < body.length; at += 64 * 1024) res.write(body.subarray(at, at + 64 * 1024));
          res.end();
        }
      });
      await new Promise<void>((resolve) => issuer.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(issuer.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => issuer.close(() => resolve())));

    /** A provider whose issuer is `${base}/${name}`, serving `document` as its discovery and `keys` as its JWKS. */
    const provider = async (name: string, document: () => Buffer, declared: boolean, keys?: () => Buffer) => {
      served.set(`${name}:/.well-known/openid-configuration`, { body: document, declared });
      if (keys) served.set(`${name}:/jwks`, { body: keys, declared });
      const made = await call(relay, 'POST', '/v1/admin/sso/providers', {
        name: `Hostile ${name}`,
        issuer: `${base}/${name}`,
        clientId: 'parley',
        clientSecret: 'a-secret',
        allowedDomains: ['acme.test'],
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      return made.body.id as string;
    };

    const check = async (id: string): Promise<void> => {
      const checked = await call(relay, 'POST', `/v1/admin/sso/providers/${id}/check`);
      assert.equal(checked.status, 200);
      assert.equal(checked.body.ok, false, 'refused: larger than the relay reads');
    };

    it('a 16 MB discovery document, its length declared', async (t) => {
      const big = discovery('big', 16 * MB);
      const id = await provider('big', () => big, true);
      await withinBudget(t, relay, 'a 16 MB discovery document (declared)', () => check(id));
    });

    it('a 16 MB discovery document, chunked (no length said)', async (t) => {
      const big = discovery('chunked', 16 * MB);
      const id = await provider('chunked', () => big, false);
      await withinBudget(t, relay, 'a 16 MB discovery document (chunked)', async () => {
        await check(id);
        const started = await fetch(`${relay.httpUrl}/v1/sso/start/${id}`, { redirect: 'manual' });
        assert.equal(started.headers.get('location'), '/admin#sso-error=sso_failed');
      });
    });

    it('a discovery document just under the cap, and a 16 MB key set', async (t) => {
      // Valid, within 256 KiB: parsed; its keys (fetched when a back-channel logout token is verified) are not.
      const document = discovery('keys', 250 * 1024);
      const keys = Buffer.from(`{"keys":[${'{"kty":"RSA","n":"AQAB","e":"AQAB"},'.repeat((16 * MB) / 36)}{}]}`);
      const id = await provider(
        'keys',
        () => document,
        false,
        () => keys,
      );
      await withinBudget(t, relay, 'a discovery document of 250 KiB and a 16 MB JWKS', async () => {
        const checked = await call(relay, 'POST', `/v1/admin/sso/providers/${id}/check`);
        assert.equal(checked.body.ok, true, JSON.stringify(checked.body));
        // Any JWT-shaped token makes the relay fetch the issuer's keys to verify it.
        const header = Buffer.from('{"alg":"RS256","kid":"k"}').toString('base64url');
        const payload = Buffer.from(JSON.stringify({ iss: `${base}/keys`, aud: 'parley' })).toString('base64url');
        const logout = await fetch(`${relay.httpUrl}/v1/sso/backchannel-logout/${id}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ logout_token: `${header}.${payload}.c2ln` }).toString(),
        });
        assert.equal(logout.status, 400);
      });
    });
  });

  describe('rules at the size a real site reaches (issue #80)', () => {
    /** 4,000 characters of words the patterns below nearly match, so their automaton has work at every word. */
    const longText = (tail: string): string => {
      const words = ['refund', 'charge', 'order', 'abc', 'item1', 'item22', 'parcel'];
      const body = Array.from({ length: 800 }, (_, i) => words[i % words.length]).join(' ');
      return `${body.slice(0, 4000 - tail.length - 1)} ${tail}`;
    };
    /**
     * A pattern per rule, each nearly matched by the text (it never holds an `x` after the item number), of about 150
     * of the 200 steps a pattern may take: what each costs a text is its size times the text's length.
     */
    const pattern = (i: number): string => `\\b(refund|charge|order)\\s+\\w{1,30}\\s+\\w{1,30}\\s+item${i}x\\b`;
    /** Nineteen conditions that never hold and read the whole text or the conversation. */
    const misses = (i: number) =>
      Array.from({ length: 19 }, (_, k) =>
        k % 3 === 0
          ? { field: 'page_url', op: 'contains', value: `/never-${i}-${k}` }
          : { field: 'text', op: k % 3 === 1 ? 'contains' : 'starts_with', value: `never ${i} ${k}` },
      );
    before(async () => {
      // The latest 500 conversations end in a 4,000-character message, as the dry run reads them.
      for (let first = 0; first < 500; first += 25) {
        const sent = await Promise.all(
          Array.from({ length: 25 }, (_, k) =>
            call(relay, 'POST', `/v1/admin/conversations/conv_seed_${first + k}/messages`, {
              id: `rules-long-${first + k}`,
              text: longText(`rulestail${first + k}`),
            }),
          ),
        );
        for (const answer of sent) assert.equal(answer.status, 201, JSON.stringify(answer.body));
      }
      // The search index reads new messages in the background: let it catch up before anything is measured.
      await until(
        async () => (await call(relay, 'GET', '/v1/admin/conversations?q=rulestail499&limit=1')).body.items?.length,
        'the search index to read the long messages',
        { timeoutMs: 120_000, intervalMs: 200 },
      );
      // 200 rules of 20 conditions, on every visitor message: as many `matches` conditions as a site may hold, the
      // rest reading the 4,000 characters or the conversation; the last one holds for the marker.
      for (let i = 0; i < 200; i++) {
        const marker = i === 199;
        const first = marker
          ? { field: 'text', op: 'contains', value: 'slow-rules-marker' }
          : i < MAX_SITE_PATTERNS
            ? { field: 'text', op: 'matches', value: pattern(i) }
            : { field: 'subject', op: 'contains', value: `never-${i}` };
        const made = await call(relay, 'POST', '/v1/admin/rules', {
          name: `Rule ${i}`,
          trigger: 'message.visitor',
          match: 'any',
          conditions: [first, ...misses(i)],
          actions: [{ type: 'add_labels', labels: [marker ? 'slow-rules' : `rule-${i}`] }],
        });
        assert.equal(made.status, 201, JSON.stringify(made.body));
      }
    });

    it('a dry run of 20 conditions over 500 conversations of 4,000-character messages', async (t) => {
      const rule = {
        name: 'Try',
        trigger: 'message.visitor',
        match: 'any',
        conditions: [
          ...Array.from({ length: 10 }, (_, i) => ({ field: 'text', op: 'matches', value: pattern(1000 + i) })),
          ...misses(1000).slice(0, 10),
        ],
        actions: [{ type: 'add_labels', labels: ['x'] }],
      };
      await withinBudget(t, relay, 'a dry run over 500 conversations', async () => {
        const tried = await call(relay, 'POST', '/v1/admin/rules/dry-run', { rule, limit: 500 });
        assert.equal(tried.status, 200, JSON.stringify(tried.body));
        assert.equal(tried.body.checked, 500);
        assert.deepEqual(tried.body.matches, []);
      });
    });

    it('4,000-character visitor messages with 200 rules of 20 conditions saved', async (t) => {
      await withinBudget(t, relay, 'a visitor message tried on 200 rules', async (attempt) => {
        // A new conversation each time: the rule's label shows that every rule before it was tried.
        const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v3' });
        await client.say(`rules-slow-${attempt}`, longText('slow-rules-marker'));
        client.close();
        await until(
          async () =>
            (await call(relay, 'GET', `/v1/admin/conversations/${welcome.conversationId}`)).body.labels?.includes(
              'slow-rules',
            ),
          'the marker rule’s label',
          { timeoutMs: 20_000 },
        );
      });
    });

    it('saving a rule that changes the site’s set of patterns', async (t) => {
      const rules = (await call(relay, 'GET', '/v1/admin/rules')).body.items as Array<{ id: string; name: string }>;
      const target = rules.find((rule) => rule.name === 'Rule 0')!;
      await withinBudget(t, relay, `a save that compiles the site’s ${MAX_SITE_PATTERNS} patterns again`, (attempt) =>
        call(relay, 'PATCH', `/v1/admin/rules/${target.id}`, {
          conditions: [{ field: 'text', op: 'matches', value: pattern(2000 + attempt) }, ...misses(0)],
        }).then((answer) => assert.equal(answer.status, 200, JSON.stringify(answer.body))),
      );
    });
  });

  describe(`the help center's public search, over ${Object.values(SEEDED_HELP)
    .reduce((sum, { articles }) => sum + articles, 0)
    .toLocaleString('en')} articles in four languages`, () => {
    /** Seeded words of 8 letters or more (2 edits allowed), each with two letters swapped and one changed. */
    const misspelled = (locale: string, count: number, from = 0): string[] =>
      seededWords(locale)
        .filter((word) => word.length >= 8 && !/\d/.test(word))
        .slice(from, from + count)
        .map((word) => `${word[1]}${word[0]}${word.slice(2, -1)}q`);
    const upTo200 = (words: readonly string[]): string => {
      let query = '';
      for (const word of words) if (query.length + word.length + 1 <= 200) query = query ? `${query} ${word}` : word;
      return query;
    };
    /** The widget's Help tab (and its suggestions while typing: `prefix=1`). */
    const widgetSearch = async (locale: string, q: string, prefix = true) => {
      const response = await fetch(
        `${relay.httpUrl}/v1/help/${siteKey}/search?${new URLSearchParams({ q, locale, prefix: prefix ? '1' : '0', limit: '20' })}`,
      );
      const body = (await response.json()) as { items: unknown[]; corrected: string | null };
      assert.equal(response.status, 200, JSON.stringify(body));
      return body;
    };
    /** The portal's search page. */
    const portalSearch = async (locale: string, q: string): Promise<string> => {
      const response = await fetch(`${relay.httpUrl}/help/${siteKey}/search?${new URLSearchParams({ q, locale })}`);
      const html = await response.text();
      assert.equal(response.status, 200, html.slice(0, 200));
      return html;
    };

    // The first, once the relay has just started: its typo indexes are being made while the search comes.
    it('the first search after a start, many misspelled words', async (t) => {
      await relay.kill('SIGTERM');
      relay = await RelayProcess.start(env, { captureLog: true });
      await withinBudget(t, relay, 'the first widget search after a start', async (attempt) => {
        const found = await widgetSearch('en', upTo200(misspelled('en', 25, attempt * 25)));
        assert.notEqual(found.corrected, null, 'the query was corrected');
      });
    });

    it('the widget: 200 characters of misspelled words, as you type and not', async (t) => {
      for (const [locale, prefix] of [
        ['en', true],
        ['de', false],
      ] as const)
        await withinBudget(t, relay, `a ${locale} widget search of misspelled words`, async (attempt) => {
          const found = await widgetSearch(locale, upTo200(misspelled(locale, 25, 100 + attempt * 25)), prefix);
          assert.notEqual(found.corrected, null, 'the query was corrected');
        });
    });

    it('the widget: long words and other scripts', async (t) => {
      const queries = [
        // Three words at the length the search reads (64), each 2 edits from nothing.
        Array.from({ length: 3 }, (_, i) => `${'passwordkonto'.repeat(5)}${i}`.slice(0, 64)).join(' '),
        // Accents folded away, Cyrillic, Greek, CJK, emoji and combining marks.
        'Lïéférüngskéìt Пароль забыт Κωδικός パスワードを忘れた 🙂🙂🙂 commande̷ livraisoñ contraseña façturé',
      ];
      for (const [i, q] of queries.entries())
        await withinBudget(t, relay, `a widget search of long or unicode words (${i + 1})`, () =>
          widgetSearch(i === 0 ? 'en' : 'fr', q),
        );
    });

    it("the portal's search page", async (t) => {
      for (const locale of ['fr', 'es'])
        await withinBudget(t, relay, `a ${locale} portal search of misspelled words`, async (attempt) => {
          const html = await portalSearch(locale, upTo200(misspelled(locale, 25, attempt * 25)));
          assert.match(html, /Showing results for/);
        });
    });

    it('the first search after an article is published (its locale indexed again)', async (t) => {
      // Published before the probe watches (the admin's write is not the public's door); the first attempt's search
      // waits for the new index, any later one finds it made.
      const made = await call(relay, 'POST', '/v1/admin/help/articles', {
        title: 'Slow input',
        slug: 'slow-input',
        locale: 'en',
        body: 'Where is my parcel?',
        status: 'published',
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      await withinBudget(t, relay, 'a search after a publication', async () => {
        const found = await widgetSearch('en', upTo200(misspelled('en', 25, 200)));
        assert.notEqual(found.corrected, null, 'the query was corrected');
      });
    });

    it("the portal's front pages and sitemap", async (t) => {
      for (const path of ['', '/de', '/sitemap.xml'])
        await withinBudget(t, relay, `the portal's ${path || 'front page'}`, async () => {
          const response = await fetch(`${relay.httpUrl}/help/${siteKey}${path}`);
          const text = await response.text();
          assert.equal(response.status, 200, text.slice(0, 200));
        });
    });
  });

  describe('an AI provider (a slow stream, a huge answer, a rule’s classification, a flood of drafts)', () => {
    let model: ModelServer;
    const draft = (stream: boolean) =>
      fetch(`${relay.httpUrl}/v1/admin/conversations/${conversationId}/ai/draft`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${adminToken}`,
          'content-type': 'application/json',
          ...(stream ? { accept: 'text/event-stream' } : {}),
        },
        body: '{}',
      });

    before(async () => {
      model = await startModelServer('openai');
      const saved = await call(relay, 'PUT', '/v1/admin/ai', {
        enabled: true,
        provider: 'openai',
        baseUrl: model.baseUrl,
        model: 'slow-input',
      });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
    });
    after(() => model.close());

    it('a provider that streams slowly, and one that answers megabytes', async (t) => {
      await withinBudget(t, relay, 'a draft streamed in 25 pieces, 10 ms apart', async () => {
        model.script({ answer: 'word '.repeat(25).trim(), delayMs: 10 });
        const response = await draft(true);
        assert.match(await response.text(), /event: done/);
      });
      await withinBudget(t, relay, 'a draft answered with 4 MiB of text', async () => {
        model.script({ huge: 4 * 1024 * 1024, piece: 2000 });
        const answer = (await (await draft(false)).json()) as { text: string };
        assert.equal(answer.text.length, 600 * 8, 'cut at the tokens a draft asks for');
      });
      await withinBudget(t, relay, 'a draft answered with one 4 MiB event line', async () => {
        model.script({ huge: 4 * 1024 * 1024, piece: 4 * 1024 * 1024 });
        assert.equal((await draft(false)).status, 503);
      });
    });

    it('the AI agent: a slow provider streaming huge answers, and a flood of visitor messages', async (t) => {
      const on = await call(relay, 'PUT', '/v1/admin/ai/agent', { enabled: true });
      assert.equal(on.status, 200, JSON.stringify(on.body));
      // Words of the seeded articles: the agent finds sources, so the model is asked.
      const question = seededWords('en').slice(0, 4).join(' ');
      const visitor = async () => {
        const hello = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v3' });
        return hello.client;
      };
      await withinBudget(t, relay, 'an agent answered slowly with 4 MiB of text', async (attempt) => {
        model.script({ huge: 4 * 1024 * 1024, piece: 2000 });
        const client = await visitor();
        await client.say(`huge-${attempt}`, question);
        await client.next('message', (frame) => frame.message.author.role === 'bot', 60_000);
        client.close();
      });
      // The same visitors each attempt (new conversations from one address are limited): each is answered again.
      const clients = await Promise.all(Array.from({ length: 12 }, () => visitor()));
      const answers = (client: TestClient) =>
        client.frames.filter((frame) => frame.type === 'message' && frame.message.author.role === 'bot').length;
      await withinBudget(t, relay, '12 visitors writing 5 messages each to the agent at once', async (attempt) => {
        model.fallback = { answer: 'ANSWER: It is in the article.\nSOURCES: 1', delayMs: 5 };
        const before = clients.map(answers);
        await Promise.all(
          clients.map(async (client) => {
            for (let i = 0; i < 5; i++) await client.say(`flood-${attempt}-${i}`, `${question} ${i}`);
          }),
        );
        await until(
          () => clients.every((client, index) => answers(client) > before[index]!),
          'every visitor answered',
          {
            timeoutMs: 120_000,
          },
        );
      });
      for (const client of clients) client.close();
      assert.equal((await call(relay, 'PUT', '/v1/admin/ai/agent', { enabled: false })).status, 200);
    });

    it('a rule classifying with AI, against a provider that answers slowly or hugely', async (t) => {
      // The site's labels are read for the prompt (a scan over its labelled conversations).
      const listed = await call(relay, 'GET', '/v1/admin/conversations?limit=100');
      for (const [index, item] of (listed.body.items as Array<{ id: string }>).entries())
        await call(relay, 'PATCH', `/v1/admin/conversations/${item.id}`, { labels: [`topic-${index % 40}`] });
      // The site holds as many rules as it may (the rules' cases above): the last of them makes room for this one.
      const saved = (await call(relay, 'GET', '/v1/admin/rules')).body.items as Array<{ id: string; name: string }>;
      const last = saved.find((rule) => rule.name === 'Rule 199');
      if (last) assert.equal((await call(relay, 'DELETE', `/v1/admin/rules/${last.id}`)).status, 204);
      const rule = await call(relay, 'POST', '/v1/admin/rules', {
        name: 'Triage (slow input)',
        trigger: 'message.visitor',
        conditions: [{ field: 'text', op: 'starts_with', value: 'classify me' }],
        actions: [{ type: 'ai_classify', classify: ['labels', 'priority'], mode: 'apply' }],
      });
      assert.equal(rule.status, 201, JSON.stringify(rule.body));
      /** A visitor's message the rule fires on; resolves once its run is logged. */
      const classified = async (attempt: string) => {
        const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v3' });
        await client.say(`classify-${attempt}`, `classify me: my parcel ${'is late '.repeat(400)}`);
        client.close();
        return until(
          async () =>
            (await call(relay, 'GET', `/v1/admin/rules/${rule.body.id}/runs`)).body.items.find(
              (run: { conversationId: string; status: string }) =>
                run.conversationId === welcome.conversationId && run.status !== 'pending',
            ),
          'the rule’s run',
          { timeoutMs: 20_000 },
        );
      };
      await withinBudget(t, relay, 'a classification streamed in 40 pieces, 10 ms apart', async (attempt) => {
        model.script({ answer: JSON.stringify({ labels: ['topic-1'], priority: 'high' }), delayMs: 10 });
        const run = await classified(`slow-${attempt}`);
        assert.equal(run.status, 'done', run.detail);
      });
      await withinBudget(t, relay, 'a classification answered with 4 MiB of text', async (attempt) => {
        model.script({ huge: 4 * 1024 * 1024, piece: 2000 });
        const run = await classified(`huge-${attempt}`);
        assert.equal(run.status, 'failed');
        assert.match(run.detail, /not JSON/);
      });
      assert.equal((await call(relay, 'DELETE', `/v1/admin/rules/${rule.body.id}`)).status, 204);
    });

    it('a flood of 50 concurrent drafts', async (t) => {
      await withinBudget(t, relay, '50 drafts at once', async () => {
        model.fallback = { answer: 'Your parcel is on its way, thanks for waiting.' };
        const answers = await Promise.all(Array.from({ length: 50 }, () => draft(false)));
        for (const answer of answers) assert.equal(answer.status, 200, await answer.text());
      });
    });
  });
});
