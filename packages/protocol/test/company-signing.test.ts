import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { companySigningText } from '../src/index.js';

// What a site's backend signs to vouch for a user's company (docs/companies.md): one canonical text, whatever order
// the page wrote the company's members in.

describe('companySigningText', () => {
  it('sorts keys at every level, leaves absent members out and writes values as JSON.stringify does', () => {
    assert.equal(
      companySigningText('u_42', {
        name: 'Acme "Inc."',
        id: 'acme',
        attributes: { seats: 120, plan: 'Pro', trial: false, gone: null },
      }),
      'parley-company:v1\nu_42\n{"attributes":{"gone":null,"plan":"Pro","seats":120,"trial":false},"id":"acme","name":"Acme \\"Inc.\\""}',
    );
    assert.equal(companySigningText('u_42', { id: 'acme', name: undefined }), 'parley-company:v1\nu_42\n{"id":"acme"}');
  });

  it('differs for another user, another company or another value', () => {
    const base = companySigningText('u_1', { id: 'acme', attributes: { plan: 'Pro' } });
    assert.notEqual(base, companySigningText('u_2', { id: 'acme', attributes: { plan: 'Pro' } }));
    assert.notEqual(base, companySigningText('u_1', { id: 'acm', attributes: { plan: 'Pro' } }));
    assert.notEqual(base, companySigningText('u_1', { id: 'acme', attributes: { plan: 'Free' } }));
  });
});
