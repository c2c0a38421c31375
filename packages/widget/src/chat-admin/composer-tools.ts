import { ranked, type ComposerTool } from './outlets.js';
import { CONTRIBUTED } from './composer-tools.generated.js';

/**
 * The composer tools outlet: what features add to `<chat-admin-composer>`, above its form or beside its Send, each
 * declared by its folder (`composer-tool.ts`, outlets.ts). The composer is a chunk of its own (fetched when the first
 * conversation is shown), and each tool's element another, so a tool adds nothing to the inbox's first load.
 */
export const COMPOSER_TOOLS: readonly ComposerTool[] = ranked(CONTRIBUTED);
