/** What a reply does to its conversation, on SQLite (issue #81); PostgreSQL runs the same suite. */
import { replyEffectsSuite } from './support/reply-effects-suite.js';

replyEffectsSuite('SQLite', () => ({}));
