export * from './codes.js';
export * from './codec.js';
export * from './frames.js';
export * from './limits.js';
export * from './version.js';
