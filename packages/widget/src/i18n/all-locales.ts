import { ar } from './ar.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { registerLocale } from './i18n.js';

// `@parley/widget` from npm: every built-in locale registered at import, so switching is synchronous there.
for (const [tag, strings] of Object.entries({ fr, es, ar })) registerLocale(tag, strings);
