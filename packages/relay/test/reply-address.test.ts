import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conversationOfReplyAddress, replyAddress } from '../src/email/reply-address.js';

const secret = 'a-relay-secret-of-at-least-32-characters';

test('a reply address names its conversation, whatever the case a mail server gives it back in', () => {
  const address = replyAddress(secret, 'c_AbC-dEf_123456789', 'Mail.Example.com')!;
  assert.match(address, /^reply\+[0-9a-f]+-[0-9a-f]{16}@mail\.example\.com$/);
  assert.equal(conversationOfReplyAddress(secret, address, 'mail.example.com'), 'c_AbC-dEf_123456789');
  assert.equal(conversationOfReplyAddress(secret, address.toUpperCase(), 'mail.example.com'), 'c_AbC-dEf_123456789');
});

test('a forged, altered or foreign address names no conversation', () => {
  const address = replyAddress(secret, 'c_one', 'mail.example.com')!;
  const otherId = Buffer.from('c_two').toString('hex');
  const forged = address.replace(/\+[0-9a-f]+-/, `+${otherId}-`);
  assert.equal(conversationOfReplyAddress(secret, forged, 'mail.example.com'), undefined);
  assert.equal(
    conversationOfReplyAddress('another-secret-of-at-least-32-chars!!', address, 'mail.example.com'),
    undefined,
  );
  assert.equal(
    conversationOfReplyAddress(secret, address.replace('mail.example.com', 'evil.example'), 'mail.example.com'),
    undefined,
  );
  assert.equal(conversationOfReplyAddress(secret, 'support@mail.example.com', 'mail.example.com'), undefined);
  assert.equal(conversationOfReplyAddress(secret, 'reply+abc-0123@mail.example.com', 'mail.example.com'), undefined);
});

test('an id too long for a local part gets no address', () => {
  assert.equal(replyAddress(secret, `c_${'x'.repeat(40)}`, 'mail.example.com'), undefined);
});
