/**
 * Custom attributes on SQLite (issue #40, docs/attributes.md): the scenarios of attributes-scenarios.ts against one
 * relay, in order (each builds on the definitions the first made).
 */
import { after, before, describe, it } from 'node:test';
import {
  breakdownAndErasureCase,
  defineAll,
  definitionsCase,
  filterCase,
  searchCase,
  identifyCase,
  rulesCase,
  valuesCase,
} from './attributes-scenarios.js';
import { verifiedCase } from './attributes-verified-scenarios.js';
import { identitySecret, startDesk, type Desk } from './support/desk.js';

describe('custom attributes (SQLite)', () => {
  let relay: Desk;
  let agent: string;
  const relays = () => ({ relays: [relay] });

  before(async () => {
    relay = await startDesk({
      identitySecret,
      ipRateLimitPerSecond: 0,
      // The scenarios make a few hundred admin calls in a second with one token: the admin rate limit is not under test.
      adminRateLimitBurst: 0,
      // Nor the exports' (the contact's export, and the reports' per-conversation export read three times).
      adminExportsPerHour: 0,
      newConversationsPerAddressPerHour: 10_000,
      outboxTiming: { pollMs: 50 },
    });
    agent = (await relay.agent('Ana')).token;
    await defineAll(relay);
  });
  after(async () => {
    await relay.close();
  });

  it('definitions: made, checked, changed, deleted; admins write, agents read', () => definitionsCase(relays(), agent));
  it('values from the admin API: checked by type, all or nothing, cleared, audited, per site', () =>
    valuesCase(relays(), agent));
  it('identify(): signed values verified, unsigned ones claims that never replace them', () => identifyCase(relays()));
  it('the conversation list filters by attribute, counts included; bad filters are named', () => filterCase(relays()));
  it('the list’s search finds conversations by their attribute values and their contact’s; the export holds them', () =>
    searchCase(relays()));
  it('verified values only: the list’s filter, its search and saved views leave claims out', () =>
    verifiedCase(relays()));
  it('rules: conditions on attributes', () => rulesCase(relays()));
  it('a breakdown by a list attribute; erasure, archiving and deletion', () => breakdownAndErasureCase(relays()));
});
