import { CLOSES } from '@parley/protocol';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { identityHash, type RunningRelay, type StartOptions } from '../src/index.js';
import { TestClient } from './support/client.js';
import { adminToken, siteKey, startDesk } from './support/desk.js';
import { startTestRelay } from './support/relay.js';
import { tempDir } from './support/temp.js';

// The admin API behind the inbox's Site settings and Audit log pages (issue #19): the site's name, origins and
// identity secret (PATCH /v1/admin/site, POST /v1/admin/site/identity-secret), its logo (PATCH /v1/admin/settings),
// and the audit log's time range and facets. Real relays on port 0, real sockets.

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

async function call(relay: RunningRelay, method: string, path: string, body?: unknown, token = adminToken) {
  const response = await fetch(`${relay.httpUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers } as Answer;
}

async function auditActions(relay: RunningRelay): Promise<string[]> {
  return (await call(relay, 'GET', '/v1/admin/audit')).body.items.map((entry: { action: string }) => entry.action);
}

/** Whether an identified visitor signed with `secret` is welcomed (true) or refused with identity_refused (false). */
async function identified(relay: RunningRelay, secret: string, userId = 'user-1'): Promise<boolean> {
  const client = await TestClient.open(relay.wsUrl);
  client.send({ type: 'hello', siteKey, user: { id: userId, hash: identityHash(secret, userId) } });
  const outcome = await Promise.race([
    client.next('welcome').then(() => true),
    client.closed.then((closed) => {
      assert.equal(closed.code, CLOSES.identity_refused.code);
      return false;
    }),
  ]);
  client.close();
  return outcome;
}

describe('site settings: name, origins and identity secret', () => {
  let relay: RunningRelay;
  // No siteName, allowedOrigins nor identitySecret configured: the inbox owns them.
  before(async () => {
    relay = await startDesk({ ipRateLimitPerSecond: 0 });
  });
  after(() => relay.close());

  it('shows the site without its identity secret, and which fields the configuration fixes', async () => {
    const answer = await call(relay, 'GET', '/v1/admin/site');
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, {
      id: 'default',
      name: 'Parley demo',
      siteKey,
      allowedOrigins: ['*'],
      requireIdentity: false,
      configured: { name: false, allowedOrigins: false, identitySecret: false },
    });
    const secret = (await relay.store.getSite('default'))!.identitySecret;
    assert.ok(!JSON.stringify(answer.body).includes(secret));
  });

  it('renames the site: a new visitor’s welcome carries the new name', async () => {
    const renamed = await call(relay, 'PATCH', '/v1/admin/site', { name: '  Acme Outdoor  ' });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.name, 'Acme Outdoor');
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    assert.equal(welcome.site.name, 'Acme Outdoor');
    client.close();
    assert.equal((await auditActions(relay))[0], 'site.update');
  });

  it('limits the origins: a page of another origin is refused at its next hello, an allowed one welcomed', async () => {
    const changed = await call(relay, 'PATCH', '/v1/admin/site', { allowedOrigins: ['https://shop.example'] });
    assert.equal(changed.status, 200);
    assert.deepEqual(changed.body.allowedOrigins, ['https://shop.example']);
    const refused = await TestClient.open(relay.wsUrl, { origin: 'https://evil.example' });
    refused.send({ type: 'hello', siteKey });
    assert.equal((await refused.closed).code, CLOSES.origin_refused.code);
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { origin: 'https://shop.example' });
    assert.equal(welcome.role, 'visitor');
    client.close();
    assert.equal((await call(relay, 'PATCH', '/v1/admin/site', { allowedOrigins: ['*'] })).status, 200);
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const before = (await call(relay, 'GET', '/v1/admin/site')).body;
    const auditBefore = await auditActions(relay);
    for (const [body, message] of [
      [{ name: '' }, /name/],
      [{ name: 'x'.repeat(121) }, /name/],
      [{ allowedOrigins: [] }, /allowedOrigins/],
      [{ allowedOrigins: ['https://shop.example/path'] }, /origin such as https:\/\/example\.com/],
      [{ allowedOrigins: ['ftp://shop.example'] }, /allowedOrigins/],
      [{ siteKey: 'pk_mine' }, /unknown field siteKey/],
      [{ name: 'ok', identitySecret: 'mine-0123456789abcdef' }, /unknown field identitySecret/],
    ] as const) {
      const answer = await call(relay, 'PATCH', '/v1/admin/site', body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.error.code, 'bad_request');
      assert.match(answer.body.error.message, message);
    }
    assert.deepEqual((await call(relay, 'GET', '/v1/admin/site')).body, before);
    assert.deepEqual(await auditActions(relay), auditBefore);
  });

  it('rotates the identity secret: shown once, the old one refused at once, the new one accepted, audited without it', async () => {
    const old = (await relay.store.getSite('default'))!.identitySecret;
    assert.equal(await identified(relay, old), true);
    const rotated = await call(relay, 'POST', '/v1/admin/site/identity-secret', {});
    assert.equal(rotated.status, 200);
    assert.equal(rotated.headers.get('cache-control'), 'no-store');
    const secret: string = rotated.body.identitySecret;
    assert.match(secret, /^is_[A-Za-z0-9_-]{32,}$/);
    assert.notEqual(secret, old);
    assert.equal(await identified(relay, old), false, 'the old secret no longer verifies');
    assert.equal(await identified(relay, secret), true, 'the new one does');
    const log = (await call(relay, 'GET', '/v1/admin/audit')).body.items;
    assert.equal(log[0].action, 'site.identity_secret.rotate');
    assert.ok(!JSON.stringify(log).includes(secret), 'the audit log never holds the secret');
    assert.ok(!JSON.stringify((await call(relay, 'GET', '/v1/admin/site')).body).includes(secret));
  });
});

describe('site settings: the welcome message', () => {
  it('a welcome saved as the Site page saves it (the automations, other languages kept) greets a new visitor', async () => {
    const relay = await startDesk({ ipRateLimitPerSecond: 0 });
    try {
      const current = (await call(relay, 'GET', '/v1/admin/automations')).body.settings;
      const settings = {
        ...current,
        welcome: { enabled: true, texts: { fr: 'Bonjour !', en: 'Hi! Ask us anything.' } },
      };
      assert.equal((await call(relay, 'PUT', '/v1/admin/automations', settings)).status, 200);
      for (const [locale, text] of [
        ['en-GB', 'Hi! Ask us anything.'],
        ['fr-FR', 'Bonjour !'],
      ] as const) {
        const { client, welcome } = await TestClient.hello(
          relay.wsUrl,
          { siteKey, context: { locale } },
          { protocol: 'parley.v2' },
        );
        assert.equal(welcome.greeting?.text, text, locale);
        client.close();
      }
    } finally {
      await relay.close();
    }
  });
});

describe('site settings: what the configuration sets, and a restart', () => {
  it('refuses to change what the configuration sets (409), and changes nothing', async () => {
    const relay = await startDesk({ siteName: 'Configured', identitySecret: 'configured-identity-secret-0123' });
    try {
      const site = (await call(relay, 'GET', '/v1/admin/site')).body;
      assert.deepEqual(site.configured, { name: true, allowedOrigins: false, identitySecret: true });
      const rename = await call(relay, 'PATCH', '/v1/admin/site', { name: 'Other' });
      assert.equal(rename.status, 409);
      assert.match(rename.body.error.message, /PARLEY_SITE_NAME/);
      const rotate = await call(relay, 'POST', '/v1/admin/site/identity-secret', {});
      assert.equal(rotate.status, 409);
      assert.match(rotate.body.error.message, /PARLEY_IDENTITY_SECRET/);
      // The origins are not configured here: they may change.
      assert.equal(
        (await call(relay, 'PATCH', '/v1/admin/site', { allowedOrigins: ['https://a.example'] })).status,
        200,
      );
      const after = await relay.store.getSite('default');
      assert.equal(after?.name, 'Configured');
      assert.equal(after?.identitySecret, 'configured-identity-secret-0123');
      assert.deepEqual(
        (await call(relay, 'GET', '/v1/admin/audit')).body.items.map((e: { action: string }) => e.action),
        ['site.update'],
      );
    } finally {
      await relay.close();
    }
  });

  it('keeps a name, origins and a rotated secret set in the inbox across a restart', async () => {
    const options: StartOptions = { siteKey, adminToken, dataDir: tempDir('parley-site-settings-') };
    let relay = await startTestRelay(options);
    let secret: string;
    try {
      await call(relay, 'PATCH', '/v1/admin/site', { name: 'Kept', allowedOrigins: ['https://kept.example'] });
      secret = (await call(relay, 'POST', '/v1/admin/site/identity-secret', {})).body.identitySecret;
    } finally {
      await relay.close();
    }
    relay = await startTestRelay(options);
    try {
      const site = await relay.store.getSite('default');
      assert.equal(site?.name, 'Kept');
      assert.deepEqual(site?.allowedOrigins, ['https://kept.example']);
      assert.equal(site?.identitySecret, secret);
    } finally {
      await relay.close();
    }
  });
});

describe('site settings: the logo', () => {
  let relay: RunningRelay;
  before(async () => {
    relay = await startDesk({ ipRateLimitPerSecond: 0 });
  });
  after(() => relay.close());

  it('keeps an https logo, refuses any other address with a clear error, and clears it with null', async () => {
    assert.equal((await call(relay, 'GET', '/v1/admin/settings')).body.logoUrl, null);
    for (const logoUrl of [
      'http://cdn.example.com/logo.png',
      'javascript:alert(1)',
      'data:image/png;base64,AAAA',
      'https://user:pass@cdn.example.com/logo.png',
      'https://cdn.example.com/a logo.png',
      'logo.png',
      `https://cdn.example.com/${'a'.repeat(2048)}.png`,
    ]) {
      const answer = await call(relay, 'PATCH', '/v1/admin/settings', { logoUrl });
      assert.equal(answer.status, 400, logoUrl);
      assert.match(answer.body.error.message, /logoUrl/);
    }
    assert.equal((await call(relay, 'GET', '/v1/admin/settings')).body.logoUrl, null, 'nothing changed');
    const saved = await call(relay, 'PATCH', '/v1/admin/settings', { logoUrl: 'https://cdn.example.com/logo.png' });
    assert.equal(saved.status, 200);
    assert.equal(saved.body.logoUrl, 'https://cdn.example.com/logo.png');
    assert.equal((await call(relay, 'GET', '/v1/admin/settings')).body.logoUrl, 'https://cdn.example.com/logo.png');
    assert.equal((await call(relay, 'PATCH', '/v1/admin/settings', { logoUrl: null })).body.logoUrl, null);
  });
});

describe('audit log: time range and facets', () => {
  let relay: RunningRelay;
  before(async () => {
    relay = await startDesk({ ipRateLimitPerSecond: 0 });
  });
  after(() => relay.close());

  it('filters by a time range with actor and action, pages within it, and lists the actors and actions', async () => {
    const agent = (await call(relay, 'POST', '/v1/admin/tokens', { name: 'Grace', role: 'agent' })).body;
    const t0 = Date.now();
    await call(relay, 'POST', '/v1/admin/canned-responses', { shortcut: 'one', text: 'One' });
    await call(relay, 'POST', '/v1/admin/canned-responses', { shortcut: 'two', text: 'Two' }, agent.token);
    await call(relay, 'POST', '/v1/admin/canned-responses', { shortcut: 'three', text: 'Three' });
    const t1 = Date.now() + 1;
    const all = (await call(relay, 'GET', `/v1/admin/audit?from=${t0}&to=${t1}`)).body.items;
    assert.deepEqual(
      all.map((e: { details: { shortcut: string } }) => e.details.shortcut),
      ['three', 'two', 'one'],
    );
    const byAgent = (await call(relay, 'GET', `/v1/admin/audit?from=${t0}&to=${t1}&actor=${agent.id}`)).body.items;
    assert.deepEqual(
      byAgent.map((e: { actorName: string }) => e.actorName),
      ['Grace'],
    );
    assert.deepEqual((await call(relay, 'GET', `/v1/admin/audit?from=${t1}`)).body.items, []);
    assert.deepEqual((await call(relay, 'GET', `/v1/admin/audit?to=${t0}&action=canned.create`)).body.items, []);
    const page = (await call(relay, 'GET', `/v1/admin/audit?from=${t0}&to=${t1}&limit=2`)).body;
    assert.equal(page.items.length, 2);
    const rest = (await call(relay, 'GET', `/v1/admin/audit?from=${t0}&to=${t1}&limit=2&cursor=${page.nextCursor}`))
      .body;
    assert.deepEqual(
      rest.items.map((e: { details: { shortcut: string } }) => e.details.shortcut),
      ['one'],
    );
    assert.equal(rest.nextCursor, undefined);

    const facets = (await call(relay, 'GET', '/v1/admin/audit/facets')).body;
    assert.deepEqual(facets.actions, ['canned.create', 'token.create']);
    assert.deepEqual(
      facets.actors.map((a: { name: string }) => a.name),
      ['Admin', 'Grace'],
    );
    assert.equal((await call(relay, 'GET', '/v1/admin/audit/facets', undefined, agent.token)).status, 403);
  });

  it('refuses a range that ends before it starts, or times that are not numbers', async () => {
    for (const query of ['from=200&to=100', 'from=100&to=100', 'from=yesterday', 'to=-5', 'from=1e9']) {
      const answer = await call(relay, 'GET', `/v1/admin/audit?${query}`);
      assert.equal(answer.status, 400, query);
      assert.equal(answer.body.error.code, 'bad_request');
      assert.match(answer.body.error.message, /query\.(from|to)/);
    }
  });
});
