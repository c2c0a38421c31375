// A site's pre-chat form (issue #86) on SQLite: the scenarios PostgreSQL runs too (prechat-form-scenarios.ts).
import { startDesk } from './support/desk.js';
import { prechatDesk, prechatFormScenarios } from './prechat-form-scenarios.js';

prechatFormScenarios((clock) => startDesk(prechatDesk(clock)));
