import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contactName, contactTag } from '../src/index.js';

describe('contactName', () => {
  it('is the name, else the email, else "Visitor #" and the end of the id', () => {
    assert.equal(contactName({ id: 'v_abcdefQx7b', name: 'Ada', email: 'a***@ex***.com' }), 'Ada');
    assert.equal(contactName({ id: 'v_abcdefQx7b', email: 'a***@ex***.com' }), 'a***@ex***.com');
    assert.equal(contactName({ id: 'v_abcdefQx7b' }), 'Visitor #Qx7b');
    assert.equal(
      contactName({ id: 'v_abcdefQx7b' }, (id) => `Visiteur #${contactTag(id)}`),
      'Visiteur #Qx7b',
    );
  });

  it('takes a blank name, or one of bidirectional controls only, for none; strips them from a name', () => {
    assert.equal(contactName({ id: 'v_1234', name: '  ', email: 'b***@ex***.com' }), 'b***@ex***.com');
    assert.equal(contactName({ id: 'v_1234', name: '\u202e\u2066' }), 'Visitor #1234');
    assert.equal(contactName({ id: 'v_1234', name: '\u202eAda\u202c ' }), 'Ada');
  });
});
