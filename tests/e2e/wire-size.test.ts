// What a visitor's browser really downloads from the relay (issue #21): the same measurement as `npm run size`,
// in headless Chromium against the built relay, with its figures printed and its budgets asserted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WIRE_BUDGETS, measureWire, reportWire } from '../../scripts/wire-size.mjs';

describe('the widget and inbox on the wire', () => {
  it('stay within their budgets, compressed, and a repeat visit downloads no widget byte again', async () => {
    const result = await measureWire();
    const report = reportWire(result);
    process.stdout.write(`${report.text}\n`);
    const [loader, ...rest] = result.opened.files;
    assert.equal(loader?.path, '/widget.js');
    for (const file of [loader!, ...rest]) assert.equal(file.encoding, 'br', `${file.path} is sent compressed`);
    assert.ok(result.closed.bytes <= WIRE_BUDGETS.closed, `(1) ${result.closed.bytes} B`);
    assert.ok(result.opened.bytes <= WIRE_BUDGETS.opened, `(2) ${result.opened.bytes} B`);
    assert.ok(result.repeat.bytes <= WIRE_BUDGETS.repeat, `(3) ${result.repeat.bytes} B`);
    assert.deepEqual(
      result.repeat.files.filter((file) => file.status === 200 && file.bytes > 0).map((file) => file.path),
      [],
      'no widget file downloaded again',
    );
    assert.ok(result.inbox.bytes <= WIRE_BUDGETS.inbox, `(4) ${result.inbox.bytes} B`);
    // A site with live campaigns gets the campaigns' loader (its rules in the first line), within its own budget;
    // the one without (1) gets the plain loader.
    assert.ok(result.campaigns.bytes <= WIRE_BUDGETS.campaigns, `(5) ${result.campaigns.bytes} B`);
    assert.deepEqual(
      result.campaigns.files.map((file) => file.path),
      ['/widget.js'],
      'the campaigns’ loader and nothing else until one fires',
    );
    assert.ok(result.campaigns.bytes > result.closed.bytes, 'the campaigns’ loader is the one served');
    assert.ok(report.ok);
  });
});
