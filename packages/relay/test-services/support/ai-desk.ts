import type { StartOptions } from '../../src/index.js';
import { startDesk, type Desk } from '../../test/support/desk.js';
import type { TestSchema } from './postgres.js';

/**
 * A desk on `schema` as the AI tests start one: a data key (the provider's key is sealed with it), no per-address
 * limit, and the loopback model servers allowed (`PARLEY_AI_ALLOW_PRIVATE`); `options` add to it.
 */
export function startAiDesk(schema: TestSchema, options: StartOptions = {}): Promise<Desk> {
  return startDesk({
    store: 'postgres',
    databaseUrl: schema.connectionString,
    dataKey: Buffer.alloc(32, 7).toString('base64'),
    ipRateLimitPerSecond: 0,
    aiAllowPrivate: true,
    ...options,
  });
}
