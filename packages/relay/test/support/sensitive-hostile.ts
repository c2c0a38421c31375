// Hostile inputs for the sensitive-data detector: 1 MiB each, shaped to make a careless scanner backtrack or
// rescan (long digit runs, long base64url runs, many dashes, many near-miss prefixes). Used by its test and by
// bench/diagnostics/sensitive-hostile.mjs.

const MIB = 1024 * 1024;

function fill(unit: string): string {
  return unit.repeat(Math.ceil(MIB / unit.length)).slice(0, MIB);
}

/** Each hostile shape by name, 1 MiB of text. */
export function hostileInputs(): Record<string, string> {
  return {
    'one digit run': fill('4'),
    'digits split by single spaces': fill('4 '),
    'digits split by single dashes': fill('4-'),
    'card-like groups, no end': fill('4242 '),
    'card-like groups failing Luhn': fill('4242 4242 4242 4241 '),
    'many dashes': fill('-'),
    'dashes and digits': fill('--1-2--3'),
    'SSN-like chain': fill('123-45-'),
    'one base64url run': fill('eyJhbGciOi'),
    'JWT-like dots': fill('eyJhbGciOi.'),
    'JWT prefixes split by spaces': fill('eyJ.a.b '),
    'AWS prefix run': fill('AKIA'),
    'AWS-like near misses': fill('AKIAAAAAAAAAAAAAAA '),
    'GitHub prefix run': fill('ghp_'),
    'Slack-like dashes': fill('xoxb-'),
    'IBAN-like run': fill('DE89'),
    'IBAN-like groups': fill('DE89 3704 '),
    'PEM BEGIN lines, no END': fill('-----BEGIN RSA PRIVATE KEY-----\n'),
    'PEM-like BEGIN near misses': fill('-----BEGIN AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA '),
    'fullwidth digits': fill('４'),
    'digits joined by zero-width spaces': fill('4\u200b'),
    'groups joined by soft hyphens': fill('4242\u00ad'),
    'figure spaces and tabs': fill('4242\u2007\t'),
    'Devanagari digits': fill('\u096a'),
    'mathematical digits': fill('\u{1d7d2}'),
    'format characters only': fill('\u200b\u200d\ufeff'),
    'every kind of space': fill('\u00a0\u1680\u2000\u2007\u200a\u202f\u205f\u3000'),
  };
}
