/*
 * The element's lazy parts: the one list of them. Each is a module fetched from beside the element's own script the
 * first time it is needed, and everything else derives from this object:
 *   - the build (scripts/bundle.mjs, through scripts/parts.mjs) bundles each entry into `widget/<file>.<hash>.js`,
 *     `<file>` being the module's name without `-part` (`safety-part.ts` → `safety`), a locale's `locale-<tag>`;
 *     the element's bundle imports that file, and the build fails on an `import()` of the element anywhere else;
 *   - `LazyParts` (lazy-parts.ts), the element (the link from an email) and the built-in locales (i18n/built-in.ts)
 *     load a part only through its entry here;
 *   - `npm run size` lists each part's bytes.
 * A new part is one line here (and its use): the served tree, the npm copy beside `dist/chat-widget.js` and the
 * size report follow. Each part is one line `export const <name> = () => import('./<module>.js');`, imported as
 * `import * as parts` (the bundle then calls the functions by their minified names): the build reads this file's
 * text.
 */

/** The quick-reply buttons, the rating form, opening hours' wording, the mark of an edited message. */
export const ui = () => import('./automation-ui.js');
/** The attachments: the composer's files, the drop target, each message's files, the lightbox. */
export const files = () => import('./attachments-part.js');
/** The header's menu and the "Get notified by email" card (issue #36): a relay that sends email. */
export const email = () => import('./email-part.js');
/** The composer's emoji picker: fetched on the first click of its button. */
export const emoji = () => import('./emoji-part.js');
/** The pre-chat and leave-a-message forms: fetched when one is shown. */
export const forms = () => import('./forms.js');
/** The Help tab and the articles suggested for a first message (issue #42): a site with a help center. */
export const help = () => import('./help-part.js');
/** The warning of sensitive data (issue #39), with the detector: a site that hides some, once the visitor types. */
export const safety = () => import('./safety-part.js');
/** The note of a text longer than a message holds (issue #81): the first time one is typed or pasted. */
export const longText = () => import('./long-text-part.js');
/** The notification chimes' notes: the first time a chime plays (the mute switch and the unlock stay in the element). */
export const chime = () => import('./chime-part.js');
/** Past conversations (issue #86): a returning visitor's, the header's button and its view. */
export const history = () => import('./history-part.js');
/** The site's own words over the locale's (issue #85): only when the welcome carries some. */
export const words = () => import('./string-overrides.js');
/** Following a link from an email (issue #16): only a page opened from one. */
export const visitorLink = () => import('./visitor-link.js');
/** The built-in locales other than English, the visitor's fetched before the element is defined. */
export const fr = () => import('../i18n/fr.js');
export const es = () => import('../i18n/es.js');
export const ar = () => import('../i18n/ar.js');
