import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningRelay } from '../src/index.js';
import { TestClient } from './support/client.js';
import { call, siteKey, startDesk } from './support/desk.js';

// Issue #36, point 14: what a connected visitor is told of the desk changes live — an agent set to Offline stops
// counting as online, and new business hours reach them without a reload.

// Tuesday 24 November 2026, 07:00 in New York: the desk opens at 09:00.
const tuesdayMorning = Date.parse('2026-11-24T12:00:00Z');
const opensAt = Date.parse('2026-11-24T14:00:00Z');
const hours = {
  timezone: 'America/New_York',
  weekly: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })),
  holidays: [],
};
const automations = {
  botName: 'Ada',
  hours: null,
  welcome: { enabled: false, texts: {} },
  away: { enabled: false, texts: {}, emailTexts: {} },
  csat: { enabled: false, texts: {} },
};

/** Forgets the frames received so far, so that `next` waits for a new one. */
function forget(client: TestClient): void {
  client.frames.length = 0;
}

describe('live presence', () => {
  let relay: RunningRelay;
  before(async () => {
    relay = await startDesk({ ipRateLimitPerSecond: 0, clock: () => tuesdayMorning });
  });
  after(() => relay.close());

  it('stops counting an agent set to Offline at once, and counts them again when Online', async () => {
    const created = await call(relay, 'POST', '/v1/admin/tokens', { name: 'Ana', role: 'agent' });
    assert.equal(created.status, 201);
    const token: string = created.body.token;
    const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    const agents: TestClient[] = [];
    try {
      assert.equal(welcome.staffOnline, 0);
      agents.push((await TestClient.hello(relay.wsUrl, { staffToken: token })).client);
      await visitor.next('presence', (frame) => frame.staffOnline === 1);
      forget(visitor);
      const offline = await call(relay, 'PUT', '/v1/admin/me/availability', { availability: 'offline' }, token);
      assert.equal(offline.status, 200);
      // The last available agent went Offline: connected visitors hear it, without anyone disconnecting.
      await visitor.next('presence', (frame) => frame.staffOnline === 0);
      // A second connection of theirs while Offline does not count either, nor for a visitor arriving now.
      agents.push((await TestClient.hello(relay.wsUrl, { staffToken: token })).client);
      const late = await TestClient.hello(relay.wsUrl, { siteKey });
      assert.equal(late.welcome.staffOnline, 0);
      late.client.close();
      forget(visitor);
      assert.equal(
        (await call(relay, 'PUT', '/v1/admin/me/availability', { availability: 'online' }, token)).status,
        200,
      );
      await visitor.next('presence', (frame) => frame.staffOnline === 2);
      // An admin setting someone Offline from the routing page counts the same.
      forget(visitor);
      const patched = await call(relay, 'PATCH', `/v1/admin/routing/staff/${created.body.id}`, {
        availability: 'offline',
      });
      assert.equal(patched.status, 200);
      await visitor.next('presence', (frame) => frame.staffOnline === 0);
    } finally {
      for (const agent of agents) agent.close();
      visitor.close();
    }
  });

  it('tells connected visitors new business hours, and that there are none any more', async () => {
    const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v2' });
    try {
      assert.equal(welcome.hours, undefined);
      const saved = await call(relay, 'PUT', '/v1/admin/automations', { ...automations, hours });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      const changed = await visitor.next('presence', (frame) => frame.hours !== undefined);
      assert.deepEqual(changed.hours, { open: false, until: opensAt });
      // Saving the same hours again sends nothing; removing them says so.
      forget(visitor);
      assert.equal((await call(relay, 'PUT', '/v1/admin/automations', { ...automations, hours })).status, 200);
      assert.equal((await call(relay, 'PUT', '/v1/admin/automations', automations)).status, 200);
      const removed = await visitor.next('presence', (frame) => frame.hours !== undefined);
      assert.equal(removed.hours, null);
      assert.equal(visitor.frames.filter((frame) => frame.type === 'presence').length, 1);
    } finally {
      visitor.close();
    }
  });
});
