/**
 * The parts of the relay the commands work with: its configuration (which reads every feature's section), its
 * stores and migrations, the server. A command imports them (`relayParts()`) once its arguments are read, so that
 * `--help` and wrong arguments load none of it and answer at once.
 */
export { createSite } from '../admin/create-site.js';
export { loadConfig } from '../config.js';
export { MIGRATIONS } from '../features/features.js';
export { startRelay } from '../relay.js';
export { PortUnavailableError } from '../server.js';
export { openStores, sqlitePath } from './open-stores.js';
