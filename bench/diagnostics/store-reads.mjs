#!/usr/bin/env node
// A diagnostic, never a result: what the SQLite store's short reads cost the event loop, each timed alone (they are
// synchronous: wall time is the thread's), in a store of 5,000 messages over 50 conversations:
//
// - `idsAfter`: the message log's read of its next 115 ids (`messageIdsAfter`), each right after a commit of 20
//   messages, as the webhooks consumer reads in (a);
// - `after` and `before`: a page of 50 messages of a conversation from a random place (`messagesAfter`,
//   `messagesBefore`), as a resuming client and the history's scroll read them.
//
// Prints µs a read, the median of `rounds` rounds of 2,000 reads each. Run it on two checkouts, alternating, to
// compare them (docs/performance.md, "Statements prepared again on every run").
//
//   node bench/diagnostics/store-reads.mjs [--dir CHECKOUT] [--rounds 5]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { commandLine } from '../../scripts/command-line.mjs';
import { benchMessage, openBenchStore } from './bench-store.mjs';

const { values } = commandLine({
  name: 'store-reads',
  usage: 'Usage: node bench/diagnostics/store-reads.mjs [--dir CHECKOUT] [--rounds 5]',
  options: { dir: { type: 'string', default: '.' }, rounds: { type: 'string', default: '5' } },
});
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1)
  throw new Error(`--rounds is a whole number from 1 (got ${values.rounds})`);
const CONVERSATIONS = 50;
const READS = 2000;

const work = mkdtempSync(join(tmpdir(), 'store-reads-'));
const store = await openBenchStore(join(work, 'db'), {}, resolve(values.dir));
let n = 0;
const append = (count) =>
  Promise.all(Array.from({ length: count }, () => store.append(benchMessage(n++, CONVERSATIONS))));
for (let i = 0; i < 50; i++) await append(100);

/** µs a call of `read`, over `READS` calls, with `between` awaited before each (not timed). */
async function timed(read, between) {
  let ns = 0n;
  for (let i = 0; i < READS; i++) {
    if (between) await between();
    const started = process.hrtime.bigint();
    await read(i);
    ns += process.hrtime.bigint() - started;
  }
  return Number(ns) / READS / 1000;
}

// A seeded walk, the same for every checkout: the conversation and the place each page reads from.
const place = (i) => ({ conversation: `c${(i * 7) % CONVERSATIONS}`, seq: 1 + ((i * 37) % 90) });
const figures = { idsAfter: [], after: [], before: [] };
for (let round = 0; round < rounds; round++) {
  figures.idsAfter.push(
    await timed(
      () => store.messageIdsAfter(n - 25, 115),
      () => append(20),
    ),
  );
  figures.after.push(await timed((i) => store.messagesAfter(place(i).conversation, place(i).seq, 50)));
  figures.before.push(await timed((i) => store.messagesBefore(place(i).conversation, place(i).seq + 50, 50)));
}
await store.close();
rmSync(work, { recursive: true, force: true });
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
console.log(
  JSON.stringify({
    dir: values.dir,
    rounds,
    usPerRead: Object.fromEntries(
      Object.entries(figures).map(([name, list]) => [name, Number(median(list).toFixed(1))]),
    ),
  }),
);
