import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findMentions } from '../src/index.js';

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
