// The English of this folder's strings, under their keys of AdminStrings: what a translator translates, into
// a file beside this one named by the language's tag (docs/translations.md, "The inbox").
export { routingEn as routingPage } from '../routing-strings.js';
