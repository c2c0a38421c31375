/**
 * Export a conversation (issue #40, docs/export.md) on PostgreSQL: the same scenarios as on SQLite
 * (`test/export-scenarios.ts`), against a relay on a schema of its own.
 */
import { after, describe } from 'node:test';
import { exportScenarios } from '../test/export-scenarios.js';
import { startDesk } from '../test/support/desk.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_export');

describe('export a conversation (PostgreSQL)', () => {
  exportScenarios(async () => {
    const { connectionString } = await schemas.create('desk');
    return startDesk({ ipRateLimitPerSecond: 0, store: 'postgres', databaseUrl: connectionString });
  });
  // After the scenarios' own `after`, which closes the relay on the schema.
  after(() => schemas.dropAll());
});
