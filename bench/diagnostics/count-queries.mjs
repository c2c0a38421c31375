// Counts the SQL statements a relay on PostgreSQL sends, by statement, for a bench run:
//
//   NODE_OPTIONS="--import ./bench/diagnostics/count-queries.mjs" node bench/run.mjs --only d --peers parley-pg
//
// Loaded into every process of the run (NODE_OPTIONS is inherited); only relay processes (packages/relay/dist/main.js)
// count. Each writes `parley-queries-<pid>.json` to the system temporary directory twice a second while it runs:
// [statement (its first 90 characters, whitespace folded), count] pairs, most frequent first. In (d) the relay
// started after the kill is the newer file.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (process.argv[1]?.endsWith(join('relay', 'dist', 'main.js'))) {
  const require = createRequire(new URL('../../packages/relay/package.json', import.meta.url));
  const { Client } = require('pg');
  const counts = new Map();
  const query = Client.prototype.query;
  Client.prototype.query = function (statement, ...rest) {
    const text = typeof statement === 'string' ? statement : (statement?.text ?? '(a query object)');
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 90);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return query.call(this, statement, ...rest);
  };
  const file = join(tmpdir(), `parley-queries-${process.pid}.json`);
  const write = () =>
    writeFileSync(
      file,
      JSON.stringify(
        [...counts].sort((a, b) => b[1] - a[1]),
        null,
        1,
      ),
    );
  setInterval(write, 500).unref();
}
