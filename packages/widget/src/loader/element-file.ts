/**
 * The file name of the `<chat-widget>` bundle that the loader fetches from `widget/` next to itself. The build
 * (`scripts/bundle.mjs`) bundles the element first and puts its content-hashed name here
 * (`chat-widget.<hash>.js`), so the loader always asks for the element it was built with and a cached copy of
 * the element never outlives a release.
 */
export const ELEMENT_FILE: string = 'chat-widget.js';
