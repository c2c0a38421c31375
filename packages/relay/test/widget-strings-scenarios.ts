/**
 * A site's own words in its widget (issue #85): `GET`/`PUT /v1/admin/widget-strings[/{locale}]` and what a visitor's
 * welcome carries (`welcome.strings`) for their locale, on a real relay. The store runs these with SQLite
 * (widget-strings.test.ts) and PostgreSQL (test-services/widget-strings-postgres.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashToken } from '../src/auth/tokens.js';
import type { StartOptions } from '../src/index.js';
import { TestClient } from './support/client.js';
import { siteKey, type Desk } from './support/desk.js';

/** No limit in the way of a test's many calls and visitors from one address. */
export const WIDGET_STRINGS_DESK: StartOptions = { ipRateLimitPerSecond: 0, adminRateLimitPerSecond: 0 };

/** What a visitor whose widget speaks `locale` is welcomed with. */
async function welcomeStrings(desk: Desk, locale: string | undefined, key = siteKey) {
  const { client, welcome } = await TestClient.hello(desk.wsUrl, {
    siteKey: key,
    ...(locale === undefined ? {} : { context: { locale } }),
  });
  client.close();
  return welcome.strings;
}

export function widgetStringsScenarios(start: () => Promise<Desk>): void {
  describe('a site’s own words in its widget', () => {
    let desk: Desk;
    let agent: { token: string };
    let other: { siteKey: string; token: string };
    before(async () => {
      desk = await start();
      agent = await desk.agent('Ana');
      // A second site on the same relay, with its own admin.
      other = { siteKey: 'pk_other_words', token: 'st_other_words_admin_0123456789abcdef' };
      await desk.store.upsertSite({
        id: 'site_words_b',
        name: 'Other shop',
        siteKey: other.siteKey,
        allowedOrigins: ['*'],
        identitySecret: 'other-secret-0123456789',
        requireIdentity: false,
      });
      await desk.store.createStaff({
        id: 'staff_words_b',
        siteId: 'site_words_b',
        name: 'Bob',
        role: 'admin',
        tokenHash: hashToken(other.token),
        createdAt: Date.now(),
        revokedAt: null,
      });
    });
    after(() => desk.close());

    it('has none until the site saves some, and the welcome carries none', async () => {
      const answer = await desk.call('GET', '/v1/admin/widget-strings');
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, { locales: {} });
      assert.equal(await welcomeStrings(desk, 'de'), undefined);
    });

    it('saves a locale’s words (its tag canonicalised) and a visitor of that locale is welcomed with them', async () => {
      const saved = await desk.call('PUT', '/v1/admin/widget-strings/DE', {
        texts: { hello: 'Hallo! Wie können wir helfen?', typing: '{name} schreibt…', send: '<b>Senden</b>' },
      });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      const de = { hello: 'Hallo! Wie können wir helfen?', typing: '{name} schreibt…', send: '<b>Senden</b>' };
      assert.deepEqual(saved.body, { locales: { de } });
      assert.deepEqual((await desk.call('GET', '/v1/admin/widget-strings', undefined, agent.token)).body, {
        locales: { de },
      });
      assert.deepEqual(await welcomeStrings(desk, 'de'), { locale: 'de', texts: de });
      // A regional tag takes its language's words; another language and no locale take none.
      assert.deepEqual(await welcomeStrings(desk, 'de-AT'), { locale: 'de', texts: de });
      assert.equal(await welcomeStrings(desk, 'fr'), undefined);
      assert.equal(await welcomeStrings(desk, undefined), undefined);
    });

    it('a regional locale’s own words come before its language’s', async () => {
      const pt = { send: 'Enviar' };
      const br = { send: 'Mandar', hello: 'Oi! Como podemos ajudar?' };
      assert.equal((await desk.call('PUT', '/v1/admin/widget-strings/pt', { texts: pt })).status, 200);
      assert.equal((await desk.call('PUT', '/v1/admin/widget-strings/pt-br', { texts: br })).status, 200);
      assert.deepEqual(await welcomeStrings(desk, 'pt-BR'), { locale: 'pt-BR', texts: br });
      assert.deepEqual(await welcomeStrings(desk, 'pt-PT'), { locale: 'pt', texts: pt });
      assert.deepEqual(Object.keys((await desk.call('GET', '/v1/admin/widget-strings')).body.locales).sort(), [
        'de',
        'pt',
        'pt-BR',
      ]);
    });

    it('refuses a wrong key, placeholder, length, control character or tag, naming it, and changes nothing', async () => {
      const before = (await desk.call('GET', '/v1/admin/widget-strings')).body;
      const cases: [string, unknown, RegExp][] = [
        ['de', { texts: { greeting: 'Hallo' } }, /body\.texts: unknown field greeting/],
        ['de', { texts: { typing: 'Jemand schreibt…' } }, /body\.texts\.typing: keep the placeholder \{name\}/],
        [
          'de',
          { texts: { typing: '{name} und {count} schreiben' } },
          /body\.texts\.typing: has no placeholder \{count\}/,
        ],
        ['de', { texts: { send: 'Senden {name}' } }, /body\.texts\.send: has no placeholder \{name\}; it takes none/],
        [
          'de',
          { texts: { openChatUnread: 'Chat öffnen' } },
          /body\.texts\.openChatUnread: keep the placeholder \{count\}/,
        ],
        ['de', { texts: { send: 'x'.repeat(201) } }, /body\.texts\.send: must be at most 200 characters/],
        ['de', { texts: { hello: 'x'.repeat(501) } }, /body\.texts\.hello/],
        ['de', { texts: { send: 'Sen\u0000den' } }, /body\.texts\.send: must not hold control characters/],
        [
          'de',
          { texts: { hello: 'Hallo\nWelt' } },
          /body\.texts\.hello: must not hold control characters or line breaks/,
        ],
        ['de', { texts: { send: '   ' } }, /body\.texts\.send: must not be empty/],
        ['de', { texts: { send: 42 } }, /body\.texts\.send/],
        ['de', { texts: { send: 'Senden' }, words: { send: 'Senden' } }, /unknown field words/],
        ['not_a_tag', { texts: { send: 'Senden' } }, /locale: “not_a_tag” is not a language tag/],
        ['deutsch-sprache-lang-x', { texts: { send: 'Senden' } }, /locale/],
      ];
      for (const [locale, body, message] of cases) {
        // A good key beside the bad one: nothing of the body is saved.
        const withGood = {
          ...(body as object),
          texts: { placeholder: 'Schreiben Sie…', ...(body as { texts: object }).texts },
        };
        const answer = await desk.call('PUT', `/v1/admin/widget-strings/${encodeURIComponent(locale)}`, withGood);
        assert.equal(answer.status, 400, `${locale} ${JSON.stringify(body)}: ${JSON.stringify(answer.body)}`);
        assert.equal(answer.body.error.code, 'bad_request');
        assert.match(answer.body.error.message, message);
      }
      assert.deepEqual((await desk.call('GET', '/v1/admin/widget-strings')).body, before);
    });

    it('is changed by admins only; agents read it', async () => {
      const refused = await desk.call('PUT', '/v1/admin/widget-strings/de', { texts: { send: 'Los' } }, agent.token);
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.code, 'forbidden');
      assert.equal((await desk.call('GET', '/v1/admin/widget-strings')).body.locales.de.send, '<b>Senden</b>');
    });

    it('keeps each site’s words to itself', async () => {
      // Another site's admin reads only its own (none), and saves only to its own.
      assert.deepEqual((await desk.call('GET', '/v1/admin/widget-strings', undefined, other.token)).body, {
        locales: {},
      });
      const theirs = await desk.call(
        'PUT',
        '/v1/admin/widget-strings/de',
        { texts: { send: 'Abschicken' } },
        other.token,
      );
      assert.equal(theirs.status, 200);
      assert.deepEqual(theirs.body, { locales: { de: { send: 'Abschicken' } } });
      assert.equal((await desk.call('GET', '/v1/admin/widget-strings')).body.locales.de.send, '<b>Senden</b>');
      assert.deepEqual(await welcomeStrings(desk, 'de', other.siteKey), {
        locale: 'de',
        texts: { send: 'Abschicken' },
      });
      assert.equal((await welcomeStrings(desk, 'de'))?.texts.send, '<b>Senden</b>');
    });

    it('a locale saved with no words goes; the others stay; the save is audited', async () => {
      const cleared = await desk.call('PUT', '/v1/admin/widget-strings/pt', { texts: {} });
      assert.equal(cleared.status, 200);
      assert.deepEqual(Object.keys(cleared.body.locales).sort(), ['de', 'pt-BR']);
      assert.equal(await welcomeStrings(desk, 'pt-PT'), undefined);
      const audit = await desk.call('GET', '/v1/admin/audit?limit=50');
      const entry = audit.body.items.find((item: { action: string }) => item.action === 'widget-strings.update');
      assert.ok(entry, JSON.stringify(audit.body.items.map((item: { action: string }) => item.action)));
    });
  });
}
