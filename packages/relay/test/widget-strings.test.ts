// A site's own words in its widget (issue #85) on SQLite: the scenarios PostgreSQL runs too (widget-strings-scenarios.ts).
import { startDesk } from './support/desk.js';
import { WIDGET_STRINGS_DESK, widgetStringsScenarios } from './widget-strings-scenarios.js';

widgetStringsScenarios(() => startDesk(WIDGET_STRINGS_DESK));
