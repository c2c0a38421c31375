import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { watchStall, type Stall } from './loop-probe.js';
import type { RelayProcess } from './relay-process.js';

/** The promise: no input blocks the loop longer than this. */
export const BUDGET_MS = 50;

/** Measurements of one input, at most: a stall seen in each of them is the input's; one seen once is the machine's. */
const ATTEMPTS = 3;

/**
 * Sends an input (`work`, given the attempt's number, so that each attempt sends a fresh one: an upload under a new
 * client id, a mail under a new Message-ID) while the probe watches, and asserts that an attempt stayed within
 * budget by both measures. A stall the input causes shows in every attempt; one from the machine (another process
 * on the two cores) does not, so up to three attempts are made. Every attempt's figures go to the test's output.
 * For the slow-input suites (`test/slow-input*.test.ts`), which run alone.
 */
export async function withinBudget(
  t: TestContext,
  relay: RelayProcess,
  input: string,
  work: (attempt: number) => Promise<unknown>,
): Promise<void> {
  const seen: string[] = [];
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const stall: Stall = await watchStall(relay, () => work(attempt));
    const detail = `probe gap ${stall.probeGapMs.toFixed(1)} ms, relay loop max ${stall.relayMaxMs.toFixed(1)} ms over ${stall.workMs.toFixed(0)} ms (${stall.probes} probes)`;
    t.diagnostic(`${input}: ${detail}`);
    seen.push(detail);
    assert.ok(stall.probes >= 3, `${input}: the probe saw too few answers — ${detail}`);
    if (stall.relayMaxMs < BUDGET_MS && stall.probeGapMs < BUDGET_MS) return;
  }
  assert.fail(`${input} held the event loop ${BUDGET_MS} ms or more in every attempt: ${seen.join('; ')}`);
}
