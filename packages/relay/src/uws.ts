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

/** The Node.js release line this relay's uWebSockets.js build has native binaries for (see `engines`). */
export const SUPPORTED_NODE = 'Node.js 20 (ABI 115)';

/** The relay runs only on the native uWebSockets.js server; thrown by `startRelay` when it is not available. */
export class NativeUwsUnavailableError extends Error {
  constructor(notes: string) {
    super(
      [
        `the native uWebSockets.js server is not available for Node.js ${process.version} (ABI ${process.versions.modules}, ${process.platform} ${process.arch}).`,
        `This build of the relay ships native binaries for ${SUPPORTED_NODE}: run it on Node.js 20.`,
        'For a newer Node.js, install the official uWebSockets.js build that supports it, from its GitHub releases,',
        'pinned through "overrides" in package.json ("Node.js versions" in the relay\'s README says how).',
        "The relay does not run on the package's pure-JavaScript fallback: it fails on the first WebSocket connection.",
        ...(notes ? [`(uWebSockets.js said: ${notes.split('\n')[0]})`] : []),
      ].join('\n'),
    );
    this.name = 'NativeUwsUnavailableError';
  }
}

/** The module, loaded once per process (a native addon cannot be loaded twice anyway). */
let loaded: LoadedUws | undefined;

/**
 * Loads uWebSockets.js once. The registry build falls back to a JavaScript server when no native binary matches
 * this Node.js; callers that serve traffic use {@link loadNativeUws}, which refuses it.
 */
export function loadUws(): LoadedUws {
  if (loaded) return loaded;
  const originalWarn = console.warn;
  const originalLog = console.log;
  const notes: string[] = [];
  // The package explains its fallback on the console; capture that so the relay reports it in its own words.
  console.warn = (...args: unknown[]) => notes.push(args.map(String).join(' '));
  console.log = (...args: unknown[]) => notes.push(args.map(String).join(' '));
  let uws: typeof UWS;
  try {
    uws = require('uWebSockets.js') as typeof UWS;
  } catch (error) {
    // No binary for this Node.js and no fallback either (the release tree leaves the fallback out): the same refusal.
    throw new NativeUwsUnavailableError([...notes, error instanceof Error ? error.message : String(error)].join('\n'));
  } finally {
    console.warn = originalWarn;
    console.log = originalLog;
  }
  const binary = Object.keys(require.cache).find((path) => /uws_[^/\\]+\.node$/.test(path));
  const native = binary !== undefined;
  loaded = { uws, native, binary, fallbackNotes: native ? '' : notes.join('\n').trim() };
  return loaded;
}

/** {@link loadUws}, refusing the JavaScript fallback with a {@link NativeUwsUnavailableError}. */
export function loadNativeUws(): LoadedUws {
  const result = loadUws();
  if (!result.native) throw new NativeUwsUnavailableError(result.fallbackNotes);
  return result;
}
