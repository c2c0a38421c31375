/**
 * The campaigns' lazy part (docs/campaigns.md): the bubble's code and styles, built as `campaign-bubble.<hash>.js`
 * and fetched by the site's loader when a campaign fires, so that a page where none fires pays only for the rules
 * and their evaluator. It hands `showBubble` to the loader under a global symbol.
 */
import { showBubble } from './campaign-bubble.js';

(globalThis as { [key: symbol]: unknown })[Symbol.for('parley.campaigns.bubble')] = showBubble;
