/**
 * The pre-chat form a site configures (issue #86): `GET`/`PUT /v1/admin/prechat-form`, what a visitor's welcome
 * carries (`welcome.prechat`) and the `prechat` frame that gives the values, checked and kept on the contact, on a
 * real relay. The store runs these with SQLite (prechat-form.test.ts) and PostgreSQL
 * (test-services/prechat-form-postgres.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readPrechatForm } from '@parley/protocol';
import { hashToken } from '../src/auth/tokens.js';
import { identityHash, type StartOptions } from '../src/index.js';
import { TestClient } from './support/client.js';
import { identitySecret, siteKey, type Desk } from './support/desk.js';
import { until } from './support/until.js';

/** No limit in the way of a test's many calls and visitors from one address; a clock the test moves. */
export const prechatDesk = (clock: { now: number }): StartOptions => ({
  ipRateLimitPerSecond: 0,
  adminRateLimitPerSecond: 0,
  identitySecret,
  clock: () => clock.now,
});

// Monday 23 November 2026, Paris (UTC+1): the desk is open 09:00–17:00 local.
const mondayNoon = Date.parse('2026-11-23T11:00:00Z');
const mondayNight = Date.parse('2026-11-23T20:00:00Z');

const form = {
  when: 'always',
  fields: [
    { key: 'name', type: 'text', required: true, labels: { fr: 'Votre nom' } },
    { key: 'email', type: 'text', required: true },
    { key: 'phone', type: 'text' },
    {
      key: 'attribute:plan',
      type: 'choice',
      options: ['Free', 'Pro'],
      required: true,
      labels: { en: 'Plan', fr: 'Formule' },
    },
    { key: 'attribute:newsletter', type: 'checkbox' },
  ],
};

async function hello(desk: Desk, extra: Record<string, unknown> = {}, key = siteKey) {
  const { client, welcome } = await TestClient.hello(desk.wsUrl, { siteKey: key, ...extra }, { protocol: 'parley.v3' });
  // The form comes as JSON text (the widget's form part reads it): read here as the part does.
  const form = welcome.prechat === undefined ? undefined : readPrechatForm(welcome.prechat);
  if (welcome.prechat !== undefined) assert.ok(form, welcome.prechat);
  return { client, welcome: { ...welcome, prechat: form } };
}

/** Sends a `prechat` frame and waits for its answer (the `prechat` frame or an `error`). */
async function give(
  client: TestClient,
  values: Record<string, unknown>,
  ref = `r${Math.random().toString(36).slice(2, 8)}`,
) {
  // Any values, the wrong ones too: the relay is what checks them.
  client.send({ type: 'prechat', ref, values } as Record<string, unknown>);
  const answer = await Promise.race([
    client.next('prechat', (frame) => frame.ref === ref),
    client.next('error', (frame) => frame.ref === ref),
  ]);
  return answer as { type: string; ref: string; code?: string; message?: string };
}

async function contactValues(desk: Desk, contactId: string): Promise<Record<string, [unknown, boolean]>> {
  const got = await desk.call('GET', `/v1/admin/contacts/${contactId}/attributes`);
  if (got.status !== 200) return {};
  return Object.fromEntries(
    (got.body.items as { key: string; value: unknown; verified: boolean }[]).map((item) => [
      item.key,
      [item.value, item.verified],
    ]),
  );
}

export function prechatFormScenarios(start: (clock: { now: number }) => Promise<Desk>): void {
  describe('a site’s pre-chat form', () => {
    const clock = { now: mondayNoon };
    let desk: Desk;
    let agent: { token: string };
    const other = { siteKey: 'pk_other_prechat', token: 'st_other_prechat_admin_0123456789abcdef' };
    before(async () => {
      desk = await start(clock);
      agent = await desk.agent('Ana');
      await desk.store.upsertSite({
        id: 'site_prechat_b',
        name: 'Other shop',
        siteKey: other.siteKey,
        allowedOrigins: ['*'],
        identitySecret: 'other-secret-0123456789',
        requireIdentity: false,
      });
      await desk.store.createStaff({
        id: 'staff_prechat_b',
        siteId: 'site_prechat_b',
        name: 'Bob',
        role: 'admin',
        tokenHash: hashToken(other.token),
        createdAt: Date.now(),
        revokedAt: null,
      });
      for (const body of [
        { key: 'plan', label: 'Plan', type: 'list', scope: 'contact', options: ['Free', 'Pro', 'Enterprise'] },
        { key: 'newsletter', label: 'Newsletter', type: 'checkbox', scope: 'contact' },
        { key: 'phone', label: 'Phone', type: 'text', scope: 'contact' },
        { key: 'seats', label: 'Seats', type: 'number', scope: 'contact' },
      ]) {
        const made = await desk.call('POST', '/v1/admin/attributes', body);
        assert.equal(made.status, 201, JSON.stringify(made.body));
      }
    });
    after(() => desk.close());

    it('has none until the site saves one; the welcome carries none', async () => {
      const answer = await desk.call('GET', '/v1/admin/prechat-form');
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, { when: 'always', fields: [] });
      const { client, welcome } = await hello(desk);
      assert.equal(welcome.prechat, undefined);
      client.close();
    });

    it('refuses a wrong form, naming the field, and saves nothing', async () => {
      const cases: [unknown, RegExp][] = [
        [
          { ...form, fields: [...form.fields, { key: 'name', type: 'text' }] },
          /body\.fields\.5\.key: name is asked twice/,
        ],
        [
          { when: 'always', fields: [{ key: 'attribute:plan', type: 'choice' }] },
          /body\.fields\.0\.options: a choice needs/,
        ],
        [
          { when: 'always', fields: [{ key: 'name', type: 'text', options: ['a'] }] },
          /body\.fields\.0\.options: only a choice/,
        ],
        [
          { when: 'always', fields: [{ key: 'email', type: 'checkbox' }] },
          /body\.fields\.0\.type: email is a text field/,
        ],
        [
          { when: 'always', fields: [{ key: 'attribute:nope', type: 'text' }] },
          /body\.fields\.0\.key: no contact attribute nope/,
        ],
        [
          { when: 'always', fields: [{ key: 'attribute:plan', type: 'text' }] },
          /body\.fields\.0\.type: the attribute plan \(list\)/,
        ],
        [
          { when: 'always', fields: [{ key: 'attribute:plan', type: 'choice', options: ['Gold'] }] },
          /body\.fields\.0\.options: “Gold” is not an option/,
        ],
        [{ when: 'always', fields: [{ key: 'Name', type: 'text' }] }, /body\.fields\.0\.key/],
        [{ when: 'sometimes', fields: [] }, /body\.when/],
        [{ when: 'always', fields: [{ key: 'name', type: 'text', colour: 'red' }] }, /colour/],
        [{ when: 'always', fields: [], extra: 1 }, /extra/],
        [
          { when: 'always', fields: Array.from({ length: 13 }, (_, i) => ({ key: `attribute:k${i}`, type: 'text' })) },
          /body\.fields/,
        ],
      ];
      for (const [body, message] of cases) {
        const answer = await desk.call('PUT', '/v1/admin/prechat-form', body);
        assert.equal(answer.status, 400, `${JSON.stringify(body)}: ${JSON.stringify(answer.body)}`);
        assert.equal(answer.body.error.code, 'bad_request');
        assert.match(answer.body.error.message, message);
      }
      assert.deepEqual((await desk.call('GET', '/v1/admin/prechat-form')).body, { when: 'always', fields: [] });
    });

    it('saves a form (admins only); a visitor is welcomed with it in their locale', async () => {
      const refused = await desk.call('PUT', '/v1/admin/prechat-form', form, agent.token);
      assert.equal(refused.status, 403);
      const saved = await desk.call('PUT', '/v1/admin/prechat-form', form);
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.deepEqual(saved.body.fields, form.fields);
      assert.equal(typeof saved.body.updatedAt, 'number');
      assert.deepEqual(
        (await desk.call('GET', '/v1/admin/prechat-form', undefined, agent.token)).body.fields,
        form.fields,
      );
      const { client, welcome } = await hello(desk, { context: { locale: 'fr-CA' } });
      assert.deepEqual(welcome.prechat, {
        fields: [
          { key: 'name', type: 'text', label: 'Votre nom', required: true },
          { key: 'email', type: 'text', required: true },
          { key: 'phone', type: 'text' },
          { key: 'attribute:plan', type: 'choice', label: 'Formule', options: ['Free', 'Pro'], required: true },
          { key: 'attribute:newsletter', type: 'checkbox' },
        ],
      });
      client.close();
      // Another locale: English labels, else none (the widget's own word).
      const en = await hello(desk, { context: { locale: 'de' } });
      assert.deepEqual(
        en.welcome.prechat?.fields.map((field) => field.label),
        [undefined, undefined, undefined, 'Plan', undefined],
      );
      en.client.close();
    });

    it('refuses bad values at the door, naming the field, and keeps nothing', async () => {
      const { client, welcome } = await hello(desk);
      const good = { name: 'Ada', email: 'ada@example.com', 'attribute:plan': 'Pro' };
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ ...good, name: '  ' }, /values\.name: name is required/],
        [{ email: 'ada@example.com', 'attribute:plan': 'Pro' }, /values\.name: name is required/],
        [{ ...good, email: 'ada@' }, /values\.email: email must be one email address/],
        [{ ...good, phone: 'call me' }, /values\.phone: phone must be a phone number/],
        [
          { ...good, 'attribute:plan': 'Enterprise' },
          /values\.attribute:plan: Plan must be one of the field’s options/,
        ],
        [{ ...good, 'attribute:newsletter': 'yes' }, /values\.attribute:newsletter: .*wrong type/],
        [{ ...good, name: 'x'.repeat(300) }, /values\.name: name must be at most 256/],
        [{ ...good, 'attribute:seats': '3' }, /values\.attribute:seats: not a field of the site’s form/],
        [{ ...good, favourite: 'x' }, /values/],
        [{ ...good, name: 7 }, /values\.name/],
      ];
      for (const [values, message] of cases) {
        const answer = await give(client, values);
        assert.equal(answer.type, 'error', JSON.stringify(values));
        assert.equal(answer.code, 'bad_frame');
        assert.match(answer.message!, message);
      }
      await client.say('m-refused', 'hello');
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(await contactValues(desk, welcome.visitorId!), {});
      const contact = await desk.call('GET', `/v1/admin/contacts/${welcome.visitorId}`);
      assert.equal(contact.body.name, undefined);
      client.close();
    });

    it('keeps good values: name and email on the contact, attributes as the visitor’s claim, once they write', async () => {
      const { client, welcome } = await hello(desk);
      const answer = await give(client, {
        name: ' Ada Lovelace ',
        email: 'ada@example.com',
        phone: '+33 6 12 34 56 78',
        'attribute:plan': 'Pro',
        'attribute:newsletter': true,
      });
      assert.equal(answer.type, 'prechat', JSON.stringify(answer));
      const id = welcome.visitorId!;
      // Nothing is kept of a visitor who never writes.
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal((await desk.call('GET', `/v1/admin/contacts/${id}/attributes`)).status, 404);
      await client.say('m-after', 'Bonjour');
      await until(async () => (await contactValues(desk, id)).plan, 'the pre-chat values');
      assert.deepEqual(await contactValues(desk, id), {
        plan: ['Pro', false],
        newsletter: [true, false],
        phone: ['+33 6 12 34 56 78', false],
      });
      await until(
        async () => (await desk.call('GET', `/v1/admin/contacts/${id}`)).body.name === 'Ada Lovelace',
        'the name',
      );
      assert.ok((await desk.call('GET', `/v1/admin/contacts/${id}`)).body.emailMasked);
      // After the first message, the welcome no longer asks.
      client.close();
      const back = await hello(desk, { visitorToken: welcome.visitorToken });
      assert.equal(back.welcome.prechat, undefined);
      back.client.close();
    });

    it('leaves out what an identified visitor’s hello gave; none left, no form', async () => {
      const user = (id: string, attributes?: Record<string, string>) => ({
        id,
        hash: identityHash(identitySecret, id),
        name: 'Grace',
        email: 'grace@example.com',
        ...(attributes ? { attributes } : {}),
      });
      const partly = await hello(desk, { user: user('u-grace') });
      assert.deepEqual(
        partly.welcome.prechat?.fields.map((field) => field.key),
        ['phone', 'attribute:plan', 'attribute:newsletter'],
      );
      partly.client.close();
      const saved = await desk.call('PUT', '/v1/admin/prechat-form', {
        when: 'always',
        fields: form.fields.slice(0, 2),
      });
      assert.equal(saved.status, 200);
      const known = await hello(desk, { user: user('u-grace-2') });
      assert.equal(known.welcome.prechat, undefined);
      known.client.close();
      // An anonymous visitor who only claims a name is still asked.
      const anonymous = await hello(desk, { name: 'Grace' });
      assert.equal(anonymous.welcome.prechat?.fields.length, 2);
      anonymous.client.close();
    });

    it('outside-hours: shown only while the site is closed (never on a site without hours)', async () => {
      assert.equal((await desk.call('PUT', '/v1/admin/prechat-form', { ...form, when: 'outside-hours' })).status, 200);
      const noHours = await hello(desk);
      assert.equal(noHours.welcome.prechat, undefined);
      noHours.client.close();
      const automations = await desk.call('PUT', '/v1/admin/automations', {
        botName: 'Ada',
        hours: {
          timezone: 'Europe/Paris',
          weekly: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })),
          holidays: [],
        },
        welcome: { enabled: false, texts: {} },
        away: { enabled: false, texts: {}, emailTexts: {} },
        csat: { enabled: false, texts: {} },
      });
      assert.equal(automations.status, 200, JSON.stringify(automations.body));
      const open = await hello(desk);
      assert.equal(open.welcome.hours?.open, true);
      assert.equal(open.welcome.prechat, undefined);
      open.client.close();
      clock.now = mondayNight;
      const closed = await hello(desk);
      assert.equal(closed.welcome.hours?.open, false);
      assert.equal(closed.welcome.prechat?.fields.length, 5);
      closed.client.close();
      clock.now = mondayNoon;
    });

    it('keeps each site’s form to itself; the save is audited; an empty form removes it', async () => {
      assert.deepEqual((await desk.call('GET', '/v1/admin/prechat-form', undefined, other.token)).body, {
        when: 'always',
        fields: [],
      });
      const theirs = await hello(desk, {}, other.siteKey);
      assert.equal(theirs.welcome.prechat, undefined);
      // The other site has no form: values sent there are refused, nothing taken from this site's form.
      const answer = await give(theirs.client, { name: 'Eve' });
      assert.equal(answer.type, 'error');
      assert.match(answer.message!, /the site has no pre-chat form/);
      theirs.client.close();
      const audit = await desk.call('GET', '/v1/admin/audit?limit=50');
      assert.ok(audit.body.items.some((item: { action: string }) => item.action === 'prechat-form.update'));
      assert.equal((await desk.call('PUT', '/v1/admin/prechat-form', { when: 'always', fields: [] })).status, 200);
      const none = await hello(desk);
      assert.equal(none.welcome.prechat, undefined);
      none.client.close();
    });
  });
}
