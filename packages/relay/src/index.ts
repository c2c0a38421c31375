export { ConfigError, ENV_KEYS, RelayConfigSchema, loadConfig, type RelayConfig, type RelayOptions } from './config.js';
export { identityHash } from './auth/tokens.js';
export { DEFAULT_SITE_ID, startRelay, type RunningRelay, type StartOptions } from './relay.js';
export { PortUnavailableError, RELAY_VERSION, RelayServer } from './server.js';
export { DataDirLockedError } from './store/data-dir-lock.js';
export type { Bus, BusHandlers, Deliver, DeliverStored, Reach, StoredFrame } from './bus/bus.js';
export { LocalBus } from './bus/local-bus.js';
export type {
  AppendInput,
  AppendResult,
  Conversation,
  ReadOptions,
  Site,
  Staff,
  Store,
  VisitorProfile,
} from './store/store.js';
export { SqliteStore } from './store/sqlite-store.js';
export { createLogger, type Logger, type LogLevel } from './log.js';
