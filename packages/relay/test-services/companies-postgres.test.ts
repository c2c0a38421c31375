/**
 * Companies on PostgreSQL with two relays (issue #86, docs/companies.md): the scenarios of companies-scenarios.ts,
 * written through one relay and read through the other.
 */
import { after, before, describe, it } from 'node:test';
import { agentCase, identifyCase, pageCase, rulesCase, staffCase, tenantCase } from '../test/companies-scenarios.js';
import { identitySecret, startDesk, type Desk } from '../test/support/desk.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_companies');

describe('companies (PostgreSQL, two relays)', () => {
  let relays: Desk[] = [];
  let agent: string;
  const both = () => ({ relays });

  before(async () => {
    const { connectionString } = await schemas.create('two');
    const options = {
      identitySecret,
      relaySecret: 'relay-secret-companies-pg-0123456789abcdef',
      dataKey: Buffer.alloc(32, 7).toString('base64'),
      ipRateLimitPerSecond: 0,
      adminRateLimitBurst: 0,
      newConversationsPerAddressPerHour: 10_000,
      store: 'postgres' as const,
      databaseUrl: connectionString,
    };
    relays = [await startDesk(options), await startDesk(options)];
    agent = (await relays[0]!.agent('Ana')).token;
  });
  after(async () => {
    for (const relay of relays) await relay.close();
    await schemas.dropAll();
  });

  it('staff make, find, edit and delete companies; bad bodies are named and change nothing', () => staffCase(both()));
  it('identify(): a signed company is the site’s word; an unsigned claim never replaces it', () =>
    identifyCase(both()));
  it('a company’s page, the list’s filter, the export, erasure and deletion', () => pageCase(both()));
  it('another site sees and reaches none of it', () => tenantCase(both()));
  it('rules test a conversation’s company; another site’s is refused', () => rulesCase(both()));
  it('agents work with companies; deleting one takes contacts.manage', () => agentCase(both(), agent));
});
