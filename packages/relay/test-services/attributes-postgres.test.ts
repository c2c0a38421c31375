/**
 * Custom attributes on PostgreSQL with two relays (issue #40, docs/attributes.md): the scenarios of
 * attributes-scenarios.ts, written through one relay and read through the other.
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
} from '../test/attributes-scenarios.js';
import { verifiedCase } from '../test/attributes-verified-scenarios.js';
import { identitySecret, startDesk, type Desk } from '../test/support/desk.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_attributes');

describe('custom attributes (PostgreSQL, two relays)', () => {
  let relays: Desk[] = [];
  let agent: string;
  const both = () => ({ relays });

  before(async () => {
    const { connectionString } = await schemas.create('two');
    const options = {
      identitySecret,
      relaySecret: 'relay-secret-attributes-pg-0123456789abcdef',
      dataKey: Buffer.alloc(32, 7).toString('base64'),
      ipRateLimitPerSecond: 0,
      // The scenarios make a few hundred admin calls in a second with one token: the admin rate limit is not under test.
      adminRateLimitBurst: 0,
      // Nor the exports' (the contact's export, and the reports' per-conversation export read three times).
      adminExportsPerHour: 0,
      newConversationsPerAddressPerHour: 10_000,
      store: 'postgres' as const,
      databaseUrl: connectionString,
      outboxTiming: { pollMs: 50 },
    };
    relays = [await startDesk(options), await startDesk(options)];
    agent = (await relays[0]!.agent('Ana')).token;
    await defineAll(relays[0]!);
  });
  after(async () => {
    for (const relay of relays) await relay.close();
    await schemas.dropAll();
  });

  it('definitions: made, checked, changed, deleted; admins write, agents read', () => definitionsCase(both(), agent));
  it('values from the admin API: checked by type, all or nothing, cleared, audited, per site', () =>
    valuesCase(both(), agent));
  it('identify(): signed values verified, unsigned ones claims that never replace them', () => identifyCase(both()));
  it('the conversation list filters by attribute, counts included; bad filters are named', () => filterCase(both()));
  it('the list’s search finds conversations by their attribute values and their contact’s; the export holds them', () =>
    searchCase(both()));
  it('verified values only: the list’s filter, its search and saved views leave claims out', () =>
    verifiedCase(both()));
  it('rules: conditions on attributes', () => rulesCase(both()));
  it('a breakdown by a list attribute; erasure, archiving and deletion', () => breakdownAndErasureCase(both()));
});
