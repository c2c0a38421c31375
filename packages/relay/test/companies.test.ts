/**
 * Companies on SQLite (issue #86, docs/companies.md): the scenarios of companies-scenarios.ts against one relay, in
 * order (later ones find companies the first made).
 */
import { after, before, describe, it } from 'node:test';
import { agentCase, identifyCase, pageCase, rulesCase, staffCase, tenantCase } from './companies-scenarios.js';
import { identitySecret, startDesk, type Desk } from './support/desk.js';

describe('companies (SQLite)', () => {
  let relay: Desk;
  let agent: string;
  const relays = () => ({ relays: [relay] });

  before(async () => {
    relay = await startDesk({
      identitySecret,
      ipRateLimitPerSecond: 0,
      adminRateLimitBurst: 0,
      newConversationsPerAddressPerHour: 10_000,
    });
    agent = (await relay.agent('Ana')).token;
  });
  after(async () => {
    await relay.close();
  });

  it('staff make, find, edit and delete companies; bad bodies are named and change nothing', () => staffCase(relays()));
  it('identify(): a signed company is the site’s word; an unsigned claim never replaces it', () =>
    identifyCase(relays()));
  it('a company’s page, the list’s filter, the export, erasure and deletion', () => pageCase(relays()));
  it('another site sees and reaches none of it', () => tenantCase(relays()));
  it('rules test a conversation’s company; another site’s is refused', () => rulesCase(relays()));
  it('agents work with companies; deleting one takes contacts.manage', () => agentCase(relays(), agent));
});
