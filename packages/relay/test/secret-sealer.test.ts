import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { SecretSealer } from '../src/store/secret-sealer.js';

const dataKey = () => randomBytes(32).toString('base64');

describe('SecretSealer', () => {
  it('opens what it sealed, again and again (remembered), and leaves a plaintext value as it is', () => {
    const sealer = new SecretSealer(dataKey());
    const stored = sealer.seal('is_secret_1');
    assert.ok(SecretSealer.isSealed(stored));
    assert.notEqual(sealer.seal('is_secret_1'), stored, 'a new IV every time');
    assert.equal(sealer.open(stored), 'is_secret_1');
    assert.equal(sealer.open(stored), 'is_secret_1');
    assert.equal(sealer.open('is_plain'), 'is_plain');
  });

  it('refuses an altered value and another data key, also after the genuine one was opened', () => {
    const sealer = new SecretSealer(dataKey());
    const stored = sealer.seal('is_secret_2');
    assert.equal(sealer.open(stored), 'is_secret_2');
    const raw = Buffer.from(stored.slice('sealed:v1:'.length), 'base64');
    const at = raw.length - 20;
    raw.writeUInt8(raw.readUInt8(at) ^ 1, at);
    const altered = `sealed:v1:${raw.toString('base64')}`;
    assert.throws(() => sealer.open(altered), /cannot be opened with this data key/);
    assert.throws(() => new SecretSealer(dataKey()).open(stored), /cannot be opened with this data key/);
  });

  it('keeps opening correctly past the number of values it remembers', () => {
    const sealer = new SecretSealer(dataKey());
    const values = Array.from({ length: 600 }, (_, i) => [`is_${i}`, sealer.seal(`is_${i}`)] as const);
    for (const [secret, stored] of values) assert.equal(sealer.open(stored), secret);
    for (const [secret, stored] of values.reverse()) assert.equal(sealer.open(stored), secret);
  });
});
