/**
 * The shape a SAML response must have before it is parsed (the 50 ms rule): real responses pass; nests, floods of
 * elements or attributes and document type declarations are refused. The event loop's side is in slow-input.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_SAML_ATTRIBUTES,
  MAX_SAML_DEPTH,
  MAX_SAML_ELEMENTS,
  MAX_SAML_SIGNATURES,
  samlShapeError,
} from '../src/sso/saml-shape.js';

const open = '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r1">';
const close = '</samlp:Response>';

/** A response as an IdP sends one: a signed assertion with `groups` group memberships. */
function realistic(groups: number): string {
  const values = Array.from({ length: groups }, (_, i) => `<saml:AttributeValue>group-${i}</saml:AttributeValue>`);
  return `<?xml version="1.0" encoding="UTF-8"?>${open}<!-- made by an IdP --><saml:Issuer>https://idp.example/</saml:Issuer>
<saml:Assertion ID="_a1" Version="2.0"><ds:Signature><ds:SignedInfo><ds:Reference URI="#_a1"><ds:Transforms>
<ds:Transform Algorithm="x"/></ds:Transforms><ds:DigestValue>abc=</ds:DigestValue></ds:Reference></ds:SignedInfo>
<ds:SignatureValue>c2lnbmF0dXJl==</ds:SignatureValue></ds:Signature><saml:Subject><saml:NameID>ann@acme.test</saml:NameID>
</saml:Subject><saml:AttributeStatement><saml:Attribute Name="groups">${values.join('')}</saml:Attribute>
<saml:Attribute Name="note"><saml:AttributeValue><![CDATA[<not a tag>]]></saml:AttributeValue></saml:Attribute>
</saml:AttributeStatement></saml:Assertion>${close}`;
}

describe('SAML response shapes', () => {
  it('lets through what IdPs send, with a hundred groups, comments and CDATA', () => {
    assert.equal(samlShapeError(realistic(0)), undefined);
    assert.equal(samlShapeError(realistic(150)), undefined);
  });

  it('refuses too many elements, too deep, too many attributes, and any DTD', () => {
    const flat = (n: number) => open + '<a/>'.repeat(n) + close;
    assert.equal(samlShapeError(flat(MAX_SAML_ELEMENTS - 1)), undefined, 'at the bound');
    assert.match(samlShapeError(flat(MAX_SAML_ELEMENTS))!, /more than 600 elements/);
    const nested = (n: number) => open + '<a>'.repeat(n) + '</a>'.repeat(n) + close;
    assert.equal(samlShapeError(nested(MAX_SAML_DEPTH - 1)), undefined);
    assert.match(samlShapeError(nested(MAX_SAML_DEPTH))!, /nested more than 40 deep/);
    const attributes = `<samlp:Response ${Array.from({ length: MAX_SAML_ATTRIBUTES + 1 }, (_, i) => `a${i}="v"`).join(' ')}>`;
    assert.match(samlShapeError(attributes + close)!, /more than 1500 attributes/);
    assert.match(
      samlShapeError(`<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>${open}&b;${close}`)!,
      /document type declaration/,
    );
    const signed = (n: number) => open + '<ds:Signature><ds:SignedInfo/></ds:Signature>'.repeat(n) + close;
    assert.equal(samlShapeError(signed(MAX_SAML_SIGNATURES)), undefined);
    assert.match(samlShapeError(signed(MAX_SAML_SIGNATURES + 1))!, /more than 4 signatures/);
    assert.match(samlShapeError(`${open}<!-- never closed`)!, /unclosed comment/);
    assert.match(samlShapeError(`${open}<a b="c"`)!, /unclosed tag/);
  });
});
