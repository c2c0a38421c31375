import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findMentions, mentionRanges } from '../src/index.js';

const team = [
  { id: 'ana', name: 'Ana' },
  { id: 'ana-lima', name: 'Ana Lima' },
  { id: 'bo', name: 'Bo' },
  { id: 'zoe', name: 'Zoë Ångström' },
];

describe('findMentions', () => {
  it('finds each member named after an @, once, in the order first mentioned', () => {
    assert.deepEqual(findMentions('@Bo can you look? cc @ana and @bo', team), ['bo', 'ana']);
  });

  it('takes the longest name that fits', () => {
    assert.deepEqual(findMentions('@Ana Lima please', team), ['ana-lima']);
    assert.deepEqual(findMentions('@Ana, not Lima', team), ['ana']);
  });

  it('needs the name to end there: @Anabel and @Bob mention nobody', () => {
    assert.deepEqual(findMentions('@Anabel and @Bob', team), []);
  });

  it('ignores an @ inside a word, such as an email address', () => {
    assert.deepEqual(findMentions('write to bo@example.com or ana@bo', team), []);
  });

  it('matches names beyond ASCII, case-insensitively, and at the end of the text', () => {
    assert.deepEqual(findMentions('thanks @zoë ångström', team), ['zoe']);
    assert.deepEqual(findMentions('(@Bo)', team), ['bo']);
  });

  it('finds nothing without an @ or without members', () => {
    assert.deepEqual(findMentions('Ana and Bo', team), []);
    assert.deepEqual(findMentions('@Ana', []), []);
  });
});

describe('mentionRanges', () => {
  it('says where each mention is, as written, twice when written twice; the rule is findMentions’s', () => {
    const text = 'cc @ANA LIMA and @Bo, @bo again; bo@example.com, @Bob';
    const ranges = mentionRanges(text, team);
    assert.deepEqual(
      ranges.map((range) => [range.id, text.slice(range.start, range.end)]),
      [
        ['ana-lima', '@ANA LIMA'],
        ['bo', '@Bo'],
        ['bo', '@bo'],
      ],
    );
    assert.deepEqual(findMentions(text, team), ['ana-lima', 'bo']);
  });

  it('has none where lower-casing moves the offsets (İ), though findMentions still reads the ids', () => {
    assert.deepEqual(mentionRanges('İ @Bo', team), []);
    assert.deepEqual(findMentions('İ @Bo', team), ['bo']);
    assert.deepEqual(mentionRanges('no at sign', team), []);
  });
});
