// No input from outside may block the relay's event loop for more than 50 ms (issue #33): a hostile frame, API body,
// search, report, export, FAQ question, mention, upload or email would otherwise stall every socket and route of
// every site. Each case sends its hostile input to a relay in its own process while a probe asks `/healthz` every
// 10 ms, and asserts the worst gap the probe saw and the relay's own event-loop maximum over the same time.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it, type TestContext } from 'node:test';
import { SqliteAdminStore } from '../src/store/sqlite-admin-store.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { DEFAULT_SITE_ID } from '../src/store/store.js';
import { docxEntries, zip } from './support/attachment-files.js';
import { TestClient } from './support/client.js';
import { adminCaller } from './support/http.js';
import { watchStall, type Stall } from './support/loop-probe.js';
import { RelayProcess } from './support/relay-process.js';
import { tempDir } from './support/temp.js';

/** The promise: no input blocks the loop longer than this. */
const BUDGET_MS = 50;
/** Messages the relay holds before the search, report and export cases, so that their queries have rows to read. */
const SEEDED_MESSAGES = 60_000;
const SEEDED_CONVERSATIONS = 600;

const siteKey = 'pk_test_slow_input';
const adminToken = 'st_admin_test_slow_input_0123456789';
const call = adminCaller(adminToken);

/** Asserts a stall within budget, naming the input and both figures when it is not. */
function assertWithinBudget(t: TestContext, input: string, stall: Stall): void {
  const detail = `${input}: probe gap ${stall.probeGapMs.toFixed(1)} ms, relay loop max ${stall.relayMaxMs.toFixed(1)} ms over ${stall.workMs.toFixed(0)} ms (${stall.probes} probes)`;
  t.diagnostic(detail);
  assert.ok(stall.probes >= 3, `the probe saw too few answers — ${detail}`);
  assert.ok(stall.relayMaxMs < BUDGET_MS, detail);
  assert.ok(stall.probeGapMs < BUDGET_MS, detail);
}

/** Words the seeded messages are made of, so searches have matches at every prefix. */
const WORDS = ['order', 'parcel', 'refund', 'delivery', 'password', 'invoice', 'account', 'shipping', 'return', 'size'];

/** The visitor of the first 50 seeded conversations (5,000 messages): the contact export's subject. */
const BIG_VISITOR = 'visitor_seed_big';
const visitorOf = (c: number): string => (c < 50 ? BIG_VISITOR : `visitor_seed_${c}`);

/** Fills the default site with conversations and messages, as a store, before the relay starts on the same file. */
async function seed(dataDir: string): Promise<void> {
  const store = new SqliteStore({ path: `${dataDir}/parley.db`, synchronous: 'normal' });
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
  const admin = new SqliteAdminStore({ path: `${dataDir}/parley.db` });
  await admin.touchContacts([
    { siteId: DEFAULT_SITE_ID, contactId: BIG_VISITOR, name: 'Big Visitor', verified: false, at: Date.now() },
  ]);
  await admin.close();
}

describe('slow input: nothing from outside blocks the event loop for 50 ms', { timeout: 300_000 }, () => {
  let relay: RelayProcess;
  let visitorToken: string;
  let conversationId: string;

  before(async () => {
    const dataDir = tempDir('parley-slow-input-');
    const env = {
      PARLEY_DATA_DIR: dataDir,
      PARLEY_SITE_KEY: siteKey,
      PARLEY_ADMIN_TOKEN: adminToken,
      // A burst large enough for the cases below; the limits themselves have their own tests.
      PARLEY_ADMIN_RATE_LIMIT_BURST: '1000',
      PARLEY_ATTACHMENT_UPLOADS_PER_ADDRESS_PER_HOUR: '1000',
    };
    // The first start makes the database and the site; the seed then writes to the same file while no relay runs.
    const first = await RelayProcess.start(env);
    await first.kill('SIGTERM');
    await seed(dataDir);
    relay = await RelayProcess.start(env);
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
      const { client } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v3' });
      const depth = 16 * 1024 - 64;
      const nested = `{"type":"send","id":"deep","text":"x","extra":${'['.repeat(depth)}`;
      const stall = await watchStall(relay, async () => {
        client.sendRaw(nested);
        await client.next('error');
      });
      assertWithinBudget(t, 'a 16 KB frame of nested arrays', stall);
      client.close();

      const { client: big } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v3' });
      const huge = `{"type":"send","id":"big","text":"${'a'.repeat(60 * 1024)}"}`;
      const bigStall = await watchStall(relay, async () => {
        big.sendRaw(huge);
        await Promise.race([big.next('error'), big.closed]);
      });
      assertWithinBudget(t, 'a 60 KB frame', bigStall);
      big.close();
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
      for (let i = 0; i < limit; i += 1) {
        const created = await call(relay, 'POST', '/v1/admin/faq', {
          language: 'en',
          question: `How do I ${WORDS[i % WORDS.length]} thing ${i}?`,
          answer: `Answer ${i}.`,
          phrasings: Array.from({ length: 20 }, (_, p) => `${'word '.repeat(50)}${i} ${p}`.slice(0, 300)),
          keywords: Array.from({ length: 30 }, (_, k) => `kw${i}x${k}`),
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));
      }
      const { client } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v3' });
      // 4,000 characters of short words that each nearly match: the matcher's worst case is many tokens.
      const text = Array.from({ length: 2000 }, (_, i) => (i % 2 ? 'a' : 'wor'))
        .join(' ')
        .slice(0, 4000);
      const stall = await watchStall(relay, () => client.say('faq-hostile', text));
      assertWithinBudget(t, 'a 4,000-character visitor message against a full FAQ', stall);
      const tried = await watchStall(relay, () => call(relay, 'POST', '/v1/admin/faq/match', { text, language: 'en' }));
      assertWithinBudget(t, 'POST /v1/admin/faq/match with the same text', tried);
      const listed = await watchStall(relay, async () => {
        const list = await call(relay, 'GET', '/v1/admin/faq');
        assert.equal(list.body.items.length, limit);
      });
      assertWithinBudget(t, `GET /v1/admin/faq with ${limit} entries`, listed);
      client.close();
    });

    it('a staff note at the length limit full of mentions', async (t) => {
      const text = '@a'.repeat(2000);
      const stall = await watchStall(relay, () =>
        call(relay, 'POST', `/v1/admin/conversations/${conversationId}/messages`, { text, note: true }),
      );
      assertWithinBudget(t, 'a 4,000-character note of @-mentions', stall);
      const spaced = '@' + 'a '.repeat(1999);
      const second = await watchStall(relay, () =>
        call(relay, 'POST', `/v1/admin/conversations/${conversationId}/messages`, { text: spaced, note: true }),
      );
      assertWithinBudget(t, 'a 4,000-character note of one @ and words', second);
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
        const stall = await watchStall(relay, async () => {
          const response = await fetch(`${relay.httpUrl}/v1/admin/site`, {
            method: 'PATCH',
            headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
            body,
          });
          assert.equal(response.status, 400, await response.text());
        });
        assertWithinBudget(t, name, stall);
      });
    }
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
        const stall = await watchStall(relay, async () => {
          const answer = await call(relay, 'GET', path);
          assert.ok(answer.status === 200 || answer.status === 400, JSON.stringify(answer.body));
        });
        assertWithinBudget(t, name, stall);
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
      ['the stats', '/v1/admin/stats'],
      ['the audit log', '/v1/admin/audit?limit=100'],
    ];
    for (const [name, path] of ranges) {
      it(name, async (t) => {
        const stall = await watchStall(relay, async () => {
          const response = await fetch(`${relay.httpUrl}${path}`, {
            headers: { authorization: `Bearer ${adminToken}` },
          });
          const body = await response.text();
          assert.equal(response.status, 200, body);
        });
        assertWithinBudget(t, name, stall);
      });
    }

    it('a contact export (GDPR access) of a contact with many messages', async (t) => {
      const contacts = await call(relay, 'GET', '/v1/admin/contacts?q=Big%20Visitor');
      assert.equal(contacts.status, 200, JSON.stringify(contacts.body));
      const id = contacts.body.items[0]?.id as string;
      assert.ok(id, 'the seeded contact is found');
      const stall = await watchStall(relay, async () => {
        const exported = await call(relay, 'GET', `/v1/admin/contacts/${id}/export`);
        assert.equal(exported.status, 200);
      });
      assertWithinBudget(t, 'a contact export', stall);
    });
  });

  describe('an upload', () => {
    async function upload(body: Uint8Array, name: string, clientId: string): Promise<number> {
      const sha256 = createHash('sha256').update(body).digest('hex');
      const response = await fetch(
        `${relay.httpUrl}/v1/attachments?${new URLSearchParams({ clientId, name, sha256 })}`,
        { method: 'POST', body, headers: { authorization: `Bearer ${visitorToken}` } },
      );
      await response.arrayBuffer();
      return response.status;
    }

    it('10 MiB of text, checked for markup', async (t) => {
      const text = Buffer.from(
        'plain words, no markup at all < > & ; '.repeat(Math.floor((10 * 1024 * 1024 - 64) / 38)),
      );
      const stall = await watchStall(relay, async () => assert.equal(await upload(text, 'notes.txt', 'up-text'), 201));
      assertWithinBudget(t, 'a 10 MiB text file', stall);
      // Markup only at the very end: whatever reads the text for it reads all of it.
      const markup = Buffer.concat([text.subarray(0, text.length - 64), Buffer.from('<script>alert(1)</script>')]);
      const refused = await watchStall(relay, async () => assert.equal(await upload(markup, 'x.txt', 'up-lt'), 415));
      assertWithinBudget(t, '10 MiB of text ending in a script tag', refused);
    });

    it('a zip-based document with as many entries as the check reads', async (t) => {
      // The check reads the central directory only, up to 10,000 entries (zip-check.ts); this one holds 9,999.
      const [types, document] = docxEntries();
      const filler = Array.from({ length: 9_997 }, (_, i) => ({ name: `word/media/${i}.xml`, data: Buffer.alloc(0) }));
      const file = zip([types!, document!, ...filler]);
      const stall = await watchStall(relay, async () => assert.equal(await upload(file, 'many.docx', 'up-zip'), 201));
      assertWithinBudget(t, 'a docx of 9,999 entries', stall);
    });
  });
});
