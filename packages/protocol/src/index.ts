export * from './codes.js';
export * from './retry.js';
export * from './codec.js';
export * from './decode-client.js';
export * from './decode-server.js';
export * from './frames.js';
export * from './limits.js';
export * from './version.js';
