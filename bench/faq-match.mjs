#!/usr/bin/env node
// FAQ matching's cost (issue #17): how long one visitor message takes to match against a site's FAQ, with 1,000
// entries by default, and how long building the index takes. Runs the built relay's matcher
// (packages/relay/dist/automations/faq-matcher.js) in this process, on a generated FAQ: each entry a question,
// two phrasings and three keywords drawn from a vocabulary of common English words and 3,000 product words;
// messages are half a phrasing with words changed, half unrelated text.
//
//   node bench/faq-match.mjs [--entries 1000] [--messages 20000]
import { performance } from 'node:perf_hooks';
import { FaqIndex } from '../packages/relay/dist/automations/faq-matcher.js';
import { faqGenerator } from './lib/faq-entries.mjs';
import { commandLine } from '../scripts/command-line.mjs';

const USAGE = `Usage: node bench/faq-match.mjs [--entries 1000] [--messages 20000]   (after npm run build)

FAQ matching's cost: one visitor message matched against a generated FAQ, and the index's build.

  --entries N    FAQ entries (default 1000)
  --messages N   messages timed (default 20000)`;

const { values } = commandLine({
  name: 'faq-match',
  usage: USAGE,
  options: { entries: { type: 'string', default: '1000' }, messages: { type: 'string', default: '20000' } },
});
const entryCount = Number(values.entries);
const messageCount = Number(values.messages);

const faq = faqGenerator();
const entries = faq.entries(entryCount);
const messages = faq.messages(entries, messageCount);

const built = performance.now();
const index = new FaqIndex(entries);
const buildMs = performance.now() - built;

// Warm-up, then every message timed.
for (const message of messages.slice(0, 1000)) index.match(message, 'en');
const times = [];
let answered = 0;
let suggested = 0;
for (const message of messages) {
  const started = performance.now();
  const match = index.match(message, 'en');
  times.push((performance.now() - started) * 1000);
  if (match.answer) answered++;
  else if (match.suggestions.length > 0) suggested++;
}
times.sort((x, y) => x - y);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
console.log(
  JSON.stringify(
    {
      entries: entryCount,
      messages: messageCount,
      indexBuildMs: Math.round(buildMs * 10) / 10,
      matchMicros: {
        mean: Math.round((times.reduce((a, b) => a + b, 0) / times.length) * 10) / 10,
        p50: Math.round(at(0.5) * 10) / 10,
        p99: Math.round(at(0.99) * 10) / 10,
        max: Math.round(times[times.length - 1] * 10) / 10,
      },
      answered,
      suggested,
      neither: messageCount - answered - suggested,
    },
    null,
    2,
  ),
);
