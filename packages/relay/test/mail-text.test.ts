import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keptText, maxEmailTextLength, messageText } from '../src/inbound-email/mail-files.js';

// How much of an email's text a message keeps: bounded, so that what reads a stored message on the event loop
// (message safety's screening first) does bounded work; never cut inside a character.
describe('the text kept of an email', () => {
  it('is the whole text up to the bound', () => {
    const text = 'x'.repeat(maxEmailTextLength);
    assert.equal(keptText(text), text);
    assert.equal(messageText('short', [], 0), 'short');
  });

  it('is cut at the bound with a line saying how much was not kept', () => {
    const kept = keptText('y'.repeat(maxEmailTextLength + 1234));
    assert.ok(kept.startsWith('y'.repeat(maxEmailTextLength)));
    assert.match(kept, /\n\n\[The rest of this email was not kept: 1,234 more characters\]$/);
  });

  it('never splits a surrogate pair', () => {
    const text = `${'z'.repeat(maxEmailTextLength - 1)}😀${'z'.repeat(10)}`;
    const kept = keptText(text);
    const body = kept.slice(0, kept.indexOf('\n\n['));
    assert.equal(body, 'z'.repeat(maxEmailTextLength - 1));
    assert.match(kept, /12 more characters/);
  });
});
