import { createRequire } from 'node:module';
import type * as UWS from 'uWebSockets.js';

const require = createRequire(import.meta.url);

/** The loaded uWebSockets.js module, and whether it is the native binary or the package's pure-JS fallback. */
export interface LoadedUws {
  readonly uws: typeof UWS;
  /** True only when the native `.node` binary was loaded. */
  readonly native: boolean;
  /** Path of the native binary, when loaded. */
  readonly binary: string | undefined;
  /** Why the native binary was not used, as the package explained it ('' when native). */
  readonly fallbackNotes: string;
}

/** The module, loaded once per process (a native addon cannot be loaded twice anyway). */
let loaded: LoadedUws | undefined;

/**
 * Loads uWebSockets.js once. The registry build falls back to a much slower JavaScript server when no native
 * binary matches this Node.js; the relay reports which one runs (at start-up and in `/healthz`), never silently.
 */
export function loadUws(): LoadedUws {
  if (loaded) return loaded;
  const originalWarn = console.warn;
  const originalLog = console.log;
  const notes: string[] = [];
  // The package explains its fallback on the console; capture that so the relay reports it in its own logs.
  console.warn = (...args: unknown[]) => notes.push(args.map(String).join(' '));
  console.log = (...args: unknown[]) => notes.push(args.map(String).join(' '));
  let uws: typeof UWS;
  try {
    uws = require('uWebSockets.js') as typeof UWS;
  } finally {
    console.warn = originalWarn;
    console.log = originalLog;
  }
  const binary = Object.keys(require.cache).find((path) => /uws_[^/\\]+\.node$/.test(path));
  const native = binary !== undefined;
  loaded = { uws, native, binary, fallbackNotes: native ? '' : notes.join('\n').trim() };
  return loaded;
}
