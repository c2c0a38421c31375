// The English of this folder's strings, under their keys of AdminStrings: what a translator translates, into
// a file beside this one named by the language's tag (docs/translations.md, "The inbox").
export { adminEn as shell } from '../admin-strings.js';
export { authEn as authPage } from '../auth-strings.js';
export { filesEn as filesPart } from '../files-strings.js';
export { settingsEn as settingsArea } from '../settings-strings.js';
export { teamEn as teamPage } from '../team-strings.js';
export { timelineEn as timeline } from '../timeline.js';
