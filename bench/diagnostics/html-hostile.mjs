#!/usr/bin/env node
// A diagnostic, never a result: how long the relay takes to read 1 MiB hostile HTML replies (issue #38), each
// shape timed twice: the HTML converter alone (`htmlReplyText`, quotes dropped, the whole HTML converted again
// when that leaves nothing) and the whole way from the raw email to the stored reply (`rawReplyText`: MIME split,
// charset, HTML to text, quotes stripped), base64-encoded as a mail program would send it. Each figure is the
// median and the slowest of the runs after one warm-up; the converter's median must stay under 50 ms for every
// shape (the slowest run says more about the machine's other work than about the code: the load is printed).
//
//   npm run build && node bench/diagnostics/html-hostile.mjs [--runs 15]
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { htmlReplyText } from '../../packages/relay/dist/inbound-email/html-text.js';
import { rawReplyText } from '../../packages/relay/dist/inbound-email/inbound-message.js';
import { commandLine } from '../../scripts/command-line.mjs';

const USAGE = `Usage: node bench/diagnostics/html-hostile.mjs [--runs 15]   (after npm run build)

A diagnostic: the time to read 1 MiB hostile HTML replies, the converter alone and the whole way from raw MIME.

  --runs N   timed runs per shape, after one warm-up (default 15)`;

const { values } = commandLine({
  name: 'html-hostile',
  usage: USAGE,
  options: { runs: { type: 'string', default: '15' } },
  check: ({ values }) => {
    if (!/^[1-9]\d{0,3}$/.test(values.runs)) throw new Error('--runs takes a whole number from 1 to 9999');
  },
});
const runs = Number(values.runs);
const mib = 1024 * 1024;
const fill = (unit) => unit.repeat(Math.ceil(mib / unit.length)).slice(0, mib);
const budgetMs = 50;

/** The hostile shapes, each 1 MiB (give or take a tag). */
const shapes = {
  'deep nesting (<div> x 209,716)': fill('<div>'),
  'unclosed <p>': fill('<p>x'),
  'unclosed <span> in <p>': fill('<p><span>x'),
  'one huge attribute': `<div class="${'a'.repeat(mib)}">x</div>`,
  'one huge href': `<a href="https://${'a'.repeat(mib)}">x</a>`,
  'huge quote class': `<div class="yahoo_quoted${' x'.repeat(mib / 2)}">q</div>a`,
  'many attributes': `<div ${fill('a=b ')}>x</div>`,
  'many <': fill('<'),
  'many </': fill('</'),
  'a long entity': `&${'a'.repeat(mib)};`,
  'many entities': fill('&eacute;'),
  'a huge tag name': `<${'b'.repeat(mib)}>x`,
  'unclosed comment': `<!--${'-'.repeat(mib)}`,
  'many quote blocks': fill('<blockquote type="cite">q</blockquote>a'),
  'nested quotes': fill('<blockquote class="gmail_quote"><blockquote type="cite">'),
  'only quote blocks (converted twice)': fill('<blockquote class="gmail_quote">q</blockquote>'),
};

/** `work`'s result, or what it threw (deep nesting is refused with an error: that is its outcome, timed too). */
function attempt(work) {
  try {
    return work();
  } catch (error) {
    return error;
  }
}

function time(work) {
  attempt(work);
  const times = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    attempt(work);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], max: times.at(-1) };
}

function timeAsync(work) {
  return (async () => {
    await work().catch((error) => error);
    const times = [];
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      await work().catch((error) => error);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return { median: times[Math.floor(times.length / 2)], max: times.at(-1) };
  })();
}

const rows = [];
let over = 0;
for (const [name, html] of Object.entries(shapes)) {
  const converter = time(() => htmlReplyText(html));
  const base64 = Buffer.from(html).toString('base64').replace(/.{76}/g, '$&\r\n');
  const raw = Buffer.from(
    `From: jane@example.com\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n` +
      `Content-Transfer-Encoding: base64\r\n\r\n${base64}\r\n`,
  );
  const whole = await timeAsync(() => rawReplyText(raw));
  if (converter.median >= budgetMs) over += 1;
  rows.push({
    shape: name,
    'converter median ms': converter.median.toFixed(1),
    'converter max ms': converter.max.toFixed(1),
    'raw → reply median ms': whole.median.toFixed(1),
    'raw → reply max ms': whole.max.toFixed(1),
  });
}
console.table(rows);
const load = loadavg()
  .map((average) => average.toFixed(2))
  .join(' ');
console.log(
  `${runs} runs per shape, load average ${load} on ${availableParallelism()} cores; converter median budget ` +
    `${budgetMs} ms: ${over === 0 ? 'every shape under it' : `${over} over it`}`,
);
process.exitCode = over === 0 ? 0 : 1;
