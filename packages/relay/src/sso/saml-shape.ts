/**
 * What a SAML response may hold before it is parsed (the 50 ms rule): anyone can POST one to an ACS URL, and the
 * XML DOM parser the SAML library uses takes about 200 ms on 110 KB of nested elements, 90–330 ms on 19,000 empty
 * ones (measured on the development machine, two shared cores). A real response holds a few dozen to a few hundred
 * elements (an assertion with a hundred group memberships is about 300), a dozen levels deep, and never a document
 * type declaration.
 */

/**
 * Elements a response may hold: about 280 attribute values besides the rest (Entra ID sends at most 150 groups in a
 * SAML token). The library held a busy relay's loop 25–115 ms on 2,000 and up to 45 ms on 1,000.
 */
export const MAX_SAML_ELEMENTS = 600;
/** How deep its elements may nest. */
export const MAX_SAML_DEPTH = 40;
/** Attributes (counted as `=` inside tags, an upper bound) it may hold. */
export const MAX_SAML_ATTRIBUTES = 1500;
/**
 * Signatures it may hold: a response and its assertion are signed once each. The library looks signatures up by
 * XPath across the document, so 300 of them in 2,000 elements held the loop 50–65 ms where 2,000 attributes take 10.
 */
export const MAX_SAML_SIGNATURES = 4;

/**
 * Why `xml` is not shaped like a SAML response (too many elements or attributes, too deep, a DTD), or `undefined`.
 * One pass over the text, without parsing it: linear, about a millisecond for the largest response taken.
 */
export function samlShapeError(xml: string): string | undefined {
  let elements = 0;
  let depth = 0;
  let attributes = 0;
  let signatures = 0;
  for (let at = xml.indexOf('<'); at >= 0; at = xml.indexOf('<', at + 1)) {
    const next = xml.charCodeAt(at + 1);
    if (next === 0x21 /* ! */) {
      // A comment or CDATA is skipped whole; a DOCTYPE or ENTITY is refused (entities are how XML bombs expand).
      if (xml.startsWith('<!--', at)) {
        const end = xml.indexOf('-->', at + 4);
        if (end < 0) return 'an unclosed comment';
        at = end;
        continue;
      }
      if (xml.startsWith('<![CDATA[', at)) {
        const end = xml.indexOf(']]>', at + 9);
        if (end < 0) return 'an unclosed CDATA section';
        at = end;
        continue;
      }
      return 'a document type declaration';
    }
    if (next === 0x3f /* ? */) continue;
    if (next === 0x2f /* / */) {
      depth -= 1;
      continue;
    }
    const end = xml.indexOf('>', at);
    if (end < 0) return 'an unclosed tag';
    for (let i = at + 1; i < end; i++) if (xml.charCodeAt(i) === 0x3d /* = */) attributes += 1;
    elements += 1;
    if (isSignature(xml, at + 1, end) && ++signatures > MAX_SAML_SIGNATURES)
      return `more than ${MAX_SAML_SIGNATURES} signatures`;
    if (xml.charCodeAt(end - 1) !== 0x2f /* / */) depth += 1;
    if (elements > MAX_SAML_ELEMENTS) return `more than ${MAX_SAML_ELEMENTS} elements`;
    if (depth > MAX_SAML_DEPTH) return `elements nested more than ${MAX_SAML_DEPTH} deep`;
    if (attributes > MAX_SAML_ATTRIBUTES) return `more than ${MAX_SAML_ATTRIBUTES} attributes`;
    at = end;
  }
  return undefined;
}

/** Whether the tag whose name starts at `from` is a `Signature` (any prefix). */
function isSignature(xml: string, from: number, end: number): boolean {
  let stop = from;
  while (stop < end && !/[\s/>]/.test(xml[stop]!)) stop += 1;
  const name = xml.slice(from, stop);
  return name === 'Signature' || name.endsWith(':Signature');
}
